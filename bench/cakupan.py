"""Benchmark: the coverage selectors at national scale (83,762 desa, 100,000 KIMs) on PostgreSQL.

Usage (from the repository root; PostgreSQL on 127.0.0.1 with trust auth, user postgres):

    .venv/bin/python bench/cakupan.py              # 20 runs per figure
    .venv/bin/python bench/cakupan.py --runs 50 --keep

The script creates the database ``simpul_bench_cakupan`` (``psql -U postgres -h 127.0.0.1``),
migrates it, imports every region (``wilayah_import``), bulk-creates 100,000 KIMs spread over the
desa with a fixed seed (statuses and mandiri mixed; some provinces far better covered than
others; 100 desa holding KIMs then made inactive, as after a new decree), runs ANALYZE, then for the national level, the largest province (33, Jawa Tengah) and
the largest kabupaten (11.08, Aceh Utara) times, ``--runs`` times each:

- ``page``: ``cakupan_wilayah(kode, peta=True)``, everything the coverage page's data needs
  (path, children ranked, map points, targets);
- ``api``: ``cakupan_wilayah(kode)``, the API's figures (children grouped by the child's prefix);
- ``baseline``: the best hand-written SQL found, one statement giving the same children figures
  (checked equal to the selector's), on the same connection in the same run;
- ``naive``: the straightforward hand-written SQL (``COUNT(DISTINCT ...)`` over every active KIM),
  also checked equal;
- ``tanpa_kim``: the first page of desa without an active KIM, with its count.

It prints p50/p95 in milliseconds and the ratio api figures / baseline; then the whole pages
through the test client (time, and the first-load weight: compressed HTML + its CSS and JS), and
drops the database (unless ``--keep``).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._dasar import psql, ukur  # noqa: E402

DB = "simpul_bench_cakupan"
JUMLAH_KIM = 100_000
SEED = 20261123
LEVELS = [("nasional", None), ("provinsi 33", "33"), ("kabupaten 11.08", "11.08")]


def buat_kim() -> None:
    from django.db import connection, transaction

    from simpul.kim.models import Kim, StatusKim
    from simpul.wilayah.models import Tingkat, Wilayah

    rng = random.Random(SEED)
    desa = list(Wilayah.objects.filter(tingkat=Tingkat.DESA, aktif=True).order_by("kode")
                .values_list("kode", flat=True))
    # Each province gets its own coverage level (5%..95% of desa hold KIMs), so ranking matters.
    provinsi = sorted({k[:2] for k in desa})
    tingkat_prov = {p: rng.uniform(0.05, 0.95) for p in provinsi}
    terpilih = [k for k in desa if rng.random() < tingkat_prov[k[:2]]]
    status = [StatusKim.AKTIF] * 80 + [StatusKim.DRAF] * 8 + [StatusKim.DIAJUKAN] * 6 + \
        [StatusKim.DIBEKUKAN] * 4 + [StatusKim.DITOLAK] * 2
    objs = []
    for i in range(JUMLAH_KIM):
        kode = terpilih[i] if i < len(terpilih) else rng.choice(terpilih)
        mandiri = rng.random() < 0.35
        objs.append(Kim(
            nama=f"KIM Bench {i}", nama_normal=f"kim bench {i}", slug=f"kim-bench-{i}", desa_id=kode,
            status=rng.choice(status), mandiri=mandiri,
            sumber_dana=["iuran", "usaha"] if mandiri else ["dana_desa"],
        ))
    with transaction.atomic():
        Kim.objects.bulk_create(objs, batch_size=5000)
        # As after a new decree: 100 desa holding KIMs become inactive (their KIMs stop counting).
        Wilayah.objects.filter(kode__in=rng.sample(terpilih, 100)).update(aktif=False)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    print(f"{JUMLAH_KIM:,} KIM in {len(set(o.desa_id for o in objs)):,} desa "
          f"({len(desa):,} active desa)")


# The straightforward SQL: COUNT(DISTINCT ...) over every active KIM joined to its desa.
NAIF_SQL = """
WITH w AS (
    SELECT substr(kode, 1, %(L)s) AS k,
           count(*) FILTER (WHERE tingkat = 4) AS desa,
           count(*) FILTER (WHERE tingkat = 3) AS kecamatan
    FROM wilayah_wilayah
    WHERE aktif AND tingkat IN (3, 4) AND kode LIKE %(pola)s
    GROUP BY 1
), k AS (
    SELECT substr(k.desa_id, 1, %(L)s) AS k,
           count(DISTINCT k.desa_id) AS desa_tercakup,
           count(DISTINCT substr(k.desa_id, 1, 8)) FILTER (WHERE k.mandiri) AS kecamatan_mandiri,
           count(*) AS kim_aktif,
           count(*) FILTER (WHERE k.mandiri) AS kim_mandiri
    FROM kim_kim k JOIN wilayah_wilayah d ON d.kode = k.desa_id
    WHERE k.status = 'aktif' AND d.aktif AND k.desa_id LIKE %(pola)s
    GROUP BY 1
)
SELECT c.kode, coalesce(w.desa, 0), coalesce(k.desa_tercakup, 0), coalesce(w.kecamatan, 0),
       coalesce(k.kecamatan_mandiri, 0), coalesce(k.kim_aktif, 0), coalesce(k.kim_mandiri, 0)
