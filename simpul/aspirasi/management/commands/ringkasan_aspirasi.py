"""Recompute the aspiration dashboard's summary rows (RingkasanAspirasi) from the raw rows.

    manage.py ringkasan_aspirasi

The task ``aspirasi.ringkasan`` does the same every 10 minutes (``manage.py jadwal``); run this
after a bulk import or to fill the summary right after deploying. Safe while the site runs: one
transaction, dashboards keep reading the previous figures until it commits.
"""

from django.core.management.base import BaseCommand

from simpul.aspirasi.services import ringkasan_aspirasi_hitung_ulang


class Command(BaseCommand):
    help = "Recompute the aspiration dashboard's summary rows from the raw rows."

    def handle(self, *args, **opts):
        n = ringkasan_aspirasi_hitung_ulang()
        self.stdout.write(f"{n} summary rows recomputed")
