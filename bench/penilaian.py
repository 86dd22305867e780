"""Benchmark: the automatic assessment indicators for 100,000 KIMs on PostgreSQL, set-based.

Usage (from the repository root; PostgreSQL on 127.0.0.1 with trust auth, user postgres):

    .venv/bin/python bench/penilaian.py            # 3 runs per figure
    .venv/bin/python bench/penilaian.py --runs 5 --keep

The script creates the database ``simpul_bench_penilaian``, migrates it, imports every region,
then seeds in bulk (SQL ``INSERT ... SELECT generate_series``, fixed seed): 100,000 active KIMs
over the desa; 3..17 members each (about 1 million, a tenth inactive); cash books for 40% of the
KIMs (12 monthly entries each, some with dana desa or APBD money); 300 trainings with about
60,000 attendances. It then measures, ``--runs`` times each (median, seconds):

- ``indikator``: ``penilaian.services.indikator_otomatis_hitung`` for the example scheme over the
  100,000 KIMs (every automatic indicator whose data source exists, one grouped query each);
- ``baseline``: the bare hand-written SQL computing the same values (one grouped statement per
  indicator, fetched into Python dicts), checked equal to the registry's values;
- ``putaran``: ``penilaian.services.putaran_hitung`` for a round holding the 100,000 KIMs
  (indicators + jurors' averages + weights + levels + ranks, results stored);
- ``mandiri``: ``keuangan.services.status_mandiri_hitung()``, the nightly recompute of every KIM's
  derived mandiri status;
- ``cakupan``: the national coverage figures (``cakupan_wilayah(None)``) with the derived mandiri
  status in place, next to the same figures computed from the declared flag only (the definition
  before the books existed) in the same run: the cost of the swap.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._dasar import psql  # noqa: E402

DB = "simpul_bench_penilaian"
JUMLAH_KIM = 100_000
SEED = 20261123
DARI, SAMPAI = date(2026, 1, 1), date(2026, 12, 31)


def ukur(fn, runs: int) -> tuple[float, object]:
    waktu, hasil = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        hasil = fn()
        waktu.append(time.perf_counter() - t0)
    return statistics.median(waktu), hasil


def seed(jumlah: int = JUMLAH_KIM) -> None:
    from django.db import connection, transaction

    from simpul.kim.models import Kim, StatusKim
    from simpul.wilayah.models import Tingkat, Wilayah

    rng = random.Random(SEED)
    desa = list(Wilayah.objects.filter(tingkat=Tingkat.DESA, aktif=True).values_list("kode", flat=True))
    objs = []
    for i in range(jumlah):
        mandiri = rng.random() < 0.35
        objs.append(Kim(nama=f"KIM Bench {i}", nama_normal=f"kim bench {i}", slug=f"kim-bench-{i}",
                        desa_id=rng.choice(desa), status=StatusKim.AKTIF, mandiri=mandiri,
                        sumber_dana=["iuran"] if mandiri else ["dana_desa"]))
    with transaction.atomic():
        Kim.objects.bulk_create(objs, batch_size=5000)
    with connection.cursor() as c:
        c.execute("SELECT setseed(0.1123)")
        c.execute("""
            INSERT INTO kim_anggota (dibuat, diubah, kim_id, nama, telepon, jenis_kelamin, kelompok_umur,
                                     tanggal_gabung, aktif)
            SELECT now(), now(), k.id, 'Anggota ' || g, '', 'P', '26-35', DATE '2024-01-01' + (g * 7)::int,
                   random() > 0.1
            FROM kim_kim k CROSS JOIN LATERAL generate_series(1, 3 + (k.id %% 15)) g
        """, [])
        c.execute("""
            INSERT INTO keuangan_transaksi (dibuat, diubah, kim_id, jenis, sumber, tanggal, jumlah, uraian, bukti,
                                            bukti_jenis, versi, batal, alasan_batal, kunci_idempoten)
            SELECT now(), now(), k.id,
                   CASE WHEN m %% 3 = 0 THEN 'keluar' ELSE 'masuk' END,
                   CASE WHEN m %% 3 = 0 THEN '' WHEN k.id %% 7 = 0 AND m = 5 THEN 'dana_desa'
                        WHEN k.id %% 11 = 0 AND m = 7 THEN 'apbd' WHEN m %% 2 = 0 THEN 'usaha' ELSE 'iuran' END,
                   DATE '2026-01-05' + ((m - 1) * 30)::int, 10000 + (k.id %% 50) * 1000 + m * 500, 'bench', '', '', 1,
                   false, '', ''
            FROM kim_kim k CROSS JOIN generate_series(1, 10) m
            WHERE k.id %% 5 < 2
        """, [])
        c.execute("""
            INSERT INTO pembinaan_kegiatan (dibuat, diubah, jenis, judul, program, agenda, wilayah_id, penyelenggara,
                                            mulai, selesai, tempat, tautan_daring, terisi, sasaran_jabatan,
                                            bersertifikat, status, kunci_qr)
            SELECT now(), now(), 'pelatihan', 'Pelatihan ' || g, '', '', '76', 'Diskominfo',
                   TIMESTAMPTZ '2026-02-01 09:00+08' + g * INTERVAL '1 day',
                   TIMESTAMPTZ '2026-02-01 15:00+08' + g * INTERVAL '1 day', '', '', 0, '[]', true, 'terbit',
                   md5(g::text)
            FROM generate_series(1, 300) g
        """, [])
        c.execute("""
            INSERT INTO pembinaan_peserta (dibuat, diubah, kegiatan_id, kim_id, nama, jabatan, instansi, status,
                                           walkin, antre_sejak, hadir_pada, cara_hadir)
            SELECT now(), now(), kg.id, k.id, 'Peserta', 'ketua', '', 'terdaftar', false, kg.mulai, kg.mulai, 'qr'
            FROM kim_kim k CROSS JOIN generate_series(0, 1) s
            JOIN pembinaan_kegiatan kg ON kg.id = (SELECT min(id) FROM pembinaan_kegiatan) + (k.id * 7 + s) %% 300
            WHERE k.id %% 10 < 3
        """, [])
        c.execute("ANALYZE")


def kolom(tabel: str) -> set[str]:
    from django.db import connection
    with connection.cursor() as c:
        return {col.name for col in connection.introspection.get_table_description(c, tabel)}


# Hand-written SQL for the same values (period [DARI, SAMPAI]).
BASELINE = {
    "anggota_aktif": "SELECT kim_id, count(*) FROM kim_anggota WHERE aktif AND tanggal_gabung < %(until)s "
                     "GROUP BY kim_id",
    "mandiri": "SELECT k.id, 1 FROM kim_kim k LEFT JOIN keuangan_statusmandiri s ON s.kim_id = k.id "
               "WHERE s.mandiri OR (s.kim_id IS NULL AND k.mandiri)",
    "pelatihan_dihadiri": "SELECT p.kim_id, count(DISTINCT p.kegiatan_id) FROM pembinaan_peserta p "
                          "JOIN pembinaan_kegiatan g ON g.id = p.kegiatan_id WHERE p.kim_id IS NOT NULL "
                          "AND p.hadir_pada IS NOT NULL AND g.jenis IN ('pelatihan', 'bimtek') "
                          "AND g.status <> 'batal' AND g.mulai >= %(since)s AND g.mulai < %(until)s "
                          "GROUP BY p.kim_id",
}


def baseline(kode_list) -> dict[str, dict[int, float]]:
    from django.db import connection
    from django.utils import timezone
    hasil = {}
    tz = timezone.get_current_timezone()
    from datetime import datetime, timedelta
    p = {"since": datetime(DARI.year, DARI.month, DARI.day, tzinfo=tz),
         "until": datetime.combine(SAMPAI + timedelta(days=1), datetime.min.time(), tzinfo=tz)}
    p_date = {"since": DARI, "until": SAMPAI + timedelta(days=1)}
    with connection.cursor() as c:
        for kode in kode_list:
            c.execute(BASELINE[kode], p if kode == "pelatihan_dihadiri" else p_date)
            hasil[kode] = {k: float(v) for k, v in c.fetchall() if v}
    return hasil


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--kim", type=int, default=JUMLAH_KIM, help="number of KIMs (a quick check: 2000)")
    args = parser.parse_args()
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.pop("REDIS_URL", None)
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
        seed(args.kim)
        print(f"seeded in {time.perf_counter() - t0:.1f} s")
        jalankan(args.runs)
    finally:
        connections.close_all()
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {DB}")


def jalankan(runs: int) -> None:
    from django.db import connection

    from simpul.akun.models import User
    from simpul.cakupan import selectors as cakupan
    from simpul.keuangan.models import StatusMandiri, Transaksi
    from simpul.keuangan.services import status_mandiri_hitung
    from simpul.kim.models import Anggota, Kim
    from simpul.penilaian import indikator as reg
    from simpul.penilaian.models import Indikator, Peserta, Putaran, SumberNilai
    from simpul.penilaian.services import (
        indikator_otomatis_hitung,
        putaran_hitung,
        skema_contoh_pasang,
    )
    from simpul.wilayah.models import Wilayah

    print(f"{Kim.objects.count():,} KIMs, {Anggota.objects.count():,} members, "
          f"{Transaksi.objects.count():,} cash-book entries")
    t_mandiri, n = ukur(lambda: status_mandiri_hitung(hari_ini=SAMPAI), runs)
    print(f"mandiri: status_mandiri_hitung() over every KIM: {t_mandiri:.2f} s ({n:,} rows, "
          f"{StatusMandiri.objects.filter(mandiri=True).count():,} mandiri)")

    komdigi = User.objects.create(email="komdigi@bench.id", nama="Komdigi")
    from simpul.akun.models import Penugasan
    Penugasan.objects.create(user=komdigi, peran="komdigi", wilayah=None)
    skema = skema_contoh_pasang(actor=komdigi, wilayah=None)
    kims = Kim.objects.all()
    kode_ada = sorted({i.kode_data for i in Indikator.objects.filter(dimensi__skema=skema, sumber=SumberNilai.OTOMATIS)
                       if reg.REGISTRY[i.kode_data].tersedia()})
    kode_uji = [k for k in kode_ada if k in BASELINE]
    t_ind, hasil = ukur(lambda: indikator_otomatis_hitung(skema, kims, DARI, SAMPAI), runs)
    t_base, base = ukur(lambda: baseline(kode_uji), runs)
    per_kode = {Indikator.objects.get(pk=i).kode_data: v for i, v in hasil.items()}
    for kode in kode_uji:
        assert per_kode[kode] == base[kode], f"{kode}: registry and baseline disagree"
    t_ind_uji, _ = ukur(lambda: {k: reg.hitung(k, kims, DARI, date(2027, 1, 1)) for k in kode_uji}, runs)
    print(f"\nautomatic indicators available: {', '.join(kode_ada)}")
    print(f"indikator (all available, example scheme), {kims.count():,} KIMs: {t_ind:.2f} s (limit 60 s)")
    print(f"same indicators as the baseline ({', '.join(kode_uji)}): registry {t_ind_uji:.2f} s, "
          f"hand-written SQL {t_base:.2f} s, ratio {t_ind_uji / t_base:.2f}x")

    putaran = Putaran.objects.create(skema=skema, wilayah=Wilayah.objects.get(kode="76"), nama="Bench",
                                     dari=DARI, sampai=SAMPAI)
    Peserta.objects.bulk_create([Peserta(putaran=putaran, kim_id=k) for k in kims.values_list("pk", flat=True)],
                                batch_size=5000)
    t_put, n = ukur(lambda: putaran_hitung(actor=komdigi, putaran=putaran), runs)
    print(f"putaran: putaran_hitung() with {n:,} participants (results stored): {t_put:.2f} s")

    with connection.cursor() as c:
        c.execute("ANALYZE")
    t_cak, _ = ukur(lambda: cakupan.cakupan_wilayah(None), max(runs, 5))
    deklarasi = """SELECT substr(desa_id, 1, 2), count(*) FILTER (WHERE mandiri) FROM kim_kim
                   WHERE status = 'aktif' GROUP BY 1"""
    turunan = """SELECT substr(k.desa_id, 1, 2), count(*) FILTER (WHERE s.mandiri OR (s.kim_id IS NULL AND k.mandiri))
                 FROM kim_kim k LEFT JOIN keuangan_statusmandiri s ON s.kim_id = k.id
                 WHERE k.status = 'aktif' GROUP BY 1"""

    def q(sql):
        with connection.cursor() as c:
            c.execute(sql)
            return c.fetchall()
    t_dek, _ = ukur(lambda: q(deklarasi), max(runs, 5))
    t_tur, _ = ukur(lambda: q(turunan), max(runs, 5))
    print(f"cakupan: national figures with the derived status {t_cak * 1000:.0f} ms; KIM mandiri per province, "
          f"declared flag only {t_dek * 1000:.0f} ms vs derived (LEFT JOIN) {t_tur * 1000:.0f} ms "
          f"({t_tur / t_dek:.2f}x)")


if __name__ == "__main__":
    main()