FROM wilayah_wilayah c
LEFT JOIN w ON w.k = c.kode
LEFT JOIN k ON k.k = c.kode
WHERE c.aktif AND c.tingkat = %(T)s AND c.kode LIKE %(pola)s
ORDER BY coalesce(k.desa_tercakup, 0)::float / nullif(w.desa, 0) NULLS LAST, c.kode
"""

# The best hand-written SQL found: KIMs counted per desa, then per kecamatan, then per child
# (hash aggregates only, no join), region counts alongside, in one statement.
BASELINE_SQL = """
WITH w AS (
    SELECT substr(kode, 1, %(L)s) AS k,
           count(*) FILTER (WHERE tingkat = 4) AS desa,
           count(*) FILTER (WHERE tingkat = 3) AS kecamatan
    FROM wilayah_wilayah
    WHERE aktif AND tingkat IN (3, 4) AND kode LIKE %(pola)s
    GROUP BY 1
), per_desa AS (
    SELECT desa_id, count(*) AS n, count(*) FILTER (WHERE mandiri) AS m
    FROM kim_kim
    WHERE status = 'aktif' AND desa_id LIKE %(pola)s
      AND desa_id NOT IN (SELECT kode FROM wilayah_wilayah WHERE tingkat = 4 AND NOT aktif)
    GROUP BY desa_id
), per_kec AS (
    SELECT substr(desa_id, 1, 8) AS kec, count(*) AS t, sum(m) AS m, sum(n) AS n
    FROM per_desa GROUP BY 1
), k AS (
    SELECT substr(kec, 1, %(L)s) AS k, sum(t) AS desa_tercakup,
           count(*) FILTER (WHERE m > 0) AS kecamatan_mandiri, sum(n) AS kim_aktif, sum(m) AS kim_mandiri
    FROM per_kec GROUP BY 1
)
SELECT c.kode, coalesce(w.desa, 0), coalesce(k.desa_tercakup, 0)::int, coalesce(w.kecamatan, 0),
       coalesce(k.kecamatan_mandiri, 0), coalesce(k.kim_aktif, 0)::int, coalesce(k.kim_mandiri, 0)::int
