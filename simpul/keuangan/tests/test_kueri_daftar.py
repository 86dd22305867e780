"""Query counts of every cash-book list page, export and list endpoint do not grow with the rows.

Each test measures a list with a few entries or KIMs, adds more (entries with receipts,
corrections and voided ones; KIMs of other desa with their books) and asserts the same number
of queries within a fixed budget."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.akun.models import User
from simpul.akun.testing import login_dengan_mfa
from simpul.core.peran import Jabatan
from simpul.core.testing.factories import AnggotaFactory, KimFactory, PengurusFactory, UserFactory
from simpul.core.testing.kueri import kueri_tetap_semua
from simpul.keuangan import services
from simpul.wilayah.models import Tingkat, Wilayah

from .conftest import foto_jpeg

pytestmark = pytest.mark.django_db


def _entri(kim, bendahara, awal: int, n: int) -> None:
    """``n`` entries over the last months: income with a receipt, spending, one corrected and
    one voided among every few."""
    bendahara = User.objects.get(pk=bendahara.pk)  # the grants are read once per user object
    hari_ini = timezone.localdate()
    for i in range(awal, awal + n):
        tanggal = hari_ini - timedelta(days=20 * i)
        masuk = i % 2 == 0
        t = services.transaksi_catat(
            actor=bendahara,
            kim=kim,
            jenis="masuk" if masuk else "keluar",
            tanggal=tanggal,
            jumlah=100_000 + i,
            sumber="iuran" if masuk else "",
            uraian=f"Entri Kueri {i:02d}",
            bukti=foto_jpeg() if masuk else None,
        )
        if i % 4 == 1:
            services.transaksi_koreksi(
                actor=bendahara,
                transaksi=t,
                alasan="Salah ketik",
                jenis="keluar",
                tanggal=tanggal,
                jumlah=90_000,
                uraian=f"Entri Kueri {i:02d}",
            )
        if i % 4 == 3:
            services.transaksi_batal(actor=bendahara, transaksi=t, alasan="Tercatat dua kali")


def _kim_baru(awal: int, n: int) -> None:
    desa = Wilayah.objects.filter(tingkat=Tingkat.DESA, kode__startswith="76.02.").order_by("kode")
    for d in desa[awal : awal + n]:
        kim = KimFactory(desa=d)
        bendahara = UserFactory()
        PengurusFactory(
            anggota=AnggotaFactory(kim=kim, user=bendahara), kim=kim, jabatan=Jabatan.BENDAHARA
        )
        _entri(kim, bendahara, 0, 2)


def test_one_kims_book_exports_and_api_queries_do_not_grow(
    client, kim_tapalang, bendahara_kim_tapalang, django_assert_max_num_queries
):
    _entri(kim_tapalang, bendahara_kim_tapalang, 0, 3)
    client.force_login(bendahara_kim_tapalang)
    tahun = timezone.localdate().year
    buku = reverse("keuangan:buku", args=[kim_tapalang.pk])
    csv = reverse("keuangan:ekspor", args=[kim_tapalang.pk, "csv"])
    xlsx = reverse("keuangan:ekspor", args=[kim_tapalang.pk, "xlsx"])
    api = f"/api/v1/keuangan/kim/{kim_tapalang.pk}"
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {
            "book": (lambda: client.get(buku), 15),
            "book of a year": (lambda: client.get(buku, {"tahun": tahun}), 16),
            "csv": (lambda: client.get(csv), 8),
            "xlsx": (lambda: client.get(xlsx, {"tahun": tahun}), 9),
            "api": (lambda: client.get(api), 12),
        },
        tambah=lambda: _entri(kim_tapalang, bendahara_kim_tapalang, 3, 10),
    )
    assert "Entri Kueri 12" in b"".join(hasil["csv"].streaming_content).decode("utf-8-sig")
    assert "Entri Kueri 00" in hasil["book"].content.decode()


def test_office_list_of_books_queries_do_not_grow(
    client, diskominfo_mamuju, django_assert_max_num_queries
):
    _kim_baru(0, 3)
    login_dengan_mfa(client, diskominfo_mamuju)
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {"books": (lambda: client.get(reverse("keuangan:daftar")), 8)},
        tambah=lambda: _kim_baru(3, 10),
    )
    assert hasil["books"].context["page"].paginator.count == 13
