from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from simpul.core.errors import NotFound, ValidationError
from simpul.keuangan import selectors, services
from simpul.keuangan.models import Transaksi, TransaksiEvent
from simpul.keuangan.rupiah import format_rupiah, parse_rupiah

from .conftest import foto_jpeg

pytestmark = pytest.mark.django_db


def _saldo_halaman(kim, **kw):
    qs, awal = selectors.transaksi_buku(kim, **kw)
    return [(t.uraian, t.saldo) for t in selectors.dengan_saldo(qs, awal)]


def test_running_balance_follows_booking_order_and_skips_voided_entries(catat, kim_tapalang,
                                                                         bendahara_kim_tapalang):
    catat("masuk", "2025-01-05", 100_000, "iuran", uraian="A")
    catat("keluar", "2025-01-10", 30_000, uraian="B")
    c = catat("masuk", "2025-02-01", 50_000, "usaha", uraian="C")
    catat("masuk", "2025-01-07", 20_000, "hibah", uraian="D")  # booked later, dated earlier
    services.transaksi_batal(actor=bendahara_kim_tapalang, transaksi=c, alasan="dobel")
    # by hand: A 100.000; D 120.000; B 90.000; C void
    assert _saldo_halaman(kim_tapalang) == [("C", None), ("B", 90_000), ("D", 120_000), ("A", 100_000)]
    assert selectors.saldo(kim_tapalang) == 90_000


def test_a_month_view_carries_the_balance_of_earlier_months(catat, kim_tapalang):
    catat("masuk", "2025-01-05", 100_000, "iuran", uraian="A")
    catat("keluar", "2025-02-03", 40_000, uraian="B")
    catat("masuk", "2025-02-20", 15_000, "usaha", uraian="C")
    catat("keluar", "2025-03-01", 5_000, uraian="D")
    assert _saldo_halaman(kim_tapalang, tahun=2025, bulan=2) == [("C", 75_000), ("B", 60_000)]


def test_correction_changes_later_balances_and_keeps_the_old_version(catat, kim_tapalang,
                                                                      bendahara_kim_tapalang):
    a = catat("masuk", "2025-01-05", 100_000, "iuran", uraian="A")
    catat("keluar", "2025-01-10", 30_000, uraian="B")
    services.transaksi_koreksi(actor=bendahara_kim_tapalang, transaksi=a, alasan="salah ketik",
                               jenis="masuk", sumber="iuran", tanggal=date(2025, 1, 5), jumlah="150.000",
                               uraian="A")
    assert _saldo_halaman(kim_tapalang) == [("B", 120_000), ("A", 150_000)]
    a.refresh_from_db()
    assert a.versi == 2
    ev = TransaksiEvent.objects.filter(transaksi=a, jenis="dikoreksi").get()
    assert ev.sebelum["jumlah"] == 100_000 and ev.sesudah["jumlah"] == 150_000
    assert ev.alasan == "salah ketik" and ev.aktor == bendahara_kim_tapalang
    assert list(selectors.riwayat_transaksi(a).values_list("jenis", flat=True)) == ["dikoreksi", "dicatat"]


def test_correction_needs_a_reason_and_a_change(catat, bendahara_kim_tapalang):
    a = catat("masuk", "2025-01-05", 100_000, "iuran", uraian="A")
    kw = {"jenis": "masuk", "sumber": "iuran", "tanggal": date(2025, 1, 5), "jumlah": 100_000, "uraian": "A"}
    with pytest.raises(ValidationError) as e:
        services.transaksi_koreksi(actor=bendahara_kim_tapalang, transaksi=a, alasan=" ", **kw)
    assert e.value.field == "alasan"
    with pytest.raises(ValidationError, match="Tidak ada yang berubah"):
        services.transaksi_koreksi(actor=bendahara_kim_tapalang, transaksi=a, alasan="cek", **kw)


def test_void_is_kept_idempotent_and_cannot_be_corrected(catat, bendahara_kim_tapalang):
    a = catat("masuk", "2025-01-05", 100_000, "iuran")
    services.transaksi_batal(actor=bendahara_kim_tapalang, transaksi=a, alasan="dobel")
    services.transaksi_batal(actor=bendahara_kim_tapalang, transaksi=a, alasan="dobel lagi")
    a.refresh_from_db()
    assert a.batal and a.alasan_batal == "dobel" and Transaksi.objects.filter(pk=a.pk).exists()
    assert TransaksiEvent.objects.filter(transaksi=a, jenis="dibatalkan").count() == 1
    with pytest.raises(ValidationError):
        services.transaksi_koreksi(actor=bendahara_kim_tapalang, transaksi=a, alasan="x", jenis="masuk",
                                   sumber="iuran", tanggal=date(2025, 1, 5), jumlah=1, uraian="x")


