"""The main journey, in a real Chromium on a 360 px phone: a desa operator forms a KIM through
the wizard, the kabupaten Diskominfo verifies it, and the coverage page shows the desa covered.

Both people sign in through the real pages (password, then the TOTP code: government roles must
use MFA). Along the way: no console error, no CSP violation, no sideways scrolling.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import DESA_TAPALANG
from simpul.kim.models import Kim, StatusKim
from simpul.kim.tests.test_services_bantuan import JPEG, PDF
from tests_browser.conftest import HP, layar, lebar_halaman, masuk_lewat_halaman, pantau

pytestmark = pytest.mark.browser

NAMA_KIM = "KIM Orobatu Cerdas"
KECAMATAN = DESA_TAPALANG.rsplit(".", 1)[0]  # 76.02.02, Kecamatan Tapalang


def _lanjut(page, langkah_berikut: int) -> None:
    page.get_by_role("button", name="Simpan & lanjut").click()
    page.wait_for_url(f"**/langkah/{langkah_berikut}/")


def _tanpa_gulir_samping(page, di: str) -> None:
    assert lebar_halaman(page) <= HP["width"], f"{di}: the page scrolls sideways at 360 px"


def _berkas(nama: str, isi: bytes, jenis: str) -> dict:
    return {"name": nama, "mimeType": jenis, "buffer": isi}


def _baris_desa(page):
    return page.locator(f'[id="desa-{DESA_TAPALANG}"]')


def test_officer_forms_a_kim_on_a_phone_diskominfo_verifies_it_and_the_desa_counts_as_covered(
    browser, hp, live_server, operator_desa_orobatu, diskominfo_mamuju,
):
    hari_ini = timezone.localdate()
    base = live_server.url

    # Before: Orobatu has no KIM.
    page = hp.new_page()
    masalah = pantau(page)
    page.goto(f"{base}/cakupan/{KECAMATAN}/")
    assert "belum ada KIM" in _baris_desa(page).inner_text()

    # --- the desa operator forms the KIM ------------------------------------------------------
    masuk_lewat_halaman(page, base, operator_desa_orobatu)
    page.goto(f"{base}/")
    page.get_by_role("link", name="Bentuk KIM").click()
    page.wait_for_url("**/kim/kelola/baru/")
    _tanpa_gulir_samping(page, "wizard step 1")
    layar(page, "wizard-1-identitas-360")

    # 1. identity: the operator's desa is already filled in
    assert page.locator("input[name=desa]").input_value() == DESA_TAPALANG
    page.fill("input[name=nama]", NAMA_KIM)
    page.fill("input[name=alamat]", "Balai Desa Orobatu")
    page.fill("input[name=telepon]", "0812 3456 7001")
    page.fill("input[name=tanggal_berdiri]", (hari_ini - timedelta(days=20)).isoformat())
    page.check("input[name=sumber_dana][value=iuran]")
    page.check("input[name=sumber_dana][value=usaha]")
    _lanjut(page, 2)
    kim = Kim.objects.get(nama=NAMA_KIM)
    assert kim.status == StatusKim.DRAF and kim.desa_id == DESA_TAPALANG

    # 2. members: three adults on the rows of one page
    _tanpa_gulir_samping(page, "wizard step 2")
    layar(page, "wizard-2-anggota-360")
    for i, (nama, jk) in enumerate([("Siti Rahma", "P"), ("Andi Baso", "L"), ("Nur Aisyah", "P")]):
        page.fill(f"input[name=anggota-{i}-nama]", nama)
        page.select_option(f"select[name=anggota-{i}-jenis_kelamin]", jk)
        page.select_option(f"select[name=anggota-{i}-kelompok_umur]", "26-35")
    _lanjut(page, 3)

    # 3. core officers, chosen among the members
    _tanpa_gulir_samping(page, "wizard step 3")
    page.select_option("select[name=inti-ketua]", label="Siti Rahma")
    page.select_option("select[name=inti-sekretaris]", label="Andi Baso")
    page.select_option("select[name=inti-bendahara]", label="Nur Aisyah")
    _lanjut(page, 4)

    # 4. the SK (decree), a PDF
    _tanpa_gulir_samping(page, "wizard step 4")
    page.fill("input[name=nomor]", "141/12/KPTS/2026")
    page.fill("input[name=tanggal]", (hari_ini - timedelta(days=10)).isoformat())
    page.select_option("select[name=penerbit_jenis]", "kepala_desa")
    page.fill("input[name=penerbit_nama]", "Kepala Desa Orobatu")
    page.fill("input[name=berlaku_sampai]", (hari_ini + timedelta(days=3 * 365)).isoformat())
    page.set_input_files("input[name=berkas]", _berkas("sk.pdf", PDF, "application/pdf"))
    _lanjut(page, 5)

    # 5. founding-meeting minutes and attendance (a PDF and a photo)
    _tanpa_gulir_samping(page, "wizard step 5")
    page.set_input_files("input[name=notulen]", _berkas("notulen.pdf", PDF, "application/pdf"))
    page.set_input_files("input[name=daftar_hadir]", _berkas("hadir.jpg", JPEG, "image/jpeg"))
    _lanjut(page, 6)

    # 6. check and submit
    _tanpa_gulir_samping(page, "wizard step 6")
    layar(page, "wizard-6-periksa-360")
    assert page.get_by_text("Semua persyaratan sudah lengkap").count() == 1, page.locator("main").inner_text()
    page.get_by_role("button", name="Ajukan untuk verifikasi").click()
    page.wait_for_url(f"**/kim/kelola/{kim.pk}/")
    kim.refresh_from_db()
    assert kim.status == StatusKim.DIAJUKAN
    assert masalah.masalah(page) == []
    page.close()

    # --- the kabupaten Diskominfo verifies it, on its own phone ---------------------------------
    kantor = browser.new_context(viewport=HP, screen=HP, is_mobile=True, has_touch=True, locale="id-ID")
    try:
        page = kantor.new_page()
        masalah = pantau(page)
        masuk_lewat_halaman(page, base, diskominfo_mamuju)
        page.goto(f"{base}/kim/kelola/verifikasi/")
        _tanpa_gulir_samping(page, "verification queue")
        page.get_by_role("link", name=NAMA_KIM).click()
        page.wait_for_url(f"**/kim/kelola/verifikasi/{kim.pk}/")
        _tanpa_gulir_samping(page, "verification page")
        setujui = page.locator("form:has(input[name=aksi][value=setujui])")
        kotak = setujui.locator("input[type=checkbox]")
        assert kotak.count() >= 1
        layar(page, "verifikasi-360")
        for i in range(kotak.count()):
            kotak.nth(i).check()
        setujui.get_by_role("button", name="Setujui dan aktifkan").click()
        page.wait_for_load_state()
        kim.refresh_from_db()
        assert kim.status == StatusKim.AKTIF, page.locator("main").inner_text()

        # --- the coverage page now counts Orobatu as covered --------------------------------
        page.goto(f"{base}/cakupan/{KECAMATAN}/")
        _tanpa_gulir_samping(page, "coverage page")
        baris = _baris_desa(page)
        assert "belum ada KIM" not in baris.inner_text()
        assert baris.locator("td.angka").first.inner_text() == "1"  # one active KIM
        assert baris.get_by_role("link", name="Orobatu").count() == 1
        layar(page, "cakupan-tapalang-360")
        assert masalah.masalah(page) == []
    finally:
        kantor.close()

    # And the public directory lists it, for anyone.
    publik = browser.new_context(viewport=HP, is_mobile=True, has_touch=True)
    try:
        anon = publik.new_page()
        anon.goto(f"{base}/kim/?wilayah={DESA_TAPALANG}")
        assert anon.get_by_role("link", name=NAMA_KIM).count() == 1
    finally:
        publik.close()
