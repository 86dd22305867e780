"""The public portal: national, region and KIM homes, articles, feeds, sitemap, cache, domains."""

import re
from html.parser import HTMLParser

import pytest
from django.test import override_settings
from django.urls import reverse

from simpul.berita import services
from simpul.core.testing.factories import KimFactory
from simpul.core.testing.halaman import periksa_ringan
from simpul.kim.models import StatusKim
from simpul.portal.models import DomainSitus
from simpul.portal.urls_publik import url_artikel, url_situs
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db

XSS = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'


class _Pemeriksa(HTMLParser):
    """Collects what a browser would run: script tags without a static src, on* attributes,
    javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.temuan = []

    def handle_starttag(self, tag, attrs):
        for nama, nilai in attrs:
            if nama.startswith("on"):
                self.temuan.append(f"{tag} {nama}")
            if nama in ("href", "src") and (nilai or "").strip().lower().startswith("javascript:"):
                self.temuan.append(f"{tag} {nama}={nilai}")
        if tag == "script" and not (dict(attrs).get("src") or "").startswith("/static/"):
            self.temuan.append("script")


def _tag_berbahaya(html: str) -> list[str]:
    p = _Pemeriksa()
    p.feed(html)
    return p.temuan


def _html(resp) -> str:
    return resp.content.decode()


def test_published_article_appears_on_kim_site_region_homes_national_and_feeds(client, terbit, kim_tapalang):
    a = terbit()
    url = url_artikel(a)
    assert url == f"/kim-orobatu-bersatu/berita/{a.slug}/"
    for halaman in ("/", "/76/", "/76.02/", "/76.02.02/", "/76.02/berita/", "/kim-orobatu-bersatu/",
                    "/kim-orobatu-bersatu/berita/", "/berita/"):
        resp = client.get(halaman)
        assert resp.status_code == 200, halaman
        assert f'href="{url}"' in _html(resp), halaman
    resp = client.get(url)
    assert resp.status_code == 200 and a.judul in _html(resp)
    for feed in ("/kim-orobatu-bersatu/rss/", "/kim-orobatu-bersatu/atom/", "/76.02/rss/", "/76/atom/", "/berita/rss/"):
        resp = client.get(feed)
        assert resp.status_code == 200 and a.judul in _html(resp) and url in _html(resp), feed
    assert client.get("/73.71/rss/").content.decode().count("<item>") == 0  # another region


@pytest.mark.parametrize("status", ["draf", "diajukan", "perlu_revisi", "disetujui", "ditarik"])
def test_an_unpublished_article_is_never_public(client, tulis, status):
    a = tulis()
    type(a).objects.filter(pk=a.pk).update(status=status)
    assert client.get(f"/kim-orobatu-bersatu/berita/{a.slug}/").status_code == 404
    for halaman in ("/", "/76.02/", "/kim-orobatu-bersatu/", "/berita/", "/kim-orobatu-bersatu/rss/", "/sitemap-berita.xml"):
        assert a.judul not in _html(client.get(halaman)), halaman
    assert client.get(f"/api/v1/berita/kim-orobatu-bersatu/{a.slug}").status_code == 404


def test_a_draft_kim_has_no_public_site(client):
    k = KimFactory(slug="kim-draf", status=StatusKim.DRAF)
    assert client.get(url_situs(k.slug)).status_code == 404
    assert client.get("/kim-tidak-ada/").status_code == 404
    assert client.get("/99/").status_code == 404
    assert client.get("/76.02.02.2003/").status_code == 404  # desa: the KIM sites serve them


def test_script_and_event_handlers_in_markdown_and_text_fields_are_neutralised(client, terbit):
    a = terbit(judul=f"Judul {XSS}", isi=f"Isi berita yang cukup panjang. {XSS}\n\n[klik](javascript:alert(4))",
               tag=f"aman, {XSS}")
    html = _html(client.get(url_artikel(a)))
    for halaman in (url_artikel(a), "/", "/kim-orobatu-bersatu/", "/kim-orobatu-bersatu/berita/"):
        isi = _html(client.get(halaman))
        assert "<script>alert" not in isi, halaman
        assert _tag_berbahaya(isi) == [], halaman
    assert "&lt;script&gt;" in html  # shown as text, not run
    assert "<script>" not in _html(client.get("/kim-orobatu-bersatu/rss/"))


def test_article_page_has_opengraph_share_links_whatsapp_first_and_no_third_party_script(client, terbit, foto):
    a = terbit(foto=foto, foto_keterangan="Warga memanen jagung")
    html = _html(client.get(url_artikel(a)))
    assert '<meta property="og:title"' in html and '<meta property="og:image" content="http://testserver/media/' in html
    bagikan = re.findall(r'<ul class="bagikan">(.*?)</ul>', html, re.S)[0]
    assert re.findall(r'href="([^"]+)"', bagikan)[0].startswith("https://wa.me/?text=")
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert scripts and all(s.startswith("/static/") for s in scripts)


def test_public_pages_are_light_and_csp_clean(client, terbit, foto):
    a = terbit(foto=foto, foto_keterangan="Panen")
    for halaman in ("/", "/76/", "/76.02/", "/76.02/berita/", "/kim-orobatu-bersatu/", "/kim-orobatu-bersatu/berita/",
                    url_artikel(a), "/berita/"):
        resp = client.get(halaman)
        periksa_ringan(resp, batas=50 * 1024)
        html = _html(resp)
        assert "style=" not in html and "<style" not in html and not re.search(r"\son[a-z]+=", html), halaman


def test_cached_page_is_served_without_queries_and_each_visitor_gets_own_nonce(client, terbit,
                                                                                 django_assert_num_queries):
    terbit()
    r1 = client.get("/kim-orobatu-bersatu/")
    assert r1["X-Simpul-Cache"] == "miss"
    with django_assert_num_queries(0):
        r2 = client.get("/kim-orobatu-bersatu/")
    assert r2["X-Simpul-Cache"] == "hit"
    n1 = re.search(r'nonce="([^"]+)"', _html(r1)).group(1)
    n2 = re.search(r'nonce="([^"]+)"', _html(r2)).group(1)
    assert n1 != n2 and f"'nonce-{n2}'" in r2["Content-Security-Policy"]
    assert "__simpul" not in _html(r2)
    assert not r2.cookies and "csrfmiddlewaretoken" not in _html(r2)  # the same bytes for everyone


def test_a_hit_is_answered_before_the_stack_with_every_header_the_stack_adds(client, terbit, settings):
    terbit()
    segar = client.get("/kim-orobatu-bersatu/")  # miss: rendered by the full stack
    # A hit must not reach URL resolving, sessions or authentication: with the URLconf gone, the
    # fast path still answers it.
    settings.ROOT_URLCONF = "simpul.portal.tests.urls_kosong"
    hit = client.get("/kim-orobatu-bersatu/")
    assert (segar["X-Simpul-Cache"], hit["X-Simpul-Cache"]) == ("miss", "hit")
    for h in ("X-Frame-Options", "Content-Language", "X-Content-Type-Options", "Referrer-Policy", "Cache-Control"):
        assert hit[h] == segar[h], h
    assert "Cookie" in hit["Vary"] and int(hit["Content-Length"]) == len(hit.content)
    nonce = re.search(r'nonce="([^"]+)"', _html(hit)).group(1)
    assert hit["Content-Security-Policy"] == segar["Content-Security-Policy"].replace(
        re.search(r"'nonce-([^']+)'", segar["Content-Security-Policy"]).group(1), nonce)


def test_a_hit_is_in_the_visitors_language(client, terbit):
    terbit()
    client.get("/kim-orobatu-bersatu/")
    assert client.get("/kim-orobatu-bersatu/")["X-Simpul-Cache"] == "hit"
    r = client.post(reverse("set_language"), {"language": "en", "next": "/kim-orobatu-bersatu/"})
    assert r.status_code == 302
    en = [client.get("/kim-orobatu-bersatu/") for _ in range(2)]
    assert [r["X-Simpul-Cache"] for r in en] == ["miss", "hit"]
    assert all('<html lang="en">' in _html(r) and r["Content-Language"] == "en" for r in en)
    client.cookies.pop("django_language")
    id_ = client.get("/kim-orobatu-bersatu/")
    assert id_["X-Simpul-Cache"] == "hit" and '<html lang="id">' in _html(id_)


@override_settings(ROOT_URLCONF="simpul.portal.tests.urls_uji")
def test_a_cached_page_with_a_form_gives_each_visitor_its_own_csrf_token(client):
    """No public page has a CSRF form today; if one gets one, the token is still per visitor."""
    client.handler.enforce_csrf_checks = True
    pertama = client.get("/uji/formulir/")
    kedua = client.get("/uji/formulir/")
    assert (pertama["X-Simpul-Cache"], kedua["X-Simpul-Cache"]) == ("miss", "hit")
    rahasia = client.cookies["csrftoken"].value
    ketiga = client.get("/uji/formulir/")
    assert client.cookies["csrftoken"].value == rahasia  # the visitor keeps its secret
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _html(ketiga)).group(1)
    assert client.post("/uji/formulir/", {"csrfmiddlewaretoken": token}).status_code == 200
    client.cookies.clear()
    lain = client.get("/uji/formulir/")
    assert lain["X-Simpul-Cache"] == "hit" and "csrftoken" in lain.cookies
    assert re.search(r'value="([^"]+)"', _html(lain)).group(1) != token


def test_a_page_that_is_never_cached_is_not_looked_up_again(client, terbit):
    from simpul.portal import cache as portal_cache

    terbit()
    for url in ("/aspirasi/", "/kim-orobatu-bersatu/"):
        client.get(url)
    kunci = {u: portal_cache._kunci(client.get(u).wsgi_request, "id") for u in ("/aspirasi/", "/kim-orobatu-bersatu/")}
    assert portal_cache._lokal.bukan(kunci["/aspirasi/"])  # a form: the fast path skips the cache from now on
    assert not portal_cache._lokal.bukan(kunci["/kim-orobatu-bersatu/"])
    assert client.get("/kim-orobatu-bersatu/")["X-Simpul-Cache"] == "hit"


def test_a_hit_of_an_older_version_is_never_served(client, terbit):
    from simpul.portal.cache import segarkan

    terbit()
    client.get("/kim-orobatu-bersatu/")
    assert client.get("/kim-orobatu-bersatu/")["X-Simpul-Cache"] == "hit"
    segarkan()
    assert client.get("/kim-orobatu-bersatu/")["X-Simpul-Cache"] == "miss"
    assert client.get("/kim-orobatu-bersatu/")["X-Simpul-Cache"] == "hit"


def test_language_switch_works_from_a_cached_page(client, terbit):
    client.handler.enforce_csrf_checks = True
    client.get("/kim-orobatu-bersatu/")
    resp = client.get("/kim-orobatu-bersatu/")
    assert resp["X-Simpul-Cache"] == "hit"
    r = client.post(reverse("set_language"), {"language": "en", "next": "/kim-orobatu-bersatu/"})
    assert r.status_code == 302
    assert '<html lang="en">' in _html(client.get("/kim-orobatu-bersatu/"))


def test_publishing_and_withdrawing_invalidate_cached_pages(client, tulis, anggota_kim_tapalang, pengurus_kim_tapalang):
    a = tulis()
    for h in ("/", "/76.02/", "/kim-orobatu-bersatu/", "/kim-orobatu-bersatu/rss/"):
        assert a.judul not in _html(client.get(h))
    services.artikel_submit(actor=anggota_kim_tapalang, artikel=a)
    services.artikel_approve(actor=pengurus_kim_tapalang, artikel=a)
    for h in ("/", "/76.02/", "/kim-orobatu-bersatu/", "/kim-orobatu-bersatu/rss/"):
        assert a.judul in _html(client.get(h)), h
    services.artikel_withdraw(actor=pengurus_kim_tapalang, artikel=a, alasan="Salah data.")
    for h in ("/", "/76.02/", "/kim-orobatu-bersatu/", "/kim-orobatu-bersatu/rss/"):
        assert a.judul not in _html(client.get(h)), h
    assert client.get(url_artikel(a)).status_code == 404


def test_signed_in_users_are_never_served_a_cached_page(client, terbit, anggota_kim_tapalang):
    terbit()
    client.get("/kim-orobatu-bersatu/")
    client.force_login(anggota_kim_tapalang)
    resp = client.get("/kim-orobatu-bersatu/")
    assert "X-Simpul-Cache" not in resp and reverse("account_login") not in _html(resp).split("<main", 1)[0]


def test_kim_site_shows_officers_by_name_and_position_but_no_member_phone(client, kim_tapalang, pengurus_kim_tapalang):
    html = _html(client.get("/kim-orobatu-bersatu/"))
    assert "Ketua KIM Orobatu" in html and "+6281234500001" not in html


def test_kim_site_page_costs_a_fixed_number_of_queries(client, terbit, django_assert_max_num_queries):
    for i in range(8):
        terbit(judul=f"Berita nomor {i} dari Orobatu")
    with django_assert_max_num_queries(10):
        client.get("/kim-orobatu-bersatu/")
    with django_assert_max_num_queries(8):
        client.get("/76.02/berita/")


def test_news_list_filters_by_category_and_tag_and_paginates(client, terbit, kategori):
    a = terbit(judul="Berita pertanian jagung", kategori=kategori, tag="jagung")
    b = terbit(judul="Berita lain tentang sekolah")
    html = _html(client.get("/kim-orobatu-bersatu/berita/?kategori=pertanian"))
    assert a.judul in html and b.judul not in html
    html = _html(client.get("/76/berita/?tag=jagung"))
    assert a.judul in html and b.judul not in html
    assert client.get("/berita/?halaman=abc").status_code == 200


def test_sitemap_lists_kim_sites_articles_and_regions(client, terbit):
    a = terbit()
    idx = _html(client.get("/sitemap.xml"))
    assert "sitemap-kim.xml" in idx and "sitemap-berita.xml" in idx
    assert url_artikel(a) in _html(client.get("/sitemap-berita.xml"))
    assert "/kim-orobatu-bersatu/" in _html(client.get("/sitemap-kim.xml"))
    assert "/76.02/" in _html(client.get("/sitemap-wilayah.xml"))


def test_kim_with_a_slug_shadowed_by_a_site_path_gets_its_site_under_k(client):
    KimFactory(slug="berita", nama="KIM Berita")
    assert url_situs("berita") == "/k/berita/"
    assert "KIM Berita" in _html(client.get("/k/berita/"))


@pytest.mark.parametrize("lewat", ["tabel", "setelan"])
def test_custom_domain_serves_a_kim_site_and_a_region_home(client, terbit, kim_tapalang, lewat, settings):
    a = terbit()
    settings.ALLOWED_HOSTS = ["*"]
    if lewat == "tabel":
        DomainSitus.objects.create(domain="orobatu.desa.id", kim=kim_tapalang)
        DomainSitus.objects.create(domain="kim.mamujukab.go.id", wilayah=Wilayah.objects.get(kode="76.02"))
    else:
        settings.SIMPUL_DOMAIN_SITUS = {"orobatu.desa.id": "kim:kim-orobatu-bersatu",
                                        "kim.mamujukab.go.id": "wilayah:76.02"}
    with override_settings():
        r = client.get("/", HTTP_HOST="orobatu.desa.id")
        assert r.status_code == 200 and "<h1>KIM Orobatu Bersatu</h1>" in _html(r)
        r = client.get(f"/berita/{a.slug}/", HTTP_HOST="orobatu.desa.id")
        assert r.status_code == 200 and a.judul in _html(r)
        assert a.judul in _html(client.get("/rss/", HTTP_HOST="orobatu.desa.id"))
        r = client.get("/", HTTP_HOST="kim.mamujukab.go.id")
        assert r.status_code == 200 and "Mamuju" in _html(r).split("<h1>", 1)[1][:80]
        # other hosts and other paths are untouched
        assert "<h1>Simpul</h1>" in _html(client.get("/", HTTP_HOST="testserver"))
        assert client.get("/akun/login/", HTTP_HOST="orobatu.desa.id").status_code == 200


def test_the_main_hosts_cost_no_custom_domain_lookup(client, django_assert_num_queries):
    from simpul.portal.middleware import awalan_untuk

    with django_assert_num_queries(0):
        assert awalan_untuk("testserver") is None and awalan_untuk("127.0.0.1:8000") is None


def test_head_is_answered_and_post_refused(client):
    assert client.head("/76/").status_code == 200
    assert client.post("/76/").status_code == 405


def test_kim_site_shows_its_public_activities_and_not_the_internal_ones(client, kim_tapalang, pengurus_kim_tapalang):
    from datetime import date

    from simpul.kegiatan.services import kegiatan_catat

    for judul, publik in (("Kelas cek fakta untuk pemuda", True), ("Rapat internal pengurus", False)):
        kegiatan_catat(actor=pengurus_kim_tapalang, kim=kim_tapalang, jenis="literasi", judul=judul,
                       tanggal=date(2026, 11, 1), ringkasan="Ringkasan.", publik=publik)
    html = _html(client.get(url_situs(kim_tapalang.slug)))
    assert "Kelas cek fakta untuk pemuda" in html and 'href="#kegiatan"' in html
    assert "Rapat internal pengurus" not in html


def test_kartu_berita_alamat_sama_dengan_url_artikel():
    """The news cards build each article's address from its KIM's pattern (reversed once per KIM):
    the same address as ``url_artikel``, also for a KIM whose slug takes the ``/k/`` form."""
    from types import SimpleNamespace

    from simpul.portal.views import _kartu

    artikels = [SimpleNamespace(slug=s, kim=SimpleNamespace(slug=k)) for k, s in (
        ("kim-orobatu-bersatu", "panen-kopi"), ("kim-orobatu-bersatu", "kerja-bakti_2"),
        ("berita", "rapat-warga"), ("kim-a__artikel__", "x"))]
    kartu = _kartu(artikels)
    assert [k["url"] for k in kartu] == [url_artikel(a) for a in artikels]
    assert [k["situs"] for k in kartu] == [url_situs(a.kim.slug) for a in artikels]
    assert kartu[2]["url"] == "/k/berita/berita/rapat-warga/"


@pytest.mark.django_db
def test_kim_terbaru_wilayah_aktif_terbaru_dulu_tanpa_tanggal_tidak_ikut(client):
    """A region home lists its newest KIMs: most recently activated first; a frozen KIM without an
    activation date is not among them on any database (PostgreSQL sorts NULLs first on DESC)."""
    from datetime import timedelta

    from django.utils import timezone

    sekarang = timezone.now()
    beku = KimFactory(nama="KIM Beku Tanpa Tanggal", status=StatusKim.DIBEKUKAN, aktif_sejak=None)
    lama = KimFactory(nama="KIM Lama", aktif_sejak=sekarang - timedelta(days=300))
    baru = KimFactory(nama="KIM Paling Baru", aktif_sejak=sekarang - timedelta(days=1))
    resp = client.get("/76.02/")
    assert resp.status_code == 200
    daftar = [k.pk for k in resp.context["kim_terbaru"]]
    assert daftar.index(baru.pk) < daftar.index(lama.pk)
    assert beku.pk not in daftar
