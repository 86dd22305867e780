"""Benchmark: the CSV and Excel export writers (``simpul.core.ekspor``), in-process, no database.

    .venv/bin/python bench/ekspor.py [--baris 80000] [--ulang 3]

80,000 synthetic rows shaped like the "desa without a KIM" export (code, desa, kind, kecamatan,
a number, a date), generated up front so only the writers are timed. Baselines in the same run:
openpyxl's write-only workbook (what ``xlsx_response`` used before) for Excel, and a plain
``csv.writer`` into one string for CSV (the least work any CSV export can do). Median of
``--ulang`` runs; each writer's output is read back once afterwards to check it.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.http import StreamingHttpResponse  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402

from simpul.core import ekspor  # noqa: E402

JUDUL = ["kode", "desa", "jenis", "kecamatan", "penduduk", "tanggal"]


def _baris(n: int) -> list[tuple]:
    acak = random.Random(20261123)
    suku = ["ma", "ka", "ta", "lang", "ju", "su", "ra", "ba", "ngi", "wa", "to", "ro", "si"]
    nama = lambda: "".join(acak.choice(suku) for _ in range(acak.randint(2, 4))).title()  # noqa: E731
    kec = [nama() for _ in range(800)]
    awal = date(2020, 1, 1)
    return [
        (
            f"{11 + i % 38}.{i % 99:02d}.{i % 40:02d}.{2001 + i % 900}",
            nama(),
            acak.choice(["desa", "kelurahan"]),
            acak.choice(kec),
            acak.randint(300, 30000),
            awal + timedelta(days=acak.randint(0, 2000)),
        )
        for i in range(n)
    ]


def _ukur(fn, ulang: int) -> float:
    waktu = []
    for _ in range(ulang):
        t0 = time.perf_counter()
        fn()
        waktu.append(time.perf_counter() - t0)
    return statistics.median(waktu)


def _openpyxl(rows) -> int:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title="Desa tanpa KIM")
    ws.append(JUDUL)
    for row in rows:
        ws.append([ekspor._aman(v) for v in row])
    with tempfile.TemporaryFile() as f:
        wb.save(f)
        return f.tell()


def _baru(rows, kompresi: int) -> int:
    with tempfile.TemporaryFile() as f:
        ekspor.tulis_xlsx(f, JUDUL, iter(rows), lembar="Desa tanpa KIM", kompresi=kompresi)
        return f.tell()


def _csv_polos(rows) -> int:
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf)
    w.writerow(JUDUL)
    w.writerows(rows)
    return len(buf.getvalue().encode())


def _csv_per_baris(rows) -> int:
    """The previous csv_response: one yield (one chunk for the server to write) per row."""

    class Gema:
        def write(self, v):
            return v

    w = csv.writer(Gema())

    def isi():
        yield "\ufeff" + w.writerow(JUDUL)
        for row in rows:
            yield w.writerow([ekspor._aman(v) for v in row])

    return sum(len(b) for b in StreamingHttpResponse(isi()).streaming_content)


def _csv_baru(rows) -> int:
    resp = ekspor.csv_response("x.csv", JUDUL, iter(rows))
    return sum(len(b) for b in resp.streaming_content)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baris", type=int, default=80_000)
    ap.add_argument("--ulang", type=int, default=3)
    opts = ap.parse_args()
    campur = _baris(opts.baris)
    # The real "desa without a KIM" rows: six strings (values_list of code and names).
    teks = [(k, d, j, kec, f"Kabupaten {kec}", "Provinsi Contoh") for k, d, j, kec, _, _ in campur]
    n = len(campur)

    def cetak(label: str, detik: float, dasar: float, ukuran: int) -> None:
        print(
            f"  {label:<42} {detik * 1000:8.0f} ms  {n / detik:>10,.0f} rows/s"
            f"  {ukuran / 1e6:6.2f} MB  {detik / dasar:5.2f}x baseline"
        )

    ukuran = {}
    print(f"{n:,} rows, median of {opts.ulang} runs")
    for nama, rows in (
        ("6 x str (the tanpa-kim export)", teks),
        ("str, str, str, str, int, date", campur),
    ):
        print(f"XLSX, {nama} (baseline: openpyxl write-only, the previous xlsx_response)")
        dasar = _ukur(lambda rows=rows: ukuran.__setitem__("o", _openpyxl(rows)), opts.ulang)
        cetak("openpyxl write-only (baseline)", dasar, dasar, ukuran["o"])
        for lvl in (1, 3, 6):
            t = _ukur(
                lambda lvl=lvl, rows=rows: ukuran.__setitem__(lvl, _baru(rows, lvl)), opts.ulang
            )
            tanda = " (used)" if lvl == ekspor.TINGKAT_KOMPRESI else ""
            cetak(f"ekspor.tulis_xlsx, deflate {lvl}{tanda}", t, dasar, ukuran[lvl])
        print(f"CSV, {nama} (baseline: plain csv.writer into one string)")
        dasar = _ukur(lambda rows=rows: ukuran.__setitem__("p", _csv_polos(rows)), opts.ulang)
        cetak("csv.writer, whole export (baseline)", dasar, dasar, ukuran["p"])
        t = _ukur(lambda rows=rows: ukuran.__setitem__("l", _csv_per_baris(rows)), opts.ulang)
        cetak("one yield per row (previous csv_response)", t, dasar, ukuran["l"])
        t = _ukur(lambda rows=rows: ukuran.__setitem__("b", _csv_baru(rows)), opts.ulang)
        cetak(f"csv_response, {ekspor.BARIS_PER_POTONG} rows a chunk", t, dasar, ukuran["b"])
        assert ukuran["b"] == ukuran["p"] == ukuran["l"]

        # Check the new workbook (untimed): it reads back with every row.
        with tempfile.TemporaryFile() as f:
            ekspor.tulis_xlsx(f, JUDUL, iter(rows))
            f.seek(0)
            ws = load_workbook(f, read_only=True).active
            terbaca = list(ws.iter_rows(values_only=True))
        akhir = tuple(v.date() if hasattr(v, "date") else v for v in terbaca[-1])
        assert len(terbaca) == n + 1 and list(terbaca[0]) == JUDUL and akhir == rows[-1], akhir
    print("check: every workbook reads back with every row; every CSV has the baseline's size")


if __name__ == "__main__":
    main()
