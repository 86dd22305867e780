"""The public KIM API: /api/v1/kim/ and /api/v1/kim/{slug}."""

import json
import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
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

DAFTAR = "/api/v1/kim/"


# The anonymous throttle counts requests per client address in the cache (Redis in CI, shared
# with other test runs): reset exactly the counters these tests use, never the whole cache.
_KUNCI_THROTTLE = [f"throttle_anon_{ip}" for ip in ("127.0.0.1", "10.0.0.9")]


@pytest.fixture(autouse=True)
def _throttle_kosong():
    cache.delete_many(_KUNCI_THROTTLE)
    yield
    cache.delete_many(_KUNCI_THROTTLE)


def _slugs(resp) -> list[str]:
    return [i["slug"] for i in resp.json()["items"]]


def test_list_returns_public_kims_only_with_typed_fields(client, kim_tapalang, kim_makassar):
    beku = KimFactory(nama="KIM Beku", status=StatusKim.DIBEKUKAN)
    for status in (StatusKim.DRAF, StatusKim.DIAJUKAN, StatusKim.PERLU_REVISI, StatusKim.DITOLAK):
        KimFactory(status=status)

    resp = client.get(DAFTAR)

    assert resp.status_code == 200
    body = resp.json()
    assert body["count"] == 3 and body["page"] == 1 and body["pages"] == 1 and body["page_size"] == 30
    assert _slugs(resp) == [beku.slug, kim_makassar.slug, kim_tapalang.slug]  # by name
    item = next(i for i in body["items"] if i["slug"] == kim_tapalang.slug)
    assert item == {
        "slug": "kim-orobatu-bersatu",
        "nama": "KIM Orobatu Bersatu",
        "status": "aktif",
        "mandiri": True,
        "desa": {"kode": "76.02.02.2003", "nama": "Orobatu"},
        "kecamatan": {"kode": "76.02.02", "nama": "Tapalang"},
        "kabkota": {"kode": "76.02", "nama": "Kabupaten Mamuju"},
        "provinsi": {"kode": "76", "nama": "Sulawesi Barat"},
        "url": "/kim/kim-orobatu-bersatu/",
    }


def test_list_filters_by_region_search_and_mandiri(client, kim_tapalang, kim_makassar):
    takandeang = KimFactory(nama="KIM Suara Pesisir", desa=Wilayah.objects.get(kode="76.02.02.2006"),
                            mandiri=False, sumber_dana=["dana_desa"])

    assert _slugs(client.get(DAFTAR, {"wilayah": "73.71"})) == [kim_makassar.slug]
    assert _slugs(client.get(DAFTAR, {"wilayah": "76.02.02"})) == [kim_tapalang.slug, takandeang.slug]
    assert _slugs(client.get(DAFTAR, {"q": "Takandeang"})) == [takandeang.slug]
    assert _slugs(client.get(DAFTAR, {"q": "orobatu BERSATU"})) == [kim_tapalang.slug]
    assert _slugs(client.get(DAFTAR, {"mandiri": "false", "wilayah": "76"})) == [takandeang.slug]
    assert _slugs(client.get(DAFTAR, {"mandiri": "true", "wilayah": "76"})) == [kim_tapalang.slug]


def test_list_is_paginated_by_30(client):
    for i in range(31):
        KimFactory(nama=f"KIM {i:02d}")
    p1 = client.get(DAFTAR).json()
    p2 = client.get(DAFTAR, {"page": 2}).json()
    p9 = client.get(DAFTAR, {"page": 9}).json()
    assert p1["count"] == 31 and p1["pages"] == 2 and len(p1["items"]) == 30
    assert [i["nama"] for i in p2["items"]] == ["KIM 30"]
    assert p9["items"] == [] and p9["count"] == 31


def test_list_bad_region_code_gets_a_clear_message(client):
    resp = client.get(DAFTAR, {"wilayah": "76.0x"})
    assert resp.status_code == 400
    assert resp.json() == {"detail": "Kode wilayah “76.0x” tidak valid. Contoh kode yang benar: 76.02.02."}


@pytest.mark.parametrize("params", [{"wilayah": "76.0x"}, {"wilayah": "7602"}, {"page": "0"},
                                    {"page": "abc"}, {"mandiri": "mungkin"}, {"q": "x" * 101}])
def test_list_bad_input_answers_4xx_json_with_detail(client, params):
    resp = client.get(DAFTAR, params)
    assert 400 <= resp.status_code < 500
    assert "detail" in resp.json()


def test_list_stays_within_its_query_budget(client, django_assert_max_num_queries):
    desa = list(Wilayah.objects.filter(tingkat=Tingkat.DESA, kode__startswith="76.")[:30])
    for i, d in enumerate(desa):
        KimFactory(nama=f"KIM Uji {i:02d}", desa=d)
    with django_assert_max_num_queries(2):
        resp = client.get(DAFTAR, {"wilayah": "76", "q": "uji"})
    assert len(resp.json()["items"]) == 30


