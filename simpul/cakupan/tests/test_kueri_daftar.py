"""Query counts of every coverage list page, export and list endpoint do not grow with the rows.

Each test measures a page, adds more rows (KIMs in more desa and kecamatan, targets, desa
without a KIM) and asserts the same number of queries within a fixed budget. The national
figures are cached: every measurement starts with a cold cache."""

from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.cakupan.models import JenisTarget, Target
from simpul.core.teks import normalisasi
from simpul.core.testing.factories import AnggotaFactory, KimFactory, UserFactory
from simpul.core.testing.kueri import kueri_tetap
from simpul.wilayah.models import Jenis, Tingkat, Wilayah

pytestmark = pytest.mark.django_db


def _desa(awal: int, n: int) -> list[Wilayah]:
    return list(
        Wilayah.objects.filter(tingkat=Tingkat.DESA, kode__startswith="76.").order_by("kode")[
            awal : awal + n
        ]
    )


def _kim(awal: int, n: int) -> None:
    """KIMs in ``n`` more desa of Sulawesi Barat (every other one mandiri), with members."""
    for i, d in enumerate(_desa(awal, n)):
        kim = KimFactory(desa=d, mandiri=bool(i % 2))
        AnggotaFactory(kim=kim)


def _target(awal: int, n: int) -> None:
    kecamatan = Wilayah.objects.filter(tingkat=Tingkat.KECAMATAN, kode__startswith="76.")
    pembuat = UserFactory()
    for w in kecamatan.order_by("kode")[awal : awal + n]:
        for jenis in (JenisTarget.KIM_PER_DESA, JenisTarget.MANDIRI_PER_KECAMATAN):
            Target.objects.create(
                wilayah=w,
                jenis=jenis,
                tenggat=timezone.localdate() + timedelta(days=30),
                dibuat_oleh=pembuat,
            )


def _desa_baru(awal: int, n: int) -> None:
    """``n`` new desa without a KIM in Kecamatan Tapalang."""
    tapalang = Wilayah.objects.get(kode="76.02.02")
    for i in range(awal, awal + n):
        nama = f"Desa Kueri {i:02d}"
        Wilayah.objects.create(
            kode=f"76.02.02.{2900 + i}",
            nama=nama,
            jenis=Jenis.DESA,
            tingkat=Tingkat.DESA,
            induk=tapalang,
            nama_cari=normalisasi(nama),
            lat=-2.5,
            lng=118.9,
        )


def _banyak(awal: int, n: int) -> None:
    _kim(awal, n)
    _target(awal, n)
    _desa_baru(awal, n)


@pytest.mark.parametrize(
    "url", ["/cakupan/", "/cakupan/76/", "/cakupan/76.02/", "/cakupan/76.02.02/"]
)
def test_coverage_pages_queries_do_not_grow(client, url, django_assert_max_num_queries):
    _banyak(0, 3)
    kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get(url),
        tambah=lambda: _banyak(3, 10),
        batas=8,
        dingin=True,
    )


def test_coverage_page_signed_in_queries_do_not_grow(
    client, diskominfo_mamuju, django_assert_max_num_queries
):
    _banyak(0, 3)
    login_dengan_mfa(client, diskominfo_mamuju)
    kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get("/cakupan/76.02/"),
        tambah=lambda: _banyak(3, 10),
        batas=14,
        dingin=True,
    )


@pytest.mark.parametrize("url", ["/cakupan/titik.json", "/cakupan/76.02/titik.json"])
def test_map_points_queries_do_not_grow(client, url, django_assert_max_num_queries):
    _banyak(0, 3)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get(url),
        tambah=lambda: _banyak(3, 10),
        batas=4,
        dingin=True,
    )
    assert resp.json()["titik"]


@pytest.mark.parametrize(
    "url",
    [
        "/cakupan/tanpa-kim/",
        "/cakupan/76.02/tanpa-kim/",
        "/cakupan/76.02.02/tanpa-kim.csv",
        "/cakupan/76.02.02/tanpa-kim.xlsx",
        "/cakupan/tanpa-kim.csv",
    ],
)
def test_desa_without_kim_list_and_exports_queries_do_not_grow(
    client, url, django_assert_max_num_queries
):
    _banyak(0, 3)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get(url),
        tambah=lambda: _banyak(3, 10),
        batas=4,
        dingin=True,
    )
    if url.endswith(".csv"):
        assert "Desa Kueri 12" in b"".join(resp.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize("riwayat", ["", "1"])
def test_target_list_queries_do_not_grow(
    client, diskominfo_sulbar, riwayat, django_assert_max_num_queries
):
    _target(0, 3)
    login_dengan_mfa(client, diskominfo_sulbar)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get("/cakupan/target/", {"riwayat": riwayat}),
        tambah=lambda: _target(3, 10),
        batas=9,
    )
    assert resp.context["page"].paginator.count == 26


@pytest.mark.parametrize("url", ["/api/v1/cakupan/", "/api/v1/cakupan/76", "/api/v1/cakupan/76.02"])
def test_api_coverage_queries_do_not_grow(client, url, django_assert_max_num_queries):
    _banyak(0, 3)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get(url),
        tambah=lambda: _banyak(3, 10),
        batas=6,
        dingin=True,
    )
    assert resp.json()["anak"]
