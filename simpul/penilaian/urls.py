from django.urls import path

from . import views

app_name = "penilaian"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("skema/contoh/", views.skema_contoh, name="skema_contoh"),
    path("skema/baru/", views.skema_ubah, name="skema_baru"),
    path("skema/<int:pk>/", views.skema, name="skema"),
    path("skema/<int:pk>/ubah/", views.skema_ubah, name="skema_ubah"),
    path("putaran/baru/", views.putaran_baru, name="putaran_baru"),
    path("putaran/<int:pk>/", views.putaran, name="putaran"),
    path("putaran/<int:pk>/hitung/", views.putaran_hitung, name="putaran_hitung"),
    path("putaran/<int:pk>/kim/<int:peserta_id>/", views.peserta, name="peserta"),
    path("laporan/", views.laporan, name="laporan"),
    path("laporan/<str:kode>/<int:tahun>.<str:fmt>", views.laporan_unduh, name="laporan_unduh"),
]
