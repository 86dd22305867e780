from django.urls import reverse

from simpul.core.laju import lewat_batas


def test_a_client_over_the_limit_waits_and_others_are_unaffected(db):
    for _ in range(3):
        assert lewat_batas("uji", "10.0.0.1", batas=3, periode=3600) == 0
    assert lewat_batas("uji", "10.0.0.1", batas=3, periode=3600) > 0
    assert lewat_batas("uji", "10.0.0.2", batas=3, periode=3600) == 0


def test_public_exports_are_rate_limited_with_a_clear_page(client, db):
    url = reverse("cakupan:tanpa_kim_csv", args=["76.02.02"])
    for _ in range(30):
        assert client.get(url).status_code == 200
    resp = client.get(url)
    assert resp.status_code == 429
    assert int(resp["Retry-After"]) > 0
    assert "Terlalu banyak permintaan" in resp.content.decode()
