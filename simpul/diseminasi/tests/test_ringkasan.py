"""The dashboard's per-kecamatan summary rows: kept current by the services, equal to a recompute
from the raw rows, and the dashboard's query budget does not grow with the deliveries."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.core.testing.factories import AnggotaFactory, KimFactory, UserFactory
from simpul.diseminasi import selectors, services
from simpul.diseminasi.models import Penerimaan, RingkasanWilayah
from simpul.kim.models import StatusKim
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db

DESA = ["76.02.02.2006", "76.02.03.1001", "76.02.02.2003", "76.02.03.1001"]


def _kim(kode, **kw):
    return KimFactory(desa=Wilayah.objects.get(kode=kode), **kw)


def _anggota(kim):
    u = UserFactory()
    AnggotaFactory(kim=kim, user=u)
    return u


def _ringkasan(kampanye) -> dict:
    kolom = [
        f.attname
        for f in RingkasanWilayah._meta.concrete_fields
        if f.attname not in ("id", "kampanye_id")
    ]
    return {r["kode"]: r for r in RingkasanWilayah.objects.filter(kampanye=kampanye).values(*kolom)}


@pytest.fixture
def ramai(buat_kampanye, diskominfo_mamuju, kim_tapalang):
    """A 76.02 campaign over five KIMs in two kecamatan, acknowledged, reported on several
    channels (twice by one KIM, a double submit too), and a KIM activated after publishing."""
    kims = [kim_tapalang, *(_kim(d) for d in DESA)]
    k = buat_kampanye(diskominfo_mamuju, target=["76.02"])
    services.kampanye_publish(actor=diskominfo_mamuju, kampanye=k)
    hari_ini = timezone.localdate()

    def lapor(kim, saluran, n, kunci):
        p = Penerimaan.objects.get(kampanye=k, kim=kim)
        services.laporan_create(
            actor=_anggota(kim),
            penerimaan=p,
            saluran=saluran,
            tanggal=hari_ini,
            jumlah_orang=n,
            kunci=kunci,
        )

    lapor(kims[0], "grup_whatsapp", 40, "kunci-satu-1")
    lapor(kims[0], "pengeras_suara", 120, "kunci-satu-2")
    lapor(kims[0], "pengeras_suara", 120, "kunci-satu-2")  # the same form sent twice: one report
    lapor(kims[2], "radio_komunitas", 300, "kunci-dua-01")
    lapor(kims[3], "grup_whatsapp", 7, "kunci-tiga-1")
    for kim in (kims[1], kims[1], kims[2]):  # acknowledged twice; acknowledged after reporting
        services.penerimaan_acknowledge(
            actor=_anggota(kim), penerimaan=Penerimaan.objects.get(kampanye=k, kim=kim)
        )
    baru = _kim("76.02.03.1001", status=StatusKim.DRAF)
    baru.status = StatusKim.AKTIF
    baru.save(update_fields=["status"])
    assert services.sebarkan_ke_kim(baru.pk) == 1
    services.kampanye_publish(actor=diskominfo_mamuju, kampanye=k)  # idempotent: adds nothing
    return k


def test_incremental_summary_equals_the_recompute_from_raw_rows(ramai):
    inkremental = _ringkasan(ramai)
    assert sum(r["total"] for r in inkremental.values()) == 6
    assert sum(r["laporan"] for r in inkremental.values()) == 4
    services.ringkasan_hitung_ulang(ramai.pk)
    assert _ringkasan(ramai) == inkremental
    kec = inkremental["76.02.02"]
    assert (kec["total"], kec["diakui"], kec["melapor"], kec["laporan"], kec["jangkauan"]) == (
        3,
        3,
        2,
        3,
        167,
    )  # 40 + 120 + 7
    assert (kec["lap_grup_whatsapp"], kec["orang_grup_whatsapp"], kec["orang_pengeras_suara"]) == (
        2,
        47,
        120,
    )


def test_summary_figures_equal_the_raw_figures_at_every_level(ramai, diskominfo_mamuju):
    """The same figures whether read from the summary or grouped from the deliveries: the raw
    path is what a reach narrower than a kecamatan uses."""
    for kode in ("76.02", "76.02.02"):
        dari_ringkasan = selectors.rincian_wilayah(ramai, diskominfo_mamuju, kode=kode)
        stat = selectors.statistik(ramai, diskominfo_mamuju, kode=kode)
        lap = Penerimaan.objects.filter(kampanye=ramai, desa_kode__startswith=kode + ".")
        assert stat.total == lap.count() == sum(r["total"] for r in dari_ringkasan)
        assert stat.melapor == lap.filter(jumlah_laporan__gt=0).count()
        assert stat.jangkauan == sum(p.jangkauan for p in lap)
        assert sum(s["orang"] for s in stat.per_saluran) == stat.jangkauan
        assert sum(s["laporan"] for s in stat.per_saluran) == stat.laporan


def test_recompute_repairs_drift_and_the_command_reports_it(ramai, diskominfo_mamuju):
    benar = _ringkasan(ramai)
    RingkasanWilayah.objects.filter(kampanye=ramai, kode="76.02.02").update(
        total=99, orang_grup_whatsapp=0
    )
    RingkasanWilayah.objects.create(kampanye=ramai, kode="76.02.09", total=5)
    call_command("ringkasan_diseminasi", kampanye=ramai.pk, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _ringkasan(ramai) == benar
    call_command("ringkasan_diseminasi", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _ringkasan(ramai) == benar


def test_dashboard_and_drill_down_query_budgets_do_not_grow(
    client, ramai, diskominfo_mamuju, django_assert_max_num_queries
):
    login_dengan_mfa(client, diskominfo_mamuju)
    url = reverse("diseminasi:kampanye_detail", args=[ramai.pk])
    for wilayah in ("", "76.02.02", "76.02.02.2006"):
        with django_assert_max_num_queries(20):
            resp = client.get(url, {"wilayah": wilayah} if wilayah else {})
        assert resp.status_code == 200
    awal = resp.context["stat"].total
    for i in range(6):  # more KIMs and reports: the same number of queries
        kim = _kim(DESA[i % 4])
        services.sebarkan_ke_kim(kim.pk)
        services.laporan_create(
            actor=_anggota(kim),
            penerimaan=Penerimaan.objects.get(kampanye=ramai, kim=kim),
            saluran="lainnya",
            tanggal=timezone.localdate(),
            jumlah_orang=i,
            kunci=f"kunci-lagi-{i}",
        )
    for wilayah in ("", "76.02.02", "76.02.02.2006"):
        with django_assert_max_num_queries(20):
            resp = client.get(url, {"wilayah": wilayah} if wilayah else {})
        assert resp.status_code == 200
    assert resp.context["stat"].total > awal
    stat = selectors.statistik(ramai, diskominfo_mamuju)
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("diseminasi:kampanye_daftar"))
    assert resp.status_code == 200
    [k] = resp.context["page"]  # the list's figures come from the same summary rows
    assert (
        (k.total, k.jangkauan)
        == (stat.total, stat.jangkauan)
        == (
            Penerimaan.objects.filter(kampanye=ramai).count(),
            sum(Penerimaan.objects.filter(kampanye=ramai).values_list("jangkauan", flat=True)),
        )
    )
