"""The home page, the error pages and the language switch."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from config import urls as root_urls
from simpul.akun.testing import login_dengan_mfa
from simpul.core import views
from simpul.core.testing.factories import KimFactory
from simpul.kim.models import StatusKim
from simpul.wilayah.models import Tingkat, Wilayah

pytestmark = pytest.mark.django_db

BERANDA = reverse("beranda")


def _html(resp) -> str:
    return resp.content.decode()


def _angka(html: str) -> list[str]:
    """The figures shown: active KIMs, desa covered, percentage covered."""
    blok = html.split('class="ringkas"', 1)[1].split("</progress>", 1)
    return re.findall(r"<strong>([^<]+)</strong>", blok[0]) + re.findall(r"<strong>([^<]+)</strong>", blok[1])[:1]


def test_home_shows_national_figures_counted_from_active_kims_only(client, kim_tapalang):
    desa = Wilayah.objects.get(kode="76.02.02.2006")
    KimFactory(nama="KIM Takandeang", desa=desa)  # a second desa covered
    KimFactory(nama="KIM Orobatu Dua", desa=kim_tapalang.desa)  # same desa: counted once
    for status in (StatusKim.DRAF, StatusKim.DIAJUKAN, StatusKim.DITOLAK, StatusKim.DIBEKUKAN):
        KimFactory(nama=f"KIM {status}", desa=Wilayah.objects.get(kode="76.02.02.2009"), status=status)
    total = Wilayah.objects.filter(tingkat=Tingkat.DESA, aktif=True).count()

    resp = client.get(BERANDA)

    assert resp.status_code == 200
    kim, desa_tercakup, persen = _angka(_html(resp))
    assert kim == "3" and desa_tercakup == "2"
    assert persen == f"{100 * 2 / total:.1f}%".replace(".", ",")  # Indonesian decimal comma
    assert f'max="{total}"' in _html(resp)


def test_home_figures_leave_out_inactive_desa_and_follow_the_language(client, kim_tapalang):
    Wilayah.objects.filter(kode="76.02.02.2009").update(aktif=False)  # dropped by a new decree
    total = Wilayah.objects.filter(tingkat=Tingkat.DESA, aktif=True).count()
    assert f'max="{total}"' in _html(client.get(BERANDA))
    client.cookies["django_language"] = "en"  # the footer's language switch
    resp = client.get(BERANDA)
    assert f"{100 / total:.1f}%" in _html(resp) and "Active KIMs" in _html(resp)


def test_home_figures_cost_two_queries_then_come_from_the_cache(client, kim_tapalang, django_assert_num_queries):
    # The home is the portal's (simpul.portal.views.beranda): the figures (2 queries), the latest
    # news, the campaigns, the local products and the provinces; then the whole page comes from
    # the portal cache.
    with django_assert_num_queries(6):
        client.get(BERANDA)
    with django_assert_num_queries(0):
        client.get(BERANDA)


def test_home_search_box_sends_a_get_to_the_region_search(client):
    html = _html(client.get(BERANDA))
    form = re.search(r'<form method="get" action="([^"]+)" class="cari-beranda">(.*?)</form>', html, re.S)
    assert form and form.group(1) == reverse("wilayah:cari")
    assert 'name="q"' in form.group(2) and 'type="search"' in form.group(2) and 'role="search"' in form.group(2)


def test_home_links_to_directory_coverage_formation_and_sign_in(client):
    html = _html(client.get(BERANDA))
    for url in (reverse("kim:direktori"), reverse("cakupan:nasional"), reverse("kim:wizard_baru"), reverse("account_login")):
        assert f'href="{url}"' in html, url


def test_home_for_a_signed_in_officer_has_no_sign_in_invitation(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    html = _html(client.get(BERANDA))
    assert f'href="{reverse("account_login")}"' not in html
    assert f'href="{reverse("notifikasi:daftar")}"' in html


def test_home_html_is_lean_and_csp_clean(client, kim_tapalang):
    resp = client.get(BERANDA)
    html = _html(resp)
    assert len(resp.content) <= 8 * 1024, f"home page HTML is {len(resp.content)} bytes"
    assert "style=" not in html and "<style" not in html and not re.search(r"\son[a-z]+=", html)
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "nonce=" in script and "src=" in script
    assert "script-src 'self' 'nonce-" in resp.headers["Content-Security-Policy"]


def test_home_answers_head_and_refuses_post(client):
    assert client.head(BERANDA).status_code == 200
    assert client.post(BERANDA).status_code == 405


# --- errors ---------------------------------------------------------------------------------------


def test_unknown_url_renders_the_indonesian_404_page(client, settings):
    settings.DEBUG = False
    resp = client.get("/tidak-ada-halaman-ini/")
    assert resp.status_code == 404
    html = _html(resp)
    assert "Halaman tidak ditemukan" in html and '<html lang="id">' in html
    assert f'href="{BERANDA}"' in html  # the site's own layout, with its navigation


def test_404_page_follows_the_chosen_language(client, settings):
    settings.DEBUG = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    resp = client.get("/tidak-ada-halaman-ini/")
    assert resp.status_code == 404 and "Page not found" in _html(resp)


def test_server_error_page_is_static_and_needs_no_database(django_assert_num_queries):
    assert root_urls.handler500 == "simpul.core.views.galat_server"
    with django_assert_num_queries(0):
        resp = views.galat_server(RequestFactory().get("/"))
    html = resp.content.decode()
    assert resp.status_code == 500
    assert "Terjadi kesalahan" in html and "{%" not in html and "{{" not in html
    assert "<link" not in html and "<script" not in html  # nothing else to load


@pytest.mark.urls("simpul.core.tests.urls_galat")
def test_server_error_from_a_view_shows_the_static_page(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    resp = client.get("/uji/rusak/")
    assert resp.status_code == 500 and "Terjadi kesalahan" in _html(resp)


# --- language switch --------------------------------------------------------------------------


def test_language_switch_is_a_plain_post_form_in_the_footer_with_no_per_visitor_token(client):
    resp = client.get(BERANDA)
    footer = _html(resp).split("<footer", 1)[1]
    form = re.search(r'<form action="([^"]+)" method="post"', footer)
    assert form and form.group(1) == reverse("set_language")
    assert 'name="language"' in footer and "csrfmiddlewaretoken" not in footer
    assert '<button type="submit"' in footer and f'name="next" type="hidden" value="{BERANDA}"' in footer
    assert not resp.cookies  # a public page sets no cookie: every visitor gets the same bytes


def test_switching_to_english_and_back_without_javascript(client):
    client.handler.enforce_csrf_checks = True
    client.get(BERANDA)
    resp = client.post(reverse("set_language"), {"language": "en", "next": "/kim/"})
    assert resp.status_code == 302 and resp.url == "/kim/"
    html = _html(client.get(BERANDA))
    assert '<html lang="en">' in html and "National figures" in html and "Skip to content" in html

    resp = client.post(reverse("set_language"), {"language": "id", "next": BERANDA})
    assert resp.status_code == 302
    assert "Angka nasional" in _html(client.get(BERANDA))


def test_a_forged_language_switch_sets_the_language_cookie_and_nothing_else(client, anggota_kim_tapalang):
    """CSRF-exempt by decision 0005: a forged post can change only the display language."""
    client.handler.enforce_csrf_checks = True
    client.force_login(anggota_kim_tapalang)
    sesi = client.cookies["sessionid"].value
    resp = client.post(reverse("set_language"), {"language": "en", "next": "/kim/"},
                       HTTP_ORIGIN="https://contoh-jahat.example")
    assert resp.status_code == 302 and set(resp.cookies) == {"django_language"}
    assert client.cookies["sessionid"].value == sesi
    assert client.get(reverse("set_language")).status_code == 405
    assert client.post(reverse("set_language"), {"language": "xx", "next": "/kim/"}).cookies.get("django_language") is None


def test_language_switch_never_redirects_to_another_site(client):
    resp = client.post(reverse("set_language"), {"language": "en", "next": "https://contoh-jahat.example/"})
    assert resp.status_code == 302 and resp.url == "/"
