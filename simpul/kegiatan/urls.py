from django.urls import path

from . import views

app_name = "kegiatan"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("rekap/", views.rekap, name="rekap"),
    path("kim/<int:kim_id>/", views.daftar, name="daftar"),
    path("kim/<int:kim_id>/catat/", views.catat, name="catat"),
    path("kim/<int:kim_id>/laporan/<int:tahun>/<int:bulan>/", views.laporan, name="laporan"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/hapus/", views.hapus, name="hapus"),
]
