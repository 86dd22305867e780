"""Public, read-only KIM API (mounted at /api/v1/kim/).

Only public KIMs (active or frozen) are listed or returned; anything else is a 404. No personal
data beyond officers' names and positions: members appear as a count only.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.throttling import AnonRateThrottle

from simpul.wilayah.models import Tingkat, Wilayah

from . import selectors
from .models import Kim

PER_HALAMAN = 30
# Anonymous use is throttled per client address; the rate can be raised per deployment.
BATAS_ANONIM = getattr(settings, "SIMPUL_API_RATE_ANON", "60/m")

router = Router(throttle=[AnonRateThrottle(BATAS_ANONIM)])


class WilayahOut(Schema):
    kode: str
    nama: str


class KimRingkasOut(Schema):
    slug: str
    nama: str
    status: str = Field(description="aktif atau dibekukan")
    mandiri: bool
    desa: WilayahOut
    kecamatan: WilayahOut | None
    kabkota: WilayahOut | None
    provinsi: WilayahOut | None
    url: str = Field(description="Alamat halaman profil publik")


class KimDaftarOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[KimRingkasOut]


class PengurusOut(Schema):
    nama: str
    jabatan: str = Field(description="ketua, sekretaris, bendahara atau seksi")
    jabatan_label: str


class SkOut(Schema):
    nomor: str
    tanggal: date
    penerbit_jenis: str
    berlaku_sampai: date
    berlaku: bool


class MediaOut(Schema):
    jenis: str
    url: str


class KimProfilOut(KimRingkasOut):
    alamat: str
    telepon: str = Field(description="Kontak KIM sendiri, bukan nomor anggota")
    email: str
    tanggal_berdiri: date | None
    aktif_sejak: datetime | None
    deskripsi: str
    situs_kimid: str
    media: list[MediaOut]
    jumlah_anggota: int
    pengurus: list[PengurusOut]
    sk: SkOut | None


class GalatOut(Schema):
    detail: str


class SaringKim(Schema):
    wilayah: str = Field("", max_length=13, description="Kode wilayah Kemendagri; KIM di wilayah itu "
                         "dan seluruh wilayah di bawahnya, mis. 76.02")
    q: str = Field("", max_length=100, description="Nama KIM atau nama desa")
    mandiri: bool | None = None
    page: int = Field(1, ge=1)


def _wilayah(w: Wilayah | None) -> dict | None:
    return {"kode": w.kode, "nama": w.nama} if w is not None else None


def _ringkas(k: Kim) -> dict:
    per_tingkat: dict[int, Wilayah] = {}
    w = k.desa
    while w is not None:
        per_tingkat[w.tingkat] = w
        w = w.induk if w.tingkat > Tingkat.PROVINSI else None
    return {
        "slug": k.slug,
        "nama": k.nama,
        "status": k.status,
        "mandiri": k.mandiri_kini,
        "desa": _wilayah(k.desa),
        "kecamatan": _wilayah(per_tingkat.get(Tingkat.KECAMATAN)),
        "kabkota": _wilayah(per_tingkat.get(Tingkat.KABKOTA)),
        "provinsi": _wilayah(per_tingkat.get(Tingkat.PROVINSI)),
        "url": reverse("kim:profil", args=[k.slug]),
    }


@router.get("/", response=KimDaftarOut, summary="Daftar KIM publik")
def kim_daftar(request, saring: Query[SaringKim]):
    """KIMs that are active or frozen, sorted by name, 30 per page."""
    if saring.wilayah and not selectors.kode_wilayah_valid(saring.wilayah):
        raise HttpError(400, _("Kode wilayah “%(kode)s” tidak valid. Contoh kode yang benar: 76.02.02.")
                        % {"kode": saring.wilayah})
    qs = selectors.kim_publik_list(wilayah=saring.wilayah, q=saring.q, mandiri=saring.mandiri)
    count = qs.count()
    pages = max(1, math.ceil(count / PER_HALAMAN))
    start = (saring.page - 1) * PER_HALAMAN
    items = [_ringkas(k) for k in qs[start:start + PER_HALAMAN]] if start < count else []
    return {"count": count, "page": saring.page, "pages": pages, "page_size": PER_HALAMAN, "items": items}


@router.get("/{slug}", response={200: KimProfilOut, 404: GalatOut}, summary="Profil publik satu KIM")
def kim_profil(request, slug: str):
    try:
        kim = selectors.kim_publik_get(slug=slug)
    except Kim.DoesNotExist:
        raise HttpError(404, _("KIM tidak ditemukan.")) from None
    hari_ini = timezone.localdate()
    sk = selectors.sk_terakhir(kim)
    return {
        **_ringkas(kim),
        "alamat": kim.alamat,
        "telepon": kim.telepon,
        "email": kim.email,
        "tanggal_berdiri": kim.tanggal_berdiri,
        "aktif_sejak": kim.aktif_sejak,
        "deskripsi": kim.deskripsi,
        "situs_kimid": kim.situs_kimid if selectors.url_aman(kim.situs_kimid) else "",
        "media": [{"jenis": j, "url": u} for j, u in selectors.media_aman(kim)],
        "jumlah_anggota": selectors.jumlah_anggota_aktif(kim),
        "pengurus": [
            {"nama": p.anggota.nama, "jabatan": p.jabatan, "jabatan_label": p.label_jabatan}
            for p in selectors.pengurus_aktif_kim(kim, hari_ini=hari_ini)
        ],
        "sk": {
            "nomor": sk.nomor, "tanggal": sk.tanggal, "penerbit_jenis": sk.penerbit_jenis,
            "berlaku_sampai": sk.berlaku_sampai, "berlaku": sk.berlaku_sampai >= hari_ini,
        } if sk else None,
    }

