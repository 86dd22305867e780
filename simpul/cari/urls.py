from django.urls import path

from . import views

app_name = "cari"

urlpatterns = [
    path("", views.cari, name="cari"),
]
