"""Kegiatan API (mounted at /api/v1/kegiatan/): public activities of public KIMs (no participant
names), and the per-region rollup for signed-in offices on their subtree."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth
from ninja.throttling import AnonRateThrottle

from simpul.core import scope
from simpul.core.peran import Aksi
from simpul.kim.models import Kim
from simpul.wilayah.models import Wilayah

from . import selectors

router = Router(throttle=[AnonRateThrottle(getattr(settings, "SIMPUL_API_RATE_ANON", "60/m"))])


class KegiatanOut(Schema):
    id: int
    jenis: str
    judul: str
    tanggal: date
    tempat: str
    ringkasan: str
    jumlah_peserta: int
    foto: int


class RekapOut(Schema):
    kode: str
    nama: str
    kim_aktif: int
    kim_berkegiatan: int
    kegiatan: int
    peserta: int


@router.get("/kim/{slug}", response=list[KegiatanOut])
def kegiatan_kim(request, slug: str, bulan: str = ""):
    kim = Kim.objects.publik().filter(slug=slug).first()
    if kim is None:
        raise HttpError(404, _("KIM tidak ditemukan."))
    tahun = bln = None
    if bulan:
        try:
            tahun, bln = (int(x) for x in bulan.split("-", 1))
        except ValueError:
            raise HttpError(400, _("Bulan ditulis TTTT-BB, misalnya 2026-11.")) from None
    rows = selectors.kegiatan_kim(kim, internal=False, tahun=tahun, bulan=bln)[:100]
    return [KegiatanOut(id=k.pk, jenis=k.jenis, judul=k.judul, tanggal=k.tanggal, tempat=k.tempat,
                        ringkasan=k.ringkasan, jumlah_peserta=k.jumlah_peserta, foto=k.n_foto) for k in rows]


@router.get("/rekap", response=list[RekapOut], auth=django_auth)
def rekap(request, wilayah: str = "", bulan: str = ""):
    ling = scope.lingkup(request.user, Aksi.LIHAT)
    if ling.kosong or (wilayah and not ling.mencakup_wilayah(wilayah)) or (not wilayah and not ling.semua):
        raise HttpError(404, _("Wilayah tidak ditemukan."))
    try:
        tahun, bln = (int(x) for x in bulan.split("-", 1)) if bulan else (date.today().year, date.today().month)
        mulai = date(tahun, bln, 1)
    except ValueError:
        raise HttpError(400, _("Bulan ditulis TTTT-BB, misalnya 2026-11.")) from None
    akhir = date(tahun + (bln == 12), bln % 12 + 1, 1) - timedelta(days=1)
    try:
        baris = selectors.rekap_wilayah(wilayah, mulai, akhir)
    except Wilayah.DoesNotExist as exc:
        raise HttpError(404, _("Wilayah tidak ditemukan.")) from exc
    return [RekapOut(kode=b.wilayah.kode, nama=b.wilayah.nama, kim_aktif=b.kim_aktif,
                     kim_berkegiatan=b.kim_berkegiatan, kegiatan=b.kegiatan, peserta=b.peserta) for b in baris]
