"""Benchmark: a full national region import into an empty table, against a bare bulk INSERT.

Usage (from the repository root):

    .venv/bin/python bench/wilayah_import.py                  # a throw-away SQLite file
    psql -U postgres -h 127.0.0.1 -c "CREATE DATABASE simpul_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simpul_bench .venv/bin/python bench/wilayah_import.py
    psql -U postgres -h 127.0.0.1 -c "DROP DATABASE simpul_bench"

The script migrates the database, then, ``--ulang`` times (default 3):
1. empties the region table and times ``wilayah_import()`` (read + check the decree files,
   compare, write, commit) into it;
2. times a second ``wilayah_import()`` run, which must change nothing;
3. empties the table again and times a bare bulk insert of the same, already parsed rows in one
   transaction (``executemany`` of a plain INSERT on SQLite, ``COPY`` on PostgreSQL): the floor
   any import of these rows can reach on this machine. On SQLite the name-search FTS index is
   left out of this floor (the import builds it, ~0.8 s); on PostgreSQL its indexes, the trigram
   one included, are maintained by COPY in both figures.
It prints each figure (best and median) and the ratio import / bare insert. It refuses to empty a
region table that other rows point to (use a throw-away database).
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ulang", type=int, default=3, help="repetitions (default 3)")
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
    from django.db import connection, transaction

    from simpul.wilayah.models import Wilayah
    from simpul.wilayah.services import KOLOM, baca_sumber, wilayah_import

    call_command("migrate", verbosity=0)
    table = connection.ops.quote_name(Wilayah._meta.db_table)
    pg = connection.vendor == "postgresql"

    def kosongkan() -> None:
        for rel in Wilayah._meta.related_objects:
            if rel.related_model is not Wilayah and rel.related_model._base_manager.exists():
                sys.exit(f"{rel.related_model._meta.label} points to regions: use a throw-away database")
        with connection.cursor() as c:
            c.execute(f"DELETE FROM {table}")  # noqa: S608
            if not pg:
                c.execute("DELETE FROM wilayah_fts")
        if pg:
            with connection.cursor() as c:
                c.execute(f"VACUUM ANALYZE {table}")
        else:
            with connection.cursor() as c:
                c.execute("VACUUM")

    rows = sorted(baca_sumber().values(), key=lambda r: (r[3], r[0]))
    cols = (*KOLOM, "diubah")
    col_sql = ", ".join(connection.ops.quote_name(c) for c in cols)

    def bare_insert() -> None:
        from django.utils import timezone

        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with transaction.atomic(), connection.cursor() as c:
            if pg:
                with c.cursor.copy(f"COPY {table} ({col_sql}) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row((*r, now))
            else:
                # The table alone: the name-search index's row trigger stands aside (migration
                # 0003), as in the import, which then fills that index in one statement.
                c.execute("INSERT INTO wilayah_fts_tunda VALUES (1)")
                c.executemany(f"INSERT INTO {table} ({col_sql}) VALUES ({', '.join(['%s'] * len(cols))})",  # noqa: S608
                              [(*r, now) for r in rows])
                c.execute("DELETE FROM wilayah_fts_tunda")

    def timed(fn) -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    impor, ulang, bare = [], [], []
    for _ in range(args.ulang):
        kosongkan()
        impor.append(timed(lambda: wilayah_import()))
        assert Wilayah.objects.count() == len(rows)
        ulang.append(timed(lambda: wilayah_import()))
        kosongkan()
        bare.append(timed(bare_insert))
    kosongkan()

    def fmt(xs: list[float]) -> str:
        return f"best {min(xs):6.2f} s   median {statistics.median(xs):6.2f} s"

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}), {len(rows)} rows, "
          f"{args.ulang} runs")
    print(f"full import into an empty table : {fmt(impor)}")
    print(f"second import (no change)       : {fmt(ulang)}")
    print(f"bare bulk insert, same rows     : {fmt(bare)}   ({'COPY' if pg else 'executemany'})")
    print(f"ratio import / bare insert      : {statistics.median(impor) / statistics.median(bare):.2f}x "
          f"(medians)")
    if tmp is not None:
        connection.close()
        tmp.cleanup()


if __name__ == "__main__":
    main()
