"""Cash-book API (mounted at /api/v1/keuangan/): signed-in users only, scoped like the pages
(a KIM's members and the offices above it read; nobody else learns the KIM's books exist: 404).
Read-only: the books are written through the pages, where corrections need a reason."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from simpul.core import scope
from simpul.core.peran import Aksi
from simpul.kim.models import Kim

from . import selectors

router = Router(auth=django_auth)
PER_HALAMAN = 50


class TransaksiOut(Schema):
    id: int
    tanggal: date
    jenis: str
    sumber: str
    uraian: str
    jumlah: int
    saldo: int | None
    versi: int
    batal: bool


class RingkasanOut(Schema):
    tahun: int
    bulan: int | None
    saldo_awal: int
    masuk: int
    keluar: int
    saldo_akhir: int
    per_sumber: dict[str, int]


class StatusOut(Schema):
    mandiri: bool
    dari_buku_kas: bool
    alasan: str
    dari: date | None
    sampai: date | None
    pemasukan_sendiri: int
    pemasukan_pemerintah: int
    pengeluaran: int


class BukuOut(Schema):
    kim_id: int
    kim: str
    saldo: int
    status_mandiri: StatusOut
    transaksi: list[TransaksiOut]
    halaman: int
    ringkasan_bulanan: list[RingkasanOut]


def _kim(request, kim_id: int) -> Kim:
    try:
        return scope.get_for_user_or_404(Kim.objects.all(), request.user, Aksi.KIM_INTERNAL, pk=kim_id)
    except Http404:
        raise HttpError(404, _("Buku kas tidak ditemukan.")) from None


def _ringkas(r) -> dict:
    return {"tahun": r.tahun, "bulan": r.bulan, "saldo_awal": r.saldo_awal, "masuk": r.masuk, "keluar": r.keluar,
            "saldo_akhir": r.saldo_akhir, "per_sumber": r.per_sumber}


@router.get("/kim/{kim_id}", response=BukuOut, summary="Buku kas satu KIM (saldo berjalan, ringkasan bulanan)")
def buku(request, kim_id: int, tahun: int | None = None, halaman: int = 1):
    kim = _kim(request, kim_id)
    if tahun is not None and not 2000 <= tahun <= 2100:
        raise HttpError(400, _("Tahun tidak valid."))
    halaman = max(1, min(halaman, 10_000))
    qs, awal = selectors.transaksi_buku(kim, tahun=tahun)
    baris = selectors.dengan_saldo(qs[(halaman - 1) * PER_HALAMAN: halaman * PER_HALAMAN], awal)
    s = selectors.status_mandiri(kim)
    status = {"mandiri": s.mandiri if s else kim.mandiri, "dari_buku_kas": s is not None,
              "alasan": s.alasan if s else "", "dari": s.dari if s else None, "sampai": s.sampai if s else None,
              "pemasukan_sendiri": s.pemasukan_sendiri if s else 0,
              "pemasukan_pemerintah": s.pemasukan_pemerintah if s else 0, "pengeluaran": s.pengeluaran if s else 0}
    return {
        "kim_id": kim.pk, "kim": kim.nama, "saldo": selectors.saldo(kim), "status_mandiri": status,
        "transaksi": [{"id": t.pk, "tanggal": t.tanggal, "jenis": t.jenis, "sumber": t.sumber, "uraian": t.uraian,
                       "jumlah": t.jumlah, "saldo": t.saldo, "versi": t.versi, "batal": t.batal} for t in baris],
        "halaman": halaman,
        "ringkasan_bulanan": [_ringkas(r) for r in selectors.ringkasan_bulanan(kim, tahun or timezone.localdate().year)],
    }
