from django.urls import path

from . import views

app_name = "pembinaan"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("hadir/<str:token>/", views.hadir, name="hadir"),
    path("sertifikat/", views.verifikasi, name="verifikasi_cari"),
    path("sertifikat/<str:kode>/", views.verifikasi, name="verifikasi"),
    path("kelola/", views.kelola, name="kelola"),
    path("kelola/baru/", views.kelola_baru, name="kelola_baru"),
    path("kelola/jangkauan/", views.jangkauan, name="jangkauan"),
    path("kelola/<int:pk>/", views.kelola_detail, name="kelola_detail"),
    path("kelola/<int:pk>/ubah/", views.kelola_ubah, name="kelola_ubah"),
    path("kelola/<int:pk>/umumkan/", views.kelola_umumkan, name="kelola_umumkan"),
    path("kelola/<int:pk>/batalkan/", views.kelola_batalkan, name="kelola_batalkan"),
    path("kelola/<int:pk>/materi/", views.kelola_materi, name="kelola_materi"),
    path("kelola/<int:pk>/qr/", views.kelola_qr, name="kelola_qr"),
    path("kelola/<int:pk>/qr/ganti/", views.kelola_qr_ganti, name="kelola_qr_ganti"),
    path("kelola/<int:pk>/presensi/", views.kelola_presensi, name="kelola_presensi"),
    path("kelola/<int:pk>/peserta/", views.kelola_peserta_ekspor, name="kelola_peserta_ekspor"),
    path("kelola/<int:pk>/sertifikat/<int:peserta_id>/", views.kelola_sertifikat, name="kelola_sertifikat"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/daftar/", views.daftar, name="daftar"),
    path("<int:pk>/batal/", views.batal, name="batal"),
    path("<int:pk>/materi/<int:materi_id>/", views.materi, name="materi"),
    path("<int:pk>/evaluasi/", views.evaluasi, name="evaluasi"),
    path("<int:pk>/sertifikat/", views.sertifikat_saya, name="sertifikat"),
]
