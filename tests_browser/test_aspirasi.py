"""The aspiration journey in a real Chromium on a 360 px phone: a citizen fills the public form
with the network off (it waits in the offline outbox), it is sent when the signal returns and
the code appears; the KIM verifies it, Diskominfo routes it to the agency, the agency answers,
and the citizen reads the answer through the tracking code. No console error, no CSP violation,
no sideways scrolling."""

import re

import pytest

from simpul.aspirasi.models import Aspirasi, Instansi, Kategori, StafInstansi, Status
from simpul.core.testing.factories import UserFactory
from simpul.wilayah.models import Wilayah
from tests_browser.conftest import HP, layar, lebar_halaman, masuk_lewat_halaman, pantau

pytestmark = pytest.mark.browser


def _lebar_ok(page, di: str) -> None:
    assert lebar_halaman(page) <= HP["width"], f"{di}: the page scrolls sideways at 360 px"


def test_citizen_submits_offline_kim_verifies_diskominfo_routes_agency_answers(
    browser, hp, live_server, settings, kim_tapalang, pengurus_kim_tapalang, diskominfo_mamuju,
):
    settings.SIMPUL_ASPIRASI_TANTANGAN_MIN_DETIK = 0
    base = live_server.url
    hp.set_default_timeout(60_000)  # the shared test machine can be slow
    pupr = Instansi.objects.create(nama="Dinas PUPR Kabupaten Mamuju", wilayah=Wilayah.objects.get(kode="76.02"))
    staf = UserFactory(nama="Staf PUPR", email="staf.pupr@contoh.id")
    StafInstansi.objects.create(instansi=pupr, user=staf)

    # --- the citizen, on a phone, loses the signal while writing ---------------------------------
    page = hp.new_page()
    masalah = pantau(page)
    page.goto(f"{base}/aspirasi/")
    assert page.evaluate("Promise.race([navigator.serviceWorker.ready.then(() => true),"
                         " new Promise((ok) => setTimeout(() => ok(false), 20000))])"), "no service worker"
    _lebar_ok(page, "public form")
    hp.set_offline(True)
    page.get_by_role("radio", name="Pengaduan").check()
    page.fill("input[name=desa]", "76.02.02.2003")
    page.fill("input[name=judul]", "Jembatan dusun putus")
    page.fill("textarea[name=isi]", "Jembatan penghubung dusun 2 putus diterjang banjir, anak sekolah memutar jauh.")
    soal = page.locator("label[for=id_jawaban]").inner_text()
    a, b = map(int, re.findall(r"(\d+) \+ (\d+)", soal)[0])
    page.fill("input[name=jawaban]", str(a + b))
    page.get_by_role("button", name="Kirim", exact=True).click()
    page.wait_for_selector("[data-kotak-keluar]:not([hidden])")
    assert "Jembatan dusun putus" in page.locator("[data-daftar-keluar]").inner_text()
    assert not Aspirasi.objects.exists()
    layar(page, "aspirasi-outbox-360")

    # --- the signal returns: the outbox sends it, the code appears ---------------------------------
    hp.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    tautan = page.wait_for_selector("a[data-kode]")
    kode = tautan.get_attribute("data-kode")
    asp = Aspirasi.objects.get()
    assert asp.kode == kode and asp.status == Status.BARU and asp.kim == kim_tapalang
    page.evaluate("window.dispatchEvent(new Event('online'))")  # a second flush sends nothing new
    page.wait_for_timeout(500)
    assert Aspirasi.objects.count() == 1

    # --- the KIM verifies ---------------------------------------------------------------------------
    kim_page = hp.new_page()
    masalah_kim = pantau(kim_page)
    masuk_lewat_halaman(kim_page, base, pengurus_kim_tapalang)
    kim_page.goto(f"{base}/aspirasi/kelola/")
    kim_page.get_by_role("link", name="Jembatan dusun putus").click()
    _lebar_ok(kim_page, "KIM detail")
    kim_page.select_option("select[name=kategori]", str(Kategori.objects.get(kode="infrastruktur").pk))
    kim_page.get_by_role("button", name="Verifikasi", exact=True).click()
    kim_page.wait_for_selector("text=Tersimpan.")
    asp.refresh_from_db()
    assert asp.status == Status.DIVERIFIKASI

    # --- Diskominfo routes it to the agency ---------------------------------------------------------
    hp.clear_cookies()  # the pages of one context share cookies: sign the KIM officer out
    dk = hp.new_page()
    masalah_dk = pantau(dk)
    masuk_lewat_halaman(dk, base, diskominfo_mamuju)
    dk.goto(f"{base}/aspirasi/kelola/{asp.pk}/")
    if not dk.locator("select[name=instansi]").count():  # say what the page shows instead of timing out
        dk.wait_for_timeout(2000)
        assert dk.locator("select[name=instansi]").count(), (
            f"no disposition form at {dk.url}: {dk.locator('main').inner_text()[:600]!r}")
    dk.select_option("select[name=instansi]", str(pupr.pk))
    dk.get_by_role("button", name="Disposisikan").click()
    dk.wait_for_selector("text=Tersimpan.")
    asp.refresh_from_db()
    assert asp.status == Status.DIDISPOSISI and asp.instansi == pupr

    # --- the agency answers --------------------------------------------------------------------------
    hp.clear_cookies()
    ag = hp.new_page()
    masalah_ag = pantau(ag)
    masuk_lewat_halaman(ag, base, staf)
    ag.goto(f"{base}/aspirasi/kelola/")
    ag.get_by_role("link", name="Jembatan dusun putus").click()
    ag.fill("textarea[name=isi]", "Jembatan darurat dipasang Kamis; perbaikan permanen masuk anggaran bulan depan.")
    ag.get_by_role("button", name="Kirim tanggapan").click()
    ag.wait_for_selector("text=Tersimpan.")
    _lebar_ok(ag, "agency detail")

    # --- the citizen reads the answer through the tracking code --------------------------------------
    hp.clear_cookies()
    page.goto(f"{base}/aspirasi/cari/")
    page.fill("input[name=kode]", kode.lower())
    page.get_by_role("button", name="Lihat status").click()
    page.wait_for_url(f"**/aspirasi/status/{kode}/")
    assert "Jembatan darurat dipasang Kamis" in page.content()
    _lebar_ok(page, "status page")
    layar(page, "aspirasi-status-360")
    page.get_by_role("radio", name="5").check()
    page.get_by_role("button", name="Kirim penilaian").click()
    page.wait_for_selector("text=Terima kasih atas penilaian Anda.")
    asp.refresh_from_db()
    assert asp.status == Status.SELESAI and asp.penilaian == 5

    # While offline the region type-ahead's requests fail (htmx reports them): expected there only.
    luring = ("ERR_INTERNET_DISCONNECTED", "Failed to fetch", "htmx:sendError", "htmx:afterRequest")
    assert not [x for x in masalah.masalah(page) if not any(t in x for t in luring)]
    for p, m in ((kim_page, masalah_kim), (dk, masalah_dk), (ag, masalah_ag)):
        assert not m.masalah(p), m.masalah(p)
