from django.urls import path

from . import views

app_name = "wilayah"
urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("cari/", views.cari, name="cari"),
    path("<str:kode>/", views.detail, name="detail"),
]
