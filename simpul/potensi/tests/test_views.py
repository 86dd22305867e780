import pytest
from django.urls import reverse

from simpul.akun.testing import login_dengan_mfa
from simpul.core.testing.halaman import periksa_ringan
from simpul.potensi import services
from simpul.potensi.models import Potensi, StatusPotensi

from .conftest import DATA_KOPI, png

pytestmark = pytest.mark.django_db


def _banyak(kim, aktor, n):
    for i in range(n):
        p = services.potensi_buat(aktor=aktor, kim=kim, data={
            **DATA_KOPI, "nama": f"Sagu {i}", "kategori": "kuliner", "harga_min": str(10_000 * (i + 1)),
            "harga_maks": "", "usaha_kim": i % 2 == 0})
        services.foto_tambah(aktor=aktor, potensi=p, berkas=png())
        services.potensi_terbitkan(aktor=aktor, potensi=p)


def test_katalog_saring_dan_halaman(client, kopi, kim_tapalang, pengurus_kim_tapalang, django_assert_max_num_queries):
    _banyak(kim_tapalang, pengurus_kim_tapalang, 5)
    url = reverse("potensi:katalog")
    with django_assert_max_num_queries(8):
        r = client.get(url)
    assert r.status_code == 200 and "Kopi Robusta Orobatu" in r.text
    periksa_ringan(r, batas=50 * 1024)
    r = client.get(url, {"kategori": "kuliner"})
    assert "Kopi Robusta" not in r.text and "Sagu 0" in r.text
    r = client.get(url, {"usaha_kim": "1"})
    assert "Sagu 0" in r.text and "Sagu 1" not in r.text
    r = client.get(url, {"harga_maks": "25000"})
    assert "Sagu 1" in r.text and "Sagu 2" not in r.text and "Kopi Robusta" not in r.text
    r = client.get(url, {"wilayah": "73.71"})
    assert "Kopi Robusta" not in r.text
    r = client.get(url, {"wilayah": "76.02"})
    assert "Kopi Robusta" in r.text
    # Bad filters: a clear message, never a 500.
    r = client.get(url, {"wilayah": "xx", "harga_maks": "abc", "kategori": "<script>", "halaman": "999"})
    assert r.status_code == 200 and "tidak dikenal" in r.text


def test_katalog_kueri_tetap_berapa_pun_jumlahnya(client, kim_tapalang, pengurus_kim_tapalang,
                                                  django_assert_max_num_queries):
    _banyak(kim_tapalang, pengurus_kim_tapalang, 12)
    with django_assert_max_num_queries(8):
        client.get(reverse("potensi:katalog"))


def test_halaman_potensi_og_dan_tautan_wa(client, kopi):
    r = client.get(reverse("potensi:detail", args=[kopi.slug]))
    assert r.status_code == 200
    assert 'property="og:title" content="Kopi Robusta Orobatu"' in r.text
    assert 'property="og:image"' in r.text
    assert "https://wa.me/6281244556601?text=" in r.text
    assert "<strong>Tapalang</strong>" in r.text  # Markdown rendered
    periksa_ringan(r, batas=50 * 1024)


def test_tanpa_izin_nomor_penjual_tidak_tampil(client, kopi, pengurus_kim_tapalang):
    services.potensi_ubah(aktor=pengurus_kim_tapalang, potensi=kopi, data={**DATA_KOPI, "izin_kontak": False})
    r = client.get(reverse("potensi:detail", args=[kopi.slug]))
    assert "4455" not in r.text and "6601" not in r.text


def test_draf_dan_tersembunyi_404(client, kopi, kim_tapalang, pengurus_kim_tapalang):
    draf = services.potensi_buat(aktor=pengurus_kim_tapalang, kim=kim_tapalang, data={**DATA_KOPI, "nama": "Draf"})
    assert client.get(reverse("potensi:detail", args=[draf.slug])).status_code == 404
    services.potensi_sembunyikan(aktor=pengurus_kim_tapalang, potensi=kopi, alasan="cek")
    assert client.get(reverse("potensi:detail", args=[kopi.slug])).status_code == 404
    assert "Kopi Robusta" not in client.get(reverse("potensi:katalog")).text


