from django.urls import path, re_path

from . import views

app_name = "cakupan"

# A Kemendagri code: 76, 76.02, 76.02.02 or 76.02.02.2003. Anything else is not a route (404).
KODE = r"(?P<kode>[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?)"

urlpatterns = [
    path("", views.nasional, name="nasional"),
    path("titik.json", views.titik, name="titik_nasional"),
    path("tanpa-kim/", views.tanpa_kim, name="tanpa_kim_nasional"),
    path("tanpa-kim.csv", views.tanpa_kim_csv, name="tanpa_kim_csv_nasional"),
    path("tanpa-kim.xlsx", views.tanpa_kim_xlsx, name="tanpa_kim_xlsx_nasional"),
    path("target/", views.target_daftar, name="target_daftar"),
    path("target/baru/", views.target_baru, name="target_baru"),
    path("target/<int:pk>/", views.target_detail, name="target_detail"),
    path("target/<int:pk>/nonaktifkan/", views.target_nonaktifkan, name="target_nonaktifkan"),
    re_path(rf"^{KODE}/$", views.wilayah, name="wilayah"),
    re_path(rf"^{KODE}/titik\.json$", views.titik, name="titik"),
    re_path(rf"^{KODE}/tanpa-kim/$", views.tanpa_kim, name="tanpa_kim"),
    re_path(rf"^{KODE}/tanpa-kim\.csv$", views.tanpa_kim_csv, name="tanpa_kim_csv"),
    re_path(rf"^{KODE}/tanpa-kim\.xlsx$", views.tanpa_kim_xlsx, name="tanpa_kim_xlsx"),
]
