from django.urls import path

from . import views

app_name = "wilayah"
urlpatterns = [path("", views.cari, name="cari")]
