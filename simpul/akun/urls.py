from django.urls import path

from . import views

app_name = "akun"
urlpatterns = [path("profil/", views.profil, name="profil")]
