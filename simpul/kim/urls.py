from django.urls import path

from . import views, views_publik

app_name = "kim"
urlpatterns = [
    path("", views_publik.direktori, name="direktori"),
    path("kelola/", views.kelola, name="kelola"),
    # Public profile: keep LAST so no "kelola/..." route is ever taken as a slug.
    path("<slug:slug>/", views_publik.profil, name="profil"),
]
