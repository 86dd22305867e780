"""Query counts of every region list page and list endpoint do not grow with the rows (no N+1).

Each test measures a list, adds more regions (each with children and grandchildren, so the
counts and parent labels a row shows have something to fetch) and asserts the same number of
queries within a fixed budget."""

import pytest
from django.urls import reverse

from simpul.core.teks import normalisasi
from simpul.core.testing.kueri import kueri_tetap
from simpul.wilayah.models import Jenis, Tingkat, Wilayah

pytestmark = pytest.mark.django_db

JENIS = {
    Tingkat.PROVINSI: Jenis.PROVINSI,
    Tingkat.KABKOTA: Jenis.KABUPATEN,
    Tingkat.KECAMATAN: Jenis.KECAMATAN,
    Tingkat.DESA: Jenis.DESA,
}


def _buat(kode: str, nama: str, induk: Wilayah | None) -> Wilayah:
    tingkat = kode.count(".") + 1
    return Wilayah.objects.create(
        kode=kode,
        nama=nama,
        jenis=JENIS[tingkat],
        tingkat=tingkat,
        induk=induk,
        nama_cari=normalisasi(nama),
        penduduk=1000,
    )


def _cabang(kode: str, nama: str, induk: Wilayah | None) -> Wilayah:
    """A region with two children, each with two children, down to desa."""
    w = _buat(kode, nama, induk)
    if w.tingkat < Tingkat.DESA:
        for j in (1, 2):
            anak = f"{kode}.{2000 + j}" if w.tingkat == Tingkat.KECAMATAN else f"{kode}.{j:02d}"
            _cabang(anak, f"{nama} Anak {j}", w)
    return w


def _kecamatan(n: int, awal: int = 0) -> None:
    mamuju = Wilayah.objects.get(kode="76.02")
    for i in range(awal, awal + n):
        _cabang(f"76.02.{80 + i}", f"Kueri {i:02d}", mamuju)


def test_province_list_queries_do_not_grow(client, django_assert_max_num_queries):
    def provinsi(n, awal=0):
        for i in range(awal, awal + n):
            _cabang(f"{11 + i}", f"Provinsi Kueri {i:02d}", None)

    provinsi(3)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get(reverse("wilayah:daftar")),
        tambah=lambda: provinsi(10, awal=3),
        batas=3,
    )
    assert "Provinsi Kueri 12" in resp.content.decode()


@pytest.mark.parametrize("kode", ["76.02", "76.02.80"])
def test_region_page_children_queries_do_not_grow(client, kode, django_assert_max_num_queries):
    _kecamatan(1)
    kec = Wilayah.objects.get(kode="76.02.80")

    def tambah():
        _kecamatan(10, awal=1)
        for i in range(10):
            _buat(f"76.02.80.{2100 + i}", f"Desa Kueri Tambahan {i}", kec)

    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get(reverse("wilayah:detail", args=[kode])),
        tambah=tambah,
        batas=4,
    )
    assert ("Kueri 10" if kode == "76.02" else "Desa Kueri Tambahan 9") in resp.content.decode()


@pytest.mark.parametrize("opsi", [{}, {"format": "opsi"}])
def test_search_queries_do_not_grow(client, opsi, django_assert_max_num_queries):
    _kecamatan(1)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get(reverse("wilayah:cari"), {"q": "kueri", **opsi}),
        tambah=lambda: _kecamatan(10, awal=1),
        batas=5,
    )
    assert "Kueri 05" in resp.content.decode()


@pytest.mark.parametrize(
    "params",
    [{"q": "kueri"}, {"dalam": "76.02", "tingkat": "3"}, {"induk": "76.02"}],
)
def test_api_list_queries_do_not_grow(client, params, django_assert_max_num_queries):
    _kecamatan(1)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get("/api/v1/wilayah/", params),
        tambah=lambda: _kecamatan(10, awal=1),
        batas=5,
    )
    assert any(w["nama"] == "Kueri 05" for w in resp.json()["items"])


def test_api_children_queries_do_not_grow(client, django_assert_max_num_queries):
    _kecamatan(1)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get("/api/v1/wilayah/76.02/anak"),
        tambah=lambda: _kecamatan(10, awal=1),
        batas=4,
    )
    assert any(w["nama"] == "Kueri 05" for w in resp.json())
