"""The Celery backend of django.tasks, run by a real Celery worker.

The worker runs in a thread of the test process and consumes from Redis when ``REDIS_URL`` is
set (the PostgreSQL + Redis CI run), from Celery's in-memory broker otherwise, so the Celery
path is exercised in both runs. The worker thread shares the test's database connection (as
Django's live server thread does), so it sees the test's rows.
"""

import contextlib
import os
import time

import pytest
from asgiref.local import Local
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import task_prerun
from django.conf import settings
from django.db import connections
from django.tasks import TaskResultStatus, task, task_backends
from django.tasks.exceptions import TaskResultDoesNotExist

from config.celery import CeleryBackend, daftarkan
from simpul.notifikasi import services
from simpul.notifikasi.models import Pesan, StatusPesan

pytestmark = pytest.mark.django_db


class GagalUji(Exception):
    pass


@task()
def selalu_gagal(alasan: str):
    raise GagalUji(alasan)


@task()
def tambah(a: int, b: int) -> int:
    return a + b


def _broker() -> tuple[str, str]:
    if settings.REDIS_URL:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
        db = 10 + (int(worker[2:]) if worker[2:].isdigit() else 0)
        url = settings.REDIS_URL.rsplit("/", 1)[0] + f"/{db}"
        return url, url
    return "memory://", "cache+memory://"


APP = Celery("simpul-uji", set_as_current=False, fixups=[])
daftarkan(APP)


@pytest.fixture
def celery_worker(db):
    broker, hasil = _broker()
    APP.conf.update(broker_url=broker, result_backend=hasil, task_default_queue="default",
                    result_extended=True, task_track_started=True, task_acks_late=True,
                    broker_connection_retry_on_startup=True)
    if broker.startswith("redis"):
        import redis

        redis.Redis.from_url(broker).flushdb()
    conn = connections["default"]
    conn.inc_thread_sharing()

    def pakai_koneksi_uji(**kwargs):
        connections["default"] = conn

    task_prerun.connect(pakai_koneksi_uji, weak=False)
    lama = task_backends.__dict__.get("settings")
    task_backends.__dict__["settings"] = task_backends.configure_settings({"default": {
        "BACKEND": "config.celery.CeleryBackend",
        "OPTIONS": {"APP": "simpul.notifikasi.tests.test_celery.APP"}}})
    task_backends._connections = Local(task_backends.thread_critical)
    try:
        with start_worker(APP, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield
    finally:
        task_prerun.disconnect(pakai_koneksi_uji)
        conn.dec_thread_sharing()
        if lama is None:
            task_backends.__dict__.pop("settings", None)
        else:
            task_backends.__dict__["settings"] = lama
        task_backends._connections = Local(task_backends.thread_critical)


def _tunggu(hasil, detik=20):
    batas = time.monotonic() + detik
    while time.monotonic() < batas:
        with contextlib.suppress(TaskResultDoesNotExist):
            hasil.refresh()
        if hasil.is_finished:
            return hasil
        time.sleep(0.05)
    raise AssertionError(f"task {hasil.id} did not finish: {hasil.status}")


def test_the_backend_is_the_celery_one(celery_worker):
    assert isinstance(tambah.get_backend(), CeleryBackend)
    assert tambah.get_backend().supports_defer and tambah.get_backend().supports_get_result


def test_a_task_runs_on_the_celery_worker_and_its_result_comes_back(celery_worker):
    hasil = _tunggu(tambah.enqueue(2, 3))
    assert hasil.status == TaskResultStatus.SUCCESSFUL
    assert hasil.return_value == 5
    again = tambah.get_result(hasil.id)
    assert again.args == [2, 3] and again.return_value == 5


def test_a_failing_task_reports_its_exception(celery_worker):
    hasil = _tunggu(selalu_gagal.enqueue("rusak"))
    assert hasil.status == TaskResultStatus.FAILED
    assert hasil.errors[0].exception_class_path.endswith("GagalUji")
    assert "rusak" in hasil.errors[0].traceback


def test_the_outbox_task_sends_through_celery(celery_worker, kanal_uji, django_capture_on_commit_callbacks):
    http, _smtp = kanal_uji
    with django_capture_on_commit_callbacks(execute=True):
        services.kirim_ke_kontak(kanal="telegram", alamat="77", kunci="aspirasi:1:c", judul="Lewat Celery", isi="ok")
    hasil = _tunggu(services.proses_outbox.enqueue())
    assert hasil.status == TaskResultStatus.SUCCESSFUL, hasil.errors
    assert Pesan.objects.get().status == StatusPesan.TERKIRIM
    assert [r.json()["text"] for r in http.permintaan] == ["Lewat Celery\n\nok"]
