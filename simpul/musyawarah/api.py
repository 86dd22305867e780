"""Musyawarah API (mounted at /api/v1/musyawarah/).

* ``GET /kim/{slug}/keputusan``: public. Decisions of topics the KIM marked public, with their
  implementation progress. No discussion, no voters, no names.
* ``GET /akuntabilitas``: signed in (session). Decisions in the caller's reach (their KIMs, or
  the region subtree of an office grant), optionally one region; overdue counts.
* ``GET /topik``: signed in. The caller's own KIMs' topics (internal; never public).
"""

from __future__ import annotations

import math
from datetime import date

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from simpul.kim.models import Kim

from . import selectors

router = Router()
PER_HALAMAN = 30


class KeputusanOut(Schema):
    id: int
    tanggal: date
    topik: str
    pernyataan: str
    kim: str | None
    wilayah_kode: str
    tindak_lanjut: int
    selesai: int | None = None
    terlambat: int | None = None
    kemajuan: int | None


class DaftarKeputusanOut(Schema):
    count: int
    page: int
    pages: int
    items: list[KeputusanOut]


class TopikOut(Schema):
    id: int
    judul: str
    status: str
    kim: str | None
    kecamatan: str | None
    diubah: str
    komentar: int


class DaftarTopikOut(Schema):
    count: int
    page: int
    pages: int
    items: list[TopikOut]


class SaringAkuntabilitas(Schema):
    wilayah: str = ""
    kim: int | None = None
    halaman: int = 1


def _halaman(qs, halaman: int):
    count = qs.count()
    pages = max(1, math.ceil(count / PER_HALAMAN))
    halaman = min(max(1, halaman), pages)
    return count, halaman, pages, qs[(halaman - 1) * PER_HALAMAN: halaman * PER_HALAMAN]


def _kemajuan(k) -> int | None:
    return round((k.total_progres or 0) / k.n_tl) if getattr(k, "n_tl", 0) else None


@router.get("/kim/{slug}/keputusan", response=list[KeputusanOut])
def keputusan_publik(request, slug: str):
    kim = Kim.objects.publik().filter(slug=slug).first()
    if kim is None:
        raise HttpError(404, _("KIM tidak ditemukan."))
    return [KeputusanOut(id=k.pk, tanggal=k.tanggal, topik=k.topik.judul, pernyataan=k.pernyataan, kim=kim.nama,
                         wilayah_kode=k.wilayah_kode, tindak_lanjut=k.n_tl, kemajuan=_kemajuan(k))
            for k in selectors.keputusan_publik(kim=kim, batas=50)]


@router.get("/akuntabilitas", response=DaftarKeputusanOut, auth=django_auth)
def akuntabilitas(request, p: Query[SaringAkuntabilitas]):
    if p.wilayah and not selectors.boleh_akuntabilitas_wilayah(request.user, p.wilayah):
        raise HttpError(404, _("Wilayah tidak ditemukan."))
    count, halaman, pages, rows = _halaman(
        selectors.keputusan_list(user=request.user, wilayah=p.wilayah, kim_id=p.kim), p.halaman)
    return DaftarKeputusanOut(count=count, page=halaman, pages=pages, items=[
        KeputusanOut(id=k.pk, tanggal=k.tanggal, topik=k.topik.judul, pernyataan=k.pernyataan,
                     kim=k.kim.nama if k.kim else None, wilayah_kode=k.wilayah_kode, tindak_lanjut=k.n_tl,
                     selesai=k.n_selesai, terlambat=k.n_terlambat, kemajuan=_kemajuan(k)) for k in rows])


@router.get("/topik", response=DaftarTopikOut, auth=django_auth)
def topik(request, halaman: int = 1):
    count, halaman, pages, rows = _halaman(selectors.topik_list(user=request.user), halaman)
    return DaftarTopikOut(count=count, page=halaman, pages=pages, items=[
        TopikOut(id=t.pk, judul=t.judul, status=t.status, kim=t.kim.nama if t.kim else None,
                 kecamatan=t.kecamatan_id, diubah=t.diubah.isoformat(), komentar=t.jumlah_komentar) for t in rows])
