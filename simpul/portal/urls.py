from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from . import feeds, views
from .cache import cache_anonim
from .sitemaps import SITEMAPS

app_name = "portal"

KODE = r"(?P<kode>\d{2}(?:\.\d{2}){0,2})"


def _situs(awalan: str, nama: str) -> list:
    """A KIM site's routes under ``awalan`` (``""`` or ``"k/"``); names prefixed with ``nama``."""
    return [
        path(f"{awalan}<slug:kim>/", views.kim, name=f"{nama}kim"),
        path(f"{awalan}<slug:kim>/berita/", views.kim_berita, name=f"{nama}kim_berita"),
        path(f"{awalan}<slug:kim>/berita/<slug:artikel>/", views.artikel, name=f"{nama}artikel"),
        path(f"{awalan}<slug:kim>/rss/", cache_anonim(feeds.KimRss()), name=f"{nama}kim_rss"),
        path(f"{awalan}<slug:kim>/atom/", cache_anonim(feeds.KimAtom()), name=f"{nama}kim_atom"),
    ]


urlpatterns = [
    path("sitemap.xml", cache_anonim(sitemap_views.index),
         {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_bagian", "template_name": "portal/sitemap_index.xml"},
         name="sitemap"),
    path("sitemap-<section>.xml", cache_anonim(sitemap_views.sitemap),
         {"sitemaps": SITEMAPS, "template_name": "portal/sitemap.xml"}, name="sitemap_bagian"),
    re_path(rf"^{KODE}/$", views.wilayah, name="wilayah"),
    re_path(rf"^{KODE}/berita/$", views.wilayah_berita, name="wilayah_berita"),
    re_path(rf"^{KODE}/rss/$", cache_anonim(feeds.WilayahRss()), name="wilayah_rss"),
    re_path(rf"^{KODE}/atom/$", cache_anonim(feeds.WilayahAtom()), name="wilayah_atom"),
    *_situs("k/", "k_"),
    *_situs("", ""),
]
