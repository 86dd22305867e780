"""RSS and Atom feeds of published news: per KIM, per region (its whole subtree), national."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from simpul.berita import selectors as berita
from simpul.kim import selectors as kim_sel
from simpul.kim.models import Kim
from simpul.wilayah.models import Tingkat, Wilayah

from .urls_publik import url_artikel, url_situs

JUMLAH = 30


class _Dasar(Feed):
    def item_title(self, item):
        return item.judul

    def item_description(self, item):
        return item.ringkasan

    def item_link(self, item):
        return url_artikel(item)

    def item_pubdate(self, item):
        return item.terbit_pada

    def item_categories(self, item):
        return [item.kategori.nama] if item.kategori_id else []


class KimRss(_Dasar):
    def get_object(self, request, kim):
        try:
            return kim_sel.kim_publik_get(slug=kim)
        except Kim.DoesNotExist:
            raise Http404 from None

    def title(self, obj):
        return _("Berita %(kim)s") % {"kim": obj.nama}

    def link(self, obj):
        return url_situs(obj.slug)

    def description(self, obj):
        return _("Berita terbaru dari %(kim)s.") % {"kim": obj.nama}

    def items(self, obj):
        return berita.terbit_list(kim=obj)[:JUMLAH]


class KimAtom(KimRss):
    feed_type = Atom1Feed
    subtitle = KimRss.description


class WilayahRss(_Dasar):
    def get_object(self, request, kode):
        w = Wilayah.objects.filter(kode=kode, tingkat__lte=Tingkat.KECAMATAN).first()
        if w is None:
            raise Http404
        return w

    def title(self, obj):
        return _("Berita KIM di %(wilayah)s") % {"wilayah": obj.nama_lengkap}

    def link(self, obj):
        return f"/{obj.kode}/"

    def description(self, obj):
        return _("Berita terbaru dari KIM di %(wilayah)s.") % {"wilayah": obj.nama_lengkap}

    def items(self, obj):
        return berita.terbit_list(wilayah=obj.kode)[:JUMLAH]


class WilayahAtom(WilayahRss):
    feed_type = Atom1Feed
    subtitle = WilayahRss.description


class NasionalRss(_Dasar):
    link = "/berita/"

    def title(self):
        return _("Berita KIM se-Indonesia")

    def description(self):
        return _("Berita terbaru dari Komunitas Informasi Masyarakat di seluruh Indonesia.")

    def items(self):
        return berita.terbit_list()[:JUMLAH]


class NasionalAtom(NasionalRss):
    feed_type = Atom1Feed
    subtitle = NasionalRss.description
