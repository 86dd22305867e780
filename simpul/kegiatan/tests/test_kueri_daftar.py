"""Query counts of every activity list page, rollup, report and list endpoint do not grow with
the rows.

Each test measures a list with a few activities, adds more (with photos and participants; in
the same KIM, or in new KIMs of other desa and kecamatan) and asserts the same number of
queries within a fixed budget."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from simpul.akun.models import User
from simpul.akun.testing import login_dengan_mfa
from simpul.core.peran import Jabatan
from simpul.core.testing.factories import AnggotaFactory, KimFactory, PengurusFactory, UserFactory
from simpul.core.testing.kueri import kueri_tetap_semua
from simpul.kegiatan import services
from simpul.wilayah.models import Tingkat, Wilayah

pytestmark = pytest.mark.django_db


def _foto() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 120, 60)).save(buf, "JPEG")
    return SimpleUploadedFile("kegiatan.jpg", buf.getvalue(), "image/jpeg")


def _catat(kim, ketua, i: int) -> None:
    ketua = User.objects.get(pk=ketua.pk)  # the grants are read once per user object
    peserta = [AnggotaFactory(kim=kim), AnggotaFactory(kim=kim)]
    services.kegiatan_catat(
        actor=ketua,
        kim=kim,
        jenis=("diseminasi", "rapat")[i % 2],
        judul=f"Kegiatan Kueri {i:02d}",
        tanggal=timezone.localdate(),
        tempat="Balai desa",
        ringkasan="Sosialisasi jadwal vaksin di balai desa.",
        jumlah_peserta=20,
        peserta=peserta,
        foto=[_foto(), _foto()],
    )


def _di_kim_baru(awal: int, n: int, anggota=None) -> None:
    """One activity in each of ``n`` new KIMs of Sulawesi Barat (other desa, kecamatan and
    kab/kota); ``anggota`` joins each KIM."""
    desa = Wilayah.objects.filter(tingkat=Tingkat.DESA, kode__startswith="76.").order_by("kode")
    for i, d in enumerate(desa[awal * 7 : (awal + n) * 7 : 7], start=awal):
        kim = KimFactory(desa=d)
        ketua = UserFactory()
        PengurusFactory(anggota=AnggotaFactory(kim=kim, user=ketua), kim=kim, jabatan=Jabatan.KETUA)
        if anggota is not None:
            AnggotaFactory(kim=kim, user=anggota)
        _catat(kim, ketua, i)


def test_one_kims_list_report_and_api_queries_do_not_grow(
    client, kim_tapalang, pengurus_kim_tapalang, django_assert_max_num_queries
):
    def tambah(awal, n):
        for i in range(awal, awal + n):
            _catat(kim_tapalang, pengurus_kim_tapalang, i)

    tambah(0, 3)
    client.force_login(pengurus_kim_tapalang)
    hari_ini = timezone.localdate()
    bulan = f"{hari_ini.year}-{hari_ini.month:02d}"
    daftar = reverse("kegiatan:daftar", args=[kim_tapalang.pk])
    laporan = reverse("kegiatan:laporan", args=[kim_tapalang.pk, hari_ini.year, hari_ini.month])
    api = f"/api/v1/kegiatan/kim/{kim_tapalang.slug}"
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {
            "list": (lambda: client.get(daftar), 9),
            "list of a month": (lambda: client.get(daftar, {"bulan": bulan}), 9),
            "monthly pdf": (lambda: client.get(laporan), 10),
            "api": (lambda: client.get(api), 8),
        },
        tambah=lambda: tambah(3, 10),
    )
    assert "Kegiatan Kueri 12" in hasil["list"].content.decode()
    assert len(hasil["api"].json()) == 13 and hasil["api"].json()[0]["foto"] == 2


def test_public_list_and_api_anonymous_queries_do_not_grow(
    client, kim_tapalang, pengurus_kim_tapalang, django_assert_max_num_queries
):
    def tambah(awal, n):
        for i in range(awal, awal + n):
            _catat(kim_tapalang, pengurus_kim_tapalang, i)

    tambah(0, 3)
    daftar = reverse("kegiatan:daftar", args=[kim_tapalang.pk])
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {
            "list": (lambda: client.get(daftar), 4),
            "api": (lambda: client.get(f"/api/v1/kegiatan/kim/{kim_tapalang.slug}"), 3),
        },
        tambah=lambda: tambah(3, 10),
    )
    assert "Kegiatan Kueri 12" in hasil["list"].content.decode()


def test_region_rollup_page_csv_and_api_queries_do_not_grow(
    client, diskominfo_sulbar, django_assert_max_num_queries
):
    _di_kim_baru(0, 3)
    login_dengan_mfa(client, diskominfo_sulbar)
    rekap = reverse("kegiatan:rekap")
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {
            "rollup": (lambda: client.get(rekap), 11),
            "rollup of a kab/kota": (lambda: client.get(rekap, {"wilayah": "76.02"}), 11),
            "rollup csv": (lambda: client.get(rekap, {"wilayah": "76", "format": "csv"}), 11),
            "api rollup": (lambda: client.get("/api/v1/kegiatan/rekap", {"wilayah": "76"}), 10),
        },
        tambah=lambda: _di_kim_baru(3, 10),
    )
    assert sum(b["kegiatan"] for b in hasil["api rollup"].json()) == 13


def test_home_for_a_member_of_many_kims_queries_do_not_grow(
    client, warga, django_assert_max_num_queries
):
    _di_kim_baru(0, 3, anggota=warga)
    client.force_login(warga)
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {"home": (lambda: client.get(reverse("kegiatan:beranda")), 7)},
        tambah=lambda: _di_kim_baru(3, 10, anggota=warga),
    )
    assert len(hasil["home"].context["kims"]) == 13
