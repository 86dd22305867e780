"""The search page, the API and the rebuilds of regions and KIMs."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from simpul.cari import services
from simpul.cari.models import Dokumen
from simpul.cari.selectors import cari
from simpul.core.testing.halaman import periksa_ringan

pytestmark = pytest.mark.django_db


@pytest.fixture
def indeks(kim_tapalang, kim_makassar):
    services.reindeks_wilayah()
    services.reindeks_kim()
    services.indeks_simpan(jenis="berita", objek_id=1, judul="Panen kopi robusta di Orobatu",
                           isi="Warga Tapalang memanen kopi.", url="/berita/1/", wilayah_kode="76.02.02.2003")


def test_reindeks_wilayah_dan_kim(indeks, kim_tapalang):
    assert Dokumen.objects.filter(jenis="wilayah", objek_id="76.02.02").get().judul == "Kecamatan Tapalang"
    desa = Dokumen.objects.get(jenis="wilayah", objek_id="76.02.02.2003")
    assert desa.judul == "Desa Orobatu" and "Kecamatan Tapalang" in desa.isi and desa.url == "/wilayah/76.02.02.2003/"
    k = Dokumen.objects.get(jenis="kim", objek_id=str(kim_tapalang.pk))
    assert k.url == reverse("kim:profil", args=[kim_tapalang.slug]) and k.wilayah_kode == "76.02.02.2003"
    # Set-based and idempotent.
    n = Dokumen.objects.count()
    services.reindeks_wilayah()
    services.reindeks_kim()
    assert Dokumen.objects.count() == n


def test_kim_draf_tidak_diindeks(indeks):
    from simpul.core.testing.factories import KimFactory
    KimFactory(nama="KIM Rahasia Draf", status="draf")
    services.reindeks_kim()
    assert cari("rahasia").dokumen == []


def test_salah_ketik_wilayah_dan_kim(indeks):
    assert cari("tapalng", jenis="wilayah").dokumen[0].judul == "Kecamatan Tapalang"
    assert [d.judul for d in cari("orobatu bersat", jenis="kim").dokumen] == ["KIM Orobatu Bersatu"]


def test_halaman_cari(client, indeks, django_assert_max_num_queries):
    url = reverse("cari:cari")
    with django_assert_max_num_queries(4):
        r = client.get(url, {"q": "kopi robsta"})
    assert r.status_code == 200 and "Panen kopi robusta di Orobatu" in r.text
    assert "robusta" in r.text  # the "did you mean" link
    periksa_ringan(r, batas=50 * 1024)
    r = client.get(url, {"q": "tapalng", "jenis": "wilayah", "wilayah": "76"})
    assert "Kecamatan Tapalang" in r.text
    r = client.get(url, {"q": "kopi", "wilayah": "73.71"})
    assert "Panen kopi" not in r.text
    periksa_ringan(client.get(url), batas=50 * 1024)


def test_halaman_cari_masukan_buruk(client, indeks):
    url = reverse("cari:cari")
    for params in ({"q": "<script>alert(1)</script>"}, {"q": "x" * 5000}, {"wilayah": "zz", "q": "kopi"},
                   {"halaman": "-1", "q": "kopi"}, {"jenis": "rahasia", "q": "kopi"}, {"q": "\x00"}):
        r = client.get(url, params)
        assert r.status_code == 200
        assert "<script>alert(1)" not in r.text


def test_api_cari(client, indeks, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        r = client.get("/api/v1/cari/", {"q": "kopi robsta"})
    data = r.json()
    assert r.status_code == 200 and data["items"][0]["judul"] == "Panen kopi robusta di Orobatu"
    assert data["koreksi"] == {"robsta": "robusta"}
    assert client.get("/api/v1/cari/", {"halaman": "0"}).status_code == 422
    # A malformed region code is refused, not silently widened to every region.
    assert client.get("/api/v1/cari/", {"q": "kopi", "wilayah": "abc"}).status_code == 400


def test_perintah_reindeks(indeks, kim_tapalang):
    Dokumen.objects.all().delete()
    call_command("reindeks")
    assert Dokumen.objects.filter(jenis="kim").count() == 2
    assert [d.judul for d in cari("tapalang", jenis="wilayah").dokumen][0] == "Kecamatan Tapalang"
