from django.urls import path

from . import views

app_name = "keuangan"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("aturan-mandiri/", views.aturan, name="aturan"),
    path("kim/<int:pk>/", views.buku, name="buku"),
    path("kim/<int:pk>/catat/", views.catat, name="catat"),
    path("kim/<int:pk>/ekspor.<str:fmt>", views.ekspor_buku, name="ekspor"),
    path("kim/<int:pk>/transaksi/<int:tid>/", views.detail, name="detail"),
    path("kim/<int:pk>/transaksi/<int:tid>/koreksi/", views.koreksi, name="koreksi"),
    path("kim/<int:pk>/transaksi/<int:tid>/batal/", views.batal, name="batal"),
    path("kim/<int:pk>/transaksi/<int:tid>/bukti/", views.bukti, name="bukti"),
]
