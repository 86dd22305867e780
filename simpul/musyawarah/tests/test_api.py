from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.musyawarah import services

from .conftest import buat_jajak

pytestmark = pytest.mark.django_db


@pytest.fixture
def keputusan(topik, pengurus_kim_tapalang, anggota_kim_tapalang):
    j = buat_jajak(topik, pengurus_kim_tapalang)
    return services.jajak_putuskan(actor=pengurus_kim_tapalang, jajak=j, pernyataan="Kerja bakti Minggu pagi.",
                                   tindak_lanjut=[{"judul": "Pinjam molen", "penanggung_jawab": anggota_kim_tapalang,
                                                   "tenggat": timezone.localdate() + timedelta(days=3)}])


def test_public_api_shows_only_decisions_of_public_topics(client, keputusan, topik, kim_tapalang):
    url = f"/api/v1/musyawarah/kim/{kim_tapalang.slug}/keputusan"
    assert client.get(url).json() == []
    type(topik).objects.filter(pk=topik.pk).update(publik=True)
    data = client.get(url).json()
    assert [d["pernyataan"] for d in data] == ["Kerja bakti Minggu pagi."]
    assert "Jalan tani" in data[0]["topik"] and "komentar" not in data[0]
    assert client.get("/api/v1/musyawarah/kim/tidak-ada/keputusan").status_code == 404


def test_internal_endpoints_need_a_session_and_are_scoped(client, keputusan, warga, anggota_kim_tapalang,
                                                          diskominfo_makassar, diskominfo_mamuju):
    assert client.get("/api/v1/musyawarah/topik").status_code == 401
    client.force_login(warga)
    assert client.get("/api/v1/musyawarah/topik").json()["count"] == 0
    assert client.get("/api/v1/musyawarah/akuntabilitas").json()["count"] == 0
    client.force_login(anggota_kim_tapalang)
    assert client.get("/api/v1/musyawarah/topik").json()["count"] == 1
    login_dengan_mfa(client, diskominfo_makassar)
    assert client.get("/api/v1/musyawarah/akuntabilitas").json()["count"] == 0
    assert client.get("/api/v1/musyawarah/akuntabilitas", {"wilayah": "76.02"}).status_code == 404
    login_dengan_mfa(client, diskominfo_mamuju)
    item = client.get("/api/v1/musyawarah/akuntabilitas").json()["items"][0]
    assert item["tindak_lanjut"] == 1 and item["kemajuan"] == 0
