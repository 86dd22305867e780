from django.urls import path

from simpul.portal import feeds
from simpul.portal import views as portal_views
from simpul.portal.cache import cache_anonim

from . import views

app_name = "berita"

urlpatterns = [
    path("", portal_views.berita_nasional, name="daftar"),
    path("rss/", cache_anonim(feeds.NasionalRss()), name="rss"),
    path("atom/", cache_anonim(feeds.NasionalAtom()), name="atom"),
    path("kelola/", views.kelola, name="kelola"),
    path("kelola/tulis/", views.tulis, name="tulis"),
    path("kelola/<int:pk>/", views.kelola_detail, name="kelola_detail"),
    path("kelola/<int:pk>/ubah/", views.ubah, name="ubah"),
    path("kelola/<int:pk>/<str:aksi>/", views.aksi, name="aksi"),
]
