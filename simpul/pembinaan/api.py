"""Kegiatan pembinaan API (mounted at /api/v1/pembinaan/).

Public: certificate verification (minimal data: name, KIM, event, date, organiser).
Signed in (session): the events the user organises (scoped) and the coverage per programme.
"""

from __future__ import annotations

import math
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth
from ninja.throttling import AnonRateThrottle

from simpul.core import scope
from simpul.core.peran import Aksi
from simpul.kim.selectors import kode_wilayah_valid

from . import selectors

PER_HALAMAN = 30
router = Router(throttle=[AnonRateThrottle(getattr(settings, "SIMPUL_API_RATE_ANON", "60/m"))])


class GalatOut(Schema):
    detail: str


class SertifikatOut(Schema):
    sah: bool
    kode: str
    nama: str
    kim: str | None
    kegiatan: str
    jenis: str
    mulai: datetime
    penyelenggara: str


@router.get("/sertifikat/{kode}", response={200: SertifikatOut, 404: GalatOut}, summary="Verifikasi sertifikat")
def sertifikat(request, kode: str):
    p = selectors.sertifikat_get(kode[:40])
    if p is None:
        raise HttpError(404, _("Sertifikat tidak sah: kode tidak ditemukan."))
    return {"sah": True, "kode": p.sertifikat_kode, "nama": p.nama, "kim": p.kim.nama if p.kim else None,
            "kegiatan": p.kegiatan.judul, "jenis": p.kegiatan.jenis, "mulai": p.kegiatan.mulai,
            "penyelenggara": p.kegiatan.penyelenggara}


class KegiatanOut(Schema):
    id: int
    jenis: str
    judul: str
    program: str
    status: str
    wilayah: str
    mulai: datetime
    selesai: datetime
    tempat: str
    kapasitas: int | None
    terisi: int
    hadir: int
    menunggu: int


class KegiatanDaftarOut(Schema):
    count: int
    page: int
    pages: int
    items: list[KegiatanOut]


class SaringKegiatan(Schema):
    jenis: str = Field("", max_length=20)
    tahun: int | None = Field(None, ge=2000, le=2100)
    page: int = Field(1, ge=1)


@router.get("/kegiatan", response=KegiatanDaftarOut, auth=django_auth, summary="Kegiatan yang Anda kelola")
def kegiatan_daftar(request, saring: Query[SaringKegiatan]):
    qs = selectors.kegiatan_kelola_list(user=request.user, jenis=saring.jenis, tahun=saring.tahun)
    count = qs.count()
    start = (saring.page - 1) * PER_HALAMAN
    items = [{"id": k.pk, "jenis": k.jenis, "judul": k.judul, "program": k.program, "status": k.status,
              "wilayah": k.wilayah_id, "mulai": k.mulai, "selesai": k.selesai, "tempat": k.tempat,
              "kapasitas": k.kapasitas, "terisi": k.terisi, "hadir": k.jumlah_hadir, "menunggu": k.jumlah_tunggu}
             for k in qs[start:start + PER_HALAMAN]] if start < count else []
    return {"count": count, "page": saring.page, "pages": max(1, math.ceil(count / PER_HALAMAN)), "items": items}


class JangkauanOut(Schema):
    jenis: str
    program: str
    kegiatan: int
    peserta_hadir: int
    kim: int
    desa: int
    kecamatan: int


@router.get("/jangkauan", response={200: list[JangkauanOut], 400: GalatOut, 404: GalatOut}, auth=django_auth,
            summary="Jangkauan per program dalam satu tahun")
def jangkauan(request, tahun: int | None = None, wilayah: str = ""):
    if wilayah and not kode_wilayah_valid(wilayah):
        raise HttpError(400, _("Kode wilayah tidak valid."))
    if tahun is not None and not 2000 <= tahun <= 2100:
        raise HttpError(400, _("Tahun tidak valid."))
    if wilayah and not scope.boleh(request.user, Aksi.PEMBINAAN_KELOLA, wilayah_kode=wilayah):
        raise HttpError(404, _("Wilayah tidak ditemukan."))
    hasil = selectors.jangkauan_per_program(user=request.user, tahun=tahun or timezone.localdate().year,
                                            wilayah=wilayah or None)
    return [p.__dict__ for p in hasil]
