"""Dashboard figures, exports (CSV, Excel, the LAPOR! format) and their scope."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from simpul.akun.testing import login_dengan_mfa
from simpul.aspirasi import services

from .conftest import DESA_MAKASSAR, buat

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(diskominfo_mamuju, pupr, staf_pupr, kategori):
    a = buat(nama="Pelapor Terbuka", telepon="081211112222")
    services.aspirasi_verifikasi(actor=diskominfo_mamuju, aspirasi=a, kategori=kategori)
    services.aspirasi_disposisi(actor=diskominfo_mamuju, aspirasi=a, instansi=pupr)
    services.tanggapan_kirim(actor=staf_pupr, aspirasi=a, isi="Sudah kami tangani dengan baik.")
    b = buat(anonim=True, nama="Tersembunyi", telepon="081233334444")
    services.aspirasi_verifikasi(actor=diskominfo_mamuju, aspirasi=b, kategori=kategori)
    buat(desa=DESA_MAKASSAR, judul="Di Makassar")
    return a, b


def test_dasbor_angka(client, diskominfo_mamuju, data, django_assert_max_num_queries):
    login_dengan_mfa(client, diskominfo_mamuju)
    with django_assert_max_num_queries(25):
        resp = client.get(reverse("aspirasi:dasbor"))
    st = resp.context["st"]
    assert st["total"] == 2  # Makassar is outside the reach
    assert st["persen_tepat"] == 100.0 and st["median_jam_respons"] is not None
    assert st["liga"][0]["instansi__nama"] == "Dinas PUPR Kabupaten Mamuju"


def test_ekspor_csv_xlsx(client, diskominfo_mamuju, data):
    login_dengan_mfa(client, diskominfo_mamuju)
    csv = b"".join(client.get(reverse("aspirasi:ekspor", args=["csv"])).streaming_content).decode()
    assert data[0].kode in csv and "Di Makassar" not in csv and "081211112222" not in csv
    x = client.get(reverse("aspirasi:ekspor", args=["xlsx"]))
    assert x.status_code == 200 and x["Content-Type"].startswith("application/vnd.openxmlformats")


def test_ekspor_lapor_tanpa_identitas_anonim(client, diskominfo_mamuju, data):
    login_dengan_mfa(client, diskominfo_mamuju)
    j = json.loads(client.get(reverse("aspirasi:ekspor_lapor", args=["json"])).content)
    assert j["format"] == "simpul-lapor-1"
    rows = {r["tracking_id"]: r for r in j["laporan"]}
    a, b = data
    assert rows[a.kode]["nama_pelapor"] == "Pelapor Terbuka"
    assert rows[b.kode]["anonim"] is True and rows[b.kode]["nama_pelapor"] == "" and rows[b.kode]["kontak_pelapor"] == ""
    csv = b"".join(client.get(reverse("aspirasi:ekspor_lapor", args=["csv"])).streaming_content).decode()
    assert "081233334444" not in csv and "Tersembunyi" not in csv


def test_dasbor_butuh_masuk(client):
    assert client.get(reverse("aspirasi:dasbor")).status_code == 302


def test_liga_dipotong_50_dengan_tautan_semua(client, diskominfo_mamuju):
    """Thousands of agencies nationally: the league table shows the first 50 and links to all."""
    from simpul.aspirasi.models import Aspirasi, Instansi, Status
    from simpul.wilayah.models import Wilayah

    kab = Wilayah.objects.get(kode="76.02")
    inst = Instansi.objects.bulk_create([Instansi(nama=f"Instansi Uji {i:02d}", wilayah=kab) for i in range(53)])
    for i, ins in enumerate(inst):
        a = buat(isi=f"Aspirasi untuk instansi nomor {i} di Mamuju.")
        Aspirasi.objects.filter(pk=a.pk).update(instansi=ins, status=Status.DIDISPOSISI)
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.get(reverse("aspirasi:dasbor"))
    assert len(resp.context["st"]["liga"]) == 53 and len(resp.context["liga"]) == 50
    assert "Menampilkan 50 dari 53 instansi" in resp.content.decode() and "?liga=semua" in resp.content.decode()
    semua = client.get(reverse("aspirasi:dasbor") + "?liga=semua")
    assert len(semua.context["liga"]) == 53 and "Tampilkan semua" not in semua.content.decode()


def test_tanggal_dari_salah_pesan_jelas_isian_tetap(client, diskominfo_mamuju, data):
    """?dari= that is not a real date: the page (and the export) answer, the filter is not
    applied, the page says why and the typed value stays in the field."""
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.get(reverse("aspirasi:dasbor") + "?dari=2025-13-45")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Tanggal tidak dikenali" in html and 'value="2025-13-45"' in html and 'aria-invalid="true"' in html
    assert resp.context["st"]["total"] == 2
    assert client.get(reverse("aspirasi:ekspor", args=["csv"]) + "?dari=2025-13-45").status_code == 200
    baik = client.get(reverse("aspirasi:dasbor") + "?dari=2020-01-01")
    assert "Tanggal tidak dikenali" not in baik.content.decode() and "?dari=2020-01-01" in baik.content.decode()
