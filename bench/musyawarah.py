"""Benchmark: the activity figures at national scale (kegiatan), PostgreSQL.

Run through ``python -m bench --hanya musyawarah``: a throw-away database with every region,
100,000 KIMs and 1,000,000 activities over the last year (COPY, fixed seed), ANALYZE, then
p50/p95 over ``--runs`` of

- ``jumlah_kegiatan_per_kim(since, until)`` for one month and for a year (the assessment's
  "activities per month" indicator for every KIM at once), against a hand-written SQL baseline
  on the same connection (results checked equal);
- ``rekap_wilayah`` (the rollup page) for the whole country and for one province, against
  hand-written grouped SQL.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _dasar as d  # noqa: E402

DB = "simpul_bench_kegiatan"
JUMLAH_KIM = 100_000
JUMLAH_KEGIATAN = 1_000_000


def isi(hari_ini: date) -> None:
    from django.db import connection

    from simpul.kegiatan.models import JenisKegiatan, Kegiatan

    kim_ids = d.buat_kim(JUMLAH_KIM)
    rng = random.Random(d.SEED)
    jenis = JenisKegiatan.values
    d.salin_model(Kegiatan, ({
        "kim_id": rng.choice(kim_ids), "jenis": rng.choice(jenis), "judul": "Kegiatan",
        "tanggal": hari_ini - timedelta(days=rng.randrange(365)), "ringkasan": "Ringkasan kegiatan.",
        "jumlah_peserta": rng.randrange(5, 60), "kunci_idempoten": None,
    } for _ in range(JUMLAH_KEGIATAN)))
    with connection.cursor() as c:
        c.execute("ANALYZE")


def dasar_per_kim(since: date, until: date) -> dict[int, int]:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT kim_id, count(*) FROM kegiatan_kegiatan WHERE tanggal BETWEEN %s AND %s GROUP BY kim_id",
                  [since, until])
        return dict(c.fetchall())


def dasar_rekap(panjang: int, awalan: str, since: date, until: date) -> dict:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("""SELECT left(k.desa_id, %s), count(*) FROM kim_kim k WHERE k.status = 'aktif'
                     AND k.desa_id LIKE %s GROUP BY 1""", [panjang, awalan + "%"])
        kim = dict(c.fetchall())
        c.execute("""SELECT left(k.desa_id, %s), count(*), count(DISTINCT g.kim_id), sum(g.jumlah_peserta)
                     FROM kegiatan_kegiatan g JOIN kim_kim k ON k.id = g.kim_id
                     WHERE g.tanggal BETWEEN %s AND %s AND k.desa_id LIKE %s GROUP BY 1""",
                  [panjang, since, until, awalan + "%"])
        return {"kim": kim, "keg": {r[0]: r[1:] for r in c.fetchall()}}


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=10)
    opts = p.parse_args()
    d.siapkan_pg(DB)
    try:
        from django.utils import timezone

        from simpul.kegiatan import selectors

        hari_ini = timezone.localdate()
        isi(hari_ini)
        print(f"{JUMLAH_KIM:,} KIMs, {JUMLAH_KEGIATAN:,} activities over the last year")
        bulan = (hari_ini.replace(day=1) - timedelta(days=1)).replace(day=1)
        akhir_bulan = hari_ini.replace(day=1) - timedelta(days=1)
        for label, since, until in (("one month", bulan, akhir_bulan),
                                    ("one year", hari_ini - timedelta(days=365), hari_ini)):
            assert selectors.jumlah_kegiatan_per_kim(since, until) == dasar_per_kim(since, until)
            p50, p95 = d.ukur(lambda s=since, u=until: selectors.jumlah_kegiatan_per_kim(s, u), opts.runs)
            b50, b95 = d.ukur(lambda s=since, u=until: dasar_per_kim(s, u), opts.runs)
            print(f"jumlah_kegiatan_per_kim, {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms | bare SQL p50 "
                  f"{b50:.1f} ms, p95 {b95:.1f} ms | ratio {d.rasio(p50, b50)}")
        for label, kode, panjang in (("national (per province)", "", 2), ("province 73 (per kab/kota)", "73", 5)):
            baris = selectors.rekap_wilayah(kode, bulan, akhir_bulan)
            ref = dasar_rekap(panjang, kode + "." if kode else "", bulan, akhir_bulan)
            assert sum(b.kegiatan for b in baris) == sum(v[0] for v in ref["keg"].values())
            assert sum(b.kim_aktif for b in baris) == sum(ref["kim"].values())
            p50, p95 = d.ukur(lambda k=kode: selectors.rekap_wilayah(k, bulan, akhir_bulan), opts.runs)
            b50, b95 = d.ukur(lambda k=kode, n=panjang: dasar_rekap(n, k + "." if k else "", bulan, akhir_bulan),
                              opts.runs)
            print(f"rekap_wilayah, {label}, one month: p50 {p50:.1f} ms, p95 {p95:.1f} ms | bare SQL p50 "
                  f"{b50:.1f} ms, p95 {b95:.1f} ms | ratio {d.rasio(p50, b50)}")
    finally:
        d.hapus_pg(DB)
    return 0


if __name__ == "__main__":
    sys.exit(main())
