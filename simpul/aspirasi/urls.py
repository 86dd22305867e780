from django.urls import path

from . import views, webhook

app_name = "aspirasi"

urlpatterns = [
    path("", views.kirim, name="kirim"),
    path("cari/", views.cari, name="cari"),
    path("status/<str:kode>/", views.status, name="status"),
    path("publik/", views.daftar, name="daftar"),
    path("publik/<int:pk>/", views.publik_detail, name="publik_detail"),
    path("publik/<int:pk>/laporkan/", views.lapor, name="lapor"),
    path("lampiran/<int:pk>/", views.lampiran, name="lampiran"),
    path("sw.js", views.service_worker, name="sw"),
    path("luring/", views.luring, name="luring"),
    path("kelola/", views.kelola, name="kelola"),
    path("kelola/catat/", views.catat, name="catat"),
    path("kelola/dasbor/", views.dasbor, name="dasbor"),
    path("kelola/ekspor.<str:fmt>", views.ekspor, name="ekspor"),
    path("kelola/lapor.<str:fmt>", views.ekspor_lapor, name="ekspor_lapor"),
    path("kelola/<int:pk>/", views.kelola_detail, name="kelola_detail"),
    path("kelola/<int:pk>/<str:nama>/", views.aksi, name="aksi"),
    path("webhook/whatsapp/", webhook.whatsapp, name="webhook_whatsapp"),
    path("webhook/telegram/", webhook.telegram, name="webhook_telegram"),
    path("webhook/sms/", webhook.sms, name="webhook_sms"),
]
