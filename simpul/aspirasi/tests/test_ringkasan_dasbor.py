"""The dashboard summary (RingkasanAspirasi): national and provincial reaches read it and get the
same figures as from the raw rows; narrower reaches, agency staff and KIM officers keep the raw
path; the recompute is idempotent and the read costs a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.akun.testing import login_dengan_mfa
from simpul.aspirasi import selectors, services
from simpul.aspirasi.models import (
    Aspirasi,
    Instansi,
    Kategori,
    RingkasanAspirasi,
    RingkasanAspirasiStatus,
    StafInstansi,
    Status,
)
from simpul.core.jadwal import muat_semua
from simpul.wilayah.models import Tingkat, Wilayah

from .conftest import DESA, DESA_LAIN, DESA_MAKASSAR, buat

pytestmark = pytest.mark.django_db

J = timedelta(hours=1)


def _desa_kecamatan_lain() -> str:
    return (Wilayah.objects.filter(kode__startswith="76.01.", tingkat=Tingkat.DESA).order_by("kode")
            .values_list("kode", flat=True).first())


def _isi(a: Aspirasi, **kw) -> None:
    Aspirasi.objects.filter(pk=a.pk).update(**kw)


@pytest.fixture
def makassar_pu(db):
    return Instansi.objects.create(nama="Dinas PU Kota Makassar", wilayah=Wilayah.objects.get(kode="73.71"))


@pytest.fixture
def data(pupr, pupr_bina_marga, makassar_pu):
    """Aspirations in two provinces, over four local months, in every state the figures count."""
    kat = list(Kategori.objects.order_by("id")[:2])
    t0 = datetime(2025, 1, 15, 3, 0, tzinfo=UTC)
    maret_lokal = datetime(2025, 2, 28, 18, 0, tzinfo=UTC)  # 1 March 01:00 in Jakarta
    april_lokal = datetime(2025, 3, 31, 17, 30, tzinfo=UTC)  # 1 April 00:30 in Jakarta
    lain = _desa_kecamatan_lain()
    spek = [
        # desa, jenis, status, kategori, instansi, dibuat, respons after disposition, tepat, terlambat, nilai
        (DESA, "pengaduan", Status.SELESAI, kat[0], pupr, t0, 5 * J + timedelta(minutes=10), True, False, 5),
        (DESA, "aspirasi", Status.DITANGGAPI, kat[0], pupr, t0, 30 * J, False, False, 2),
        (DESA_LAIN, "informasi", Status.DIDISPOSISI, kat[1], pupr, maret_lokal, None, None, True, None),
        (DESA_LAIN, "pengaduan", Status.DITINDAKLANJUTI, kat[1], pupr_bina_marga, maret_lokal, None, None, False,
         None),
        (lain, "pengaduan", Status.SELESAI, None, pupr_bina_marga, april_lokal, 2 * J + timedelta(minutes=40),
         True, False, 4),
        (lain, "aspirasi", Status.BARU, None, None, april_lokal, None, None, True, None),
        (DESA, "aspirasi", Status.DITUNDA, kat[0], None, t0 + 40 * 24 * J, None, None, False, None),
        (DESA, "pengaduan", Status.SELESAI, kat[1], pupr, t0 + 10 * 24 * J, 3000 * J, False, False, 1),
        (DESA, "pengaduan", Status.DIARSIPKAN, None, None, t0, None, None, True, None),
        (DESA_MAKASSAR, "pengaduan", Status.DIDISPOSISI, kat[0], makassar_pu, t0, None, None, True, None),
        (DESA_MAKASSAR, "aspirasi", Status.SELESAI, kat[0], makassar_pu, maret_lokal, -J, True, False, 3),
        (DESA_MAKASSAR, "informasi", Status.DIVERIFIKASI, None, None, april_lokal, None, None, False, None),
    ]
    out = []
    for desa, jenis, status, kategori, instansi, dibuat, respons, tepat, terlambat, nilai in spek:
        a = buat(desa=desa, jenis=jenis)
        dispo = dibuat + 2 * J if instansi else None
        _isi(a, status=status, kategori=kategori, instansi=instansi, dibuat=dibuat, didisposisi_pada=dispo,
             respons_pertama_pada=dispo + respons if respons is not None else None, tepat_waktu=tepat,
             terlambat=terlambat, penilaian=nilai)
        out.append(a)
    # Escalated to the kab/kota (still province 76); forwarded sideways to Makassar (province 73).
    _isi(out[2], wilayah_tangani_id="76.02", kim=None)
    _isi(out[5], wilayah_tangani_id="73.71", kim=None)
    return out


def _sama(raw: dict, ring: dict) -> None:
    assert raw["per"] is None and ring["per"] is not None
    assert set(raw) == set(ring)
    for k in raw:
        if k in ("per", "median_jam_respons", "liga"):
            continue
        assert ring[k] == raw[k], k
    if raw["median_jam_respons"] is None:
        assert ring["median_jam_respons"] is None
    else:
        assert abs(ring["median_jam_respons"] - round(raw["median_jam_respons"])) <= 1
    assert len(ring["liga"]) == len(raw["liga"])
    for a, b in zip(raw["liga"], ring["liga"], strict=True):
        assert {k: v for k, v in a.items() if k != "nilai"} == {k: v for k, v in b.items() if k != "nilai"}
        assert b["nilai"] == pytest.approx(a["nilai"])


def _raw(user, dari: str = "") -> dict:
    qs = selectors.aspirasi_kelola_qs(user)
    if dari:
        qs = qs.filter(dibuat__date__gte=dari)
    return selectors.statistik(qs)


def _ringkas(user, dari: str = "") -> dict:
    sumber = selectors.sumber_ringkasan(user, dari)
    assert sumber is not None
    return selectors.statistik(Aspirasi.objects.none(), sumber)


def test_belum_dihitung_baca_mentah(komdigi, data):
    assert selectors.sumber_ringkasan(komdigi, "") is None


@pytest.mark.parametrize("dari", ["", "2025-03-01", "2025-04-01", "2030-01-01"])
def test_nasional_sama_dengan_mentah(komdigi, data, dari):
    services.ringkasan_aspirasi_hitung_ulang()
    raw, ring = _raw(komdigi, dari), _ringkas(komdigi, dari)
    _sama(raw, ring)
    if not dari:
        assert raw["total"] == len(data) and raw["median_jam_respons"] is not None
        assert raw["terlambat"] > 0 and raw["per_kategori"] and len(raw["liga"]) == 3


def test_provinsi_sama_dengan_mentah_dan_tanpa_provinsi_lain(diskominfo_sulbar, data, makassar_pu):
    services.ringkasan_aspirasi_hitung_ulang()
    sumber = selectors.sumber_ringkasan(diskominfo_sulbar, "")
    assert sumber is not None and sumber.provinsi == ("76",)
    raw, ring = _raw(diskominfo_sulbar), _ringkas(diskominfo_sulbar)
    _sama(raw, ring)
    assert ring["total"] == Aspirasi.objects.filter(wilayah_tangani__kode__startswith="76.").count() == 8
    assert all(r["kec"].startswith("76.") for r in ring["per_kecamatan"])
    assert makassar_pu.nama not in {r["instansi__nama"] for r in ring["liga"]}
    assert makassar_pu.nama not in {r["instansi__nama"] for r in ring["per_instansi"]}
    _sama(_raw(diskominfo_sulbar, "2025-03-01"), _ringkas(diskominfo_sulbar, "2025-03-01"))


def test_jangkauan_sempit_tetap_mentah(diskominfo_mamuju, staf_pupr, pengurus_kim_tapalang, diskominfo_sulbar,
                                       komdigi, pupr, data):
    services.ringkasan_aspirasi_hitung_ulang()
    for user in (diskominfo_mamuju, staf_pupr, pengurus_kim_tapalang):
        assert selectors.sumber_ringkasan(user, "") is None
    # A day other than the first of a month: the raw rows.
    assert selectors.sumber_ringkasan(komdigi, "2025-03-02") is None
    assert selectors.sumber_ringkasan(komdigi, "2025-02-30") is None
    # A province officer who also answers for an agency (its rows may lie outside): raw.
    StafInstansi.objects.create(instansi=pupr, user=diskominfo_sulbar)
    baru = type(diskominfo_sulbar).objects.get(pk=diskominfo_sulbar.pk)  # no cached grants / agencies
    assert selectors.sumber_ringkasan(baru, "") is None


def test_halaman_menampilkan_data_per(client, komdigi, diskominfo_mamuju, data):
    services.ringkasan_aspirasi_hitung_ulang()
    login_dengan_mfa(client, komdigi)
    resp = client.get(reverse("aspirasi:dasbor"))
    assert resp.status_code == 200
    assert resp.context["st"]["per"] is not None and resp.context["st"]["total"] == len(data)
    assert "Data per" in resp.content.decode()
    resp = client.get(reverse("aspirasi:dasbor") + "?dari=2025-03-01")
    assert resp.context["st"]["per"] is not None
    _sama(_raw(komdigi, "2025-03-01"), resp.context["st"])
    client.logout()
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.get(reverse("aspirasi:dasbor"))
    assert resp.context["st"]["per"] is None and "Data per" not in resp.content.decode()


def _jumlah_kueri(user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        _ringkas(user)
    return len(ctx.captured_queries)


def test_jumlah_kueri_tetap(komdigi, diskominfo_sulbar, data, makassar_pu):
    services.ringkasan_aspirasi_hitung_ulang()
    _ringkas(komdigi), _ringkas(diskominfo_sulbar)  # the grants, cached on the user objects
    sedikit = _jumlah_kueri(komdigi), _jumlah_kueri(diskominfo_sulbar)
    # The status row, the grouped read, the top kecamatan, the category and agency names.
    assert sedikit[0] == 5 and sedikit[1] <= 5
    for i in range(10):
        a = buat(desa=DESA_MAKASSAR if i % 2 else _desa_kecamatan_lain(), jenis="aspirasi")
        _isi(a, instansi=makassar_pu, didisposisi_pada=a.dibuat, respons_pertama_pada=a.dibuat + i * J,
             tepat_waktu=bool(i % 3), penilaian=1 + i % 5)
    services.ringkasan_aspirasi_hitung_ulang()
    assert (_jumlah_kueri(komdigi), _jumlah_kueri(diskominfo_sulbar)) == sedikit
    _sama(_raw(komdigi), _ringkas(komdigi))


def test_hitung_ulang_idempoten(data):
    def baris():
        return sorted(RingkasanAspirasi.objects.values_list(
            "provinsi", "bulan", "dimensi", "nilai", "n", "terbuka", "dijawab", "tepat", "terlambat",
            "penilaian_jumlah", "penilaian_n"), key=lambda r: tuple(str(x) for x in r))

    n1 = services.ringkasan_aspirasi_hitung_ulang()
    satu = baris()
    n2 = services.ringkasan_aspirasi_hitung_ulang()
    assert n1 == n2 == len(satu) > 0 and baris() == satu
    assert RingkasanAspirasiStatus.objects.get().baris == n1
    # The month is the local one: 28 Feb 18:00 UTC is 1 March in Jakarta.
    assert {r[1].isoformat() for r in satu if r[1]} == {"2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"}
    # The all-time rollups add up the months: per province (no month) and for the country ("").
    bulanan = [r for r in satu if r[1] is not None]
    for prov in ("73", "76"):
        for dimensi in ("total", "status", "respons"):
            rollup = {r[3]: r[4:] for r in satu if r[0] == prov and r[1] is None and r[2] == dimensi}
            harap: dict = {}
            for r in bulanan:
                if r[0] == prov and r[2] == dimensi:
                    harap[r[3]] = tuple(a + b for a, b in zip(harap.get(r[3], (0,) * 7), r[4:], strict=True))
            assert rollup == harap, (prov, dimensi)
    negara = {r[3]: r[4] for r in satu if r[0] == "" and r[2] == "total"}
    assert negara[""] == sum(r[4] for r in bulanan if r[2] == "total") == Aspirasi.objects.count()
    respons = {(r[0], r[3]) for r in satu if r[2] == "respons" and r[1] is not None}
    assert ("76", "2000") in respons and ("73", "0") in respons  # clamped at both ends


def test_perintah_dan_tugas_berkala(data):
    call_command("ringkasan_aspirasi")
    assert RingkasanAspirasiStatus.objects.exists()
    p = muat_semua()["aspirasi.ringkasan"]
    assert p.setiap == timedelta(minutes=10)
