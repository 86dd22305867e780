"""Periodic notification work, run by ``manage.py jadwal`` (see simpul/core/jadwal.py)."""

from datetime import timedelta

from django.tasks import task

from simpul.core.jadwal import periodik

from . import services


@periodik(setiap=timedelta(minutes=1), kunci="notifikasi.outbox")
@task()
def sapu_outbox() -> dict:
    """Every minute: expire the claims of dead workers, then send the retries that came due."""
    pulih = services.pulihkan_klaim_basi()
    return {"pulih": pulih, **services.jalankan_outbox()}


@periodik(setiap=timedelta(hours=1), kunci="notifikasi.ringkasan")
@task()
def ringkasan_harian() -> int:
    """Hourly check; folds the held messages into one digest per person and channel once the
    day's cut-off (SIMPUL_RINGKASAN_JAM, 07:00 local) has passed."""
    return services.buat_ringkasan()
