"""A training, end to end, on 360 px phones: the kabupaten Diskominfo creates a pelatihan for
Kecamatan Tapalang and announces it; a KIM member registers, checks in through the QR URL,
fills the evaluation and downloads the certificate; the public verification page confirms it.
No console error, no CSP violation, no sideways scrolling."""

from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.pembinaan import services
from simpul.pembinaan.models import Kegiatan, Peserta
from tests_browser.conftest import HP, layar, lebar_halaman, masuk_lewat_halaman, pantau

pytestmark = pytest.mark.browser

JUDUL = "Pelatihan membuat video pendek untuk KIM"


def _lebar(page, di: str) -> None:
    assert lebar_halaman(page) <= HP["width"], f"{di}: the page scrolls sideways at 360 px"


def test_officer_creates_a_training_member_checks_in_by_qr_and_downloads_the_certificate(
        browser, hp, live_server, diskominfo_mamuju, anggota_kim_tapalang):
    base = live_server.url
    sekarang = timezone.localtime()

    # --- the office creates and announces the training --------------------------------------------
    page = hp.new_page()
    masalah = pantau(page)
    masuk_lewat_halaman(page, base, diskominfo_mamuju)
    page.goto(f"{base}/pembinaan/kelola/baru/")
    _lebar(page, "new event form")
    page.select_option("select[name=jenis]", "pelatihan")
    page.fill("input[name=judul]", JUDUL)
    page.fill("input[name=program]", "Literasi digital")
    page.fill("input[name=wilayah]", "76.02.02")
    page.fill("input[name=penyelenggara]", "Diskominfo Kabupaten Mamuju")
    page.fill("input[name=mulai]", (sekarang - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=selesai]", (sekarang + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=pendaftaran_tutup]", (sekarang + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=tempat]", "Aula Kantor Camat Tapalang")
    page.fill("input[name=kapasitas]", "30")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url("**/pembinaan/kelola/*/")
    k = Kegiatan.objects.get(judul=JUDUL)
    assert k.wilayah_id == "76.02.02"
    page.get_by_role("button", name="Umumkan dan kirim undangan").click()
    page.wait_for_load_state()
    k.refresh_from_db()
    assert k.status == "terbit"
    _lebar(page, "organiser page")
    page.goto(f"{base}/pembinaan/kelola/{k.pk}/qr/")
    assert page.locator("figure.qr-presensi svg").count() == 1
    _lebar(page, "QR page")
    layar(page, "pembinaan-qr-360")
    assert masalah.masalah(page) == []
    page.close()

    # --- a member of KIM Orobatu Bersatu, on their own phone ------------------------------------------
    hp2 = browser.new_context(viewport=HP, screen=HP, is_mobile=True, has_touch=True, locale="id-ID",
                              base_url=base)
    try:
        page = hp2.new_page()
        masalah = pantau(page)
        masuk_lewat_halaman(page, base, anggota_kim_tapalang)
        page.goto(f"{base}/pembinaan/")
        page.get_by_role("link", name=JUDUL).click()
        page.wait_for_url(f"**/pembinaan/{k.pk}/")
        _lebar(page, "event page")
        page.get_by_role("button", name="Daftar").click()
        page.wait_for_load_state()
        assert "Anda terdaftar" in page.locator("main").inner_text()

        # the QR code on the projector holds this URL; the phone's camera opens it
        page.goto(base + services.url_hadir(k))
        assert "Anda tercatat hadir" in page.locator("main").inner_text()
        _lebar(page, "check-in page")
        layar(page, "pembinaan-hadir-360")
        page.locator("a", has_text="Ke halaman kegiatan").click()
        page.locator("a", has_text="Isi evaluasi").click()
        page.wait_for_url("**/evaluasi/")
        _lebar(page, "evaluation")
        for nama, nilai in (("nilai_materi", "5"), ("nilai_narasumber", "4"), ("nilai_penyelenggaraan", "4"),
                            ("nilai_manfaat", "5")):
            page.check(f"input[name={nama}][value='{nilai}']")
        page.fill("textarea[name=saran]", "Tambah waktu praktik menyunting video.")
        page.get_by_role("button", name="Kirim evaluasi").click()
        page.wait_for_url(f"**/pembinaan/{k.pk}/")
        with page.expect_download() as unduh:
            page.locator("a", has_text="Unduh sertifikat (PDF)").click()
        berkas = unduh.value
        assert berkas.suggested_filename.endswith(".pdf")
        with open(berkas.path(), "rb") as fh:
            assert fh.read(5) == b"%PDF-"
        assert masalah.masalah(page) == []
        kode = Peserta.objects.get(kegiatan=k, user=anggota_kim_tapalang).sertifikat_kode
        assert kode

        # --- anyone can verify it -------------------------------------------------------------------
        publik = browser.new_context(viewport=HP, screen=HP, is_mobile=True, locale="id-ID")
        try:
            page = publik.new_page()
            masalah = pantau(page)
            page.goto(f"{base}/pembinaan/sertifikat/")
            page.fill("input[name=kode]", kode.lower())
            page.get_by_role("button", name="Periksa").click()
            page.wait_for_load_state()
            teks = page.locator("main").inner_text()
            assert "Sertifikat sah" in teks and anggota_kim_tapalang.nama in teks and JUDUL in teks
            _lebar(page, "verification page")
            assert masalah.masalah(page) == []
            resp = page.goto(f"{base}/pembinaan/sertifikat/PALSU-0000-0000/")
            assert resp.status == 404 and "Tidak sah" in page.locator("main").inner_text()
            layar(page, "pembinaan-verifikasi-palsu-360")
        finally:
            publik.close()
    finally:
        hp2.close()
