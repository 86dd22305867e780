from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simpul.cakupan.selectors import angka_wilayah
from simpul.core.errors import NotFound
from simpul.core.testing.factories import KimFactory
from simpul.keuangan import selectors, services
from simpul.keuangan.models import AturanMandiri, StatusMandiri, Transaksi
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db
HARI_INI = date(2026, 11, 23)


def _status(kim):
    return StatusMandiri.objects.get(kim=kim)


def test_period_is_the_last_twelve_months_up_to_today():
    assert selectors.periode_aturan(AturanMandiri(bulan=12), HARI_INI) == (date(2025, 11, 24), HARI_INI)
    assert selectors.mundur_bulan(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert selectors.mundur_bulan(date(2024, 3, 31), 1) == date(2024, 2, 29)


def test_own_income_covering_expenses_without_budget_money_is_mandiri(catat, kim_tapalang):
    catat("masuk", "2026-01-05", 300_000, "iuran")
    catat("masuk", "2026-02-05", 200_000, "usaha")
    catat("keluar", "2026-03-05", 500_000)
    services.status_mandiri_hitung(hari_ini=HARI_INI)
    s = _status(kim_tapalang)
    assert s.mandiri and s.alasan == "mandiri"
    assert (s.pemasukan_sendiri, s.pengeluaran, s.jumlah_transaksi) == (500_000, 500_000, 3)


@pytest.mark.parametrize("entri,alasan", [
    ([("masuk", "2026-01-05", 1_000_000, "iuran"), ("masuk", "2026-05-01", 1, "dana_desa")], "dana_pemerintah"),
    ([("masuk", "2026-01-05", 1_000_000, "iuran"), ("masuk", "2026-05-01", 10, "apbd")], "dana_pemerintah"),
    ([("masuk", "2026-01-05", 100_000, "iuran"), ("keluar", "2026-05-01", 100_001, "")], "defisit"),
    ([("masuk", "2025-11-23", 100_000, "iuran")], "tanpa_catatan"),  # one day before the period
    ([("keluar", "2026-05-01", 5, "")], "defisit"),
])
def test_budget_money_deficit_or_no_entries_in_the_period_is_not_mandiri(catat, kim_tapalang, entri, alasan):
    for jenis, tgl, jumlah, sumber in entri:
        catat(jenis, tgl, jumlah, sumber)
    services.status_mandiri_hitung(hari_ini=HARI_INI)
    s = _status(kim_tapalang)
    assert not s.mandiri and s.alasan == alasan


def test_budget_money_outside_the_period_or_voided_does_not_count(catat, kim_tapalang, bendahara_kim_tapalang):
    catat("masuk", "2025-11-23", 5_000_000, "apbd")  # just outside the 12 months
    v = catat("masuk", "2026-06-01", 100, "dana_desa")
    services.transaksi_batal(actor=bendahara_kim_tapalang, transaksi=v, alasan="salah catat")
    catat("masuk", "2026-06-02", 100, "iuran")
    services.status_mandiri_hitung(hari_ini=HARI_INI)
    assert _status(kim_tapalang).mandiri


def test_regional_rule_wins_over_the_national_default(catat, kim_tapalang, diskominfo_mamuju):
    catat("masuk", "2026-06-01", 100_000, "hibah")
    services.status_mandiri_hitung(hari_ini=HARI_INI)
    assert _status(kim_tapalang).mandiri
    services.aturan_mandiri_simpan(actor=diskominfo_mamuju, wilayah=Wilayah.objects.get(kode="76.02"), bulan=12,
                                   sumber_pemerintah=["apbd", "dana_desa", "hibah"], wajib_menutup_pengeluaran=True,
                                   min_transaksi=1, deklarasi_tanpa_buku=True)
    services.status_mandiri_hitung(hari_ini=HARI_INI)
    assert _status(kim_tapalang).alasan == "dana_pemerintah"
    assert selectors.aturan_untuk("76.02.02.2003").wilayah_id == "76.02"
    assert selectors.aturan_untuk("73.71.01.1001").wilayah_id is None


def test_an_office_sets_rules_only_inside_its_region(diskominfo_makassar):
    with pytest.raises(NotFound):
        services.aturan_mandiri_simpan(actor=diskominfo_makassar, wilayah=Wilayah.objects.get(kode="76.02"),
                                       bulan=12, sumber_pemerintah=["apbd"], wajib_menutup_pengeluaran=True,
                                       min_transaksi=1, deklarasi_tanpa_buku=True)


def test_kim_without_books_keeps_its_declared_flag_unless_the_rule_says_otherwise(komdigi):
    kim = KimFactory(mandiri=True)
    services.status_mandiri_hitung(hari_ini=HARI_INI)
    assert not StatusMandiri.objects.filter(kim=kim).exists()
    assert selectors.kim_mandiri_efektif(kim)
    services.aturan_mandiri_simpan(actor=komdigi, wilayah=None, bulan=12, sumber_pemerintah=["apbd", "dana_desa"],
                                   wajib_menutup_pengeluaran=True, min_transaksi=1, deklarasi_tanpa_buku=False)
    assert _status(kim).alasan == "tanpa_catatan" and not selectors.kim_mandiri_efektif(kim)


def test_coverage_target_counts_the_status_derived_from_the_books(catat, kim_tapalang):
    # kim_tapalang is *declared* mandiri (only "iuran"); its books show dana desa money.
    catat("masuk", "2026-01-05", 100_000, "dana_desa")
    assert angka_wilayah("76.02.02").kecamatan_mandiri == 0
    # A KIM declared non-mandiri whose books show it funds itself counts.
    lain = KimFactory(desa=Wilayah.objects.get(kode="76.02.02.2006"), mandiri=False, sumber_dana=["dana_desa"])
    assert angka_wilayah("76.02.02").kim_mandiri == 0
    Transaksi.objects.create(kim=lain, jenis="masuk", sumber="usaha", tanggal=date.today(), jumlah=50_000,
                             uraian="jualan")
    services.status_mandiri_hitung()
    a = angka_wilayah("76.02.02")
    assert (a.kim_mandiri, a.kecamatan_mandiri) == (1, 1)


def test_recording_an_entry_updates_the_status_at_once(catat, kim_tapalang):
    catat("masuk", date.today(), 50_000, "iuran")
    assert _status(kim_tapalang).mandiri
    catat("masuk", date.today(), 1, "apbd")
    assert not _status(kim_tapalang).mandiri


@settings(max_examples=100, deadline=None)
@given(sendiri=st.integers(0, 10**10), pemerintah=st.integers(0, 10**10), keluar=st.integers(0, 10**10),
       n=st.integers(0, 50), tutup=st.booleans())
def test_rule_properties(sendiri, pemerintah, keluar, n, tutup):
    aturan = AturanMandiri(wajib_menutup_pengeluaran=tutup, min_transaksi=1)
    m, alasan = services.putuskan_mandiri(aturan=aturan, sendiri=sendiri, pemerintah=pemerintah, keluar=keluar,
                                          jumlah=n)
    if m:
        assert n >= 1 and pemerintah == 0 and sendiri > 0 and (sendiri >= keluar or not tutup)
    else:
        assert n == 0 or pemerintah > 0 or sendiri == 0 or (tutup and sendiri < keluar)
    assert alasan in {"mandiri", "tanpa_catatan", "dana_pemerintah", "defisit", "tanpa_pemasukan"}
