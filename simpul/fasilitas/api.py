"""Facility register API (mounted at /api/v1/fasilitas/): signed-in users only, scoped exactly
like the pages (offices: their subtree; KIM members: their own KIM)."""

from __future__ import annotations

import math
from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from simpul.kim.selectors import kode_wilayah_valid

from . import selectors

PER_HALAMAN = 50
router = Router(auth=django_auth)


class FasilitasOut(Schema):
    id: int
    kim: str
    desa: str
    jenis: str
    nama: str
    status: str
    lat: float | None
    lng: float | None
    penyedia: str
    bandwidth_mbps: int | None
    biaya_bulanan: int | None
    pengguna_per_bulan: int | None
    jumlah: int
    sumber: str
    sumber_nama: str
    tanggal_terima: date | None


class DaftarOut(Schema):
    count: int
    page: int
    pages: int
    items: list[FasilitasOut]


class GalatOut(Schema):
    detail: str


class Saring(Schema):
    wilayah: str = Field("", max_length=13)
    jenis: str = Field("", max_length=10)
    status: str = Field("", max_length=10)
    page: int = Field(1, ge=1)


def _out(x) -> dict:
    return {"id": x.pk, "kim": x.kim.slug, "desa": x.kim.desa_id, **{k: getattr(x, k) for k in (
        "jenis", "nama", "status", "lat", "lng", "penyedia", "bandwidth_mbps", "biaya_bulanan", "pengguna_per_bulan",
        "jumlah", "sumber", "sumber_nama", "tanggal_terima")}}


@router.get("/", response={200: DaftarOut, 400: GalatOut}, summary="Fasilitas yang boleh Anda lihat")
def daftar(request, saring: Query[Saring]):
    if saring.wilayah and not kode_wilayah_valid(saring.wilayah):
        raise HttpError(400, _("Kode wilayah tidak valid."))
    qs = selectors.fasilitas_list(user=request.user, wilayah=saring.wilayah, jenis=saring.jenis,
                                  status=saring.status)
    count = qs.count()
    start = (saring.page - 1) * PER_HALAMAN
    items = [_out(x) for x in qs[start:start + PER_HALAMAN]] if start < count else []
    return {"count": count, "page": saring.page, "pages": max(1, math.ceil(count / PER_HALAMAN)), "items": items}


@router.get("/{fasilitas_id}", response={200: FasilitasOut, 404: GalatOut}, summary="Satu fasilitas")
def satu(request, fasilitas_id: int):
    from django.http import Http404

    try:
        return _out(selectors.fasilitas_get(user=request.user, pk=fasilitas_id))
    except Http404:
        raise HttpError(404, _("Fasilitas tidak ditemukan.")) from None
