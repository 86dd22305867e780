from django.urls import path

from . import views

app_name = "cakupan"
urlpatterns = [path("", views.nasional, name="nasional")]
