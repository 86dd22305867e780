"""Benchmark: publishing a national campaign to 100,000 KIMs, and its dashboard, on PostgreSQL.

Usage (from the repository root; PostgreSQL on 127.0.0.1 with trust auth, user postgres):

    .venv/bin/python bench/diseminasi.py             # 5 publishes, 20 dashboard runs
    .venv/bin/python bench/diseminasi.py --runs 9 --keep

The script creates the database ``simpul_bench_diseminasi``, migrates it, imports every region,
bulk-creates 100,000 active KIMs spread over the desa (plus 10,000 in draft, submitted or frozen
status, which must NOT receive anything), and a Komdigi officer. Then, ``--runs`` times, in
alternating order:

- ``publish``: ``services.kampanye_publish`` of a fresh national campaign (targets: every
  province), i.e. the whole service: scope check, row lock, status change, the set-based
  ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` compiled from the ORM, the audit row and the
  notification task enqueued on commit;
- ``baseline``: a bare hand-written ``INSERT INTO diseminasi_penerimaan ... SELECT ... FROM kim_kim
  WHERE status = 'aktif'`` of the same rows for another fresh campaign, on the same connection.

Both are checked to insert exactly the 100,000 active KIMs. It prints each median and the ratio,
the time of an idempotent re-publish (0 new rows), then seeds 300,000 reach reports over one
campaign's deliveries (in SQL, bypassing the services, so the per-kecamatan summary rows are then
recomputed from the raw rows by ``services.ringkasan_hitung_ulang``, i.e. ``manage.py
ringkasan_diseminasi``: timed and printed) and times, p50 / p95:

- ``figures``: the office dashboard's figures at national level (``selectors.rincian_wilayah`` +
  ``statistik``: one GROUP BY over the summary rows), next to
- ``baseline``: the hand-written SQL giving the same answer from the raw rows (per-province
  GROUP BY over the deliveries + per-channel GROUP BY over the reports; checked equal), and the
  ratio;
- the drill-down into a province (per kab/kota) and into a kecamatan (per desa, raw rows);
- the whole dashboard page (target p95 <= 300 ms).

The database is dropped at the end unless ``--keep``; ``--pakai-lagi`` reuses a kept database
(migrates it, skips the setup and the publishing runs).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._dasar import psql, ukur  # noqa: E402

DB = "simpul_bench_diseminasi"
JUMLAH_KIM = 100_000
JUMLAH_LAIN = 10_000
JUMLAH_LAPORAN = 300_000
SEED = 20261123


def buat_kim() -> None:
    from django.db import connection, transaction

    from simpul.kim.models import Kim, StatusKim
    from simpul.wilayah.models import Tingkat, Wilayah

    rng = random.Random(SEED)
    desa = list(Wilayah.objects.filter(tingkat=Tingkat.DESA, aktif=True).values_list("kode", flat=True))
    lain = [StatusKim.DRAF, StatusKim.DIAJUKAN, StatusKim.DIBEKUKAN, StatusKim.DITOLAK]
    objs = []
    for i in range(JUMLAH_KIM + JUMLAH_LAIN):
        status = StatusKim.AKTIF if i < JUMLAH_KIM else rng.choice(lain)
        objs.append(Kim(nama=f"KIM Bench {i}", nama_normal=f"kim bench {i}", slug=f"kim-bench-{i}",
                        desa_id=rng.choice(desa), status=status, mandiri=False, sumber_dana=["iuran"]))
    with transaction.atomic():
        Kim.objects.bulk_create(objs, batch_size=5000)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    print(f"{JUMLAH_KIM:,} active KIMs (+{JUMLAH_LAIN:,} in other statuses) over {len(desa):,} desa")


def kampanye_baru(actor, judul: str):
    from datetime import timedelta

    from django.utils import timezone

    from simpul.diseminasi import services
    from simpul.wilayah.models import Tingkat, Wilayah

    hari_ini = timezone.localdate()
    provinsi = list(Wilayah.objects.filter(tingkat=Tingkat.PROVINSI, aktif=True).values_list("kode", flat=True))
    return services.kampanye_create(
        actor=actor, judul=judul, isi="Kampanye nasional untuk pengukuran.", kategori="program_pemerintah",
        mulai=hari_ini, selesai=hari_ini + timedelta(days=30), target=provinsi)


BASELINE_SQL = """
INSERT INTO diseminasi_penerimaan (kampanye_id, kim_id, desa_kode, dibuat, diubah, jumlah_laporan, jangkauan)
SELECT %s, id, desa_id, now(), now(), 0, 0 FROM kim_kim WHERE status = 'aktif'
"""


def ukur_publish(actor, runs: int) -> tuple[list[float], list[float]]:
    from django.db import connection, transaction

    from simpul.diseminasi import services
    from simpul.diseminasi.models import Penerimaan

    pub, base = [], []
    for i in range(runs):
        urutan = ("publish", "baseline") if i % 2 == 0 else ("baseline", "publish")
        for jenis in urutan:
            k = kampanye_baru(actor, f"Bench {jenis} {i}")
            t0 = time.perf_counter()
            if jenis == "publish":
                n = services.kampanye_publish(actor=actor, kampanye=k)
                dt = time.perf_counter() - t0
                pub.append(dt)
            else:
                with transaction.atomic(), connection.cursor() as c:
                    c.execute(BASELINE_SQL, [k.pk])
                    n = c.rowcount
                dt = time.perf_counter() - t0
                base.append(dt)
            assert n == JUMLAH_KIM, f"{jenis} inserted {n}"
            assert Penerimaan.objects.filter(kampanye=k).count() == JUMLAH_KIM
            print(f"  run {i + 1} {jenis:<9}{dt:>8.2f} s")
    return pub, base


def seed_laporan(kampanye_id: int) -> None:
    """300,000 reports over the campaign's deliveries (about 60% of KIMs report, 1..9 reports
    each), then the deliveries' copies (count, reach, first report) set from them, in SQL."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as c:
        c.execute("""
            UPDATE diseminasi_penerimaan SET diakui_pada = now()
            WHERE kampanye_id = %s AND (kim_id * 7919) %% 10 < 8""", [kampanye_id])
        c.execute("""
            WITH p AS (
                SELECT id, row_number() OVER (ORDER BY id) AS r FROM diseminasi_penerimaan
                WHERE kampanye_id = %s AND (kim_id * 7919) %% 10 < 6
            ), n AS (SELECT count(*) AS n FROM p)
            INSERT INTO diseminasi_laporanjangkauan
                (penerimaan_id, kampanye_id, saluran, tanggal, jumlah_orang, tautan, foto, catatan, kunci,
                 dibuat, diubah)
            SELECT p.id, %s,
                   (ARRAY['pertemuan_warga','grup_whatsapp','media_sosial','pengeras_suara',
                          'papan_informasi','radio_komunitas','lainnya'])[1 + g %% 7],
                   current_date, 5 + (g * 37) %% 400, '', '', '', 'bench-' || g, now(), now()
            FROM generate_series(1, %s) g, n JOIN p ON true
            WHERE p.r = 1 + (g - 1) %% n.n
        """, [kampanye_id, kampanye_id, JUMLAH_LAPORAN])
        c.execute("""
            UPDATE diseminasi_penerimaan d SET jumlah_laporan = s.n, jangkauan = s.orang,
                   dilaporkan_pada = now(), diakui_pada = coalesce(d.diakui_pada, now())
            FROM (SELECT penerimaan_id, count(*) AS n, sum(jumlah_orang) AS orang
                  FROM diseminasi_laporanjangkauan WHERE kampanye_id = %s GROUP BY 1) s
            WHERE d.id = s.penerimaan_id""", [kampanye_id])
        c.execute("SELECT count(*) FROM diseminasi_laporanjangkauan WHERE kampanye_id = %s", [kampanye_id])
        print(f"{c.fetchone()[0]:,} reach reports seeded")
    with connection.cursor() as c:  # what autovacuum does after a bulk load: visibility map for index-only scans
        c.execute("VACUUM ANALYZE diseminasi_penerimaan")
        c.execute("VACUUM ANALYZE diseminasi_laporanjangkauan")


