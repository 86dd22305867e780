"""Query counts of the facility register (page, CSV/Excel exports) and its list endpoint do not
grow with the rows.

Each test measures the register with a few facilities, adds more (wifi points and equipment of
KIMs in other desa and kecamatan, with status changes and usage figures) and asserts the same
number of queries within a fixed budget."""

import pytest
from django.urls import reverse

from simpul.akun.testing import login_dengan_mfa
from simpul.core.testing.factories import KimFactory
from simpul.core.testing.kueri import kueri_tetap_semua
from simpul.fasilitas import services
from simpul.wilayah.models import Tingkat, Wilayah

pytestmark = pytest.mark.django_db


def _fasilitas(kantor, awal: int, n: int) -> None:
    desa = Wilayah.objects.filter(tingkat=Tingkat.DESA, kode__startswith="76.02.").order_by("kode")
    for i, d in enumerate(desa[awal * 3 : (awal + n) * 3 : 3], start=awal):
        kim = KimFactory(desa=d)
        x = services.fasilitas_create(
            actor=kantor,
            kim=kim,
            jenis="wifi",
            nama=f"Wifi Kueri {i:02d}",
            sumber="diskominfo",
            sumber_nama="Diskominfo Mamuju",
            lat=-2.85,
            lng=118.88,
            penyedia="Telkom",
            bandwidth_mbps=20,
            biaya_bulanan=1_000_000,
            pengguna_per_bulan=100 + i,
        )
        services.fasilitas_status_set(actor=kantor, fasilitas=x, status="gangguan", catatan="Mati")
        services.fasilitas_pemakaian_set(actor=kantor, fasilitas=x, pengguna_per_bulan=150)


def test_register_exports_and_api_queries_do_not_grow(
    client, diskominfo_mamuju, django_assert_max_num_queries
):
    _fasilitas(diskominfo_mamuju, 0, 3)
    login_dengan_mfa(client, diskominfo_mamuju)
    daftar, api = reverse("fasilitas:daftar"), "/api/v1/fasilitas/"

    def get(url, **params):
        return lambda: client.get(url, params)

    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {
            "register": (get(daftar), 9),
            "register filtered": (get(daftar, wilayah="76.02", jenis="wifi", q="kueri"), 12),
            "csv": (get(daftar, format="csv"), 7),
            "xlsx": (get(daftar, format="xlsx", status="gangguan"), 7),
            "api": (get(api), 8),
            "api filtered": (get(api, wilayah="76.02", jenis="wifi", status="gangguan"), 7),
        },
        tambah=lambda: _fasilitas(diskominfo_mamuju, 3, 10),
    )
    assert hasil["api"].json()["count"] == 13
    assert "Wifi Kueri 12" in b"".join(hasil["csv"].streaming_content).decode("utf-8-sig")
