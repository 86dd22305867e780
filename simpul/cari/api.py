"""Search API (mounted at /api/v1/cari/): the same ranked, typo-tolerant search as the page.

``GET /api/v1/cari/?q=kopi+robusta&jenis=potensi&wilayah=76.02&halaman=1`` -> public documents
(internal ones too for a signed-in user who may see them), best first.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.throttling import AnonRateThrottle

from simpul.wilayah import selectors as wilayah_sel

from . import selectors

router = Router(throttle=[AnonRateThrottle(getattr(settings, "SIMPUL_API_RATE_ANON", "60/m"))])


class CariIn(Schema):
    q: str = Field("", max_length=200, description="kata kunci; salah ketik ditoleransi")
    jenis: str | None = Field(None, description="berita, potensi, kim atau wilayah")
    wilayah: str | None = Field(None, max_length=20, description="kode wilayah (beserta wilayah di bawahnya)")
    halaman: int = Field(1, ge=1, le=selectors.MAKS_HALAMAN)


class DokumenOut(Schema):
    jenis: str
    judul: str
    ringkasan: str
    url: str
    wilayah_kode: str
    waktu: datetime | None
    skor: float


class CariOut(Schema):
    q: str
    halaman: int
    ada_berikut: bool
    koreksi: dict[str, str] = Field(description="kata yang dikoreksi -> koreksinya")
    semua_kata: bool
    items: list[DokumenOut]


@router.get("/", response=CariOut, summary="Cari berita, potensi, KIM dan wilayah")
def cari(request, p: Query[CariIn]):
    kode = wilayah_sel.kode_normal(p.wilayah) if p.wilayah else None
    if p.wilayah and kode is None:
        # Ignoring it would search every region instead of the one asked for.
        raise HttpError(400, "Kode wilayah tidak valid.")
    hasil = selectors.cari(p.q, user=request.user, jenis=p.jenis or None, wilayah=kode, halaman=p.halaman)
    return {
        "q": p.q, "halaman": hasil.halaman, "ada_berikut": hasil.ada_berikut, "koreksi": hasil.koreksi,
        "semua_kata": hasil.semua_kata,
        "items": [{"jenis": d.jenis, "judul": d.judul, "ringkasan": d.isi[:300], "url": d.url,
                   "wilayah_kode": d.wilayah_kode, "waktu": d.waktu, "skor": float(d.skor)}
                  for d in hasil.dokumen],
    }
