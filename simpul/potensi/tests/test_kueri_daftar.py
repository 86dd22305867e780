"""Query counts of every local-product list page and list endpoint do not grow with the rows.

Each test measures a list with a few listings, adds more (each from its own KIM and desa, with
two photos and an open abuse report) and asserts the same number of queries within a fixed
budget."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from simpul.akun.models import User
from simpul.core.peran import Jabatan
from simpul.core.testing.factories import AnggotaFactory, KimFactory, PengurusFactory, UserFactory
from simpul.core.testing.kueri import kueri_tetap_semua
from simpul.potensi import services
from simpul.wilayah.models import Tingkat, Wilayah

pytestmark = pytest.mark.django_db


def _png():
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 80, 40)).save(buf, format="PNG")
    buf.seek(0)
    buf.name = "foto.png"
    return buf


def _potensi(awal: int, n: int, *, kim=None, ketua=None, anggota=None) -> None:
    """``n`` published listings (one per new KIM in its own desa of Mamuju, or all of ``kim``);
    ``anggota`` joins each new KIM as a member."""
    desa = Wilayah.objects.filter(tingkat=Tingkat.DESA, kode__startswith="76.02.").order_by("kode")
    for i, d in enumerate(desa[awal : awal + n], start=awal):
        k, oleh = kim, ketua
        if k is None:
            k = KimFactory(desa=d)
            oleh = UserFactory()
            PengurusFactory(anggota=AnggotaFactory(kim=k, user=oleh), kim=k, jabatan=Jabatan.KETUA)
            if anggota is not None:
                AnggotaFactory(kim=k, user=anggota)
        oleh = User.objects.get(pk=oleh.pk)  # the grants are read once per user object
        p = services.potensi_buat(
            aktor=oleh,
            kim=k,
            data={
                "nama": f"Produk Kueri {i:02d}",
                "kategori": ("pertanian", "kuliner")[i % 2],
                "deskripsi": "Hasil kebun warga.",
                "harga_min": "10000",
                "satuan": "per kg",
                "penjual_nama": "Pak Sangkala",
                "penjual_telepon": "0812 4455 6601",
                "izin_kontak": True,
            },
        )
        for _ in range(2):
            services.foto_tambah(aktor=oleh, potensi=p, berkas=_png(), keterangan="Produk")
        services.potensi_terbitkan(aktor=oleh, potensi=p)
        services.potensi_laporkan(potensi=p, alasan="salah", alamat=f"10.0.0.{i}")


def test_catalogue_and_api_queries_do_not_grow(client, django_assert_max_num_queries):
    _potensi(0, 3)

    def get(url, **params):
        return lambda: client.get(url, params)

    katalog, api = reverse("potensi:katalog"), "/api/v1/potensi/"
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {
            "catalogue": (get(katalog), 5),
            "catalogue filtered": (
                get(katalog, wilayah="76.02", kategori="pertanian", harga_maks="50000"),
                7,
            ),
            "api": (get(api), 3),
            "api filtered": (get(api, wilayah="76.02", kategori="pertanian"), 3),
        },
        tambah=lambda: _potensi(3, 10),
    )
    assert "Produk Kueri 12" in hasil["catalogue"].content.decode()
    assert hasil["api"].json()["count"] == 13
    assert all(item["foto"] for item in hasil["api"].json()["items"])


def test_manage_list_for_a_member_of_many_kims_queries_do_not_grow(
    client, warga, django_assert_max_num_queries
):
    _potensi(0, 3, anggota=warga)
    client.force_login(warga)
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {
            "manage": (lambda: client.get(reverse("potensi:kelola")), 9),
            "manage published": (
                lambda: client.get(reverse("potensi:kelola"), {"status": "terbit"}),
                9,
            ),
        },
        tambah=lambda: _potensi(3, 10, anggota=warga),
    )
    assert hasil["manage"].context["page"].paginator.count == 13


def test_manage_list_for_a_kim_officer_queries_do_not_grow(
    client, kim_tapalang, pengurus_kim_tapalang, django_assert_max_num_queries
):
    def tambah(awal, n):
        _potensi(awal, n, kim=kim_tapalang, ketua=pengurus_kim_tapalang)

    tambah(0, 3)
    client.force_login(pengurus_kim_tapalang)
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {"manage": (lambda: client.get(reverse("potensi:kelola")), 9)},
        tambah=lambda: tambah(3, 10),
    )
    assert hasil["manage"].context["page"].paginator.count == 13