def test_laporkan_lewat_halaman(client, kopi):
    url = reverse("potensi:laporkan", args=[kopi.slug])
    r = client.post(url, {"alasan": "penipuan", "catatan": "<b>nomor palsu</b>"})
    assert r.status_code == 302
    assert kopi.laporan.get().catatan == "nomor palsu"
    r = client.post(url, {"alasan": "ngawur"})
    assert r.status_code == 400 and "laporkan" in r.text


def test_kelola_buat_foto_terbit(client, kim_tapalang, pengurus_kim_tapalang, media):
    client.force_login(pengurus_kim_tapalang)
    r = client.post(reverse("potensi:kelola_baru"), {**DATA_KOPI, "kim": kim_tapalang.pk, "izin_kontak": "on",
                                                       "harga_min": "abc"})
    assert r.status_code == 200 and "angka saja" in r.text and "Kopi Robusta Orobatu" in r.text  # input kept
    r = client.post(reverse("potensi:kelola_baru"), {**DATA_KOPI, "kim": kim_tapalang.pk, "izin_kontak": "on"})
    p = Potensi.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("potensi:kelola_detail", args=[p.pk])
    r = client.post(reverse("potensi:kelola_foto", args=[p.pk]), {"foto": png(), "keterangan": "biji"})
    assert p.foto.count() == 1
    bukan = __import__("io").BytesIO(b"%PDF-1.4 not an image")
    bukan.name = "x.jpg"
    r = client.post(reverse("potensi:kelola_foto", args=[p.pk]), {"foto": bukan}, follow=True)
    assert p.foto.count() == 1 and "bukan foto" in r.text
    client.post(reverse("potensi:kelola_status", args=[p.pk]), {"aksi": "terbitkan"})
    assert Potensi.objects.get().status == StatusPotensi.TERBIT
    r = client.get(reverse("potensi:kelola"))
    assert "Kopi Robusta Orobatu" in r.text


def test_kelola_di_luar_lingkup_404(client, kopi, warga, diskominfo_makassar, kim_tapalang):
    client.force_login(warga)
    assert client.get(reverse("potensi:kelola_detail", args=[kopi.pk])).status_code == 404
    assert client.get(reverse("potensi:kelola_baru")).status_code == 404
    assert client.post(reverse("potensi:kelola_status", args=[kopi.pk]), {"aksi": "sembunyikan",
                                                                          "alasan": "x"}).status_code == 404
    login_dengan_mfa(client, diskominfo_makassar)
    assert client.get(reverse("potensi:kelola_detail", args=[kopi.pk])).status_code == 404
    assert "Kopi" not in client.get(reverse("potensi:kelola")).text


