"""Benchmark: latency of the region name search (``wilayah_cari``) on the national data set.

Usage (from the repository root), against a database holding the full import:

    .venv/bin/python bench/wilayah_cari.py                        # a throw-away SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simpul_bench .venv/bin/python bench/wilayah_cari.py

If the region table is empty it imports the shipped decree first. Each query of a fixed list
(what people type: whole names, the first letters of a name, a word inside a name, codes, with and
without a level or subtree filter) runs ``--ulang`` times (default 20) through ``wilayah_cari``:
the search query plus the one query that labels the results with their parents, timed in-process
(no HTTP). It prints p50 / p95 / max over all runs and the slowest queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PERTANYAAN: list[tuple[str, dict]] = [
    ("tapalang", {}), ("tapalang", {"tingkat": 4}), ("tap", {}), ("ta", {}), ("t", {}),
    ("orobatu", {}), ("orobatu", {"tingkat": 4}), ("mamuju", {}), ("mamuju", {"tingkat": 4}),
    ("makassar", {}), ("sukamaju", {}), ("sukamaju", {"tingkat": 4}), ("sumber jaya", {}),
    ("jaya", {}), ("jaya", {"tingkat": 4}), ("barat", {}), ("baru", {"tingkat": 4}), ("ma", {}),
    ("ka", {"tingkat": 4}), ("desa baru", {}), ("kecamatan tapalang", {}), ("kota", {}),
    ("kabupaten", {}), ("sulawesi", {}), ("jakarta", {}), ("bandung", {}), ("kampung", {}),
    ("kampung baru", {"tingkat": 4}), ("tanjung", {"dalam": "76"}), ("desa", {"dalam": "76.02"}),
    ("76.02.02", {}), ("76.02.02", {"tingkat": 4}), ("7602022003", {}), ("11", {}),
    ("xyzzy", {}), ("ngawi", {}), ("pa'", {}), ("nusa tenggara", {}), ("pulau", {"tingkat": 3}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ulang", type=int, default=20, help="runs per query (default 20)")
    args = parser.parse_args()

    tmp = None
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.TemporaryDirectory(prefix="simpul-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from simpul.wilayah.models import Wilayah
    from simpul.wilayah.selectors import wilayah_cari
    from simpul.wilayah.services import wilayah_import

    call_command("migrate", verbosity=0)
    if not Wilayah.objects.exists():
        wilayah_import()
    n = Wilayah.objects.count()

    semua: list[float] = []
    per_q: dict[str, list[float]] = {}
    for q, kw in PERTANYAAN:
        wilayah_cari(q, **kw)  # warm the page cache for this query once
    for _ in range(args.ulang):
        for q, kw in PERTANYAAN:
            start = time.perf_counter()
            hasil = wilayah_cari(q, **kw)
            dt = (time.perf_counter() - start) * 1000
            semua.append(dt)
            per_q.setdefault(f"{q!r} {kw or ''} ({len(hasil)})", []).append(dt)

    semua.sort()
    p95 = semua[int(len(semua) * 0.95) - 1]
    print(f"database: {connection.vendor}, {n} regions, {len(PERTANYAAN)} queries x {args.ulang} runs")
    print(f"wilayah_cari latency: p50 {statistics.median(semua):.1f} ms   p95 {p95:.1f} ms   "
          f"max {semua[-1]:.1f} ms")
    print("slowest queries (median ms):")
    for label, xs in sorted(per_q.items(), key=lambda kv: -statistics.median(kv[1]))[:6]:
        print(f"  {statistics.median(xs):6.1f}  {label}")
    if tmp is not None:
        connection.close()
        tmp.cleanup()


if __name__ == "__main__":
    main()
