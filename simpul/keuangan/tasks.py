"""Background work of the books: the nightly recompute of every KIM's mandiri status (the 12-month
period slides with the calendar even when nobody writes in the books). Set-based and idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from simpul.core.jadwal import periodik

from . import services


@periodik(setiap=timedelta(hours=24), kunci="keuangan.status_mandiri")
@task()
def status_mandiri_malam() -> int:
    return services.status_mandiri_hitung()
