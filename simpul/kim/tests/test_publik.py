"""The public directory (/kim/) and the public profile (/kim/<slug>/)."""

import gzip
import re
from datetime import date, timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from simpul.core.peran import Jabatan
from simpul.core.testing.factories import (
    AnggotaFactory,
    KimFactory,
    PengurusFactory,
    SuratKeputusanFactory,
    UserFactory,
)
from simpul.kim.models import StatusKim
from simpul.wilayah.models import Tingkat, Wilayah

pytestmark = pytest.mark.django_db

DIREKTORI = "/kim/"
TIDAK_PUBLIK = [StatusKim.DRAF, StatusKim.DIAJUKAN, StatusKim.PERLU_REVISI, StatusKim.DITOLAK]


def _html(resp) -> str:
    return resp.content.decode()


def _nama_di_daftar(resp) -> list[str]:
    return [k.nama for k in resp.context["page"].object_list]


# --- directory -----------------------------------------------------------------------------------


def test_directory_lists_active_and_frozen_kims_for_anonymous_visitors(client, kim_tapalang):
    beku = KimFactory(nama="KIM Beku", status=StatusKim.DIBEKUKAN)
    for i, status in enumerate(TIDAK_PUBLIK):
        KimFactory(nama=f"KIM Tersembunyi {i}", status=status)

    resp = client.get(DIREKTORI)

    assert resp.status_code == 200
    assert sorted(_nama_di_daftar(resp)) == sorted([kim_tapalang.nama, beku.nama])
    html = _html(resp)
    assert "KIM Tersembunyi" not in html
    assert reverse("kim:profil", args=[kim_tapalang.slug]) in html
    assert "Dibekukan" in html


def test_directory_rows_show_the_desa_and_its_parents(client, kim_tapalang):
    html = _html(client.get(DIREKTORI))
    assert "Desa Orobatu, Kecamatan Tapalang, Kabupaten Mamuju" in html


def test_directory_filters_by_region_prefix(client, kim_tapalang, kim_makassar):
    takandeang = KimFactory(nama="KIM Takandeang", desa=Wilayah.objects.get(kode="76.02.02.2006"))

    assert sorted(_nama_di_daftar(client.get(DIREKTORI, {"wilayah": "76"}))) == sorted(
        [kim_tapalang.nama, takandeang.nama])
    assert _nama_di_daftar(client.get(DIREKTORI, {"wilayah": "73.71"})) == [kim_makassar.nama]
    assert _nama_di_daftar(client.get(DIREKTORI, {"wilayah": "76.02.02.2006"})) == [takandeang.nama]
    assert _nama_di_daftar(client.get(DIREKTORI, {"wilayah": "76.01"})) == []


def test_directory_drill_down_works_with_plain_links_and_selects(client, kim_tapalang):
    html = _html(client.get(DIREKTORI))
    assert '<select name="wilayah">' in html
    assert '<option value="76">Sulawesi Barat</option>' in html
    assert '<option value="73">' in html  # the province of Kota Makassar

    html = _html(client.get(DIREKTORI, {"wilayah": "76"}))
    assert '<option value="76.02">Kabupaten Mamuju</option>' in html
    assert "Pilih Kabupaten/Kota" in html

    resp = client.get(DIREKTORI, {"wilayah": "76.02.02", "q": "orobatu"})
    html = _html(resp)
    assert '<option value="76.02.02.2003">Orobatu</option>' in html
    # Breadcrumb back up the tree keeps the search.
    assert 'href="?q=orobatu&amp;wilayah=76.02"' in html
    assert 'href="?q=orobatu&amp;wilayah=76"' in html
    assert '<input type="hidden" name="q" value="orobatu">' in html
    assert "<strong>Kecamatan Tapalang</strong>" in html

    # At desa level there is nothing below to pick.
    resp = client.get(DIREKTORI, {"wilayah": "76.02.02.2003"})
    assert resp.context["anak"] == []
    assert _nama_di_daftar(resp) == [kim_tapalang.nama]


