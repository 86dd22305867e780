"""Query counts of every musyawarah list page and list endpoint do not grow with the rows.

Each test measures a list with a few topics, adds more (each with a comment, a poll with a
vote, a decision and two follow-ups; in new KIMs of other desa, or in the same KIM) and
asserts the same number of queries within a fixed budget."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.akun.models import User
from simpul.akun.testing import login_dengan_mfa
from simpul.core.peran import Jabatan
from simpul.core.testing.factories import AnggotaFactory, KimFactory, PengurusFactory, UserFactory
from simpul.core.testing.kueri import kueri_tetap_semua
from simpul.musyawarah import services
from simpul.musyawarah.models import JenisJajak
from simpul.wilayah.models import Tingkat, Wilayah

pytestmark = pytest.mark.django_db


def _segar(user):
    return User.objects.get(pk=user.pk)  # the grants are read once per user object


def _topik(kim, ketua, anggota, i: int) -> None:
    """A public topic of ``kim`` with a comment, a decided poll and two follow-ups (one for
    ``anggota``)."""
    ketua, anggota = _segar(ketua), _segar(anggota)
    t = services.topik_create(
        actor=ketua,
        kim=kim,
        judul=f"Topik Kueri {i:02d}",
        deskripsi="Jalan tani rusak sejak musim hujan.",
        publik=True,
    )
    services.komentar_add(actor=anggota, topik=t, isi="Setuju diperbaiki bersama.")
    j = services.jajak_create(
        actor=ketua,
        topik=t,
        jenis=JenisJajak.PERSETUJUAN,
        pertanyaan="Kerja bakti hari Minggu?",
        ditutup_pada=timezone.now() + timedelta(days=2),
    )
    services.suara_berikan(actor=anggota, jajak=j, posisi="setuju")
    tenggat = timezone.localdate() + timedelta(days=3)
    services.jajak_putuskan(
        actor=ketua,
        jajak=j,
        pernyataan="Kerja bakti Minggu pagi.",
        tindak_lanjut=[
            {"judul": "Pinjam molen", "penanggung_jawab": anggota, "tenggat": tenggat},
            {"judul": "Beli semen", "penanggung_jawab": ketua, "tenggat": tenggat},
        ],
    )


def _di_kim_baru(awal: int, n: int, anggota) -> None:
    """``n`` topics, each in a new KIM of its own desa of Mamuju that ``anggota`` belongs to."""
    desa = Wilayah.objects.filter(tingkat=Tingkat.DESA, kode__startswith="76.02.").order_by("kode")
    for i, d in enumerate(desa[awal : awal + n], start=awal):
        kim = KimFactory(desa=d)
        ketua = UserFactory()
        PengurusFactory(anggota=AnggotaFactory(kim=kim, user=ketua), kim=kim, jabatan=Jabatan.KETUA)
        AnggotaFactory(kim=kim, user=anggota)
        _topik(kim, ketua, anggota, i)


def test_member_of_many_kims_lists_queries_do_not_grow(
    client, warga, django_assert_max_num_queries
):
    _di_kim_baru(0, 3, warga)
    client.force_login(warga)
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {
            "home (topics, my follow-ups)": (lambda: client.get(reverse("musyawarah:beranda")), 10),
            "api topics": (lambda: client.get("/api/v1/musyawarah/topik"), 9),
        },
        tambah=lambda: _di_kim_baru(3, 10, warga),
    )
    assert hasil["api topics"].json()["count"] == 13
    assert "Topik Kueri 12" in hasil["home (topics, my follow-ups)"].content.decode()


def test_office_accountability_lists_queries_do_not_grow(
    client, warga, diskominfo_mamuju, django_assert_max_num_queries
):
    _di_kim_baru(0, 3, warga)
    login_dengan_mfa(client, diskominfo_mamuju)

    def get(url, **params):
        return lambda: client.get(url, params)

    akuntabilitas, api = reverse("musyawarah:akuntabilitas"), "/api/v1/musyawarah/akuntabilitas"
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {
            "home": (get(reverse("musyawarah:beranda")), 7),
            "accountability": (get(akuntabilitas), 11),
            "accountability by region": (get(akuntabilitas, wilayah="76.02"), 12),
            "api accountability": (get(api), 8),
            "api accountability by region": (get(api, wilayah="76.02"), 8),
        },
        tambah=lambda: _di_kim_baru(3, 10, warga),
    )
    assert hasil["api accountability"].json()["count"] == 13


def test_public_decisions_of_one_kim_queries_do_not_grow(
    client, kim_tapalang, pengurus_kim_tapalang, anggota_kim_tapalang, django_assert_max_num_queries
):
    def tambah(awal, n):
        for i in range(awal, awal + n):
            _topik(kim_tapalang, pengurus_kim_tapalang, anggota_kim_tapalang, i)

    tambah(0, 3)
    url = f"/api/v1/musyawarah/kim/{kim_tapalang.slug}/keputusan"
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {"api public decisions": (lambda: client.get(url), 3)},
        tambah=lambda: tambah(3, 10),
    )
    assert len(hasil["api public decisions"].json()) == 13
