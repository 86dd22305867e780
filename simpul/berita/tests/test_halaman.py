"""The signed-in pages: write with a photo, edit, submit, review; scope and bad input."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from simpul.akun.testing import login_dengan_mfa
from simpul.berita.models import Artikel, StatusArtikel
from simpul.berita.testing import foto_jpeg
from simpul.core.testing.halaman import periksa_ringan

pytestmark = pytest.mark.django_db

ISI = "Warga Orobatu memanen jagung bersama di ladang desa hari Sabtu."


def test_member_writes_with_a_photo_which_is_shrunk_and_stripped(client, anggota_kim_tapalang, kim_tapalang):
    client.force_login(anggota_kim_tapalang)
    periksa_ringan(client.get(reverse("berita:tulis")), batas=50 * 1024)
    resp = client.post(reverse("berita:tulis"), {
        "judul": "Panen jagung", "isi": ISI, "tag": "jagung", "foto": foto_jpeg(),
        "foto_keterangan": "Warga memanen", "ajukan": "1"})
    a = Artikel.objects.get()
    assert resp.status_code == 302 and a.status == StatusArtikel.DIAJUKAN
    data = a.foto.read()
    assert len(data) <= 150_000
    img = Image.open(io.BytesIO(data))
    assert max(img.size) <= 1600 and not img.getexif()  # EXIF (and GPS) gone


def test_a_file_that_is_not_an_image_is_refused_and_the_text_kept(client, anggota_kim_tapalang, kim_tapalang):
    client.force_login(anggota_kim_tapalang)
    palsu = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    resp = client.post(reverse("berita:tulis"), {"judul": "Panen jagung", "isi": ISI, "foto": palsu,
                                                  "foto_keterangan": "x"})
    assert resp.status_code == 200 and not Artikel.objects.exists()
    html = resp.content.decode()
    assert "bukan foto" in html and ISI in html and 'value="Panen jagung"' in html


def test_editor_reviews_from_the_queue(client, tulis, anggota_kim_tapalang, pengurus_kim_tapalang):
    from simpul.berita import services

    a = tulis()
    services.artikel_submit(actor=anggota_kim_tapalang, artikel=a)
    client.force_login(pengurus_kim_tapalang)
    assert a.judul in client.get(reverse("berita:kelola")).content.decode()
    client.post(reverse("berita:aksi", args=[a.pk, "revisi"]), {"catatan": "Tambah angka panen."})
    a.refresh_from_db()
    assert a.status == StatusArtikel.PERLU_REVISI
    client.force_login(anggota_kim_tapalang)
    assert "Tambah angka panen." in client.get(reverse("berita:ubah", args=[a.pk])).content.decode()


def test_outsiders_get_404_on_internal_pages(client, tulis, warga, diskominfo_makassar):
    a = tulis()
    client.force_login(warga)
    assert client.get(reverse("berita:kelola_detail", args=[a.pk])).status_code == 404
    assert client.get(reverse("berita:tulis")).status_code == 404
    assert client.post(reverse("berita:aksi", args=[a.pk, "setujui"])).status_code == 404
    login_dengan_mfa(client, diskominfo_makassar)
    assert client.get(reverse("berita:kelola_detail", args=[a.pk])).status_code == 404


def test_office_of_the_region_sees_and_publishes(client, tulis, anggota_kim_tapalang, diskominfo_mamuju):
    from simpul.berita import services

    a = tulis()
    services.artikel_submit(actor=anggota_kim_tapalang, artikel=a)
    login_dengan_mfa(client, diskominfo_mamuju)
    assert client.get(reverse("berita:kelola_detail", args=[a.pk])).status_code == 200
    client.post(reverse("berita:aksi", args=[a.pk, "setujui"]), {"terbit_pada": ""})
    a.refresh_from_db()
    assert a.status == StatusArtikel.TERBIT


def test_anonymous_is_sent_to_sign_in(client, tulis):
    a = tulis()
    resp = client.get(reverse("berita:kelola_detail", args=[a.pk]))
    assert resp.status_code == 302 and "/akun/login/" in resp.url


def test_api_lists_published_articles_only(client, terbit, tulis):
    a = terbit()
    d = tulis(judul="Draf rahasia sekali")
    data = client.get("/api/v1/berita/?wilayah=76.02").json()
    assert [i["slug"] for i in data["items"]] == [a.slug]
    assert client.get(f"/api/v1/berita/kim-orobatu-bersatu/{a.slug}").json()["judul"] == a.judul
    assert client.get(f"/api/v1/berita/kim-orobatu-bersatu/{d.slug}").status_code == 404
    assert client.get("/api/v1/berita/?wilayah=xx").status_code == 400


def test_editor_actions_with_bad_input_say_why_and_keep_what_was_typed(client, tulis, anggota_kim_tapalang,
                                                                       pengurus_kim_tapalang):
    from simpul.berita import services

    a = tulis()
    services.artikel_submit(actor=anggota_kim_tapalang, artikel=a)
    client.force_login(pengurus_kim_tapalang)
    resp = client.post(reverse("berita:aksi", args=[a.pk, "setujui"]), {"terbit_pada": "besok pagi"})
    assert resp.status_code == 400 and 'value="besok pagi"' in resp.content.decode()
    resp = client.post(reverse("berita:aksi", args=[a.pk, "revisi"]), {"catatan": "   "})
    assert resp.status_code == 400 and 'class="errorlist"' in resp.content.decode()
    a.refresh_from_db()
    assert a.status == StatusArtikel.DIAJUKAN