def test_directory_searches_kim_name_and_desa_name_ignoring_case(client, kim_tapalang, kim_makassar):
    takandeang = KimFactory(nama="KIM Suara Pesisir", desa=Wilayah.objects.get(kode="76.02.02.2006"))

    assert _nama_di_daftar(client.get(DIREKTORI, {"q": "OROBATU bersatu"})) == [kim_tapalang.nama]
    assert _nama_di_daftar(client.get(DIREKTORI, {"q": "  makassar  "})) == [kim_makassar.nama]
    # By desa name (Takandeang), not in the KIM's name.
    assert _nama_di_daftar(client.get(DIREKTORI, {"q": "takandeang"})) == [takandeang.nama]
    assert _nama_di_daftar(client.get(DIREKTORI, {"q": "tidak ada yang cocok"})) == []


def test_directory_filters_kim_mandiri(client, kim_tapalang):
    KimFactory(nama="KIM Dibiayai APBD", mandiri=False, sumber_dana=["apbd"])
    resp = client.get(DIREKTORI, {"mandiri": "1"})
    assert _nama_di_daftar(resp) == [kim_tapalang.nama]
    assert 'name="mandiri" value="1" checked' in _html(resp)
    assert len(_nama_di_daftar(client.get(DIREKTORI))) == 2


def test_directory_is_sorted_by_name_and_paginated_by_30(client):
    for i in range(31):
        KimFactory(nama=f"KIM {i:02d}")
    page1 = client.get(DIREKTORI)
    page2 = client.get(DIREKTORI, {"halaman": 2})

    assert _nama_di_daftar(page1) == [f"KIM {i:02d}" for i in range(30)]
    assert _nama_di_daftar(page2) == ["KIM 30"]
    assert "halaman=2" in _html(page1)
    # A page number out of range or not a number still answers (the last/first page).
    assert client.get(DIREKTORI, {"halaman": "99"}).status_code == 200
    assert client.get(DIREKTORI, {"halaman": "abc"}).status_code == 200


def test_directory_pagination_keeps_the_filters(client):
    for i in range(31):
        KimFactory(nama=f"KIM Pesisir {i:02d}")
    html = _html(client.get(DIREKTORI, {"q": "pesisir", "mandiri": "1", "wilayah": "76.02"}))
    assert "?q=pesisir&amp;mandiri=1&amp;wilayah=76.02&amp;halaman=2" in html


def _tiga_puluh_kim_di_desa_berbeda():
    desa = list(Wilayah.objects.filter(tingkat=Tingkat.DESA, kode__startswith="76.")[:30])
    assert len(desa) == 30
    for i, d in enumerate(desa):
        KimFactory(nama=f"KIM Uji {i:02d}", desa=d)


def test_directory_page_of_30_stays_within_its_query_budget(client, django_assert_max_num_queries):
    _tiga_puluh_kim_di_desa_berbeda()
    with django_assert_max_num_queries(6):
        resp = client.get(DIREKTORI)
    assert len(resp.context["page"].object_list) == 30
    with django_assert_max_num_queries(6):
        resp = client.get(DIREKTORI, {"wilayah": "76.02.02", "q": "kim", "mandiri": "1"})
    assert resp.status_code == 200


def _berat_halaman(html: str) -> int:
    """Compressed bytes of the page and every stylesheet and script it loads."""
    total = len(gzip.compress(html.encode(), 6))
    for url in re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
        path = finders.find(url)
        assert path, url
        with open(path, "rb") as f:
            total += len(gzip.compress(f.read(), 6))
    return total


def test_directory_page_of_30_weighs_under_60_kb_compressed(client):
    _tiga_puluh_kim_di_desa_berbeda()
    html = _html(client.get(DIREKTORI, {"wilayah": "76"}))
    assert "kim-publik.css" in html
    assert _berat_halaman(html) <= 60 * 1024


def test_directory_bad_region_code_gets_a_clear_message_and_keeps_the_input(client, kim_tapalang):
    for kode in ("76.0x", "99.99"):
        resp = client.get(DIREKTORI, {"wilayah": kode, "q": "orobatu"})
        html = _html(resp)
        assert resp.status_code == 200
        assert f"Kode wilayah “{kode}” tidak dikenal" in html
        assert f'name="wilayah" value="{kode}"' in html
        assert 'value="orobatu"' in html
        # The unusable filter is dropped, the rest still applies.
        assert _nama_di_daftar(resp) == [kim_tapalang.nama]


