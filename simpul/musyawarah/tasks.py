"""Periodic reminders of musyawarah (idempotent: each poll / action window is claimed on its row)."""

from datetime import timedelta

from django.tasks import task

from simpul.core.jadwal import periodik


@periodik(setiap=timedelta(hours=1), kunci="musyawarah.pengingat_jajak")
@task()
def pengingat_jajak() -> int:
    from . import services

    return services.kirim_pengingat_jajak()


@periodik(setiap=timedelta(hours=24), kunci="musyawarah.pengingat_tindak_lanjut")
@task()
def pengingat_tindak_lanjut() -> int:
    from . import services

    return services.kirim_pengingat_tindak_lanjut()
