"""Assessment API (mounted at /api/v1/penilaian/): signed-in users only; the rounds an office runs
in its region or a juror judges (others: 404); a ranking page per round."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from . import selectors

router = Router(auth=django_auth)
PER_HALAMAN = 100


class PutaranOut(Schema):
    id: int
    nama: str
    wilayah: str
    skema: str
    skema_versi: int
    skema_contoh: bool
    dari: date
    sampai: date
    mode: str
    kategori: list[str]


class PesertaOut(Schema):
    id: int
    kim_id: int
    kim: str
    kategori: str
    peringkat: int | None
    total: float | None
    tingkat: str
    skor_dimensi: dict[str, float]


def _putaran(p) -> dict:
    return {"id": p.pk, "nama": p.nama, "wilayah": p.wilayah_id, "skema": p.skema.nama, "skema_versi": p.skema.versi,
            "skema_contoh": p.skema.contoh, "dari": p.dari, "sampai": p.sampai, "mode": p.mode,
            "kategori": p.kategori}


@router.get("/putaran", response=list[PutaranOut], summary="Putaran penilaian yang dapat dilihat")
def putaran_daftar(request):
    return [_putaran(p) for p in selectors.putaran_list(user=request.user)[:200]]


@router.get("/putaran/{putaran_id}/peringkat", response=list[PesertaOut], summary="Peringkat satu putaran")
def peringkat(request, putaran_id: int, kategori: str | None = None, halaman: int = 1):
    try:
        p = selectors.putaran_get(user=request.user, pk=putaran_id)
    except Http404:
        raise HttpError(404, _("Putaran tidak ditemukan.")) from None
    halaman = max(1, min(halaman, 10_000))
    qs = selectors.peringkat(p, kategori=kategori)[(halaman - 1) * PER_HALAMAN: halaman * PER_HALAMAN]
    return [{"id": x.pk, "kim_id": x.kim_id, "kim": x.kim.nama, "kategori": x.kategori, "peringkat": x.peringkat,
             "total": x.total, "tingkat": x.tingkat, "skor_dimensi": (x.rincian or {}).get("d", {})} for x in qs]
