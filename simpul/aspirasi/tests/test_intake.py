"""Intake: the public form (no account), the self-hosted challenge, bad input, idempotency by
the offline outbox's key, rate limits, anonymity, and the KIM recording several at once."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from simpul.akun.testing import login_dengan_mfa
from simpul.aspirasi.models import Aspirasi, AspirasiEvent, Kanal, Status
from simpul.aspirasi.services import ALFABET_KODE, PANJANG_KODE
from simpul.core.testing.halaman import periksa_ringan

from .conftest import DESA, isian, jpeg

pytestmark = pytest.mark.django_db
KIRIM = reverse("aspirasi:kirim")


def test_form_publik_ringan_dan_tanpa_akun(client):
    resp = client.get(KIRIM)
    assert resp.status_code == 200
    assert b'name="token"' in resp.content and b'name="situs"' in resp.content
    periksa_ringan(resp, batas=50 * 1024)


def test_form_kosong_dirender_sekali_tetap_sama_dan_ikut_kategori(client):
    """The empty form's fields are rendered once per process and language (views._isian_kosong):
    the page carries exactly a fresh render of them, a category added, renamed or retired shows
    on the next request, each language has its own, and the challenge differs per request."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation

    from simpul.aspirasi import views
    from simpul.aspirasi.forms import AspirasiForm
    from simpul.aspirasi.models import Kategori

    views._ISIAN.clear()
    satu, dua = client.get(KIRIM).content.decode(), client.get(KIRIM).content.decode()
    segar = render_to_string("aspirasi/_kirim_isian.html", {"form": AspirasiForm()})
    assert segar in satu and segar in dua
    assert 'name="jenis" value="aspirasi"' in segar and 'name="desa"' in segar and 'name="situs"' in segar
    token = re.compile(r'name="token" value="([^"]+)"')
    assert token.search(satu).group(1) != token.search(dua).group(1)

    k = Kategori.objects.create(kode="uji-baru", nama="Kategori Uji Baru", urutan=1)
    assert "Kategori Uji Baru" in client.get(KIRIM).content.decode()
    Kategori.objects.filter(pk=k.pk).update(nama="Kategori Uji Berganti")
    html = client.get(KIRIM).content.decode()
    assert "Kategori Uji Berganti" in html and "Kategori Uji Baru" not in html
    Kategori.objects.filter(pk=k.pk).update(aktif=False)
    assert "Kategori Uji Berganti" not in client.get(KIRIM).content.decode()

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    inggris = client.get(KIRIM).content.decode()
    with translation.override("en"):
        assert render_to_string("aspirasi/_kirim_isian.html", {"form": AspirasiForm()}) in inggris
    assert segar not in inggris


def test_form_dengan_desa_di_url_dan_isian_salah_dirender_penuh(client):
    """A desa given in the URL, or a refused submission, is not the shared empty form: the page
    shows the desa and what was typed."""
    html = client.get(KIRIM, {"desa": DESA}).content.decode()
    assert f'value="{DESA}"' in html and "Orobatu" in html
    resp = client.post(KIRIM, isian(isi="pendek", judul="Judul yang diketik warga"))
    html = resp.content.decode()
    assert resp.status_code == 400 and 'value="Judul yang diketik warga"' in html and 'value="Budi Warga"' in html
    assert 'aria-invalid="true"' in html


def test_kirim_membuat_aspirasi_dengan_kode_lacak(client, kim_tapalang, kategori):
    resp = client.post(KIRIM, isian(kategori=kategori.pk, lampiran=[jpeg()]))
    assert resp.status_code == 302
    a = Aspirasi.objects.get()
    assert len(a.kode) == PANJANG_KODE and set(a.kode) <= set(ALFABET_KODE)
    assert resp["Location"] == reverse("aspirasi:status", args=[a.kode])
    assert a.status == Status.BARU and a.kanal == Kanal.WEB and a.kim == kim_tapalang
    assert a.telepon == "+6281234567890" and a.tenggat is not None
    assert AspirasiEvent.objects.filter(aspirasi=a, jenis="masuk").count() == 1
    halaman = client.get(resp["Location"])
    assert a.kode in halaman.content.decode() and "Simpan kode lacak" in halaman.content.decode()
    periksa_ringan(halaman, batas=50 * 1024)
    # the photo was re-encoded: no EXIF left
    lp = a.lampiran.get()
    with lp.berkas.open("rb") as fh:
        img = Image.open(fh)
        assert not img.getexif()


@pytest.mark.parametrize(("ubah", "field"), [
    ({"isi": "x" * 100_000}, "isi"),
    ({"telepon": "12345"}, "telepon"),
    ({"desa": "99.99.99.9999"}, "desa"),
    ({"desa": "76.02"}, "desa"),
    ({"jawaban": "7"}, "jawaban"),
    ({"jenis": "sembarang"}, "jenis"),
    ({"lat": "48.8", "lng": "2.3"}, "lat"),
])
def test_input_buruk_ditolak_dengan_jelas_isian_tetap(client, ubah, field):
    resp = client.post(KIRIM, isian(**ubah))
    assert resp.status_code == 400
    assert resp.context["form"].errors.get(field), resp.context["form"].errors
    assert "Jembatan dusun putus" in resp.content.decode()  # nothing the user typed is lost
    assert not Aspirasi.objects.exists()


def test_berkas_exe_berganti_nama_jpg_ditolak(client):
    palsu = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00" + b"\x00" * 500, content_type="image/jpeg")
    resp = client.post(KIRIM, isian(lampiran=[palsu]))
    assert resp.status_code == 400
    assert "bukan foto" in resp.content.decode()
    assert not Aspirasi.objects.exists()