def test_directory_has_no_inline_styles_or_handlers(client, kim_tapalang):
    html = _html(client.get(DIREKTORI))
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)


# --- profile -------------------------------------------------------------------------------------


@pytest.fixture
def kim_lengkap(kim_tapalang):
    k = kim_tapalang
    k.alamat = "Jl. Poros Mamuju–Majene, Orobatu"
    k.telepon = "+6285299990000"
    k.email = "kim.orobatu@contoh.id"
    k.tanggal_berdiri = date(2021, 3, 17)
    k.aktif_sejak = timezone.make_aware(timezone.datetime(2022, 1, 5, 9, 0))
    k.deskripsi = "Menyebarkan informasi desa.\nMelawan hoaks. <script>alert(1)</script>"
    k.situs_kimid = "https://orobatu.kim.id"
    k.media_sosial = {
        "facebook": "https://facebook.com/kimorobatu",
        "instagram": "javascript:alert(1)",
        "youtube": "/relatif",
    }
    k.save()
    return k


@pytest.fixture
def susunan_kim(kim_lengkap):
    """Officers and members with phone numbers that must never be shown publicly."""
    ketua = UserFactory(nama="Siti Ketua", telepon="+6281200000001")
    a_ketua = AnggotaFactory(kim=kim_lengkap, user=ketua, nama="Siti Ketua", telepon="+6281200000001")
    PengurusFactory(anggota=a_ketua, kim=kim_lengkap, jabatan=Jabatan.KETUA)
    a_seksi = AnggotaFactory(kim=kim_lengkap, nama="Budi Seksi", telepon="081200000002")
    PengurusFactory(anggota=a_seksi, kim=kim_lengkap, jabatan=Jabatan.SEKSI, nama_seksi="Pengolahan Informasi")
    a_lama = AnggotaFactory(kim=kim_lengkap, nama="Mantan Sekretaris", telepon="081200000003")
    PengurusFactory(anggota=a_lama, kim=kim_lengkap, jabatan=Jabatan.SEKRETARIS,
                    mulai=date(2020, 1, 1), diberhentikan=date(2024, 1, 1))
    AnggotaFactory(kim=kim_lengkap, nama="Anggota Biasa", telepon="081200000004")
    AnggotaFactory(kim=kim_lengkap, nama="Anggota Keluar", telepon="081200000005", aktif=False)
    return kim_lengkap


def test_profile_shows_the_public_facts_of_a_kim(client, susunan_kim):
    today = timezone.localdate()
    SuratKeputusanFactory(kim=susunan_kim, nomor="141/07/KPTS/2023", tanggal=date(2023, 1, 2),
                          berlaku_sampai=date(2024, 1, 2))
    SuratKeputusanFactory(kim=susunan_kim, nomor="141/12/KPTS/2025", tanggal=today - timedelta(days=10),
                          berlaku_sampai=today + timedelta(days=700))

    resp = client.get(reverse("kim:profil", args=[susunan_kim.slug]))
    html = _html(resp)

    assert resp.status_code == 200
    assert "<h1>KIM Orobatu Bersatu</h1>" in html
    assert 'class="status status-aktif"' in html
    assert "KIM mandiri" in html
    for kode, nama in [("76", "Sulawesi Barat"), ("76.02", "Kabupaten Mamuju"),
                       ("76.02.02", "Kecamatan Tapalang"), ("76.02.02.2003", "Desa Orobatu")]:
        assert f'<a href="/wilayah/{kode}/">{nama}</a>' in html
    assert "Jl. Poros Mamuju–Majene, Orobatu" in html
    assert "+6285299990000" in html and "kim.orobatu@contoh.id" in html
    assert "17 Maret 2021" in html  # founding date
    assert "5 Januari 2022" in html  # active since
    assert "Melawan hoaks." in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert '<a href="https://orobatu.kim.id" rel="noopener nofollow">' in html
    assert '<a href="https://facebook.com/kimorobatu" rel="noopener nofollow">Facebook</a>' in html
    assert "javascript:" not in html and "/relatif" not in html
    assert "Ketua: Siti Ketua" in html
    assert "Seksi Pengolahan Informasi: Budi Seksi" in html
    assert "Mantan Sekretaris" not in html
    assert resp.context["jumlah_anggota"] == 4  # active members, officers included
    # The active (latest) SK, its validity, never its file.
    assert "141/12/KPTS/2025" in html and "141/07/KPTS/2023" not in html
    assert "Berlaku sampai" in html
    assert "/media/" not in html and ".pdf" not in html
    # Member names beyond officers are not listed.
    assert "Anggota Biasa" not in html


