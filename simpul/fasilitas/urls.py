from django.urls import path

from . import views

app_name = "fasilitas"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("baru/", views.baru, name="baru"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ubah/", views.ubah, name="ubah"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/pemakaian/", views.pemakaian, name="pemakaian"),
]
