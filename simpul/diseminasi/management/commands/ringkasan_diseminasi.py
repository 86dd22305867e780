"""Recompute the dashboard's per-kecamatan summary rows from the raw deliveries and reports.

    manage.py ringkasan_diseminasi              # every published or closed campaign
    manage.py ringkasan_diseminasi --kampanye 42

The services keep the rows current on every act; this is the repair for any drift (a delivery
deleted with its KIM, rows written by hand or by a script). Safe while the site runs: each
campaign is recomputed in its own transaction under a lock the acts respect.
"""

from django.core.management.base import BaseCommand, CommandError

from simpul.diseminasi.models import Kampanye
from simpul.diseminasi.services import ringkasan_hitung_ulang


class Command(BaseCommand):
    help = "Recompute the dissemination dashboard's per-kecamatan summary rows from the raw rows."

    def add_arguments(self, parser):
        parser.add_argument("--kampanye", type=int, help="only this campaign (id)")

    def handle(self, *args, kampanye=None, **opts):
        if kampanye is not None and not Kampanye.objects.filter(pk=kampanye).exists():
            raise CommandError(f"unknown campaign id: {kampanye}")
        n = ringkasan_hitung_ulang(kampanye)
        self.stdout.write(f"{n} summary rows recomputed")
