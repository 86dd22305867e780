import pytest

from simpul.akun.testing import login_dengan_mfa

pytestmark = pytest.mark.django_db


def test_book_api_gives_running_balance_to_members_and_404_to_others(client, catat, kim_tapalang,
                                                                      anggota_kim_tapalang, diskominfo_makassar,
                                                                      django_assert_max_num_queries):
    catat("masuk", "2025-01-01", 1000, "iuran")
    catat("keluar", "2025-01-02", 300)
    url = f"/api/v1/keuangan/kim/{kim_tapalang.pk}?tahun=2025"
    assert client.get(url).status_code in (401, 403)
    client.force_login(anggota_kim_tapalang)
    with django_assert_max_num_queries(12):
        r = client.get(url)
    d = r.json()
    assert [t["saldo"] for t in d["transaksi"]] == [700, 1000] and d["saldo"] == 700
    assert d["ringkasan_bulanan"][0]["saldo_akhir"] == 700
    assert client.get(f"/api/v1/keuangan/kim/{kim_tapalang.pk}?tahun=1").status_code == 400
    client.logout()
    login_dengan_mfa(client, diskominfo_makassar)
    assert client.get(url).status_code == 404
