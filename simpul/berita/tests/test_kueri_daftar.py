"""Query counts of every news list page, feed and list endpoint do not grow with the rows.

Each test measures a list with a few articles, adds more (each from its own KIM and desa, by
its own author, with a category, tags and a photo) and asserts the same number of queries
within a fixed budget. Public pages are cached for anonymous visitors: every anonymous
measurement starts with a cold cache."""

import pytest
from django.urls import reverse

from simpul.akun.models import User
from simpul.akun.testing import login_dengan_mfa
from simpul.berita import services
from simpul.berita.testing import foto_jpeg
from simpul.core.testing.factories import AnggotaFactory, KimFactory, PengurusFactory, UserFactory
from simpul.core.testing.kueri import kueri_tetap, kueri_tetap_semua
from simpul.wilayah.models import Tingkat, Wilayah

pytestmark = pytest.mark.django_db

ISI = "Warga bergotong royong memperbaiki jalan desa pada hari Minggu pagi. " * 3


def _berita(n: int, awal: int = 0, *, sampai: str = "terbit", penulis=None) -> None:
    """``n`` articles, each by a new KIM in its own desa of Mamuju, written by ``penulis`` (a
    member of every KIM) or a new member, and taken up to ``sampai`` (draf, diajukan, terbit)."""
    kategori = [
        services.kategori_pastikan(nama=f"Rubrik {j}", slug=f"rubrik-{j}") for j in range(3)
    ]
    desa = Wilayah.objects.filter(tingkat=Tingkat.DESA, kode__startswith="76.02.").order_by("kode")
    for i, d in enumerate(desa[awal : awal + n], start=awal):
        kim = KimFactory(desa=d)
        oleh = penulis or UserFactory()
        AnggotaFactory(kim=kim, user=oleh)
        oleh = User.objects.get(pk=oleh.pk)  # the grants are read once per user object
        ketua = UserFactory()
        PengurusFactory(anggota=AnggotaFactory(kim=kim, user=ketua), kim=kim)
        a = services.artikel_create(
            actor=oleh,
            kim=kim,
            judul=f"Berita Kueri {i:02d}",
            isi=ISI,
            kategori=kategori[i % 3],
            tag=f"kueri, tag-{i}",
            foto=foto_jpeg(ukuran=(64, 48), exif_gps=False),
            foto_keterangan="Warga bekerja",
        )
        if sampai == "draf":
            continue
        services.artikel_submit(actor=oleh, artikel=a)
        if sampai == "terbit":
            services.artikel_approve(actor=ketua, artikel=a)


def test_public_news_lists_feeds_and_api_queries_do_not_grow(client, django_assert_max_num_queries):
    _berita(3)

    def get(url, **params):
        return lambda: client.get(url, params)

    daftar = reverse("berita:daftar")
    api = "/api/v1/berita/"
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {
            "list": (get(daftar), 4),
            "list by category": (get(daftar, kategori="rubrik-1"), 4),
            "list by tag": (get(daftar, tag="kueri"), 4),
            "rss": (get(reverse("berita:rss")), 2),
            "atom": (get(reverse("berita:atom")), 2),
            "api": (get(api), 2),
            "api by region": (get(api, wilayah="76.02"), 2),
            "api by category and tag": (get(api, kategori="rubrik-1", tag="kueri"), 2),
        },
        tambah=lambda: _berita(10, awal=3),
        dingin=True,
    )
    for label in ("list", "rss", "atom"):
        assert "Berita Kueri 12" in hasil[label].content.decode(), label
    assert hasil["api by region"].json()["count"] == 13
    assert hasil["api by category and tag"].json()["count"] == 4


def test_national_news_list_signed_in_queries_do_not_grow(
    client, warga, django_assert_max_num_queries
):
    _berita(3)
    client.force_login(warga)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get(reverse("berita:daftar")),
        tambah=lambda: _berita(10, awal=3),
        batas=9,
    )
    assert "Berita Kueri 12" in resp.content.decode()


def test_manage_page_own_articles_queries_do_not_grow(client, warga, django_assert_max_num_queries):
    _berita(3, sampai="draf", penulis=warga)
    client.force_login(warga)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get(reverse("berita:kelola")),
        tambah=lambda: _berita(10, awal=3, sampai="draf", penulis=warga),
        batas=8,
    )
    assert "Berita Kueri 12" in resp.content.decode()


def test_manage_page_review_queue_queries_do_not_grow(
    client, diskominfo_mamuju, django_assert_max_num_queries
):
    _berita(3, sampai="diajukan")
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = kueri_tetap(
        django_assert_max_num_queries,
        lambda: client.get(reverse("berita:kelola")),
        tambah=lambda: _berita(10, awal=3, sampai="diajukan"),
        batas=8,
    )
    assert len(resp.context["antrean"]) == 13