@pytest.fixture
def kim_api(kim_tapalang):
    k = kim_tapalang
    k.alamat = "Jl. Poros, Orobatu"
    k.telepon = "+6285299990000"
    k.email = "kim.orobatu@contoh.id"
    k.tanggal_berdiri = date(2021, 3, 17)
    k.deskripsi = "Tentang KIM"
    k.situs_kimid = "https://orobatu.kim.id"
    k.media_sosial = {"instagram": "https://instagram.com/kimorobatu", "facebook": "javascript:alert(1)"}
    k.save()
    ketua = UserFactory(nama="Siti Ketua", telepon="+6281200000001", email="siti@contoh.id")
    PengurusFactory(anggota=AnggotaFactory(kim=k, user=ketua, nama="Siti Ketua", telepon="+6281200000001"),
                    kim=k, jabatan=Jabatan.KETUA)
    PengurusFactory(anggota=AnggotaFactory(kim=k, nama="Budi", telepon="081200000002"),
                    kim=k, jabatan=Jabatan.SEKSI, nama_seksi="Diseminasi")
    AnggotaFactory(kim=k, nama="Anggota Biasa", telepon="081200000003")
    today = timezone.localdate()
    SuratKeputusanFactory(kim=k, nomor="141/12/KPTS/2025", tanggal=today - timedelta(days=5),
                          berlaku_sampai=today + timedelta(days=1000))
    return k


def test_profile_returns_public_data_with_officers_names_and_positions_only(client, kim_api):
    resp = client.get(f"/api/v1/kim/{kim_api.slug}")
    assert resp.status_code == 200
    body = resp.json()
    assert set(body) == {
        "slug", "nama", "status", "mandiri", "desa", "kecamatan", "kabkota", "provinsi", "url",
        "alamat", "telepon", "email", "tanggal_berdiri", "aktif_sejak", "deskripsi", "situs_kimid",
        "media", "jumlah_anggota", "pengurus", "sk",
    }
    assert body["telepon"] == "+6285299990000"
    assert body["tanggal_berdiri"] == "2021-03-17"
    assert body["media"] == [{"jenis": "instagram", "url": "https://instagram.com/kimorobatu"}]
    assert body["jumlah_anggota"] == 3
    assert body["pengurus"] == [
        {"nama": "Siti Ketua", "jabatan": "ketua", "jabatan_label": "Ketua"},
        {"nama": "Budi", "jabatan": "seksi", "jabatan_label": "Seksi Diseminasi"},
    ]
    assert body["sk"]["nomor"] == "141/12/KPTS/2025" and body["sk"]["berlaku"] is True
    assert set(body["sk"]) == {"nomor", "tanggal", "penerbit_jenis", "berlaku_sampai", "berlaku"}


def test_profile_json_has_no_member_phone_numbers_or_emails(client, kim_api):
    text = client.get(f"/api/v1/kim/{kim_api.slug}").content.decode()
    digits = re.sub(r"\D", "", text)
    for nomor in ("81200000001", "81200000002", "81200000003"):
        assert nomor not in digits
    assert "siti@contoh.id" not in text
    assert "Anggota Biasa" not in text
    assert "berkas" not in text and ".pdf" not in text


@pytest.mark.parametrize("status", [StatusKim.DRAF, StatusKim.DIAJUKAN, StatusKim.PERLU_REVISI, StatusKim.DITOLAK])
def test_profile_of_non_public_kim_is_404_json(client, status):
    k = KimFactory(status=status)
    resp = client.get(f"/api/v1/kim/{k.slug}")
    assert resp.status_code == 404
    assert resp.json() == {"detail": "KIM tidak ditemukan."}


def test_profile_of_unknown_slug_is_404_json(client):
    resp = client.get("/api/v1/kim/tidak-ada")
    assert resp.status_code == 404
    assert resp.json()["detail"] == "KIM tidak ditemukan."


def test_profile_stays_within_its_query_budget(client, kim_api, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert client.get(f"/api/v1/kim/{kim_api.slug}").status_code == 200


def test_anonymous_use_is_throttled_at_60_per_minute(client, kim_tapalang):
    for _ in range(60):
        assert client.get(DAFTAR).status_code == 200
    resp = client.get(f"/api/v1/kim/{kim_tapalang.slug}")
    assert resp.status_code == 429
    assert "detail" in resp.json()
    assert int(resp["Retry-After"]) >= 1
    # Another client address has its own allowance.
    assert client.get(DAFTAR, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_openapi_documents_the_kim_endpoints(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    assert "/api/v1/kim/" in schema["paths"] and "/api/v1/kim/{slug}" in schema["paths"]
    daftar = schema["components"]["schemas"]["KimDaftarOut"]
    assert set(daftar["properties"]) == {"count", "page", "pages", "page_size", "items"}
    profil = schema["components"]["schemas"]["KimProfilOut"]
    assert "pengurus" in profil["properties"] and "jumlah_anggota" in profil["properties"]
    assert "anggota" not in profil["properties"]
