"""The bendahara of KIM Orobatu Bersatu keeps the cash book on a 360 px phone: records the
members' dues and an expense with a photo of the receipt, then sees the balance and the monthly
summary. No console error, no CSP violation, no sideways scrolling."""

import io

import pytest
from django.utils import timezone
from PIL import Image

from simpul.core.peran import Jabatan
from simpul.core.testing.factories import AnggotaFactory, PengurusFactory, UserFactory
from simpul.keuangan.models import Transaksi
from tests_browser.conftest import HP, layar, lebar_halaman, masuk_lewat_halaman, pantau

pytestmark = pytest.mark.browser


def _foto() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (1200, 900), (230, 220, 200)).save(buf, "JPEG")
    return buf.getvalue()


def test_bendahara_records_income_and_an_expense_with_a_receipt_photo_on_a_phone(page, live_server, kim_tapalang):
    user = UserFactory(nama="Bendahara Orobatu", email="bendahara.hp@contoh.id")
    PengurusFactory(anggota=AnggotaFactory(kim=kim_tapalang, user=user, nama=user.nama), kim=kim_tapalang,
                    jabatan=Jabatan.BENDAHARA)
    base = live_server.url
    masalah = pantau(page)
    masuk_lewat_halaman(page, base, user)

    page.goto(f"{base}/keuangan/")
    page.get_by_role("link", name="KIM Orobatu Bersatu").click()
    page.get_by_role("button", name="Catat pemasukan").click()
    hari_ini = timezone.localdate()
    page.get_by_label("Pemasukan", exact=True).check()
    page.get_by_label("Sumber dana (untuk pemasukan)").select_option("iuran")
    page.get_by_label("Tanggal").fill(hari_ini.isoformat())
    page.get_by_label("Jumlah (Rp)").fill("250.000")
    page.get_by_label("Uraian").fill("Iuran anggota bulan ini")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"**/keuangan/kim/{kim_tapalang.pk}/")
    assert "Rp250.000" in page.locator("#saldo").inner_text()

    page.get_by_role("button", name="Catat pengeluaran").click()
    assert page.get_by_label("Pengeluaran", exact=True).is_checked()
    page.get_by_label("Tanggal").fill(hari_ini.isoformat())
    page.get_by_label("Jumlah (Rp)").fill("-40000")  # a typo first: a clear message, input kept
    page.get_by_label("Uraian").fill("Pulsa data untuk grup WhatsApp")
    page.get_by_label("Bukti/kuitansi (foto atau PDF)").set_input_files(
        {"name": "kuitansi.jpg", "mimeType": "image/jpeg", "buffer": _foto()})
    page.get_by_role("button", name="Simpan").click()
    assert "lebih dari nol" in page.locator("#galat-jumlah").inner_text()
    assert page.get_by_label("Uraian").input_value() == "Pulsa data untuk grup WhatsApp"
    assert lebar_halaman(page) <= HP["width"], "the form scrolls sideways at 360 px"
    page.get_by_label("Jumlah (Rp)").fill("40.000")
    page.get_by_label("Bukti/kuitansi (foto atau PDF)").set_input_files(
        {"name": "kuitansi.jpg", "mimeType": "image/jpeg", "buffer": _foto()})
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"**/keuangan/kim/{kim_tapalang.pk}/")

    assert "Rp210.000" in page.locator("#saldo").inner_text()
    ringkasan = page.locator("#ringkasan-bulanan").inner_text()
    assert "Rp250.000" in ringkasan and "Rp40.000" in ringkasan and "Rp210.000" in ringkasan
    assert lebar_halaman(page) <= HP["width"], "the book scrolls sideways at 360 px"
    layar(page, "keuangan-buku-360")
    t = Transaksi.objects.get(jenis="keluar")
    assert t.bukti and t.bukti_jenis == "image/jpeg" and t.jumlah == 40_000
    assert masalah.masalah(page) == []
