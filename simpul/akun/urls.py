from django.urls import path

from . import views

app_name = "akun"
urlpatterns = [
    path("profil/", views.profil, name="profil"),
    path("pengguna/", views.pengguna_daftar, name="pengguna_daftar"),
    path("pengguna/baru/", views.pengguna_baru, name="pengguna_baru"),
    path("pengguna/<int:pk>/", views.pengguna_detail, name="pengguna_detail"),
    path("pengguna/<int:pk>/penugasan/baru/", views.penugasan_baru, name="penugasan_baru"),
    path("pengguna/<int:pk>/reset-sandi/", views.sandi_reset, name="sandi_reset"),
    path("penugasan/<int:pk>/cabut/", views.penugasan_cabut, name="penugasan_cabut"),
    # allauth's email management page (same /akun/ prefix, included after these) is replaced by
    # the profile page: one place to edit contact details, one email address per account.
    path("email/", views.ke_profil, name="email_ke_profil"),
]
