"""Read-only dissemination API (mounted at /api/v1/diseminasi/).

- ``GET /``: published campaigns, public fields only (title, Markdown body as sanitised HTML,
  category, priority, dates, target regions, attachment links). Anyone may read them.
- ``GET /{id}/statistik``: a campaign's figures (acknowledged, reported, reach, per channel, per
  child region) for a signed-in office that owns it (session auth); 404 for anyone else.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth
from ninja.throttling import AnonRateThrottle

from simpul.core.markdown import render_markdown

from . import selectors
from .models import Kampanye

PER_HALAMAN = 20
BATAS_ANONIM = getattr(settings, "SIMPUL_API_RATE_ANON", "60/m")

router = Router(throttle=[AnonRateThrottle(BATAS_ANONIM)])


class LampiranOut(Schema):
    jenis: str
    judul: str
    url: str


class KampanyeOut(Schema):
    id: int
    judul: str
    isi_html: str
    kategori: str
    prioritas: str
    status: str = Field(description="terbit atau ditutup")
    mulai: date
    selesai: date
    diterbitkan_pada: datetime | None
    kantor: str = Field(description="Kode wilayah kantor penerbit; kosong = Komdigi (nasional)")
    target: list[str] = Field(description="Kode wilayah sasaran")
    lampiran: list[LampiranOut]


class KampanyeDaftarOut(Schema):
    count: int
    page: int
    pages: int
    items: list[KampanyeOut]


class SaringKampanye(Schema):
    kategori: str = Field("", max_length=24)
    page: int = Field(1, ge=1)


class SaluranOut(Schema):
    saluran: str
    laporan: int
    orang: int


class WilayahStatOut(Schema):
    kode: str
    nama: str
    total: int
    diakui: int
    melapor: int
    jangkauan: int


class StatistikOut(Schema):
    kampanye: int
    total: int
    diakui: int
    melapor: int
    persen_diakui: float
    persen_melapor: float
    jangkauan: int
    laporan: int
    per_saluran: list[SaluranOut]
    per_wilayah: list[WilayahStatOut]


class GalatOut(Schema):
    detail: str


def _keluar(k: Kampanye) -> dict:
    return {
        "id": k.pk, "judul": k.judul, "isi_html": str(render_markdown(k.isi)), "kategori": k.kategori,
        "prioritas": k.prioritas, "status": k.status, "mulai": k.mulai, "selesai": k.selesai,
        "diterbitkan_pada": k.diterbitkan_pada, "kantor": k.kantor_kode,
        "target": [t.wilayah_id for t in k.target.all()],
        "lampiran": [{"jenis": la.jenis, "judul": la.judul, "url": la.berkas.url} for la in k.lampiran.all()],
    }


@router.get("/", response=KampanyeDaftarOut, summary="Kampanye diseminasi yang terbit")
def kampanye_daftar(request, saring: Query[SaringKampanye]):
    qs = selectors.kampanye_publik_list()
    if saring.kategori:
        qs = qs.filter(kategori=saring.kategori)
    count = qs.count()
    start = (saring.page - 1) * PER_HALAMAN
    items = [_keluar(k) for k in qs.prefetch_related("target", "lampiran")[start:start + PER_HALAMAN]] \
        if start < count else []
    return {"count": count, "page": saring.page, "pages": max(1, math.ceil(count / PER_HALAMAN)), "items": items}


@router.get("/{kampanye_id}/statistik", response={200: StatistikOut, 404: GalatOut}, auth=django_auth,
            summary="Capaian satu kampanye (kantor pemiliknya)")
def kampanye_statistik(request, kampanye_id: int, wilayah: str = ""):
    try:
        k = selectors.kampanye_kantor_get(user=request.user, pk=kampanye_id)
    except Http404:
        raise HttpError(404, _("Kampanye tidak ditemukan.")) from None
    kode = selectors.kode_rincian(k, wilayah)
    semua = selectors.rincian_wilayah(k, request.user, kode=kode)
    s = selectors.statistik(k, request.user, kode=kode or None, rincian=semua)
    rincian = [r for r in semua if not r["kim"]]
    return {
        "kampanye": k.pk, "total": s.total, "diakui": s.diakui, "melapor": s.melapor,
        "persen_diakui": s.persen_diakui, "persen_melapor": s.persen_melapor, "jangkauan": s.jangkauan,
        "laporan": s.laporan,
        "per_saluran": [{"saluran": p["kode"], "laporan": p["laporan"], "orang": p["orang"]} for p in s.per_saluran],
        "per_wilayah": [{k2: r[k2] for k2 in ("kode", "nama", "total", "diakui", "melapor", "jangkauan")}
                        for r in rincian],
    }
