from django.urls import path

from . import views

app_name = "potensi"

urlpatterns = [
    path("", views.katalog, name="katalog"),
    path("kelola/", views.kelola, name="kelola"),
    path("kelola/baru/", views.kelola_baru, name="kelola_baru"),
    path("kelola/<int:pk>/", views.kelola_detail, name="kelola_detail"),
    path("kelola/<int:pk>/foto/", views.kelola_foto, name="kelola_foto"),
    path("kelola/<int:pk>/foto/<int:foto_id>/hapus/", views.kelola_foto_hapus, name="kelola_foto_hapus"),
    path("kelola/<int:pk>/status/", views.kelola_status, name="kelola_status"),
    # Public listing page: keep LAST so "kelola/..." is never taken as a slug.
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/laporkan/", views.laporkan, name="laporkan"),
]