BASELINE_DASBOR = (
    """SELECT substr(desa_kode, 1, 2), count(*), count(diakui_pada), count(*) FILTER (WHERE jumlah_laporan > 0),
              sum(jumlah_laporan), sum(jangkauan)
       FROM diseminasi_penerimaan WHERE kampanye_id = %s GROUP BY 1""",
    """SELECT saluran, count(*), sum(jumlah_orang) FROM diseminasi_laporanjangkauan
       WHERE kampanye_id = %s GROUP BY 1""",
)


def baseline_dasbor(kampanye_id: int) -> tuple[dict, dict]:
    """The dashboard's national figures from the raw rows, by hand-written SQL."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute(BASELINE_DASBOR[0], [kampanye_id])
        wilayah = {r[0]: tuple(int(x or 0) for x in r[1:]) for r in c.fetchall()}
        c.execute(BASELINE_DASBOR[1], [kampanye_id])
        saluran = {r[0]: (int(r[1]), int(r[2] or 0)) for r in c.fetchall()}
    return wilayah, saluran


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="publishes (and baselines) to time")
    parser.add_argument("--dashboard-runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--pakai-lagi", action="store_true",
                        help="reuse the database a --keep run left (dashboard part only)")
    args = parser.parse_args()
    if args.pakai_lagi:
        args.keep = True
    else:
        psql(f"DROP DATABASE IF EXISTS {DB}")
        psql(f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.pop("REDIS_URL", None)
    os.environ["SIMPUL_PLAIN_STATIC"] = "1"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    try:
        call_command("migrate", verbosity=0)
        if args.pakai_lagi:
            dasbor(args)
            return
        t0 = time.perf_counter()
        from simpul.wilayah.services import wilayah_import

        wilayah_import()
        print(f"regions imported in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        buat_kim()
        print(f"KIMs created in {time.perf_counter() - t0:.1f} s")

        from simpul.akun.models import Penugasan, User
        from simpul.core.peran import Peran
        from simpul.diseminasi import services
        from simpul.diseminasi.models import Kampanye

        actor = User.objects.create_user(email="komdigi@bench.id", password=None, nama="Komdigi Bench")
        Penugasan.objects.create(user=actor, peran=Peran.KOMDIGI, wilayah=None)

        print(f"\npublishing a national campaign to {JUMLAH_KIM:,} KIMs, {args.runs} runs each (alternating)")
        pub, base = ukur_publish(actor, args.runs)
        mp, mb = statistics.median(pub), statistics.median(base)
        print(f"\npublish (whole service)   median {mp:6.2f} s  (min {min(pub):.2f}, max {max(pub):.2f})")
        print(f"bare INSERT ... SELECT    median {mb:6.2f} s  (min {min(base):.2f}, max {max(base):.2f})")
        print(f"ratio publish / baseline  {mp / mb:6.2f}x   (targets: <= 10 s, <= 3x)")

        k = Kampanye.objects.filter(judul__startswith="Bench publish").order_by("pk").first()
        t0 = time.perf_counter()
        n = services.kampanye_publish(actor=actor, kampanye=k)
        print(f"re-publish (idempotent)   {time.perf_counter() - t0:6.2f} s, {n} new rows")

        print(f"\ndashboard of a national campaign: {JUMLAH_KIM:,} deliveries")
        t0 = time.perf_counter()
        seed_laporan(k.pk)
        print(f"  seeded in {time.perf_counter() - t0:.1f} s")
        dasbor(args)
    finally:
        connections.close_all()
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {DB}")


def dasbor(args) -> None:
    from django.test import Client
    from django.test.utils import override_settings

    from simpul.akun.models import User
    from simpul.diseminasi import selectors, services
    from simpul.diseminasi.models import Kampanye, LaporanJangkauan

    actor = User.objects.get(email="komdigi@bench.id")
    k = Kampanye.objects.get(pk=LaporanJangkauan.objects.values_list("kampanye_id", flat=True)[:1])
    t0 = time.perf_counter()
    n = services.ringkasan_hitung_ulang(k.pk)
    print(f"  summary recomputed from the raw rows in {time.perf_counter() - t0:.2f} s ({n:,} kecamatan rows)")

    def angka():  # as the dashboard view does: drill-down rows, headline = their sum, channels
        rincian = selectors.rincian_wilayah(k, actor, kode="")
        return rincian, selectors.statistik(k, actor, rincian=rincian)

    rincian, stat = angka()
    wilayah, saluran = baseline_dasbor(k.pk)
    assert {r["kode"]: (r["total"], r["diakui"], r["melapor"], r["laporan"], r["jangkauan"])
            for r in rincian} == wilayah, "summary figures differ from the raw rows"
    assert {s["kode"]: (s["laporan"], s["orang"]) for s in stat.per_saluran if s["laporan"]} == saluran
    print(f"  checked: {stat.total:,} deliveries, {stat.laporan:,} reports, {stat.jangkauan:,} people, "
          "equal to the raw rows per province and per channel")
    p50, p95 = ukur(angka, args.dashboard_runs)
    b50, b95 = ukur(lambda: baseline_dasbor(k.pk), args.dashboard_runs)
    print(f"  figures (summary GROUP BY, national)         p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
    print(f"  baseline: hand SQL over the raw rows         p50 {b50:7.1f} ms   p95 {b95:7.1f} ms")
    print(f"  ratio figures / baseline (p95)               {p95 / b95:.2f}x")
    p50, p95 = ukur(lambda: selectors.rincian_wilayah(k, actor, kode="33"), args.dashboard_runs)
    print(f"  drill-down province 33 (per kab/kota)        p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")

    with override_settings(SIMPUL_MFA_WAJIB=False, ALLOWED_HOSTS=["*"]):
        client = Client()
        client.force_login(actor)
        url = f"/diseminasi/kampanye/{k.pk}/"
        for label, q in (("whole dashboard page", ""), ("drill-down kecamatan 33.01.01", "?wilayah=33.01.01")):
            resp = client.get(url + q)
            assert resp.status_code == 200, resp.status_code
            p50, p95 = ukur(lambda q=q: client.get(url + q), args.dashboard_runs)
            print(f"  {label:<31}{url + q:<42}p50 {p50:7.1f} ms   p95 {p95:7.1f} ms"
                  + ("   (target p95 <= 300 ms)" if not q else ""))


if __name__ == "__main__":
    main()
