from django.urls import path

from . import views

app_name = "musyawarah"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("baru/", views.topik_baru, name="topik_baru"),
    path("topik/<int:pk>/", views.topik, name="topik"),
    path("topik/<int:pk>/jajak/", views.jajak_baru, name="jajak_baru"),
    path("topik/<int:pk>/rapat/", views.rapat_baru, name="rapat_baru"),
    path("topik/<int:pk>/tutup/", views.topik_tutup, name="topik_tutup"),
    path("jajak/<int:pk>/suara/", views.suara, name="suara"),
    path("jajak/<int:pk>/putuskan/", views.putuskan, name="putuskan"),
    path("keputusan/<int:pk>/aspirasi/", views.ajukan_aspirasi, name="ajukan_aspirasi"),
    path("tindak-lanjut/<int:pk>/", views.tindak_lanjut, name="tindak_lanjut"),
    path("akuntabilitas/", views.akuntabilitas, name="akuntabilitas"),
    path("lampiran/<int:pk>/", views.lampiran, name="lampiran"),
    path("dari-aspirasi/<int:aspirasi_id>/", views.dari_aspirasi, name="dari_aspirasi"),
]
