"""Public, read-only coverage API (mounted at /api/v1/cakupan/): aggregate figures only."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.throttling import AnonRateThrottle

from simpul.core.errors import NotFound
from simpul.wilayah.models import Wilayah

from . import selectors

BATAS_ANONIM = getattr(settings, "SIMPUL_API_RATE_ANON", "60/m")

router = Router(throttle=[AnonRateThrottle(BATAS_ANONIM)])


class WilayahOut(Schema):
    kode: str
    nama: str
    tingkat: int = Field(description="1 provinsi, 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan")
    jenis: str


class AngkaOut(Schema):
    desa: int = Field(description="Desa/kelurahan aktif")
    desa_tercakup: int = Field(description="Desa/kelurahan dengan minimal satu KIM aktif")
    persen_desa: float | None
    kecamatan: int = Field(description="Kecamatan aktif")
    kecamatan_mandiri: int = Field(description="Kecamatan dengan minimal satu KIM mandiri aktif")
    persen_mandiri: float | None
    kim_aktif: int
    kim_mandiri: int


class AnakOut(Schema):
    peringkat: int = Field(description="1 = paling tertinggal")
    wilayah: WilayahOut
    angka: AngkaOut


class TargetOut(Schema):
    jenis: str = Field(description="kim_per_desa atau mandiri_per_kecamatan")
    jenis_label: str
    wilayah: WilayahOut | None = Field(description="Wilayah tempat target ditetapkan; null = nasional")
    tenggat: date
    sisa_hari: int = Field(description="Hari sampai tenggat; negatif bila sudah lewat")
    total: int
    tercapai: int
    kekurangan: int = Field(description="Desa yang belum punya KIM aktif / kecamatan tanpa KIM mandiri")
    catatan: str


class CakupanOut(Schema):
    wilayah: WilayahOut | None = Field(description="null = nasional")
    jalur: list[WilayahOut]
    angka: AngkaOut
    anak: list[AnakOut] = Field(description="Wilayah satu tingkat di bawah, paling tertinggal lebih dahulu")
    target: list[TargetOut]


class GalatOut(Schema):
    detail: str


def _wilayah(w: Wilayah | None) -> dict | None:
    if w is None:
        return None
    return {"kode": w.kode, "nama": w.nama_lengkap, "tingkat": w.tingkat, "jenis": w.jenis}


def _angka(a: selectors.Angka) -> dict:
    return {
        "desa": a.desa, "desa_tercakup": a.desa_tercakup, "persen_desa": a.persen_desa,
        "kecamatan": a.kecamatan, "kecamatan_mandiri": a.kecamatan_mandiri,
        "persen_mandiri": a.persen_mandiri, "kim_aktif": a.kim_aktif, "kim_mandiri": a.kim_mandiri,
    }


def _cakupan(kode: str | None) -> dict:
    try:
        c = selectors.cakupan_wilayah(kode)
    except NotFound:
        raise HttpError(404, _("Wilayah tidak ditemukan.")) from None
    return {
        "wilayah": _wilayah(c.wilayah),
        "jalur": [_wilayah(w) for w in c.jalur],
        "angka": _angka(c.angka),
        "anak": [{"peringkat": b.peringkat, "wilayah": _wilayah(b.wilayah), "angka": _angka(b.angka)}
                 for b in c.anak],
        "target": [{
            "jenis": t.target.jenis, "jenis_label": t.target.get_jenis_display(),
            "wilayah": _wilayah(t.target.wilayah), "tenggat": t.target.tenggat,
            "sisa_hari": t.sisa_hari, "total": t.total, "tercapai": t.tercapai,
            "kekurangan": t.kekurangan, "catatan": t.target.catatan,
        } for t in c.target],
    }


@router.get("/", response=CakupanOut, summary="Cakupan KIM nasional")
def cakupan_nasional(request):
    """National figures, the provinces ranked by how far behind they are, national targets."""
    return _cakupan(None)


@router.get("/{kode}", response={200: CakupanOut, 404: GalatOut}, summary="Cakupan KIM satu wilayah")
def cakupan_wilayah(request, kode: str):
    """Figures of a province, kab/kota, kecamatan or desa (Kemendagri code, e.g. 76.02), its
    children ranked by how far behind they are, and the targets that apply (nearest wins)."""
    return _cakupan(kode)
