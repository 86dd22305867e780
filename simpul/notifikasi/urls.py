from django.urls import path

from . import views

app_name = "notifikasi"
urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("dibaca/", views.tandai_dibaca, name="tandai_dibaca"),
]
