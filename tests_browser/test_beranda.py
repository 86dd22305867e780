"""Smoke test: the home page on a 360 px phone, in a real Chromium."""

import pytest

from tests_browser.conftest import HP, layar, lebar_halaman, pantau

pytestmark = pytest.mark.browser


def test_home_page_on_a_phone_loads_without_console_errors_or_csp_violations(page, live_server, kim_tapalang):
    masalah = pantau(page)

    resp = page.goto(f"{live_server.url}/")

    assert resp.status == 200
    assert "script-src 'self' 'nonce-" in resp.headers["content-security-policy"]
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Simpul"
    assert page.locator(".ringkas strong").first.inner_text() == "1"  # one active KIM
    assert page.evaluate("typeof htmx") == "object", "htmx (loaded with a nonce) did not run"
    assert lebar_halaman(page) <= HP["width"], "the page scrolls sideways at 360 px"
    layar(page, "beranda-360")
    assert masalah.masalah(page) == []


def test_home_search_box_works_on_a_phone_without_javascript(browser, live_server):
    ctx = browser.new_context(viewport=HP, is_mobile=True, has_touch=True, java_script_enabled=False)
    page = ctx.new_page()
    page.goto(f"{live_server.url}/")
    page.fill("input[name=q]", "tapalang")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    assert page.url.startswith(f"{live_server.url}/wilayah/cari/") and "q=tapalang" in page.url
    assert page.get_by_role("link", name="Tapalang").count() >= 1, page.locator("main").inner_text()
    ctx.close()


def test_language_switch_in_the_footer_works_without_javascript(browser, live_server):
    ctx = browser.new_context(viewport=HP, is_mobile=True, has_touch=True, java_script_enabled=False)
    page = ctx.new_page()
    page.goto(f"{live_server.url}/kim/")
    page.select_option("footer select[name=language]", "en")
    page.click("footer form button[type=submit]")
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/kim/"  # back on the same page
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="KIM directory").count() >= 1
    ctx.close()
