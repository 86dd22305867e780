"""Query counts of every assessment list page, report and list endpoint do not grow with the rows.

Each test measures a list with a few rounds or participants, adds more (KIMs of other desa with
members, computed scores; rounds over other regions) and asserts the same number of queries
within a fixed budget."""

from datetime import date

import pytest
from django.urls import reverse

from simpul.akun.testing import login_dengan_mfa
from simpul.core.testing.factories import AnggotaFactory, KimFactory
from simpul.core.testing.kueri import kueri_tetap_semua
from simpul.penilaian import services
from simpul.penilaian.models import Peserta
from simpul.wilayah.models import Tingkat, Wilayah

pytestmark = pytest.mark.django_db


def _putaran(kantor, wilayah, nama="Penilaian 2026", *, skema_di="76.02"):
    """A competition round over ``wilayah`` with the example scheme installed for ``skema_di``."""
    skema = services.skema_contoh_pasang(actor=kantor, wilayah=Wilayah.objects.get(kode=skema_di))
    return services.putaran_buat(
        actor=kantor,
        skema=skema,
        wilayah=Wilayah.objects.get(kode=wilayah),
        nama=nama,
        dari=date(2026, 1, 1),
        sampai=date(2026, 12, 31),
        mode="lomba",
        kategori=["Ekonomi kreatif", "Literasi"],
    )


def _kim(awal: int, n: int) -> list:
    desa = Wilayah.objects.filter(tingkat=Tingkat.DESA, kode__startswith="76.02.").order_by("kode")
    hasil = []
    for i, d in enumerate(desa[awal : awal + n], start=awal):
        kim = KimFactory(desa=d, nama=f"KIM Kueri {i:02d}")
        AnggotaFactory.create_batch(2, kim=kim)
        hasil.append(kim)
    return hasil


def test_ranking_report_and_api_queries_do_not_grow(
    client, diskominfo_mamuju, django_assert_max_num_queries
):
    _kim(0, 3)
    putaran = _putaran(diskominfo_mamuju, "76.02")
    services.putaran_hitung(actor=diskominfo_mamuju, putaran=putaran)

    def tambah():
        baru = _kim(3, 10)
        Peserta.objects.bulk_create([Peserta(putaran=putaran, kim=k) for k in baru])
        services.putaran_hitung(actor=diskominfo_mamuju, putaran=putaran)

    login_dengan_mfa(client, diskominfo_mamuju)
    peringkat = f"/api/v1/penilaian/putaran/{putaran.pk}/peringkat"
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {
            "ranking": (lambda: client.get(reverse("penilaian:putaran", args=[putaran.pk])), 9),
            "annual report xlsx": (
                lambda: client.get(
                    reverse("penilaian:laporan_unduh", args=["76.02", 2026, "xlsx"])
                ),
                22,
            ),
            "api ranking": (lambda: client.get(peringkat), 8),
        },
        tambah=tambah,
    )
    assert len(hasil["api ranking"].json()) == 13


def test_rounds_list_and_api_queries_do_not_grow(
    client, diskominfo_sulbar, django_assert_max_num_queries
):
    _kim(0, 2)
    kabupaten = list(
        Wilayah.objects.filter(tingkat=Tingkat.KABKOTA, kode__startswith="76.").order_by("kode")
    )

    def tambah(awal, n):
        for i in range(awal, awal + n):
            kode = kabupaten[i % len(kabupaten)].kode
            _putaran(diskominfo_sulbar, kode, f"Putaran Kueri {i:02d}", skema_di="76")

    tambah(0, 3)
    login_dengan_mfa(client, diskominfo_sulbar)
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {
            "rounds and schemes": (lambda: client.get(reverse("penilaian:daftar")), 9),
            "api rounds": (lambda: client.get("/api/v1/penilaian/putaran"), 7),
        },
        tambah=lambda: tambah(3, 10),
    )
    assert len(hasil["api rounds"].json()) == 13
