from django.urls import path

from . import views

app_name = "notifikasi"
urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("dibaca/", views.tandai_dibaca, name="tandai_dibaca"),
    path("pengaturan/", views.preferensi, name="preferensi"),
    path("gagal/", views.gagal, name="gagal"),
    path("gagal/<int:pk>/<str:aksi>/", views.gagal_aksi, name="gagal_aksi"),
]
