"""Public region pages and the search page."""

import pytest
from django.urls import reverse

from simpul.wilayah.models import Wilayah

OROBATU = "76.02.02.2003"


@pytest.fixture
def klien(client):
    return client


def test_province_list_shows_counts(db, klien, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        r = klien.get(reverse("wilayah:daftar"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Sulawesi Barat" in html and reverse("wilayah:detail", args=["76"]) in html


def test_kabupaten_page_has_breadcrumb_data_children_and_coverage_link(db, klien,
                                                                      django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # region, ancestors, children, grouped counts
        r = klien.get(reverse("wilayah:detail", args=["76.02"]))
    assert r.status_code == 200
    html = r.content.decode()
    assert 'aria-current="page">Kabupaten Mamuju<' in html
    assert reverse("wilayah:detail", args=["76"]) in html  # breadcrumb up to the province
    assert "Tapalang Barat" in html and reverse("wilayah:detail", args=["76.02.02"]) in html
    assert "/cakupan/76.02/" in html
    mamuju = Wilayah.objects.get(kode="76.02")
    assert f"{mamuju.penduduk:,}".replace(",", ".") in html  # Indonesian thousands separator


def test_children_counts_do_not_grow_queries_with_children(db, klien, django_assert_max_num_queries):
    # A province (6 children, ~650 desa) costs the same number of queries as a kecamatan.
    for kode in ("76", "76.02", "76.02.02", OROBATU):
        with django_assert_max_num_queries(4):
            assert klien.get(reverse("wilayah:detail", args=[kode])).status_code == 200


def test_desa_page_shows_its_parents(db, klien):
    html = klien.get(reverse("wilayah:detail", args=[OROBATU])).content.decode()
    assert "Desa Orobatu" in html
    for kode in ("76", "76.02", "76.02.02"):
        assert reverse("wilayah:detail", args=[kode]) in html


def test_inactive_region_is_marked(db, klien):
    Wilayah.objects.filter(kode=OROBATU).update(aktif=False)
    html = klien.get(reverse("wilayah:detail", args=[OROBATU])).content.decode()
    assert "tidak aktif" in html
    kec = klien.get(reverse("wilayah:detail", args=["76.02.02"])).content.decode()
    assert 'class="tidak-aktif"' in kec


@pytest.mark.parametrize("kode", ["99", "76.99", "76.02.02.9999", "abc", "76.2", "76.02.02.2003.1",
                                  "%27%3B--", "7" * 40])
def test_unknown_or_malformed_code_is_a_404_page(db, klien, kode):
    r = klien.get(f"/wilayah/{kode}/")
    assert r.status_code == 404
    assert "tidak ditemukan" in r.content.decode().lower()


def test_bare_code_redirects_to_dotted_code(db, klien):
    r = klien.get("/wilayah/7602022003/")
    assert r.status_code == 301 and r["Location"] == reverse("wilayah:detail", args=[OROBATU])


def test_search_page_lists_matches_with_their_parents(db, klien, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        r = klien.get(reverse("wilayah:cari"), {"q": "tapalang"})
    html = r.content.decode()
    assert r.status_code == 200
    assert html.index("Kecamatan Tapalang<") < html.index("Kecamatan Tapalang Barat<") < html.index("Desa Orobatu<")
    assert "Desa Orobatu</a> — Kec. Tapalang, Kab. Mamuju, Sulawesi Barat" in html
    assert 'value="tapalang"' in html  # the query is kept


def test_search_page_filters_by_level_and_subtree(db, klien):
    html = klien.get(reverse("wilayah:cari"), {"q": "tapalang", "tingkat": "3"}).content.decode()
    assert "Kecamatan Tapalang Barat" in html and "Desa Orobatu" not in html
    html = klien.get(reverse("wilayah:cari"), {"q": "ta", "dalam": "76.02.02"}).content.decode()
    assert "Desa Takandeang" in html and "Makassar" not in html.split('id="hasil"')[1]


def test_search_by_code(db, klien):
    html = klien.get(reverse("wilayah:cari"), {"q": "76.02.02.2003"}).content.decode()
    assert "Desa Orobatu" in html


def test_search_without_text_goes_to_the_list(db, klien):
    assert klien.get(reverse("wilayah:cari")).url == reverse("wilayah:daftar")
    assert klien.get(reverse("wilayah:cari"), {"dalam": "76.02"}).url == reverse("wilayah:detail", args=["76.02"])


@pytest.mark.parametrize("params", [{"q": "x", "tingkat": "9"}, {"q": "x", "tingkat": "abc"},
                                    {"q": "x", "dalam": "zz"}, {"q": "x" * 500}])
def test_bad_search_input_is_a_clear_400_keeping_the_text(db, klien, params):
    r = klien.get(reverse("wilayah:cari"), params)
    assert r.status_code == 400
    html = r.content.decode()
    assert 'class="errorlist"' in html
    assert f'value="{params["q"]}"' in html


def test_no_match_says_so(db, klien):
    html = klien.get(reverse("wilayah:cari"), {"q": "zzzqqq"}).content.decode()
    assert "Tidak ada wilayah yang cocok" in html


def test_search_pages_are_paginated(db, klien):
    r = klien.get(reverse("wilayah:cari"), {"q": "76", "halaman": "2"})
    assert r.status_code == 200 and "Halaman 2 dari" in r.content.decode()
    assert klien.get(reverse("wilayah:cari"), {"q": "76", "halaman": "xyz"}).status_code == 200


def test_typeahead_fragment_for_the_picker(db, klien, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        r = klien.get(reverse("wilayah:cari"), {"q": "orobatu", "tingkat": "4", "format": "opsi"})
    html = r.content.decode()
    assert "<html" not in html
    assert f'data-wilayah-kode="{OROBATU}"' in html
    assert 'data-wilayah-label="Desa Orobatu — Kec. Tapalang, Kab. Mamuju, Sulawesi Barat"' in html
    # The picker's input keeps its own name: `kolom` says which parameter holds the text.
    r = klien.get(reverse("wilayah:cari"), {"desa": "orobatu", "kolom": "desa", "format": "opsi"})
    assert f'data-wilayah-kode="{OROBATU}"' in r.content.decode()
    r = klien.get(reverse("wilayah:cari"), {"q": "zzzqqq", "format": "opsi"})
    assert "Tidak ada wilayah yang cocok" in r.content.decode()
    r = klien.get(reverse("wilayah:cari"), {"q": "x", "tingkat": "9", "format": "opsi"})
    assert r.status_code == 200 and "data-wilayah-kode" not in r.content.decode()


def test_pages_have_no_inline_script_or_style(db, klien):
    for url in (reverse("wilayah:daftar"), reverse("wilayah:detail", args=["76.02"]),
                reverse("wilayah:cari") + "?q=tapalang"):
        html = klien.get(url).content.decode()
        assert "style=" not in html and "<style" not in html and " onclick" not in html
        assert "<script>" not in html
