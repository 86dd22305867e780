"""Public, read-only catalogue API (mounted at /api/v1/potensi/): published listings only.

The seller's number appears only when their consent is recorded; otherwise ``kontak`` is the
KIM's public number (or null)."""

from __future__ import annotations

import math
from datetime import datetime

from django.conf import settings
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.throttling import AnonRateThrottle

from simpul.core.errors import NotFound
from simpul.wilayah import selectors as wilayah_sel

from . import selectors, services

PER_HALAMAN = 30
router = Router(throttle=[AnonRateThrottle(getattr(settings, "SIMPUL_API_RATE_ANON", "60/m"))])


class KontakOut(Schema):
    telepon: str
    wa_url: str
    milik_penjual: bool = Field(description="true: nomor penjual (dengan izinnya); false: nomor KIM")


class PotensiOut(Schema):
    slug: str
    nama: str
    kategori: str
    kategori_label: str
    harga_min: int | None
    harga_maks: int | None
    satuan: str
    usaha_kim: bool
    desa_kode: str
    kim: str
    kim_slug: str
    foto: str | None = Field(description="alamat foto utama")
    url: str
    diterbitkan_pada: datetime | None


class PotensiDetailOut(PotensiOut):
    deskripsi: str = Field(description="Markdown")
    kontak: KontakOut | None
    foto_semua: list[str]


class DaftarOut(Schema):
    count: int = Field(description="jumlah potensi yang cocok; batas bawah bila `lebih`")
    page: int
    pages: int = Field(description="jumlah halaman; batas bawah bila `lebih`")
    lebih: bool = Field(description="true: masih ada potensi lain sesudah `count` (dihitung sampai 10 halaman "
                                    "sesudah halaman ini); minta halaman berikutnya selama `page < pages`")
    items: list[PotensiOut]


class SaringIn(Schema):
    wilayah: str | None = Field(None, max_length=20)
    kategori: str | None = None
    usaha_kim: bool | None = None
    harga_maks: int | None = Field(None, ge=0)
    halaman: int = Field(1, ge=1)


def _out(request, p, *, akar: str = "") -> dict:
    """One listing; ``akar`` (``request.build_absolute_uri("/")`` without the slash), when given,
    is used for the absolute addresses instead of asking the request again for every item."""
    foto = getattr(p, "foto_utama", None)

    def mutlak(jalur: str) -> str:
        if akar and jalur.startswith("/") and not jalur.startswith("//"):
            return akar + jalur
        return request.build_absolute_uri(jalur)  # an address already absolute stays as it is

    return {
        "slug": p.slug, "nama": p.nama, "kategori": p.kategori,
        "kategori_label": getattr(p, "kategori_label", None) or str(p.get_kategori_display()),
        "harga_min": p.harga_min, "harga_maks": p.harga_maks, "satuan": p.satuan, "usaha_kim": p.usaha_kim,
        "desa_kode": p.desa_id, "kim": p.kim.nama, "kim_slug": p.kim.slug,
        "foto": mutlak(foto.berkas.url) if foto else None,
        "url": mutlak(getattr(p, "url", None) or services.url_potensi(p)), "diterbitkan_pada": p.diterbitkan_pada,
    }


@router.get("/", response=DaftarOut, summary="Katalog potensi lokal")
def daftar(request, s: Query[SaringIn]):
    kode = wilayah_sel.kode_normal(s.wilayah) if s.wilayah else None
    if s.wilayah and kode is None:
        raise HttpError(400, "Kode wilayah tidak valid.")
    qs = selectors.katalog(wilayah=kode, kategori=s.kategori, usaha_kim=s.usaha_kim, harga_maks=s.harga_maks)
    pg = selectors.PaginatorTerbatas(qs, PER_HALAMAN)
    page = pg.get_page(s.halaman)
    items = selectors.siapkan_kartu(page.object_list)
    akar = request.build_absolute_uri("/")[:-1]
    return {"count": pg.count, "page": page.number, "pages": max(1, math.ceil(pg.count / PER_HALAMAN)),
            "lebih": pg.lebih, "items": [_out(request, p, akar=akar) for p in items]}


@router.get("/{slug}", response=PotensiDetailOut, summary="Satu potensi")
def detail(request, slug: str):
    try:
        p = selectors.potensi_publik_get(slug)
    except NotFound as exc:
        raise HttpError(404, exc.message) from exc
    foto = list(p.foto.all())
    p.foto_utama = foto[0] if foto else None
    url = request.build_absolute_uri(services.url_potensi(p))
    k = selectors.kontak(p, url_halaman=url)
    return {**_out(request, p), "deskripsi": p.deskripsi,
            "kontak": {"telepon": k.telepon, "wa_url": k.wa_url, "milik_penjual": k.milik_penjual} if k else None,
            "foto_semua": [request.build_absolute_uri(f.berkas.url) for f in foto]}