def test_monthly_and_yearly_summaries_match_hand_computed_figures(catat, kim_tapalang, bendahara_kim_tapalang):
    catat("masuk", "2024-12-20", 200_000, "iuran")
    catat("masuk", "2025-01-05", 100_000, "iuran")
    catat("masuk", "2025-01-06", 250_000, "usaha")
    catat("keluar", "2025-01-31", 80_000)
    catat("keluar", "2025-03-15", 20_000)
    v = catat("masuk", "2025-03-16", 999_000, "apbd")
    services.transaksi_batal(actor=bendahara_kim_tapalang, transaksi=v, alasan="salah KIM")
    bulan = selectors.ringkasan_bulanan(kim_tapalang, 2025)
    jan, feb, mar = bulan[0], bulan[1], bulan[2]
    assert (jan.saldo_awal, jan.masuk, jan.keluar, jan.saldo_akhir) == (200_000, 350_000, 80_000, 470_000)
    assert jan.per_sumber["iuran"] == 100_000 and jan.per_sumber["usaha"] == 250_000
    assert (feb.saldo_awal, feb.masuk, feb.keluar, feb.saldo_akhir) == (470_000, 0, 0, 470_000)
    assert (mar.masuk, mar.keluar, mar.saldo_akhir) == (0, 20_000, 450_000)
    assert bulan[11].saldo_akhir == 450_000
    tahun = selectors.ringkasan_tahunan(kim_tapalang)
    assert [(r.tahun, r.saldo_awal, r.masuk, r.keluar, r.saldo_akhir) for r in tahun] == [
        (2024, 0, 200_000, 0, 200_000), (2025, 200_000, 350_000, 100_000, 450_000)]


@pytest.mark.parametrize("teks,nilai", [
    ("1500000", 1_500_000), ("1.500.000", 1_500_000), ("Rp 1.500.000", 1_500_000), ("rp1.500.000,00", 1_500_000),
    (" 25.000 ", 25_000), (7, 7),
])
def test_amounts_typed_the_indonesian_way_are_read(teks, nilai):
    assert parse_rupiah(teks) == nilai


@pytest.mark.parametrize("teks,pesan", [
    ("-5000", "lebih dari nol"), ("0", "lebih dari nol"), ("lima ribu", "angka rupiah"), ("1,5", "tanpa sen"),
    ("", "Isi jumlah"), ("100000000000000", "terlalu besar"), ("1.50.000", "angka rupiah"), ("1e9", "angka rupiah"),
])
def test_bad_amounts_get_clear_messages(teks, pesan):
    with pytest.raises(ValidationError, match=pesan) as e:
        parse_rupiah(teks)
    assert e.value.field == "jumlah"


def test_rupiah_is_shown_with_dots():
    assert format_rupiah(1_500_000) == "Rp1.500.000"
    assert format_rupiah(-2500) == "−Rp2.500"
    assert format_rupiah(0) == "Rp0"


def test_future_date_income_without_source_and_wrong_receipt_are_refused(catat):
    besok = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="masa depan"):
        catat("masuk", besok, 1000, "iuran")
    with pytest.raises(ValidationError) as e:
        catat("masuk", "2025-01-01", 1000, "")
    assert e.value.field == "sumber"
    exe = SimpleUploadedFile("kuitansi.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError) as e:
        catat("keluar", "2025-01-01", 1000, bukti=exe)
    assert e.value.field == "bukti" and "program" in e.value.message
    assert not Transaksi.objects.exists()


def test_receipt_photo_is_reencoded_and_pdf_kept(catat):
    t = catat("keluar", "2025-01-01", 1000, bukti=foto_jpeg())
    assert t.bukti.name.endswith(".jpg") and t.bukti_jenis == "image/jpeg"
    pdf = SimpleUploadedFile("nota.pdf", b"%PDF-1.4 nota")
    t2 = catat("keluar", "2025-01-02", 2000, bukti=pdf)
    assert t2.bukti_jenis == "application/pdf" and t2.bukti.read() == b"%PDF-1.4 nota"


def test_a_retried_form_records_the_entry_once(catat):
    a = catat("masuk", "2025-01-05", 100_000, "iuran", kunci="abc123")
    b = catat("masuk", "2025-01-05", 100_000, "iuran", kunci="abc123")
    assert a.pk == b.pk and Transaksi.objects.count() == 1


def test_only_the_bendahara_and_ketua_write_the_book(kim_tapalang, anggota_kim_tapalang, pengurus_kim_tapalang,
                                                      diskominfo_mamuju):
    kw = {"kim": kim_tapalang, "jenis": "masuk", "sumber": "iuran", "tanggal": date(2025, 1, 1), "jumlah": 10,
          "uraian": "x"}
    for u in (anggota_kim_tapalang, diskominfo_mamuju):
        with pytest.raises(NotFound):
            services.transaksi_catat(actor=u, **kw)
    assert services.transaksi_catat(actor=pengurus_kim_tapalang, **kw).pk
