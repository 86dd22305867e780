"""Background work of the dissemination app. Every task is idempotent.

- ``beritahu_kampanye(kampanye_id)``: after publishing, notify the officers of every receiving
  KIM not told yet (deliveries are marked once told).
- ``ingatkan_kampanye(kampanye_id, tanggal)``: the "remind those who have not reported" action
  (notification key per campaign and day).
- ``kampanye_untuk_kim(kim_id)``: a KIM just became active (approved or unfrozen): it receives
  the running campaigns aimed at its region, then its officers are told.
- ``isi_ulang_penerimaan()`` (periodic, every 30 minutes): the same top-up for every running
  campaign, set-based, for any activation the hook did not see (e.g. a status changed in the
  admin or by a script).
- ``hitung_ulang_ringkasan()`` (periodic, daily): the dashboard's per-kecamatan summary rows
  recomputed from the raw rows for the running campaigns (the services keep them current; this
  repairs any drift, e.g. deliveries deleted with their KIM).
"""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from simpul.core.jadwal import periodik

from . import services
from .models import Kampanye, Penerimaan, StatusKampanye


@task()
def beritahu_kampanye(kampanye_id: int) -> int:
    return services.beritahu_penerimaan(kampanye_id)


@task()
def ingatkan_kampanye(kampanye_id: int, tanggal: str) -> int:
    return services.ingatkan_belum_lapor(kampanye_id, tanggal)


@task()
def kampanye_untuk_kim(kim_id: int) -> int:
    baru = services.sebarkan_ke_kim(kim_id)
    if baru:
        for kampanye_id in (Penerimaan.objects.filter(kim_id=kim_id, diberitahu_pada__isnull=True)
                            .values_list("kampanye_id", flat=True)):
            services.beritahu_penerimaan(kampanye_id)
    return baru


@periodik(setiap=timedelta(minutes=30), kunci="diseminasi.isi_ulang")
@task()
def isi_ulang_penerimaan() -> int:
    total = 0
    for pk in Kampanye.objects.filter(status=StatusKampanye.TERBIT, selesai__gte=timezone.localdate()) \
            .values_list("pk", flat=True):
        if services.sebarkan(pk):
            total += 1
            services.beritahu_penerimaan(pk)
    return total


@periodik(setiap=timedelta(days=1), kunci="diseminasi.ringkasan")
@task()
def hitung_ulang_ringkasan() -> int:
    total = 0
    for pk in Kampanye.objects.filter(status=StatusKampanye.TERBIT).values_list("pk", flat=True):
        total += services.ringkasan_hitung_ulang(pk)
    return total
