"""The region picker in a real Chromium on a 360 px phone: type-ahead with JavaScript, name
lookup without it."""

import pytest

from tests_browser.conftest import HP, layar, lebar_halaman, pantau

pytestmark = [pytest.mark.browser, pytest.mark.urls("simpul.wilayah.tests.urls_uji")]


def test_typing_a_name_offers_regions_and_clicking_fills_the_code(browser, live_server):
    ctx = browser.new_context(viewport=HP, is_mobile=True, has_touch=True, locale="id-ID")
    page = ctx.new_page()
    masalah = pantau(page)
    page.goto(f"{live_server.url}/uji-pemilih/")
    page.fill("input[name=desa]", "tapalang")
    tombol = page.locator("[data-wilayah-kode='76.02.02.2003']")
    tombol.wait_for(timeout=10_000)
    assert "Kec. Tapalang, Kab. Mamuju, Sulawesi Barat" in tombol.inner_text()
    layar(page, "wilayah-pemilih-360")
    tombol.click()
    assert page.input_value("input[name=desa]") == "76.02.02.2003"
    assert "Desa Orobatu — Kec. Tapalang" in page.locator(".wilayah-terpilih").inner_text()
    assert page.locator("[data-wilayah-kode]").count() == 0  # the options closed
    assert lebar_halaman(page) <= HP["width"]
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#hasil").inner_text() == "76.02.02.2003"
    assert masalah.masalah(page) == []
    ctx.close()


def test_without_javascript_an_ambiguous_name_lists_codes_to_choose_from(browser, live_server):
    ctx = browser.new_context(viewport=HP, is_mobile=True, has_touch=True, java_script_enabled=False)
    page = ctx.new_page()
    page.goto(f"{live_server.url}/uji-pemilih/")
    page.fill("input[name=desa]", "tapalang")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    galat = page.locator(".errorlist").inner_text()
    assert "Ketik kode salah satunya" in galat and "76.02.02.2003 — Desa Orobatu" in galat
    assert page.input_value("input[name=desa]") == "tapalang"
    page.fill("input[name=desa]", "76.02.02.2003")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#hasil").inner_text() == "76.02.02.2003"
    ctx.close()
