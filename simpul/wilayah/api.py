"""Public, read-only region API (mounted at /api/v1/wilayah/).

- ``GET /wilayah/?q=&tingkat=&induk=&dalam=&page=``: regions, paginated (50 a page). Without
  ``q``, by code; with ``q``, the ranked name/code search of the region picker.
- ``GET /wilayah/{kode}``: one region with its ancestors and its child counts.
- ``GET /wilayah/{kode}/anak``: its direct children, each with its counts.

Unknown or malformed codes answer 404 ``{"detail": ...}``. Every endpoint runs a fixed number
of queries, whatever the size of the answer.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.throttling import AnonRateThrottle

from simpul.core.errors import NotFound
from simpul.core.kode import awalan_q

from . import selectors
from .models import Tingkat, Wilayah

BATAS_ANONIM = getattr(settings, "SIMPUL_API_RATE_ANON", "60/m")

router = Router(throttle=[AnonRateThrottle(BATAS_ANONIM)])


class WilayahRingkas(Schema):
    kode: str = Field(description="Kode Kemendagri, mis. 76.02.02.2003")
    nama: str
    jenis: str = Field(description="provinsi, kabupaten, kota, kecamatan, desa atau kelurahan")
    tingkat: int = Field(description="1 provinsi, 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan")
    induk: str | None = Field(None, description="Kode induk; null untuk provinsi")
    aktif: bool = Field(description="false bila kode tidak ada lagi dalam keputusan terbaru")

    @staticmethod
    def resolve_induk(obj) -> str | None:
        return obj.induk_id


class WilayahItem(WilayahRingkas):
    label: str = Field(description="Nama dengan induknya: "
                                   "'Desa Orobatu — Kec. Tapalang, Kab. Mamuju, Sulawesi Barat'")


class WilayahAnak(WilayahRingkas):
    jumlah_anak: int = Field(description="Wilayah anak yang aktif")
    jumlah_desa: int = Field(description="Desa/kelurahan aktif di bawahnya")


class WilayahDetail(WilayahItem):
    lat: float | None = Field(None, description="Lintang titik tengah (WGS84)")
    lng: float | None = Field(None, description="Bujur titik tengah (WGS84)")
    luas_km2: float | None = None
    penduduk: int | None = None
    leluhur: list[WilayahRingkas] = Field(description="Induk berjenjang, mulai dari provinsi")
    jumlah_anak: int = Field(description="Wilayah anak yang aktif")
    jumlah_desa: int = Field(description="Desa/kelurahan aktif di bawahnya (untuk desa: 0)")


class Galat(Schema):
    detail: str


class HalamanBerlabel(PageNumberPagination):
    """Page-number pagination that labels the page's regions with their parents (one query)."""

    def paginate_queryset(self, queryset, pagination, request: HttpRequest, **params: Any) -> Any:
        hasil = super().paginate_queryset(queryset, pagination, request, **params)
        hasil[self.items_attribute] = selectors.pasang_label(hasil[self.items_attribute])
        return hasil


def _get(kode: str) -> Wilayah:
    try:
        return selectors.wilayah_get(kode)
    except NotFound as exc:
        raise HttpError(404, exc.message) from exc


@router.get("/", response=list[WilayahItem], summary="Daftar dan cari wilayah",
            openapi_extra={"responses": {404: {"description": "Induk tidak dikenal"}}})
@paginate(HalamanBerlabel, page_size=50)
def daftar(
    request,
    q: str | None = Query(None, max_length=100, description="Nama atau kode (peringkat seperti "
                                                            "pemilih wilayah)"),
    tingkat: int | None = Query(None, ge=1, le=4, description="1-4"),
    induk: str | None = Query(None, max_length=13, description="Hanya anak langsung kode ini"),
    dalam: str | None = Query(None, max_length=13, description="Hanya di dalam kode ini"),
):
    induk_w = _get(induk) if induk else None
    dalam_w = _get(dalam) if dalam else None
    prefix = induk_w.kode if induk_w else (dalam_w.kode if dalam_w else None)
    if induk_w is not None:
        if dalam_w and not (induk_w.kode + ".").startswith(dalam_w.kode + "."):
            return Wilayah.objects.none()
        anak_tingkat = induk_w.tingkat + 1
        if tingkat is not None and tingkat != anak_tingkat:
            return Wilayah.objects.none()
        tingkat = anak_tingkat
    if q and q.strip():
        return selectors.wilayah_cari_qs(q, tingkat=tingkat, dalam=prefix, aktif=None)
    qs = Wilayah.objects.order_by("kode")
    if tingkat is not None:
        qs = qs.filter(tingkat=tingkat)
    if prefix:
        qs = qs.filter(awalan_q("kode", prefix + "."))
    return qs


@router.get("/{kode}", response={200: WilayahDetail, 404: Galat}, summary="Satu wilayah")
def detail(request, kode: str):
    wilayah = _get(kode)
    leluhur = selectors.leluhur(wilayah)
    jumlah_anak = jumlah_desa = 0
    if wilayah.tingkat < Tingkat.DESA:
        jumlah_anak = Wilayah.objects.filter(induk_id=wilayah.kode, aktif=True).count()
        jumlah_desa = jumlah_anak
    if wilayah.tingkat < Tingkat.KECAMATAN:
        jumlah_desa = sum(n_desa for _n, n_desa in selectors.jumlah_di_bawah(wilayah.kode).values())
    wilayah.label = selectors.label_lengkap(wilayah, leluhur)
    wilayah.leluhur = leluhur
    wilayah.jumlah_anak, wilayah.jumlah_desa = jumlah_anak, jumlah_desa
    return wilayah


@router.get("/{kode}/anak", response={200: list[WilayahAnak], 404: Galat},
            summary="Anak langsung suatu wilayah")
def anak(request, kode: str):
    wilayah = _get(kode)
    return selectors.anak_dengan_jumlah(wilayah.kode)

