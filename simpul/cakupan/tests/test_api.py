"""Coverage API: /api/v1/cakupan/ and /api/v1/cakupan/{kode}."""

import pytest

from simpul.cakupan.models import JenisTarget

pytestmark = pytest.mark.django_db


def test_national_coverage(client, kim_tapalang, kim_makassar, target, django_assert_max_num_queries):
    target(None, hari=40)
    with django_assert_max_num_queries(5):
        resp = client.get("/api/v1/cakupan/")

    assert resp.status_code == 200
    data = resp.json()
    assert data["wilayah"] is None and data["jalur"] == []
    assert data["angka"]["desa_tercakup"] == 2 and data["angka"]["kim_aktif"] == 2
    assert [a["wilayah"]["kode"] for a in data["anak"]] == ["76", "73"]  # Sulbar is further behind
    assert [a["peringkat"] for a in data["anak"]] == [1, 2]
    assert data["anak"][0]["angka"]["desa"] == 648
    assert data["target"][0]["jenis"] == JenisTarget.KIM_PER_DESA
    assert data["target"][0]["wilayah"] is None and data["target"][0]["sisa_hari"] == 40


def test_region_coverage_with_children_and_nearest_target(client, kim_tapalang, target,
                                                          django_assert_max_num_queries):
    target(None, hari=400)
    target("76.02", hari=100, catatan="Renstra")
    # path, children, their two grouped figures, the kecamatan's own two, targets
    with django_assert_max_num_queries(7):
        resp = client.get("/api/v1/cakupan/76.02.02")

    data = resp.json()
    assert data["wilayah"] == {"kode": "76.02.02", "nama": "Kecamatan Tapalang", "tingkat": 3, "jenis": "kecamatan"}
    assert [w["kode"] for w in data["jalur"]] == ["76", "76.02"]
    assert data["angka"] == {"desa": 10, "desa_tercakup": 1, "persen_desa": 10.0, "kecamatan": 1,
                             "kecamatan_mandiri": 1, "persen_mandiri": 100.0, "kim_aktif": 1, "kim_mandiri": 1}
    assert len(data["anak"]) == 10
    assert data["anak"][-1]["wilayah"]["kode"] == "76.02.02.2003"
    [t] = data["target"]
    assert t["wilayah"]["kode"] == "76.02" and t["sisa_hari"] == 100
    assert (t["total"], t["tercapai"], t["kekurangan"], t["catatan"]) == (10, 1, 9, "Renstra")


def test_desa_coverage_has_no_children(client, kim_tapalang):
    data = client.get("/api/v1/cakupan/76.02.02.2003").json()
    assert data["angka"]["desa"] == 1 and data["angka"]["desa_tercakup"] == 1
    assert data["anak"] == []


@pytest.mark.parametrize("kode", ["99", "76.99", "76.0x", "x"])
def test_unknown_region_is_a_json_404(client, kode):
    resp = client.get(f"/api/v1/cakupan/{kode}")
    assert resp.status_code == 404
    assert resp.json() == {"detail": "Wilayah tidak ditemukan."}


def test_schema_is_in_the_openapi_document(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/cakupan/" in schema["paths"]
    assert "/api/v1/cakupan/{kode}" in schema["paths"]
    assert "CakupanOut" in schema["components"]["schemas"]
