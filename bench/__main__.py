"""Run every benchmark, one after the other: ``make bench`` or ``.venv/bin/python -m bench``.

Each script prints its figures next to a baseline measured in the same run and the ratio; see
each script's docstring. PostgreSQL runs use throw-away databases on 127.0.0.1 (user postgres,
trust auth), created and dropped here. ``--hanya NAME`` runs one of them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._dasar import psql  # noqa: E402

PG = "postgres://postgres@127.0.0.1:5432/"
PY = sys.executable


def _run(title: str, args: list[str], *, db: str | None = None, stdout=None) -> int:
    print(f"\n######## {title} ########", flush=True, file=stdout or sys.stdout)
    if stdout is not None:
        stdout.flush()
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if db:
        psql(f"DROP DATABASE IF EXISTS {db}")
        psql(f"CREATE DATABASE {db}")
        env["DATABASE_URL"] = PG + db
    try:
        return subprocess.run([PY, *args], cwd=ROOT, env=env, stdout=stdout, stderr=subprocess.STDOUT if stdout else None).returncode
    finally:
        if db:
            psql(f"DROP DATABASE IF EXISTS {db}")


BENCHES = {
    "wilayah_import_sqlite": ("region import, SQLite", ["bench/wilayah_import.py"], None),
    "wilayah_import_pg": ("region import, PostgreSQL", ["bench/wilayah_import.py"], "simpul_bench_impor"),
    "wilayah_cari_sqlite": ("region search, SQLite", ["bench/wilayah_cari.py"], None),
    "wilayah_cari_pg": ("region search, PostgreSQL", ["bench/wilayah_cari.py"], "simpul_bench_cari"),
    "cakupan": ("coverage at national scale, PostgreSQL", ["bench/cakupan.py"], None),
    "diseminasi": ("publishing to 100,000 KIMs and the dashboard, PostgreSQL", ["bench/diseminasi.py"], None),
    "penilaian": ("assessment indicators for 100,000 KIMs, PostgreSQL", ["bench/penilaian.py"], None),
    "halaman": ("page weight and first paint, throttled Chromium", ["-m", "bench.halaman"], None),
    "pembinaan": ("trainings attended per KIM and training coverage, PostgreSQL", ["bench/pembinaan.py"], "simpul_bench_pembinaan"),
    "portal": ("public KIM page under wrk vs a static file, gunicorn + PostgreSQL", ["bench/portal.py"], "simpul_bench_portal"),
    "aspirasi": ("aspiration intake under load + agency queue at 1M rows, PostgreSQL", ["bench/aspirasi.py"], None),
    "cari": ("search over 1,000,000 articles, PostgreSQL", ["bench/cari.py"], "simpul_bench_cari_1m"),
    "outbox": ("outbox delivery, 2 workers to loopback SMTP/HTTP sinks, PostgreSQL", ["bench/outbox.py"], "simpul_bench_outbox"),
    "musyawarah": ("activities per KIM and the regional rollup at 1M activities, PostgreSQL", ["bench/musyawarah.py"], None),
    "ekspor": ("CSV and Excel export writers, 80,000 rows, in-process (no database)", ["bench/ekspor.py"], None),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hanya", choices=sorted(BENCHES), action="append", help="run only these")
    opts = parser.parse_args()
    failed = []
    for key in opts.hanya or BENCHES:
        title, args, db = BENCHES[key]
        if _run(title, args, db=db):
            failed.append(key)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
