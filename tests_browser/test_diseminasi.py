"""Dissemination on a 360 px phone: the kabupaten office writes a campaign for Kecamatan Tapalang
and publishes it; a KIM member opens the inbox, acknowledges it and reports the reach; the office
dashboard shows that reach. No console error, no CSP violation, no sideways scrolling.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.diseminasi.models import LaporanJangkauan, Penerimaan
from tests_browser.conftest import HP, layar, lebar_halaman, masuk_lewat_halaman, pantau

pytestmark = pytest.mark.browser

JUDUL = "Klarifikasi hoaks: air PDAM tidak beracun"


def _sempit(page, di: str) -> None:
    assert lebar_halaman(page) <= HP["width"], f"{di}: the page scrolls sideways at 360 px"


def test_office_publishes_member_reports_reach_on_a_phone_dashboard_shows_it(
    browser, hp, live_server, diskominfo_mamuju, kim_tapalang, anggota_kim_tapalang,
):
    base = live_server.url
    hari_ini = timezone.localdate()

    # --- the office writes and publishes --------------------------------------------------------
    page = hp.new_page()
    masalah = pantau(page)
    masuk_lewat_halaman(page, base, diskominfo_mamuju)
    page.goto(f"{base}/diseminasi/kampanye/baru/")
    page.fill("input[name=judul]", JUDUL)
    page.fill("textarea[name=isi]", "Pesan berantai soal air PDAM beracun **tidak benar**. Sumber: Dinkes.")
    page.select_option("select[name=kategori]", "klarifikasi_hoaks")
    page.select_option("select[name=prioritas]", "mendesak")
    page.fill("input[name=mulai]", (hari_ini - timedelta(days=1)).isoformat())
    page.fill("input[name=selesai]", (hari_ini + timedelta(days=14)).isoformat())
    page.fill("textarea[name=target]", "76.02.02")
    _sempit(page, "campaign form")
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_url("**/diseminasi/kampanye/*/")
    page.get_by_role("button", name="Terbitkan ke semua KIM sasaran").click()
    page.wait_for_load_state()
    assert "1 KIM baru menerimanya" in page.locator("main").inner_text()
    url_dasbor = page.url
    assert masalah.masalah(page) == []

    # --- a member on a phone: inbox, acknowledge, report ----------------------------------------
    hp2 = browser.new_context(viewport=HP, screen=HP, device_scale_factor=2, is_mobile=True, has_touch=True,
                              locale="id-ID", base_url=base)
    try:
        m = hp2.new_page()
        masalah_m = pantau(m)
        masuk_lewat_halaman(m, base, anggota_kim_tapalang)
        m.goto(f"{base}/diseminasi/")
        _sempit(m, "inbox")
        m.get_by_role("link", name=JUDUL).click()
        m.wait_for_url("**/diseminasi/terima/*/")
        m.get_by_role("button", name="Tandai sudah diterima").click()
        m.wait_for_load_state()
        m.select_option("select[name=saluran]", "grup_whatsapp")
        m.fill("input[name=jumlah_orang]", "87")
        _sempit(m, "campaign page")
        layar(m, "diseminasi-lapor-360")
        m.get_by_role("button", name="Kirim laporan").click()
        m.wait_for_load_state()
        assert "Laporan jangkauan tersimpan" in m.locator("main").inner_text()
        assert "87 orang" in m.locator("#laporan").inner_text()
        assert masalah_m.masalah(m) == []
    finally:
        hp2.close()
    p = Penerimaan.objects.get(kim=kim_tapalang)
    assert p.diakui_pada is not None and p.jangkauan == 87
    assert LaporanJangkauan.objects.count() == 1

    # --- the office dashboard shows the reach ---------------------------------------------------
    page.goto(url_dasbor)
    teks = page.locator("main").inner_text()
    assert "100.0%" in teks or "100,0%" in teks
    assert "87" in page.locator(".ringkas").inner_text()
    _sempit(page, "dashboard")
    layar(page, "diseminasi-dasbor-360")
    assert masalah.masalah(page) == []
