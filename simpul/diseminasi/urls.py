from django.urls import path, re_path

from . import views

app_name = "diseminasi"
urlpatterns = [
    path("", views.kotak_masuk, name="kotak_masuk"),
    path("terima/<int:pk>/", views.penerimaan_detail, name="penerimaan_detail"),
    path("terima/<int:pk>/akui/", views.penerimaan_akui, name="penerimaan_akui"),
    path("terima/<int:pk>/lapor/", views.penerimaan_lapor, name="penerimaan_lapor"),
    path("kampanye/", views.kampanye_daftar, name="kampanye_daftar"),
    path("kampanye/baru/", views.kampanye_baru, name="kampanye_baru"),
    path("kampanye/<int:pk>/", views.kampanye_detail, name="kampanye_detail"),
    path("kampanye/<int:pk>/ubah/", views.kampanye_ubah, name="kampanye_ubah"),
    path("kampanye/<int:pk>/terbitkan/", views.kampanye_terbitkan, name="kampanye_terbitkan"),
    path("kampanye/<int:pk>/ingatkan/", views.kampanye_ingatkan, name="kampanye_ingatkan"),
    path("kampanye/<int:pk>/tutup/", views.kampanye_tutup, name="kampanye_tutup"),
    path("kampanye/<int:pk>/lampiran/", views.lampiran_tambah, name="lampiran_tambah"),
    path("kampanye/<int:pk>/lampiran/<int:lampiran_id>/hapus/", views.lampiran_hapus, name="lampiran_hapus"),
    re_path(r"^kampanye/(?P<pk>\d+)/ekspor\.(?P<fmt>csv|xlsx)$", views.kampanye_ekspor, name="kampanye_ekspor"),
]
