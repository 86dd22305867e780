"""Query counts of every KIM list page and list endpoint do not grow with the rows (no N+1).

Each test measures a list with a few KIMs, adds more (each in its own desa, with members,
officers, an SK and a creator) and asserts the same number of queries within a fixed budget."""

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.core.peran import Jabatan
from simpul.core.testing.factories import (
    AnggotaFactory,
    KimFactory,
    PengurusFactory,
    SuratKeputusanFactory,
    UserFactory,
)
from simpul.core.testing.kueri import kueri_tetap
from simpul.kim.models import StatusKim
from simpul.wilayah.models import Tingkat, Wilayah

pytestmark = pytest.mark.django_db


def _kim(n: int, *, status=StatusKim.AKTIF, awal: int = 0) -> list:
    """``n`` KIMs in Kabupaten Mamuju, each in a different desa, with related rows."""
    desa = list(
        Wilayah.objects.filter(tingkat=Tingkat.DESA, kode__startswith="76.02.").order_by("kode")[
            awal : awal + n
        ]
    )
    hasil = []
    for i, d in enumerate(desa):
        kim = KimFactory(
            nama=f"KIM Kueri {awal + i:02d}",
            desa=d,
            status=status,
            diajukan_pada=timezone.now(),
            dibuat_oleh=UserFactory(),
        )
        ketua = AnggotaFactory(kim=kim)
        AnggotaFactory.create_batch(2, kim=kim)
        PengurusFactory(anggota=ketua, kim=kim, jabatan=Jabatan.KETUA)
        SuratKeputusanFactory(kim=kim)
        hasil.append(kim)
    return hasil


def test_public_directory_queries_do_not_grow(client, django_assert_max_num_queries):
    _kim(3)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get(reverse("kim:direktori")),
        tambah=lambda: _kim(10, awal=3),
        batas=4,
    )
    assert len(resp.context["page"].object_list) == 13


def test_public_directory_filtered_by_region_queries_do_not_grow(
    client, django_assert_max_num_queries
):
    _kim(3)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get(reverse("kim:direktori"), {"wilayah": "76.02", "q": "kueri"}),
        tambah=lambda: _kim(10, awal=3),
        batas=4,
    )
    assert len(resp.context["page"].object_list) == 13


def test_manage_list_queries_do_not_grow(client, diskominfo_mamuju, django_assert_max_num_queries):
    _kim(3)
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get(reverse("kim:kelola")),
        tambah=lambda: _kim(10, awal=3),
        batas=10,
    )
    assert len(resp.context["page"].object_list) == 13


def test_verification_queue_queries_do_not_grow(
    client, diskominfo_mamuju, django_assert_max_num_queries
):
    _kim(3, status=StatusKim.DIAJUKAN)
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get(reverse("kim:verifikasi")),
        tambah=lambda: _kim(10, status=StatusKim.DIAJUKAN, awal=3),
        batas=8,
    )
    assert len(resp.context["page"].object_list) == 13


def test_api_list_queries_do_not_grow(client, django_assert_max_num_queries):
    _kim(3)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get("/api/v1/kim/", {"wilayah": "76"}),
        tambah=lambda: _kim(10, awal=3),
        batas=2,
    )
    assert resp.json()["count"] == 13
