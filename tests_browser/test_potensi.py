"""A citizen on a 360 px phone browses the local-potential catalogue with a filter, opens a
listing, sees its WhatsApp order link, then searches with a typo and still finds it. No console
error, no CSP violation, no sideways scrolling."""

import pytest

from simpul.cari.services import reindeks_kim, reindeks_wilayah
from simpul.potensi import services
from simpul.potensi.tests.conftest import DATA_KOPI, png
from tests_browser.conftest import HP, layar, lebar_halaman, pantau

pytestmark = pytest.mark.browser


def _terbit(aktor, kim, data):
    p = services.potensi_buat(aktor=aktor, kim=kim, data=data)
    services.foto_tambah(aktor=aktor, potensi=p, berkas=png(), keterangan=p.nama)
    return services.potensi_terbitkan(aktor=aktor, potensi=p)


def test_citizen_filters_the_catalogue_opens_a_listing_orders_on_whatsapp_and_finds_it_with_a_typo(
    page, live_server, kim_tapalang, pengurus_kim_tapalang, settings, tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    _terbit(pengurus_kim_tapalang, kim_tapalang, DATA_KOPI)
    _terbit(pengurus_kim_tapalang, kim_tapalang, {
        "nama": "Sagu Lempeng Tapalang", "kategori": "kuliner", "harga_min": "15000", "satuan": "per ikat"})
    _terbit(pengurus_kim_tapalang, kim_tapalang, {
        "nama": "Homestay Pantai Dungkait", "kategori": "penginapan", "harga_min": "250000",
        "satuan": "per malam", "usaha_kim": True})
    reindeks_wilayah()
    reindeks_kim()
    base = live_server.url
    masalah = pantau(page)

    page.goto(f"{base}/potensi/?wilayah=76.02")
    assert "Kopi Robusta Orobatu" in page.content() and "Sagu Lempeng" in page.content()
    page.select_option("select[name=kategori]", "pertanian")
    page.get_by_role("button", name="Saring").click()
    page.wait_for_url("**kategori=pertanian**")
    assert "Sagu Lempeng" not in page.content()
    assert lebar_halaman(page) <= HP["width"], "the catalogue scrolls sideways at 360 px"
    layar(page, "potensi-katalog-360")

    page.get_by_role("link", name="Kopi Robusta Orobatu").click()
    page.wait_for_url("**/potensi/kopi-robusta-orobatu/")
    wa = page.get_by_role("button", name="Pesan lewat WhatsApp")
    assert wa.get_attribute("href").startswith("https://wa.me/6281244556601?text=")
    assert lebar_halaman(page) <= HP["width"], "the listing scrolls sideways at 360 px"
    layar(page, "potensi-detail-360")

    page.goto(f"{base}/cari/")
    page.fill("input[name=q]", "kopi robsta")
    page.get_by_role("button", name="Cari").last.click()
    page.wait_for_url("**/cari/?q=kopi+robsta**")
    page.get_by_role("link", name="Kopi Robusta Orobatu").click()
    page.wait_for_url("**/potensi/kopi-robusta-orobatu/")

    page.goto(f"{base}/cari/?q=tapalng")
    assert "Kecamatan Tapalang" in page.content()
    assert lebar_halaman(page) <= HP["width"], "the search page scrolls sideways at 360 px"
    layar(page, "cari-360")
    assert masalah.masalah(page) == []
