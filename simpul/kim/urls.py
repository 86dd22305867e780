from django.urls import path

from . import views, views_publik

app_name = "kim"
urlpatterns = [
    path("", views_publik.direktori, name="direktori"),
    path("kelola/", views.kelola, name="kelola"),
    path("kelola/baru/", views.wizard_baru, name="wizard_baru"),
    path("kelola/verifikasi/", views.verifikasi, name="verifikasi"),
    path("kelola/verifikasi/<int:pk>/", views.verifikasi_tinjau, name="verifikasi_tinjau"),
    path("kelola/<int:pk>/", views.kelola_detail, name="kelola_detail"),
    path("kelola/<int:pk>/langkah/", views.wizard_lanjut, name="wizard_lanjut"),
    path("kelola/<int:pk>/langkah/<int:langkah>/", views.wizard, name="wizard"),
    path("kelola/<int:pk>/anggota/<int:anggota_id>/", views.anggota_ubah, name="anggota_ubah"),
    path("kelola/<int:pk>/anggota/<int:anggota_id>/nonaktif/", views.anggota_nonaktif, name="anggota_nonaktif"),
    path("kelola/<int:pk>/pengurus/<int:pengurus_id>/akhiri/", views.pengurus_akhiri, name="pengurus_akhiri"),
    path("kelola/<int:pk>/berkas/sk/<int:sk_id>/", views.berkas_sk, name="berkas_sk"),
    path("kelola/<int:pk>/berkas/dokumen/<int:dokumen_id>/", views.berkas_dokumen, name="berkas_dokumen"),
    # Public profile: keep LAST so no "kelola/..." route is ever taken as a slug.
    path("<slug:slug>/", views_publik.profil, name="profil"),
]
