"""Aspiration API (mounted at /api/v1/aspirasi/).

Public and read-only: verified, non-confidential, not hidden aspirations, with no personal data
(no name, phone, email, no tracking code) and the status of one aspiration by its tracking code
(what the status page shows, minus the text of a confidential item). Throttled per client.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from django.conf import settings
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.throttling import AnonRateThrottle

from . import selectors

PER_HALAMAN = 30
BATAS_ANONIM = getattr(settings, "SIMPUL_API_RATE_ANON", "60/m")

router = Router(throttle=[AnonRateThrottle(BATAS_ANONIM)])


class AspirasiPublikOut(Schema):
    id: int
    judul: str
    isi: str
    jenis: str
    kategori: str | None
    desa_kode: str
    desa_nama: str
    status: str
    instansi: str | None
    diverifikasi_pada: datetime | None
    tanggapan: list[str]


class DaftarOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[AspirasiPublikOut]


class StatusOut(Schema):
    kode: str
    judul: str
    jenis: str
    status: str
    status_label: str
    tenggat: date | None
    instansi: str | None
    digabung_ke: str | None
    tanggapan: list[str]
    riwayat: list[dict]


class Saring(Schema):
    wilayah: str = Field("", max_length=13, description="Kode wilayah; termasuk seluruh wilayah di bawahnya")
    kategori: str = Field("", max_length=40)
    jenis: str = Field("", max_length=10)
    page: int = Field(1, ge=1)


def _out(a, tanggapan: list[str]) -> dict:
    return {"id": a.pk, "judul": a.judul, "isi": a.isi, "jenis": a.jenis,
            "kategori": a.kategori.nama if a.kategori else None, "desa_kode": a.desa_id, "desa_nama": a.desa.nama,
            "status": a.status, "instansi": a.instansi.nama if a.instansi else None,
            "diverifikasi_pada": a.diverifikasi_pada, "tanggapan": tanggapan}


@router.get("/", response=DaftarOut, summary="Aspirasi publik (terverifikasi, tidak rahasia, tanpa data pribadi)")
def daftar(request, q: Query[Saring]):
    from django.db.models import Prefetch

    from .models import Tanggapan

    qs = selectors.aspirasi_publik_list(wilayah=q.wilayah, kategori=q.kategori, jenis=q.jenis)
    total = qs.count()
    pages = max(1, math.ceil(total / PER_HALAMAN))
    page = min(q.page, pages)
    rows = list(qs.prefetch_related(Prefetch("tanggapan", queryset=Tanggapan.objects.order_by("dibuat", "id")))
                [(page - 1) * PER_HALAMAN: page * PER_HALAMAN])
    return {"count": total, "page": page, "pages": pages, "page_size": PER_HALAMAN,
            "items": [_out(a, [t.isi for t in a.tanggapan.all()]) for a in rows]}


@router.get("/{int:pk}", response=AspirasiPublikOut, summary="Satu aspirasi publik")
def detail(request, pk: int):
    from django.http import Http404

    try:
        a = selectors.aspirasi_publik_get(pk)
    except Http404 as exc:
        raise HttpError(404, "Aspirasi tidak ditemukan.") from exc
    return _out(a, [t.isi for t in selectors.tanggapan_list(a)])


@router.get("/status/{kode}", response=StatusOut, summary="Status aspirasi menurut kode lacak")
def status(request, kode: str):
    a = selectors.aspirasi_dari_kode(kode)
    if a is None:
        raise HttpError(404, "Kode lacak tidak ditemukan.")
    return {"kode": a.kode, "judul": a.judul, "jenis": a.jenis, "status": a.status,
            "status_label": str(a.get_status_display()), "tenggat": a.tenggat if a.terbuka else None,
            "instansi": a.instansi.nama if a.instansi else None,
            "digabung_ke": a.digabung_ke.kode if a.digabung_ke else None,
            "tanggapan": [t.isi for t in selectors.tanggapan_list(a)],
            "riwayat": [{"waktu": e.waktu.isoformat(), "jenis": e.jenis} for e in selectors.riwayat_publik(a)]}
