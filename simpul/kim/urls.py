from django.urls import path

from . import views

app_name = "kim"
urlpatterns = [
    path("", views.direktori, name="direktori"),
    path("kelola/", views.kelola, name="kelola"),
]
