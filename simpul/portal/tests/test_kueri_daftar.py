"""Query counts of the portal's list pages and feeds do not grow with the rows (no N+1).

The home page, region pages, KIM sites, their news lists, feeds and sitemaps show news,
local products, activities, KIMs and officers. Each test measures them with a few of each,
adds more (in more desa, from more KIMs, with photos, categories, tags), and asserts the same
number of queries within a fixed budget. Anonymous visitors get cached pages: every anonymous
measurement starts with a cold cache, so the real rendering is counted; signed-in users are
measured too (they are never served from the cache)."""

import io

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from simpul.akun.models import User
from simpul.berita import services as berita
from simpul.berita.testing import foto_jpeg
from simpul.core.peran import Jabatan
from simpul.core.testing.factories import AnggotaFactory, KimFactory, PengurusFactory, UserFactory
from simpul.core.testing.kueri import kueri_tetap_semua
from simpul.kegiatan import services as kegiatan
from simpul.potensi import services as potensi
from simpul.wilayah.models import Tingkat, Wilayah

pytestmark = pytest.mark.django_db

PENGURUS_LAIN = (Jabatan.SEKRETARIS, Jabatan.BENDAHARA, Jabatan.SEKSI, Jabatan.SEKSI)
ISI = "Warga bergotong royong memperbaiki jalan desa pada hari Minggu pagi. " * 3


def _png():
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 80, 40)).save(buf, format="PNG")
    buf.seek(0)
    buf.name = "foto.png"
    return buf


def _kim_dengan_ketua(desa: Wilayah):
    kim = KimFactory(desa=desa)
    ketua = UserFactory()
    PengurusFactory(anggota=AnggotaFactory(kim=kim, user=ketua), kim=kim, jabatan=Jabatan.KETUA)
    return kim, User.objects.get(pk=ketua.pk)


def _isi(kim, ketua, i: int) -> None:
    """One published article, one published local product and one public activity of ``kim``,
    each with a photo."""
    kategori = berita.kategori_pastikan(nama=f"Rubrik {i % 3}", slug=f"rubrik-{i % 3}")
    a = berita.artikel_create(
        actor=ketua,
        kim=kim,
        judul=f"Berita Kueri {i:02d}",
        isi=ISI,
        kategori=kategori,
        tag=f"kueri, tag-{i}",
        foto=foto_jpeg(ukuran=(64, 48), exif_gps=False),
        foto_keterangan="Warga bekerja",
    )
    berita.artikel_submit(actor=ketua, artikel=a)
    berita.artikel_approve(actor=ketua, artikel=a)
    p = potensi.potensi_buat(
        aktor=ketua,
        kim=kim,
        data={
            "nama": f"Produk Kueri {i:02d}",
            "kategori": "pertanian",
            "deskripsi": "Hasil kebun warga.",
            "harga_min": "10000",
            "satuan": "per kg",
            "penjual_nama": "Pak Sangkala",
        },
    )
    potensi.foto_tambah(aktor=ketua, potensi=p, berkas=_png(), keterangan="Produk")
    potensi.potensi_terbitkan(aktor=ketua, potensi=p)
    kegiatan.kegiatan_catat(
        actor=ketua,
        kim=kim,
        jenis="diseminasi",
        judul=f"Kegiatan Kueri {i:02d}",
        tanggal=timezone.localdate(),
        ringkasan="Sosialisasi jadwal vaksin di balai desa.",
        jumlah_peserta=10,
        foto=[foto_jpeg(ukuran=(64, 48), exif_gps=False)],
    )


def _wilayah(awal: int, n: int) -> None:
    """``n`` KIMs in ``n`` more desa of Kecamatan Tapalang and Kabupaten Mamuju, each with an
    article, a product and an activity."""
    desa = Wilayah.objects.filter(tingkat=Tingkat.DESA, kode__startswith="76.02.").order_by("kode")
    for i, d in enumerate(desa[awal : awal + n], start=awal):
        _isi(*_kim_dengan_ketua(d), i)


def _permintaan(client) -> dict:
    def get(url):
        return lambda: client.get(url)

    return {
        "home": (get("/"), 8),
        "national news": (get("/berita/"), 4),
        "province": (get("/76/"), 10),
        "kab/kota": (get("/76.02/"), 10),
        "kab/kota news": (get("/76.02/berita/?kategori=rubrik-1"), 5),
        "kab/kota rss": (get("/76.02/rss/"), 2),
        "kab/kota atom": (get("/76.02/atom/"), 2),
        "sitemap": (get("/sitemap.xml"), 6),
        "sitemap news": (get("/sitemap-berita.xml"), 2),
        "sitemap kim": (get("/sitemap-kim.xml"), 2),
        "sitemap regions": (get("/sitemap-wilayah.xml"), 2),
    }


def test_region_pages_news_feeds_and_sitemaps_queries_do_not_grow(
    client, warga, django_assert_max_num_queries
):
    """Anonymous (cold cache) and signed in (never cached: + the session, the user, their
    grants and KIM positions)."""
    _wilayah(0, 3)
    masuk = Client()
    masuk.force_login(warga)
    batas_masuk = {"home": 13, "province": 15, "kab/kota": 15, "kab/kota news": 10}
    permintaan = {
        **_permintaan(client),
        **{
            f"{label}, signed in": (minta, batas_masuk[label])
            for label, (minta, _anonim) in _permintaan(masuk).items()
            if label in batas_masuk
        },
    }
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries, permintaan, tambah=lambda: _wilayah(3, 10), dingin=True
    )
    assert "Berita Kueri 12" in hasil["kab/kota rss"].content.decode()
    assert "Produk Kueri 12" in hasil["kab/kota"].content.decode()
    assert "Produk Kueri 12" in hasil["kab/kota, signed in"].content.decode()


def test_kim_site_pages_and_feeds_queries_do_not_grow(client, warga, django_assert_max_num_queries):
    """Anonymous (cold cache) and signed in (+ the session, the user, their grants)."""
    kim, ketua = _kim_dengan_ketua(Wilayah.objects.get(kode="76.02.02.2003"))

    def tambah(awal, n, pengurus=()):
        for i in range(awal, awal + n):
            _isi(kim, ketua, i)
        for jabatan in pengurus:
            PengurusFactory(anggota=AnggotaFactory(kim=kim), kim=kim, jabatan=jabatan)

    tambah(0, 3)
    masuk = Client()
    masuk.force_login(warga)
    situs = f"/{kim.slug}/"
    halaman = {
        "site": (situs, 9),
        "site under /k/": (f"/k/{kim.slug}/", 9),
        "news": (f"{situs}berita/", 5),
        "news by tag": (f"{situs}berita/?tag=kueri", 5),
        "rss": (f"{situs}rss/", 3),
        "atom": (f"{situs}atom/", 3),
    }

    def get(klien, url):
        return lambda: klien.get(url)

    permintaan = {}
    for label, (url, batas) in halaman.items():
        permintaan[label] = (get(client, url), batas)
        permintaan[f"{label}, signed in"] = (get(masuk, url), batas + 5)
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        permintaan,
        tambah=lambda: tambah(3, 10, pengurus=PENGURUS_LAIN),
        dingin=True,
    )
    for label in ("site", "site, signed in"):
        html = hasil[label].content.decode()
        assert "Berita Kueri 12" in html and "Produk Kueri 12" in html
