"""Query budgets of the two hot paths (docs/aspirasi.md "Measuring"): a public submission and an
agency's queue. Budgets are fixed: they do not grow with the number of rows."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.akun.testing import login_dengan_mfa
from simpul.aspirasi.models import Aspirasi, Status
from simpul.notifikasi.models import Notifikasi

from .conftest import buat, isian

pytestmark = pytest.mark.django_db
KIRIM = reverse("aspirasi:kirim")
KELOLA = reverse("aspirasi:kelola")


def _kirim(client, **kw):
    return client.post(KIRIM, isian(kunci=str(uuid.uuid4()), **kw), HTTP_ACCEPT="application/json")


def test_kirim_hanya_beberapa_query_dan_petugas_tetap_dikabari(
    client,
    kim_tapalang,
    operator_desa_orobatu,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    assert _kirim(client).status_code == 201  # the holiday table is now cached
    # The answer: the idempotency lookup, the desa, the desa's KIM, then the aspiration and its
    # event in one transaction. Nothing per holiday, rule or category; the officials are looked
    # up and notified after commit, by a task.
    with django_assert_max_num_queries(7), django_capture_on_commit_callbacks() as setelah_commit:
        resp = _kirim(client, telepon="", email="")
    assert resp.status_code == 201
    a = Aspirasi.objects.get(kode=resp.json()["kode"])
    assert a.kim == kim_tapalang and a.tenggat is not None
    assert not Notifikasi.objects.filter(kunci=f"aspirasi:{a.pk}:masuk").exists()
    for fn in setelah_commit:
        fn()
    assert Notifikasi.objects.filter(
        user=operator_desa_orobatu, kunci=f"aspirasi:{a.pk}:masuk"
    ).exists()


def test_kirim_tanpa_petugas_lebih_sedikit_query(client, django_assert_max_num_queries):
    assert _kirim(client).status_code == 201
    with CaptureQueriesContext(connection) as ctx:
        assert _kirim(client, telepon="", email="").status_code == 201
    tulis = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert len(tulis) == 2, tulis  # the aspiration and its event, nothing else
    with django_assert_max_num_queries(7):
        assert _kirim(client, telepon="", email="").status_code == 201


def test_petugas_dikabari_satu_tugas_per_gelombang(
    client, kim_tapalang, operator_desa_orobatu, settings, django_capture_on_commit_callbacks
):
    """With a backend that can defer (Celery, the database worker), a burst of submissions
    enqueues one announcement run, a moment later, that tells the officials about all of them;
    a second run finds nothing left."""
    from simpul.aspirasi import services
    from simpul.aspirasi.tasks import kabari_petugas_masuk

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = kabari_petugas_masuk.get_backend()
    assert backend.supports_defer
    with django_capture_on_commit_callbacks(execute=True):
        kode = [_kirim(client, telepon="", email="").json()["kode"] for _i in range(3)]
    antre = [r for r in backend.results if r.task.name == kabari_petugas_masuk.name]
    assert len(antre) == 1 and antre[0].task.run_after is not None
    baru = Aspirasi.objects.filter(kode__in=kode)
    assert baru.filter(perlu_dikabari=True).count() == 3
    assert services.kabari_petugas_masuk() == 3
    for a in baru:
        assert Notifikasi.objects.filter(user=operator_desa_orobatu, kunci=f"aspirasi:{a.pk}:masuk").exists()
    assert services.kabari_petugas_masuk() == 0
    assert not baru.filter(perlu_dikabari=True).exists()


def test_petugas_satu_gelombang_kueri_tetap(client, kim_tapalang, operator_desa_orobatu,
                                           django_assert_max_num_queries):
    """One announcement run: the officials of every (desa, KIM) pair of the batch in a fixed
    number of queries, whatever the number of desa."""
    from simpul.aspirasi import services
    from simpul.wilayah.models import Wilayah

    desa = list(Wilayah.objects.filter(tingkat=4, kode__startswith="76.02.").order_by("kode")
                .values_list("kode", flat=True)[:12])
    for kode in desa:
        services.aspirasi_create(jenis="aspirasi", desa=kode, isi=f"Aspirasi dari desa {kode} untuk petugas.")
    Aspirasi.objects.update(perlu_dikabari=True)
    # the batch's rows, the officials (desa role + KIM officers), the notifications (read, in-app,
    # outbox), clearing the flag and the savepoint: 9 for 12 desa (one query per desa would be 20+)
    with django_assert_max_num_queries(12):
        assert services.kabari_petugas_masuk() == len(desa)
    assert Notifikasi.objects.filter(user=operator_desa_orobatu, kunci__endswith=":masuk").exists()


def test_kiriman_ulang_satu_query(client, django_assert_max_num_queries):
    data = isian(kunci=str(uuid.uuid4()))
    first = client.post(KIRIM, data, HTTP_ACCEPT="application/json")
    with django_assert_max_num_queries(1):
        again = client.post(KIRIM, data, HTTP_ACCEPT="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["kode"] == again.json()["kode"]


def test_antrean_instansi_jumlah_query_tetap(
    client, pupr, staf_pupr, pupr_bina_marga, django_assert_max_num_queries
):
    def isi(n):
        for i in range(n):
            a = buat(isi=f"Aspirasi antrean nomor {i} untuk instansi.")
            Aspirasi.objects.filter(pk=a.pk).update(
                instansi=pupr if i % 2 else pupr_bina_marga, status=Status.DIDISPOSISI
            )

    login_dengan_mfa(client, staf_pupr)
    isi(30)
    with CaptureQueriesContext(connection) as sedikit:
        assert client.get(KELOLA).status_code == 200
    isi(40)
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        resp = client.get(KELOLA + "?halaman=3")
    assert resp.status_code == 200
    with django_assert_max_num_queries(15):
        resp = client.get(KELOLA)
    # the page shows the 25 earliest deadlines of the agency and its unit, in order
    halaman = list(resp.context["page"])
    harap = list(
        Aspirasi.objects.filter(instansi__in=[pupr, pupr_bina_marga]).order_by("tenggat", "-id")[
            :25
        ]
    )
    assert halaman == harap
    assert resp.context["page"].paginator.count == 70
    ketiga = client.get(KELOLA + "?halaman=3").context["page"]
    assert list(ketiga) == list(
        Aspirasi.objects.filter(instansi__in=[pupr, pupr_bina_marga]).order_by("tenggat", "-id")[
            50:70
        ]
    )


def test_kiriman_ulang_kunci_panjang_tetap_dikenali(client):
    data = isian(kunci="k" * 100)  # the longest key the form accepts
    first = client.post(KIRIM, data, HTTP_ACCEPT="application/json")
    again = client.post(
        KIRIM, data, HTTP_ACCEPT="application/json"
    )  # same (now used) challenge token
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["kode"] == again.json()["kode"]
    assert Aspirasi.objects.count() == 1


def test_antrean_kantor_urut_tenggat_dan_kueri_tetap(client, diskominfo_mamuju, django_assert_max_num_queries):
    """An office's queue (the handlers' default "open" view and the overdue filter), read from the
    ``aspirasi_terbuka_tenggat`` index: open rows of the reach only, earliest deadline first
    (newest first on a tie), exact count, and a query count that does not grow with the rows."""
    from datetime import timedelta

    from django.utils import timezone

    from simpul.core.testing.kueri import kueri_tetap_semua

    hari_ini = timezone.localdate()
    status = [Status.BARU, Status.DIVERIFIKASI, Status.DIDISPOSISI, Status.SELESAI, Status.DIARSIPKAN,
              Status.DITINDAKLANJUTI, Status.DITUNDA]

    def isi(awal, n):
        for i in range(awal, awal + n):
            a = buat(isi=f"Aspirasi antrean kantor nomor {i} di desa.")
            Aspirasi.objects.filter(pk=a.pk).update(
                status=status[i % len(status)], tenggat=hari_ini + timedelta(days=(i * 7) % 11 - 5),
                terlambat=i % 3 == 0)
        buat(desa="73.71.01.1001", isi="Aspirasi di luar jangkauan kantor Mamuju.")  # another region

    isi(0, 10)
    login_dengan_mfa(client, diskominfo_mamuju)
    hasil = kueri_tetap_semua(
        django_assert_max_num_queries,
        {"terbuka": (lambda: client.get(KELOLA), 12), "terlambat": (lambda: client.get(KELOLA, {"terlambat": 1}), 12)},
        tambah=lambda: isi(10, 60),
    )
    terbuka = Aspirasi.objects.filter(wilayah_tangani__kode__startswith="76.02.", status__in=[
        Status.DRAF, Status.BARU, Status.DITUNDA, Status.DIVERIFIKASI, Status.DIDISPOSISI, Status.DITINDAKLANJUTI])
    for nama, qs in (("terbuka", terbuka), ("terlambat", terbuka.filter(terlambat=True))):
        page = hasil[nama].context["page"]
        harap = sorted(qs, key=lambda a: (a.tenggat, -a.pk))
        assert list(page) == harap[:25], nama
        assert page.paginator.count == len(harap), nama
    assert hasil["terbuka"].context["page"].paginator.count > 25
    kedua = client.get(KELOLA, {"halaman": 2}).context["page"]
    assert list(kedua) == sorted(terbuka, key=lambda a: (a.tenggat, -a.pk))[25:50]


def test_antrean_kantor_tautan_halaman_membawa_saringan(client, diskominfo_mamuju):
    """The queue's next/previous links keep the filters (status, search, overdue): page 2 of
    "overdue, status diverifikasi" is still that list, not the default open queue."""
    for i in range(30):
        a = buat(isi=f"Aspirasi saringan halaman nomor {i} di desa.")
        Aspirasi.objects.filter(pk=a.pk).update(status=Status.DIVERIFIKASI, terlambat=True)
    login_dengan_mfa(client, diskominfo_mamuju)
    html = client.get(KELOLA, {"status": "diverifikasi", "terlambat": "1", "q": "saringan"}).content.decode()
    assert "?status=diverifikasi&amp;q=saringan&amp;terlambat=1&amp;halaman=2" in html
    # "Semua" (every status) is a filter too: its pages stay on every status.
    html = client.get(KELOLA, {"status": ""}).content.decode()
    assert "?status=&amp;halaman=2" in html
