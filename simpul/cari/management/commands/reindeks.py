"""``manage.py reindeks``: rebuild the search index set-based.

Regions and public KIMs are rebuilt with one INSERT ... SELECT each; every app that exposes
``reindeks()`` in its ``services`` (potensi; berita when it provides one) rebuilds its own
documents; finally the typo vocabulary is rebuilt from the whole index. ``--hanya`` limits it
to some kinds (``--hanya kim --hanya wilayah``).
"""

from __future__ import annotations

import importlib
import time

from django.core.management.base import BaseCommand

from simpul.cari import services
from simpul.cari.models import JenisDokumen

# Kinds whose owning app rebuilds them (``simpul.<app>.services.reindeks``).
APLIKASI = {"berita": "simpul.berita.services", "potensi": "simpul.potensi.services"}


def reindeks(hanya: list[str] | None = None, tulis=lambda s: None) -> dict[str, int]:
    hasil: dict[str, int] = {}
    for jenis in hanya or JenisDokumen.values:
        t = time.perf_counter()
        if jenis == "wilayah":
            n = services.reindeks_wilayah()
        elif jenis == "kim":
            n = services.reindeks_kim()
        else:
            try:
                modul = importlib.import_module(APLIKASI[jenis])
            except ImportError:
                continue
            fungsi = getattr(modul, "reindeks", None)
            if fungsi is None:
                continue
            n = fungsi()
        hasil[jenis] = n
        tulis(f"{jenis}: {n} dokumen ({time.perf_counter() - t:.1f} s)")
    t = time.perf_counter()
    hasil["kata"] = services.kata_bangun()
    tulis(f"kosakata: {hasil['kata']} kata ({time.perf_counter() - t:.1f} s)")
    return hasil


class Command(BaseCommand):
    help = "Bangun ulang indeks pencarian (wilayah, KIM, potensi, berita) dan kosakata salah ketik."

    def add_arguments(self, parser):
        parser.add_argument("--hanya", action="append", choices=JenisDokumen.values,
                            help="hanya jenis ini (boleh diulang)")

    def handle(self, *args, **opts):
        reindeks(opts["hanya"], tulis=lambda s: self.stdout.write(s))
