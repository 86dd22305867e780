"""sitemap.xml: KIM sites, published articles, province and kab/kota homes.

Served with django.contrib.sitemaps' view functions (the app need not be installed: the
templates are ours, ``portal/sitemap*.xml``)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from simpul.berita.models import Artikel
from simpul.kim.models import Kim
from simpul.wilayah.models import Tingkat, Wilayah

from .urls_publik import url_artikel, url_situs


class KimSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Kim.objects.publik().only("slug", "diubah").order_by("id")

    def location(self, obj):
        return url_situs(obj.slug)

    def lastmod(self, obj):
        return obj.diubah


class BeritaSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Artikel.objects.terbit().select_related("kim").only("slug", "diubah", "kim__slug").order_by("id")

    def location(self, obj):
        return url_artikel(obj)

    def lastmod(self, obj):
        return obj.diubah


class WilayahSitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return Wilayah.objects.filter(tingkat__lte=Tingkat.KABKOTA, aktif=True).only("kode").order_by("kode")

    def location(self, obj):
        return f"/{obj.kode}/"


SITEMAPS = {"kim": KimSitemap, "berita": BeritaSitemap, "wilayah": WilayahSitemap}