def test_diskominfo_bisa_menyembunyikan(client, kopi, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    r = client.get(reverse("potensi:kelola_detail", args=[kopi.pk]))
    assert r.status_code == 200 and "Simpan perubahan" not in r.text
    client.post(reverse("potensi:kelola_status", args=[kopi.pk]), {"aksi": "sembunyikan", "alasan": "Penipuan"})
    assert Potensi.objects.get(pk=kopi.pk).status == StatusPotensi.DISEMBUNYIKAN


def test_api_katalog_dan_detail(client, kopi, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        r = client.get("/api/v1/potensi/", {"wilayah": "76.02"})
    assert r.status_code == 200 and r.json()["items"][0]["slug"] == kopi.slug
    d = client.get(f"/api/v1/potensi/{kopi.slug}").json()
    assert d["kontak"]["wa_url"].startswith("https://wa.me/62812")
    assert client.get("/api/v1/potensi/tidak-ada").status_code == 404
    assert client.get("/api/v1/potensi/", {"wilayah": "abc"}).status_code == 400


def test_katalog_menghitung_terbatas_dan_tetap_bisa_dihalamankan(client, kim_tapalang, pengurus_kim_tapalang,
                                                                 monkeypatch, media):
    """The catalogue counts only a few pages past the one asked for (never all the country's
    listings): with more, the page says "Halaman n" without a total and still links onward; near
    the end it gets the exact count again."""
    from simpul.potensi import views

    _banyak(kim_tapalang, pengurus_kim_tapalang, 7)
    monkeypatch.setattr(views, "PER_HALAMAN", 1)  # 7 pages of one; counted up to 10 pages ahead
    url = reverse("potensi:katalog")
    r = client.get(url)
    page = r.context["page"]
    assert page.paginator.count == 7 and not page.paginator.lebih
    assert "Halaman 1 dari 7" in r.text

    from simpul.potensi import selectors

    qs = selectors.katalog()
    pg = selectors.PaginatorTerbatas(qs, 1, depan=2)
    page = pg.get_page(1)
    assert pg.lebih and pg.count == 3 and page.has_next()  # counted 3 of 7: pages 1..3 known
    pg = selectors.PaginatorTerbatas(qs, 1, depan=2)
    page = pg.get_page(3)
    assert pg.lebih and pg.count == 5 and page.has_next() and page.number == 3
    assert [p.nama for p in page] == [p.nama for p in qs[2:3]]  # same rows as slicing
    pg = selectors.PaginatorTerbatas(qs, 1, depan=2)
    page = pg.get_page(6)
    assert not pg.lebih and pg.count == 7 and page.number == 6
    pg = selectors.PaginatorTerbatas(qs, 1, depan=2)
    assert pg.get_page("bukan-angka").number == 1 and pg.get_page(99).number == 7

    monkeypatch.setattr(selectors.PaginatorTerbatas, "__init__", _terbatas_kecil(selectors.PaginatorTerbatas))
    r = client.get(url, {"halaman": "2"})
    assert r.context["page"].paginator.lebih
    assert "Halaman 2<" in r.text and "Halaman 2 dari" not in r.text and "halaman=3" in r.text


def _terbatas_kecil(kelas):
    asli = kelas.__init__

    def init(self, object_list, per_page, **kwargs):
        asli(self, object_list, per_page, depan=1)

    return init


def test_kartu_katalog_label_lokasi_dan_alamat(client, kopi):
    r = client.get(reverse("potensi:katalog"))
    assert f'href="{reverse("potensi:detail", args=[kopi.slug])}"' in r.text
    assert f"Hasil pertanian &amp; perkebunan · {kopi.desa.nama_lengkap}" in r.text


def test_api_katalog_lebih_dan_alamat_mutlak(client, kim_tapalang, pengurus_kim_tapalang, monkeypatch, media):
    from simpul.potensi import api

    _banyak(kim_tapalang, pengurus_kim_tapalang, 3)
    d = client.get("/api/v1/potensi/").json()
    assert d["count"] == 3 and d["pages"] == 1 and d["lebih"] is False
    item = d["items"][0]
    assert item["url"] == f"http://testserver/potensi/{item['slug']}/"
    assert item["foto"].startswith("http://testserver/") and item["kategori_label"] == "Makanan & minuman olahan"
    monkeypatch.setattr(api, "PER_HALAMAN", 1)
    from simpul.potensi import selectors

    monkeypatch.setattr(selectors.PaginatorTerbatas, "__init__", _terbatas_kecil(selectors.PaginatorTerbatas))
    d = client.get("/api/v1/potensi/").json()
    assert d["lebih"] is True and d["count"] == 2 and d["pages"] == 2 and len(d["items"]) == 1
    d = client.get("/api/v1/potensi/", {"halaman": 2}).json()
    assert d["lebih"] is False and d["count"] == 3 and d["pages"] == 3


def test_katalog_halaman_raksasa_tidak_galat(client, kopi):
    r = client.get(reverse("potensi:katalog"), {"halaman": "9" * 40})
    assert r.status_code == 200 and "Kopi Robusta Orobatu" in r.text
    assert client.get("/api/v1/potensi/", {"halaman": 10**15}).status_code in (200, 422)


@pytest.mark.django_db
@pytest.mark.parametrize("halaman", ["9" * 30, "-3", "dua"])
def test_catalogue_and_api_any_page_number_is_a_page_never_an_error(client, halaman):
    assert client.get(reverse("potensi:katalog"), {"halaman": halaman}).status_code == 200
    r = client.get("/api/v1/potensi/", {"halaman": halaman})
    assert r.status_code in (200, 422)  # the API validates its own parameter (ge=1, an integer)
