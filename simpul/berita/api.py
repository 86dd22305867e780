"""Public, read-only news API (mounted at /api/v1/berita/): published articles only."""

from __future__ import annotations

import math
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.throttling import AnonRateThrottle

from simpul.core.markdown import render_markdown
from simpul.kim import selectors as kim_sel
from simpul.kim.models import Kim
from simpul.portal.urls_publik import url_artikel

from . import selectors
from .models import Artikel

PER_HALAMAN = 30
router = Router(throttle=[AnonRateThrottle(getattr(settings, "SIMPUL_API_RATE_ANON", "60/m"))])


class ArtikelRingkasOut(Schema):
    kim: str = Field(description="slug KIM")
    kim_nama: str
    slug: str
    judul: str
    ringkasan: str
    kategori: str | None
    wilayah_kode: str = Field(description="kode desa KIM")
    terbit_pada: datetime
    url: str
    foto: str | None


class ArtikelDaftarOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[ArtikelRingkasOut]


class ArtikelOut(ArtikelRingkasOut):
    isi: str = Field(description="Markdown")
    isi_html: str = Field(description="HTML yang sudah dibersihkan")
    foto_keterangan: str
    tag: list[str]


class GalatOut(Schema):
    detail: str


class Saring(Schema):
    wilayah: str = Field("", max_length=13, description="kode wilayah; berita KIM di seluruh wilayah itu")
    kim: str = Field("", max_length=140, description="slug KIM")
    kategori: str = Field("", max_length=70)
    tag: str = Field("", max_length=50)
    page: int = Field(1, ge=1)


def _ringkas(a: Artikel) -> dict:
    return {"kim": a.kim.slug, "kim_nama": a.kim.nama, "slug": a.slug, "judul": a.judul, "ringkasan": a.ringkasan,
            "kategori": a.kategori.nama if a.kategori_id else None, "wilayah_kode": a.wilayah_kode,
            "terbit_pada": a.terbit_pada, "url": url_artikel(a), "foto": a.foto.url if a.foto else None}


@router.get("/", response={200: ArtikelDaftarOut, 400: GalatOut}, summary="Berita terbit")
def berita_daftar(request, saring: Query[Saring]):
    if saring.wilayah and not kim_sel.kode_wilayah_valid(saring.wilayah):
        raise HttpError(400, _("Kode wilayah “%(kode)s” tidak valid.") % {"kode": saring.wilayah})
    kim = None
    if saring.kim:
        try:
            kim = kim_sel.kim_publik_get(slug=saring.kim)
        except Kim.DoesNotExist:
            raise HttpError(404, _("KIM tidak ditemukan.")) from None
    qs = selectors.terbit_list(wilayah=saring.wilayah, kim=kim, kategori=saring.kategori, tag=saring.tag)
    count = qs.count()
    start = (saring.page - 1) * PER_HALAMAN
    items = [_ringkas(a) for a in qs[start:start + PER_HALAMAN]] if start < count else []
    return {"count": count, "page": saring.page, "pages": max(1, math.ceil(count / PER_HALAMAN)),
            "page_size": PER_HALAMAN, "items": items}


@router.get("/{kim}/{slug}", response={200: ArtikelOut, 404: GalatOut}, summary="Satu berita terbit")
def berita_satu(request, kim: str, slug: str):
    try:
        k = kim_sel.kim_publik_get(slug=kim)
        a = selectors.terbit_get(kim=k, slug=slug)
    except (Kim.DoesNotExist, Artikel.DoesNotExist):
        raise HttpError(404, _("Berita tidak ditemukan.")) from None
    a.kim = k
    return {**_ringkas(a), "isi": a.isi, "isi_html": str(render_markdown(a.isi)),
            "foto_keterangan": a.foto_keterangan, "tag": [t.slug for t in a.tag.all()]}