def test_profile_never_shows_member_phone_numbers(client, susunan_kim):
    html = _html(client.get(reverse("kim:profil", args=[susunan_kim.slug])))
    digits = re.sub(r"\D", "", html)
    for nomor in ("81200000001", "81200000002", "81200000003", "81200000004", "81200000005"):
        assert nomor not in digits
    assert "85299990000" in digits  # the KIM's own contact number is shown


def test_profile_never_shows_the_ketua_account_phone(client, kim_tapalang, pengurus_kim_tapalang):
    html = _html(client.get(reverse("kim:profil", args=[kim_tapalang.slug])))
    assert "Ketua: Ketua KIM Orobatu" in html
    assert "81234500001" not in re.sub(r"\D", "", html)
    assert "ketua.orobatu@contoh.id" not in html


def test_profile_has_description_and_opengraph_meta(client, kim_lengkap):
    html = _html(client.get(reverse("kim:profil", args=[kim_lengkap.slug])))
    assert '<meta property="og:title" content="KIM Orobatu Bersatu">' in html
    assert '<meta property="og:description" content="Menyebarkan informasi desa. Melawan hoaks.' in html
    assert '<meta name="description" content="Menyebarkan informasi desa.' in html
    assert '<meta property="og:url" content="http' in html and "/kim/kim-orobatu-bersatu/" in html


def test_profile_meta_description_falls_back_to_the_location(client, kim_tapalang):
    html = _html(client.get(reverse("kim:profil", args=[kim_tapalang.slug])))
    assert "KIM Orobatu Bersatu, Komunitas Informasi Masyarakat di Desa Orobatu, Kecamatan Tapalang" in html


def test_frozen_kim_profile_says_so(client):
    k = KimFactory(nama="KIM Beku", status=StatusKim.DIBEKUKAN)
    html = _html(client.get(reverse("kim:profil", args=[k.slug])))
    assert 'class="status status-dibekukan"' in html
    assert "sedang dibekukan" in html


def test_profile_shows_an_expired_sk_as_expired(client, kim_tapalang):
    SuratKeputusanFactory(kim=kim_tapalang, tanggal=date(2020, 1, 1), berlaku_sampai=date(2023, 1, 1))
    html = _html(client.get(reverse("kim:profil", args=[kim_tapalang.slug])))
    assert "Masa berlaku berakhir 1 Januari 2023" in html


@pytest.mark.parametrize("status", TIDAK_PUBLIK)
def test_non_public_kim_profile_is_404(client, status):
    k = KimFactory(status=status)
    assert client.get(reverse("kim:profil", args=[k.slug])).status_code == 404
    # Not even its own signed-in officer sees it on the public page (they use the kelola pages).
    ketua = UserFactory()
    PengurusFactory(anggota=AnggotaFactory(kim=k, user=ketua), kim=k, jabatan=Jabatan.KETUA)
    client.force_login(ketua)
    assert client.get(reverse("kim:profil", args=[k.slug])).status_code == 404


def test_unknown_slug_is_404(client, db):
    assert client.get("/kim/tidak-ada/").status_code == 404


def test_kelola_is_never_taken_as_a_slug():
    assert reverse("kim:kelola") == "/kim/kelola/"
    from django.urls import resolve

    assert resolve("/kim/kelola/").url_name == "kelola"


def test_profile_stays_within_its_query_budget(client, susunan_kim, django_assert_max_num_queries):
    SuratKeputusanFactory(kim=susunan_kim)
    with django_assert_max_num_queries(6):
        resp = client.get(reverse("kim:profil", args=[susunan_kim.slug]))
    assert resp.status_code == 200


def test_profile_weighs_under_60_kb_compressed(client, susunan_kim):
    html = _html(client.get(reverse("kim:profil", args=[susunan_kim.slug])))
    assert " style=" not in html and "<style" not in html
    assert _berat_halaman(html) <= 60 * 1024
