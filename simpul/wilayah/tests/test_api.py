"""The public region API under /api/v1/wilayah/."""

import pytest

from simpul.wilayah.models import Wilayah

URL = "/api/v1/wilayah/"
OROBATU = "76.02.02.2003"


def test_list_without_query_is_by_code_and_paginated(db, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # count, page, labels
        data = client.get(URL, {"tingkat": 3}).json()
    assert data["count"] == Wilayah.objects.filter(tingkat=3).count()
    kodes = [w["kode"] for w in data["items"]]
    assert kodes == sorted(kodes) and len(kodes) == 50
    second = client.get(URL, {"tingkat": 3, "page": 2}).json()["items"]
    assert second[0]["kode"] > kodes[-1]


def test_list_children_of_a_parent(db, client):
    data = client.get(URL, {"induk": "76.02"}).json()
    assert data["count"] == Wilayah.objects.filter(induk_id="76.02").count()
    assert {w["induk"] for w in data["items"]} == {"76.02"}
    assert client.get(URL, {"induk": "76.02", "tingkat": 4}).json()["count"] == 0


def test_search_ranks_and_labels_like_the_picker(db, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        data = client.get(URL, {"q": "tapalang", "page_size": 5}).json()
    assert [w["kode"] for w in data["items"][:2]] == ["76.02.02", "76.02.13"]
    assert data["count"] > 5
    desa = client.get(URL, {"q": "orobatu"}).json()["items"]
    assert desa == [{"kode": OROBATU, "nama": "Orobatu", "jenis": "desa", "tingkat": 4,
                     "induk": "76.02.02", "aktif": True,
                     "label": "Desa Orobatu — Kec. Tapalang, Kab. Mamuju, Sulawesi Barat"}]
    assert client.get(URL, {"q": "tapalang", "dalam": "73.71"}).json()["count"] == 0


def test_detail_with_parent_chain_and_counts(db, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        data = client.get(f"{URL}76.02").json()
    assert data["nama"] == "Kabupaten Mamuju" and data["label"] == "Kabupaten Mamuju — Sulawesi Barat"
    assert [w["kode"] for w in data["leluhur"]] == ["76"]
    assert data["jumlah_anak"] == Wilayah.objects.filter(induk_id="76.02").count()
    assert data["jumlah_desa"] == Wilayah.objects.filter(kode__startswith="76.02.", tingkat=4).count()
    assert data["penduduk"] > 0 and data["luas_km2"] > 0 and data["lat"] < 0
    desa = client.get(f"{URL}{OROBATU}").json()
    assert [w["kode"] for w in desa["leluhur"]] == ["76", "76.02", "76.02.02"]
    assert desa["jumlah_anak"] == 0 and desa["jumlah_desa"] == 0


def test_children_with_counts_in_bounded_queries(db, client, django_assert_max_num_queries):
    for kode in ("76", "76.02", "76.02.02"):
        with django_assert_max_num_queries(3):
            data = client.get(f"{URL}{kode}/anak").json()
        assert data and all(w["induk"] == kode for w in data)
    kab = {w["kode"]: w for w in client.get(f"{URL}76/anak").json()}
    assert kab["76.02"]["jumlah_anak"] == Wilayah.objects.filter(induk_id="76.02").count()
    assert client.get(f"{URL}{OROBATU}/anak").json() == []


@pytest.mark.parametrize("path", ["99", "76.99", "abc", "76.02.02.9999/anak", "x/anak"])
def test_unknown_codes_are_404_json(db, client, path):
    r = client.get(f"{URL}{path}")
    assert r.status_code == 404
    assert r.json() == {"detail": f"Kode wilayah tidak dikenal: {path.removesuffix('/anak')}"}


def test_bad_filters_are_4xx_json(db, client):
    assert client.get(URL, {"tingkat": 9}).status_code == 422
    r = client.get(URL, {"induk": "zz"})
    assert r.status_code == 404 and "detail" in r.json()


def test_inactive_regions_are_listed_and_flagged(db, client):
    Wilayah.objects.filter(kode=OROBATU).update(aktif=False)
    assert client.get(f"{URL}{OROBATU}").json()["aktif"] is False


def test_api_is_read_only(db, client):
    assert client.post(URL, {}).status_code == 405
    assert client.delete(f"{URL}76").status_code == 405


def test_admin_lists_and_searches_regions_read_only(db, admin_client):
    r = admin_client.get("/admin/wilayah/wilayah/", {"q": "76.02.02"})
    assert r.status_code == 200 and "Orobatu" in r.content.decode()
    r = admin_client.get("/admin/wilayah/wilayah/", {"q": "orobatu"})
    assert "76.02.02.2003" in r.content.decode()
    assert admin_client.get(f"/admin/wilayah/wilayah/{OROBATU}/change/").status_code == 200
    assert admin_client.get("/admin/wilayah/wilayah/add/").status_code == 403
    r = admin_client.post(f"/admin/wilayah/wilayah/{OROBATU}/change/", {"nama": "Diubah"})
    assert r.status_code == 403
    assert Wilayah.objects.get(kode=OROBATU).nama == "Orobatu"
