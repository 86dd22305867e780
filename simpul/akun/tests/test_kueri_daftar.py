"""Query counts of the office's account list do not grow with the rows (no N+1).

The test measures the list with a few accounts, adds more (each with grants on other desa and
kecamatan, one of them revoked) and asserts the same number of queries within a fixed
budget, with and without filters."""

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.core.peran import Peran
from simpul.core.testing.factories import PenugasanFactory, UserFactory
from simpul.core.testing.kueri import kueri_tetap_semua
from simpul.wilayah.models import Tingkat, Wilayah

pytestmark = pytest.mark.django_db


def _akun(awal: int, n: int) -> None:
    desa = list(
        Wilayah.objects.filter(tingkat=Tingkat.DESA, kode__startswith="76.02.").order_by("kode")
    )
    kecamatan = list(
        Wilayah.objects.filter(tingkat=Tingkat.KECAMATAN, kode__startswith="76.02.").order_by(
            "kode"
        )
    )
    for i in range(awal, awal + n):
        user = UserFactory(nama=f"Operator Kueri {i:02d}")
        PenugasanFactory(user=user, peran=Peran.DESA, wilayah=desa[i])
        PenugasanFactory(user=user, peran=Peran.KECAMATAN, wilayah=kecamatan[i % len(kecamatan)])
        PenugasanFactory(user=user, peran=Peran.DESA, wilayah=desa[i + 20], dicabut=timezone.now())


def test_account_list_queries_do_not_grow(client, diskominfo_mamuju, django_assert_max_num_queries):
    _akun(0, 3)
    login_dengan_mfa(client, diskominfo_mamuju)
    daftar = reverse("akun:pengguna_daftar")

    def get(**params):
        return lambda: client.get(daftar, params)

    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {
            "accounts": (get(), 8),
            "accounts filtered": (get(q="kueri", peran=Peran.DESA, wilayah="76.02"), 8),
            "accounts with revoked grants": (get(dicabut="1"), 8),
        },
        tambah=lambda: _akun(3, 10),
    )
    assert "Operator Kueri 12" in hasil["accounts"].content.decode()
    assert hasil["accounts filtered"].context["page"].paginator.count == 13
