"""Citizen journalism end to end on a phone, and axe-core on the key public pages.

axe-core is vendored for the tests only (tests_browser/vendor/axe/, MPL-2.0, from `npm pack
axe-core`); it is injected through the DevTools protocol and never served to users.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests_browser.conftest import HP, lebar_halaman, masuk_lewat_halaman, pantau

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe" / "axe.min.js").read_text()


def _foto(tmp_path) -> str:
    img = Image.new("RGB", (3000, 2000), (180, 150, 60))
    for x in range(0, 3000, 9):
        for y in range(0, 2000, 13):
            img.putpixel((x, y), (x % 255, y % 255, (x * y) % 255))
    path = tmp_path / "panen.jpg"
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    path.write_bytes(buf.getvalue())
    return str(path)


def _hp(browser, live_server):
    ctx = browser.new_context(viewport=HP, screen=HP, device_scale_factor=2, is_mobile=True, has_touch=True,
                              locale="id-ID", base_url=live_server.url)
    ctx.set_default_timeout(15_000)
    return ctx


def test_member_writes_with_photo_editor_asks_revision_then_it_is_published_everywhere(
        browser, page, live_server, kim_tapalang, anggota_kim_tapalang, pengurus_kim_tapalang, tmp_path):
    base = live_server.url
    masalah = pantau(page)
    # The member writes on a phone, with a photo, and submits.
    masuk_lewat_halaman(page, base, anggota_kim_tapalang)
    page.goto(f"{base}/berita/kelola/tulis/")
    page.fill("input[name=judul]", "Panen raya jagung di Orobatu")
    page.fill("textarea[name=isi]", "Warga Orobatu memanen jagung bersama di lahan kelompok tani pada Sabtu pagi.")
    page.fill("input[name=tag]", "jagung, panen")
    page.set_input_files("input[name=foto]", _foto(tmp_path))
    page.fill("input[name=foto_keterangan]", "Warga memanen jagung")
    assert lebar_halaman(page) <= HP["width"]
    page.click("button[name=ajukan]")
    page.wait_for_load_state()
    assert "Menunggu penyuntingan" in page.locator("main").inner_text()
    url_kelola = page.url

    # The ketua asks for a revision.
    ctx2 = _hp(browser, live_server)
    ketua = ctx2.new_page()
    masuk_lewat_halaman(ketua, base, pengurus_kim_tapalang)
    ketua.goto(f"{base}/berita/kelola/")
    ketua.get_by_role("link", name="Panen raya jagung di Orobatu").click()
    ketua.fill("textarea[name=catatan]", "Tambahkan berapa ton hasil panennya.")
    ketua.get_by_role("button", name="Minta revisi").click()
    ketua.wait_for_load_state()
    assert "Perlu revisi" in ketua.locator("main").inner_text()

    # The member sees the note, fixes the text and resubmits.
    page.goto(url_kelola)
    assert "Tambahkan berapa ton" in page.locator("main").inner_text()
    page.get_by_role("button", name="Ubah").click()
    page.fill("textarea[name=isi]", "Warga Orobatu memanen 12 ton jagung bersama di lahan kelompok tani pada Sabtu pagi.")
    page.click("button[name=ajukan]")
    page.wait_for_load_state()
    assert "Menunggu penyuntingan" in page.locator("main").inner_text()

    # The ketua approves: it is published at once.
    ketua.goto(url_kelola)
    ketua.get_by_role("button", name="Setujui dan terbitkan").click()
    ketua.wait_for_load_state()
    assert "Terbit" in ketua.locator("main").inner_text()
    ctx2.close()

    # A visitor (no session) finds it on the KIM site, the region home, the feed and in search.
    ctx3 = _hp(browser, live_server)
    warga = ctx3.new_page()
    warga.goto(f"{base}/kim-orobatu-bersatu/")
    warga.get_by_role("link", name="Panen raya jagung di Orobatu").first.click()
    warga.wait_for_load_state()
    assert "12 ton" in warga.locator("article").inner_text()
    img = warga.locator("article figure img")
    assert img.evaluate("i => i.complete && i.naturalWidth > 0") and img.evaluate("i => i.naturalWidth") <= 1600
    assert warga.locator("ul.bagikan a").first.get_attribute("href").startswith("https://wa.me/")
    assert lebar_halaman(warga) <= HP["width"]
    warga.goto(f"{base}/76.02/")
    assert warga.get_by_role("link", name="Panen raya jagung di Orobatu").count() == 1
    rss = warga.request.get(f"{base}/kim-orobatu-bersatu/rss/")
    assert rss.ok and "Panen raya jagung di Orobatu" in rss.text()
    warga.goto(f"{base}/cari/?q=jagung")
    assert warga.get_by_role("link", name="Panen raya jagung di Orobatu").count() >= 1, warga.locator("main").inner_text()
    ctx3.close()
    assert masalah.masalah(page) == []


def _axe(page) -> list[str]:
    page.evaluate(AXE)
    hasil = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
    }""")
    return hasil


def test_key_public_pages_have_no_serious_accessibility_violations(page, live_server, kim_tapalang,
                                                                   anggota_kim_tapalang, pengurus_kim_tapalang):
    from simpul.berita import services
    from simpul.portal.urls_publik import url_artikel

    a = services.artikel_create(actor=anggota_kim_tapalang, kim=kim_tapalang, judul="Kerja bakti saluran air",
                                isi="Warga membersihkan saluran air.\n\n## Hasil\n\n- 2 km saluran\n- 40 warga")
    services.artikel_submit(actor=anggota_kim_tapalang, artikel=a)
    services.artikel_approve(actor=pengurus_kim_tapalang, artikel=a)
    temuan = {}
    for url in ("/", "/76/", "/76.02/", "/kim-orobatu-bersatu/", "/kim-orobatu-bersatu/berita/", url_artikel(a), "/berita/"):
        page.goto(f"{live_server.url}{url}")
        hasil = _axe(page)
        if hasil:
            temuan[url] = hasil
    assert temuan == {}


def test_public_pages_work_without_javascript(browser, live_server, kim_tapalang):
    ctx = browser.new_context(viewport=HP, is_mobile=True, has_touch=True, java_script_enabled=False)
    p = ctx.new_page()
    p.goto(f"{live_server.url}/76.02/berita/")
    p.select_option("select[name=kategori]", "")
    p.get_by_role("button", name="Saring").click()
    p.wait_for_load_state()
    assert "/76.02/berita/" in p.url
    p.goto(f"{live_server.url}/kim-orobatu-bersatu/")
    assert p.locator("h1").inner_text() == "KIM Orobatu Bersatu"
    ctx.close()