def test_honeypot_dan_token_palsu(client):
    assert client.post(KIRIM, isian(situs="http://spam")).status_code == 400
    assert client.post(KIRIM, isian(token="palsu")).status_code == 400
    assert not Aspirasi.objects.exists()


def test_tantangan_sekali_pakai(client):
    data = isian()
    assert client.post(KIRIM, data).status_code == 302
    data["isi"] = "Laporan lain yang memakai token yang sama persis."
    assert client.post(KIRIM, data).status_code == 400
    assert Aspirasi.objects.count() == 1


def test_kiriman_luring_diulang_tidak_ganda(client):
    data = isian(kunci="8c0f3c0e-1d1c-4a57-9f7e-0b3b2b3c4d5e")
    r1 = client.post(KIRIM, data, HTTP_ACCEPT="application/json")
    r2 = client.post(KIRIM, data, HTTP_ACCEPT="application/json")  # same token, replayed
    assert r1.status_code == 201 and r2.status_code == 200
    assert r1.json()["kode"] == r2.json()["kode"]
    assert Aspirasi.objects.count() == 1


def test_kiriman_ulang_saat_yang_pertama_masih_disimpan(client):
    """The outbox re-sends while the first send is still being saved: the challenge is already
    claimed, by the same idempotency key, so the re-send passes it and the key answers it. The
    same token with another key (another submission) is still refused."""
    from simpul.aspirasi.forms import Tantangan

    data = isian(kunci="0d4b8a52-6f7e-4c1b-9a0e-3f2d1c0b9a87")
    assert Tantangan.periksa(data["token"], data["jawaban"], kunci=data["kunci"]) is None  # the first send
    resp = client.post(KIRIM, data, HTTP_ACCEPT="application/json")
    assert resp.status_code in (200, 201), resp.content
    lain = client.post(KIRIM, {**data, "kunci": "a-different-submission"}, HTTP_ACCEPT="application/json")
    assert lain.status_code == 400
    assert "sudah dipakai" in lain.content.decode()
    assert Aspirasi.objects.count() == 1


def test_batas_laju(client, settings):
    settings.SIMPUL_ASPIRASI_LAJU = {"kirim": (2, 600)}
    for _i in range(2):
        client.post(KIRIM, isian())
    resp = client.post(KIRIM, isian())
    assert resp.status_code == 429 and resp["Retry-After"]
    assert Aspirasi.objects.count() == 2


def test_anonim_tidak_menyimpan_nama_dan_tidak_tampil(client, diskominfo_mamuju):
    client.post(KIRIM, isian(anonim="on"))
    a = Aspirasi.objects.get()
    assert a.anonim and a.rahasia and a.nama == ""
    login_dengan_mfa(client, diskominfo_mamuju)
    html = client.get(reverse("aspirasi:kelola_detail", args=[a.pk])).content.decode()
    assert "+6281234567890" not in html and "budi@contoh.id" not in html and "Budi Warga" not in html
    assert "Anonim" in html


def test_kim_mencatat_beberapa_sekaligus(client, pengurus_kim_tapalang, kim_tapalang):
    client.force_login(pengurus_kim_tapalang)
    url = reverse("aspirasi:catat")
    assert client.get(url).status_code == 200
    data = {"kim": kim_tapalang.pk, "desa": "", "kunci": "rapat-1", "baris-TOTAL_FORMS": "3",
            "baris-INITIAL_FORMS": "0", "baris-MIN_NUM_FORMS": "0", "baris-MAX_NUM_FORMS": "20"}
    for i, isi in enumerate(["Lampu jalan dusun 1 padam sejak sebulan.", "Sinyal internet hilang di dusun 3.", ""]):
        data.update({f"baris-{i}-jenis": "aspirasi", f"baris-{i}-isi": isi, f"baris-{i}-nama": f"Warga {i}"})
    assert client.post(url, data).status_code == 302
    assert Aspirasi.objects.filter(kim=kim_tapalang, kanal=Kanal.KIM).count() == 2
    assert client.post(url, data).status_code == 302  # the outbox repeats: no duplicates
    assert Aspirasi.objects.count() == 2


def test_catat_baris_buruk_membatalkan_semua(client, pengurus_kim_tapalang, kim_tapalang):
    client.force_login(pengurus_kim_tapalang)
    data = {"kim": kim_tapalang.pk, "baris-TOTAL_FORMS": "2", "baris-INITIAL_FORMS": "0",
            "baris-0-jenis": "aspirasi", "baris-0-isi": "Isi yang cukup panjang untuk diterima.",
            "baris-1-jenis": "aspirasi", "baris-1-isi": "Isi yang juga cukup panjang.", "baris-1-telepon": "abc"}
    resp = client.post(reverse("aspirasi:catat"), data)
    assert resp.status_code == 400
    assert not Aspirasi.objects.exists()


def test_catat_bukan_pengurus_404(client, warga, anggota_kim_tapalang):
    client.force_login(warga)
    assert client.get(reverse("aspirasi:catat")).status_code == 404
    client.force_login(anggota_kim_tapalang)
    assert client.get(reverse("aspirasi:catat")).status_code == 404


def test_cari_kode(client):
    client.post(KIRIM, isian())
    a = Aspirasi.objects.get()
    resp = client.get(reverse("aspirasi:cari"), {"kode": a.kode.lower()})
    assert resp.status_code == 302
    assert client.get(reverse("aspirasi:cari"), {"kode": "TIDAKADA22"}).status_code == 404
    assert client.get(reverse("aspirasi:status", args=["ZZZZZZZZZZ"])).status_code == 404
    assert DESA in a.desa_id


def test_service_worker_dilayani_di_lingkup_aspirasi(client):
    resp = client.get(reverse("aspirasi:sw"))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/javascript")
    assert resp.wsgi_request.path == "/aspirasi/sw.js"
