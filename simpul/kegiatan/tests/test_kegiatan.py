import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from simpul.akun.testing import login_dengan_mfa
from simpul.core.testing.factories import KimFactory
from simpul.core.testing.halaman import periksa_ringan
from simpul.kegiatan import selectors, services
from simpul.kegiatan.models import Kegiatan
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


def _foto(ukuran=(2400, 1800)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.effect_noise(ukuran, 90).convert("RGB").save(buf, "JPEG", quality=98)
    return SimpleUploadedFile("kegiatan.jpg", buf.getvalue(), "image/jpeg")


def _catat(actor, kim, **kw):
    data = {"jenis": "diseminasi", "judul": "Sosialisasi vaksin", "tanggal": timezone.localdate(),
            "ringkasan": "Sosialisasi jadwal vaksin di balai desa.", "jumlah_peserta": 25} | kw
    return services.kegiatan_catat(actor=actor, kim=kim, **data)


def test_ketua_records_an_activity_with_a_compressed_photo_and_it_shows_on_the_profile(
        client, pengurus_kim_tapalang, kim_tapalang):
    client.force_login(pengurus_kim_tapalang)
    anggota = kim_tapalang.anggota.first()
    r = client.post(reverse("kegiatan:catat", args=[kim_tapalang.pk]), {
        "jenis": "diseminasi", "judul": "Sosialisasi vaksin", "tanggal": timezone.localdate().isoformat(),
        "ringkasan": "Sosialisasi jadwal vaksin di balai desa.", "jumlah_peserta": 25, "peserta": [anggota.pk],
        "publik": "on", "foto": _foto(), "kunci": "abc123"})
    assert r.status_code == 302, r.content
    k = Kegiatan.objects.get()
    assert k.foto.get().ukuran <= services.MAKS_BYTES_FOTO
    # a retried submission (same key) does not record twice
    client.post(reverse("kegiatan:catat", args=[kim_tapalang.pk]), {
        "jenis": "diseminasi", "judul": "Sosialisasi vaksin", "tanggal": timezone.localdate().isoformat(),
        "ringkasan": "Sosialisasi jadwal vaksin di balai desa.", "jumlah_peserta": 25, "kunci": "abc123"})
    assert Kegiatan.objects.count() == 1
    html = Template("{% load kegiatan %}{% kegiatan_terbaru kim %}").render(Context({"kim": kim_tapalang}))
    assert "Sosialisasi vaksin" in html
    client.logout()
    r = client.get(reverse("kegiatan:detail", args=[k.pk]))
    assert r.status_code == 200 and anggota.nama not in r.text  # participants' names stay internal


def test_bad_input_gets_clear_messages(client, pengurus_kim_tapalang, kim_tapalang):
    client.force_login(pengurus_kim_tapalang)
    url = reverse("kegiatan:catat", args=[kim_tapalang.pk])
    dasar = {"jenis": "rapat", "judul": "Rapat anggota", "ringkasan": "Rapat rutin bulanan anggota.",
             "jumlah_peserta": 5}
    besok = (timezone.localdate() + timedelta(days=1)).isoformat()
    r = client.post(url, dasar | {"tanggal": besok})
    assert r.status_code == 200 and "masa depan" in r.text
    r = client.post(url, dasar | {"tanggal": timezone.localdate().isoformat(),
                                  "foto": SimpleUploadedFile("x.jpg", b"bukan foto", "image/jpeg")})
    assert r.status_code == 200 and "bukan foto" in r.text and "Rapat rutin bulanan" in r.text
    assert not Kegiatan.objects.exists()


def test_plain_member_and_outsiders_cannot_record(client, anggota_kim_tapalang, warga, kim_tapalang):
    for u in (anggota_kim_tapalang, warga):
        client.force_login(u)
        assert client.get(reverse("kegiatan:catat", args=[kim_tapalang.pk])).status_code == 404


def test_internal_activity_is_hidden_from_the_public(client, pengurus_kim_tapalang, kim_tapalang, warga):
    k = _catat(pengurus_kim_tapalang, kim_tapalang, publik=False, judul="Rapat internal")
    client.force_login(warga)
    assert client.get(reverse("kegiatan:detail", args=[k.pk])).status_code == 404
    assert "Rapat internal" not in client.get(reverse("kegiatan:daftar", args=[kim_tapalang.pk])).text
    client.force_login(pengurus_kim_tapalang)
    assert client.get(reverse("kegiatan:detail", args=[k.pk])).status_code == 200


def test_activities_per_kim_selector_is_set_based(pengurus_kim_tapalang, kim_tapalang,
                                                  django_assert_num_queries):
    hari_ini = timezone.localdate()
    _catat(pengurus_kim_tapalang, kim_tapalang)
    _catat(pengurus_kim_tapalang, kim_tapalang, tanggal=hari_ini - timedelta(days=1))
    _catat(pengurus_kim_tapalang, kim_tapalang, tanggal=hari_ini - timedelta(days=100))
    lain = KimFactory()
    with django_assert_num_queries(1):
        hasil = selectors.jumlah_kegiatan_per_kim(hari_ini - timedelta(days=30), hari_ini)
    assert hasil == {kim_tapalang.pk: 2} and lain.pk not in hasil


def test_monthly_pdf_report(client, pengurus_kim_tapalang, kim_tapalang, warga):
    hari_ini = timezone.localdate()
    _catat(pengurus_kim_tapalang, kim_tapalang, foto=[_foto((800, 600))])
    url = reverse("kegiatan:laporan", args=[kim_tapalang.pk, hari_ini.year, hari_ini.month])
    client.force_login(pengurus_kim_tapalang)
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    client.force_login(warga)
    assert client.get(url).status_code == 404


def test_region_rollup_is_scoped(client, pengurus_kim_tapalang, kim_tapalang, diskominfo_mamuju,
                                 diskominfo_makassar, django_assert_max_num_queries):
    _catat(pengurus_kim_tapalang, kim_tapalang, jumlah_peserta=30)
    KimFactory(desa=Wilayah.objects.get(kode="76.02.02.2006"))
    login_dengan_mfa(client, diskominfo_mamuju)
    with django_assert_max_num_queries(16):  # fixed: sign-in/MFA checks + 2 grouped counts
        r = client.get(reverse("kegiatan:rekap"), {"wilayah": "76.02.02"})
    assert r.status_code == 200
    baris = {b.wilayah.kode: b for b in r.context["baris"]}
    assert baris["76.02.02.2003"].kegiatan == 1 and baris["76.02.02.2003"].peserta == 30
    assert r.context["total"]["kim_aktif"] == 2 and r.context["total"]["kim_berkegiatan"] == 1
    periksa_ringan(r, batas=50 * 1024)
    r = client.get(reverse("kegiatan:rekap"), {"wilayah": "76.02", "format": "csv"})
    assert b"Tapalang" in b"".join(r.streaming_content)
    login_dengan_mfa(client, diskominfo_makassar)
    assert client.get(reverse("kegiatan:rekap"), {"wilayah": "76.02"}).status_code == 404


def test_list_page_query_budget_and_weight(client, pengurus_kim_tapalang, kim_tapalang,
                                           django_assert_max_num_queries):
    for i in range(8):
        _catat(pengurus_kim_tapalang, kim_tapalang, judul=f"Kegiatan {i}", tanggal=date.today() - timedelta(days=i))
    client.force_login(pengurus_kim_tapalang)
    with django_assert_max_num_queries(10):
        r = client.get(reverse("kegiatan:daftar", args=[kim_tapalang.pk]))
    assert r.status_code == 200
    periksa_ringan(r, batas=50 * 1024)
    for url in (reverse("kegiatan:beranda"), reverse("kegiatan:catat", args=[kim_tapalang.pk])):
        periksa_ringan(client.get(url), batas=50 * 1024)


def test_api_public_activities_and_scoped_rollup(client, pengurus_kim_tapalang, kim_tapalang, diskominfo_mamuju,
                                                 diskominfo_makassar):
    _catat(pengurus_kim_tapalang, kim_tapalang)
    _catat(pengurus_kim_tapalang, kim_tapalang, publik=False, judul="Rapat internal")
    data = client.get(f"/api/v1/kegiatan/kim/{kim_tapalang.slug}").json()
    assert [d["judul"] for d in data] == ["Sosialisasi vaksin"]
    assert client.get(f"/api/v1/kegiatan/kim/{kim_tapalang.slug}", {"bulan": "x"}).status_code == 400
    assert client.get("/api/v1/kegiatan/rekap", {"wilayah": "76.02"}).status_code == 401
    login_dengan_mfa(client, diskominfo_mamuju)
    rows = client.get("/api/v1/kegiatan/rekap", {"wilayah": "76.02"}).json()
    assert sum(r["kegiatan"] for r in rows) == 2
    login_dengan_mfa(client, diskominfo_makassar)
    assert client.get("/api/v1/kegiatan/rekap", {"wilayah": "76.02"}).status_code == 404