FROM wilayah_wilayah c
LEFT JOIN w ON w.k = c.kode
LEFT JOIN k ON k.k = c.kode
WHERE c.aktif AND c.tingkat = %(T)s AND c.kode LIKE %(pola)s
ORDER BY coalesce(k.desa_tercakup, 0)::float / nullif(w.desa, 0) NULLS LAST, c.kode
"""


def sql(teks: str, kode: str | None) -> list[tuple]:
    from django.db import connection

    from simpul.wilayah.models import PANJANG_KODE

    tingkat = (len(kode.split(".")) if kode else 0) + 1
    with connection.cursor() as c:
        c.execute(teks, {"L": PANJANG_KODE[tingkat], "T": tingkat, "pola": f"{kode}.%" if kode else "%"})
        return c.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.pop("REDIS_URL", None)
    os.environ["SIMPUL_PLAIN_STATIC"] = "1"  # pages render without a collectstatic manifest
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    try:
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        from simpul.wilayah.services import wilayah_import

        wilayah_import()
        print(f"regions imported in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        buat_kim()
        print(f"KIMs created in {time.perf_counter() - t0:.1f} s")
        jalankan(args.runs)
        halaman(args.runs)
    finally:
        connections.close_all()
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {DB}")


def jalankan(runs: int) -> None:
    from django.core.paginator import Paginator

    from simpul.cakupan import selectors

    print(f"\n{runs} runs each, milliseconds, p50 / p95")
    print(f"{'level':<16}{'page data':>16}{'api figures':>16}{'baseline SQL':>16}{'api/base':>9}"
          f"{'naive SQL':>16}{'tanpa_kim p.1':>16}")
    for nama, kode in LEVELS:
        c = selectors.cakupan_wilayah(kode)
        dari_selector = sorted((b.kode, b.angka.desa, b.angka.desa_tercakup, b.angka.kecamatan,
                                b.angka.kecamatan_mandiri, b.angka.kim_aktif, b.angka.kim_mandiri)
                               for b in c.anak)
        assert dari_selector == sorted(sql(BASELINE_SQL, kode)), f"{nama}: selector and baseline disagree"
        assert dari_selector == sorted(sql(NAIF_SQL, kode)), f"{nama}: selector and naive SQL disagree"
        halaman = selectors.cakupan_wilayah(kode, peta=True)
        assert [(b.kode, b.angka) for b in halaman.anak] == [(b.kode, b.angka) for b in c.anak]

        def tanpa_kim(kode=kode):
            page = Paginator(selectors.desa_tanpa_kim_baris(kode), 50).get_page(1)
            return list(page), page.paginator.count

        p = ukur(lambda kode=kode: selectors.cakupan_wilayah(kode, peta=True), runs)
        a = ukur(lambda kode=kode: selectors.cakupan_wilayah(kode), runs)
        b = ukur(lambda kode=kode: sql(BASELINE_SQL, kode), runs)
        n = ukur(lambda kode=kode: sql(NAIF_SQL, kode), runs)
        t = ukur(tanpa_kim, runs)
        print(f"{nama:<16}{p[0]:>8.1f} /{p[1]:>6.1f}{a[0]:>9.1f} /{a[1]:>6.1f}{b[0]:>9.1f} /{b[1]:>6.1f}"
              f"{a[0] / b[0]:>8.2f}x{n[0]:>9.1f} /{n[1]:>6.1f}{t[0]:>9.1f} /{t[1]:>6.1f}")
        print(f"{'':<16}desa {c.angka.desa:,}, covered {c.angka.desa_tercakup:,} "
              f"({c.angka.persen_desa}%), kecamatan {c.angka.kecamatan:,} with mandiri "
              f"{c.angka.kecamatan_mandiri:,}, active KIMs {c.angka.kim_aktif:,}, "
              f"{len(c.anak)} children, {len(halaman.peta or [])} map points")


def halaman(runs: int) -> None:
    """Whole pages through Django (views, templates, SVG): time and first-load weight."""
    import gzip
    import re

    from django.contrib.staticfiles import finders
    from django.test import Client

    client = Client()
    print(f"\nwhole pages via the test client, {runs} runs each: p50 / p95 ms; first load compressed "
          "(HTML + CSS + JS, gzip -6)")
    for url in ("/cakupan/", "/cakupan/33/", "/cakupan/11.08/", "/cakupan/95.06.03/",
                "/cakupan/titik.json", "/cakupan/11.08/titik.json", "/api/v1/cakupan/",
                "/cakupan/tanpa-kim/"):
        resp = client.get(url)
        assert resp.status_code == 200, url
        badan = resp.content
        berat = len(gzip.compress(badan, 6))
        if url.endswith("/") and not url.startswith("/api/"):
            for aset in re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', badan):
                with open(finders.find(aset.decode()), "rb") as f:
                    berat += len(gzip.compress(f.read(), 6))
        p50, p95 = ukur(lambda url=url: client.get(url), runs)
        print(f"  {url:<28}{p50:>8.1f} /{p95:>6.1f}   {berat / 1024:>5.1f} KB")


if __name__ == "__main__":
    main()
