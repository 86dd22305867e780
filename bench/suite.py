"""The whole benchmark suite in one command, on the synthetic country: JSON + Markdown out.

    .venv/bin/python -m bench.negara --db simpul_negara      # once: the synthetic country (~15 min)
    .venv/bin/python -m bench.suite --db simpul_negara       # every figure (make bench-suite)

1. ``bench.halaman_negara`` on the loaded country: every list page, dashboard and list API
   endpoint at national, province and kab/kota level (p50/p95, query count, same-run baseline
   of the page's own SQL plus the page frame, the 3x budget), peak memory of the web stack.
2. Every other benchmark of ``python -m bench`` (publishing to 100,000 KIMs and the campaign
   dashboard, outbox throughput with 2 workers, aspiration intake under load with gunicorn and
   the agency queue at 1M rows, search at 1M articles, coverage and campaign rollups, the public
   KIM page under wrk against a static file, page weight in a throttled browser, ...). Each builds
   the exact data its figure needs in a throw-away database (so one figure never depends on
   another's leftovers) and prints its figures beside its same-run baseline; the suite keeps
   each one's output, exit status and duration.

Writes ``--keluaran``/hasil.json (everything) and ``--keluaran``/ringkasan.md (the summary
table of the pages, the pages over budget, and each benchmark's figures), then prints the
Markdown. ``--lewati NAME`` leaves a benchmark out; ``--ulang`` is passed to the page suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.__main__ import BENCHES, _run  # noqa: E402


def _mesin() -> str:
    cpu = next((b.split(":", 1)[1].strip() for b in Path("/proc/cpuinfo").read_text().splitlines()
                if b.startswith("model name")), platform.processor())
    mem = next((int(b.split()[1]) // 1024 // 1024 for b in Path("/proc/meminfo").read_text().splitlines()
                if b.startswith("MemTotal")), 0)
    pg = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SHOW server_version"],
                        capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} CPUs ({cpu}), {mem} GB RAM, PostgreSQL {pg}, Python {platform.python_version()}"


def _tabel_halaman(hasil: list[dict]) -> list[str]:
    baris = ["| page | persona | level | p50 ms | p95 ms | queries | SQL ms | frame ms | ratio |",
             "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in hasil:
        tanda = "" if r["lulus"] else " **over**"
        baris.append(f"| `{r['url']}` | {r['persona']} | {r['tingkat']} | {r['p50']} | {r['p95']} | {r['kueri']} | "
                     f"{r['dasar_p50']} | {r['tetap']} | {r['rasio']}x{tanda} |")
    return baris


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="simpul_negara")
    ap.add_argument("--keluaran", type=Path, default=ROOT / "var" / "bench")
    ap.add_argument("--ulang", type=int, default=10)
    ap.add_argument("--lewati", action="append", default=[], choices=sorted(BENCHES))
    o = ap.parse_args(argv)
    o.keluaran.mkdir(parents=True, exist_ok=True)
    mulai = datetime.now(UTC)
    laporan: dict = {"mulai": mulai.isoformat(timespec="seconds"), "mesin": _mesin(), "db": o.db, "bench": {}}

    t0 = time.perf_counter()
    berkas_halaman = o.keluaran / "halaman_negara.json"
    kode = subprocess.run([sys.executable, "-m", "bench.halaman_negara", "--db", o.db, "--ulang", str(o.ulang),
                           "--json", str(berkas_halaman)], cwd=ROOT).returncode
    if not berkas_halaman.exists():
        print("the page suite did not run (is the synthetic country loaded?)", file=sys.stderr)
        return 2
    laporan["halaman"] = json.loads(berkas_halaman.read_text())
    laporan["halaman"]["detik"] = round(time.perf_counter() - t0)
    laporan["halaman"]["kode_keluar"] = kode

    for nama, (judul, args, db) in BENCHES.items():
        if nama in o.lewati:
            continue
        t = time.perf_counter()
        catatan = o.keluaran / f"{nama}.txt"
        with catatan.open("w") as keluar:
            kode = _run(judul, args, db=db, stdout=keluar)
        teks = catatan.read_text()
        ringkas = [b for b in teks.splitlines() if b.strip() and not b.startswith(("Task id=", "[", "INFO"))]
        laporan["bench"][nama] = {"judul": judul, "kode_keluar": kode, "detik": round(time.perf_counter() - t),
                                  "keluaran": ringkas[-40:]}
        print(f"{nama}: exit {kode} in {laporan['bench'][nama]['detik']} s", flush=True)

    (o.keluaran / "hasil.json").write_text(json.dumps(laporan, indent=1, ensure_ascii=False))
    h = laporan["halaman"]["hasil"]
    lewat = [r for r in h if not r["lulus"]]
    md = [f"# Simpul benchmark suite — {mulai:%Y-%m-%d %H:%M} UTC", "",
          f"Machine: {laporan['mesin']}. Dataset: `{o.db}` ({laporan['halaman']['sampel']}).", "",
          f"## Pages and list endpoints ({len(h)} measurements, {len(h) - len(lewat)} within 3x of their "
          f"baseline, {len(lewat)} over)", "",
          # Issue #8's budget names pages and dashboards; the API endpoints are held to it too, and
          # counted apart so each is visible.
          f"Pages and dashboards: {sum(r['jenis'] != 'api' for r in h)} measured, "
          f"{sum(r['jenis'] != 'api' and not r['lulus'] for r in h)} over 3x. API endpoints: "
          f"{sum(r['jenis'] == 'api' for r in h)} measured, {sum(r['jenis'] == 'api' and not r['lulus'] for r in h)} "
          f"over 3x.", "",
          f"Peak memory of the in-process web stack: {laporan['halaman']['puncak_mb']} MB.", ""]
    if lewat:
        md += ["Over budget:", "", *_tabel_halaman(lewat), ""]
    md += ["All:", "", *_tabel_halaman(h), ""]
    for nama, b in laporan["bench"].items():
        md += [f"## {b['judul']} (`{nama}`, exit {b['kode_keluar']}, {b['detik']} s)", "", "```",
               *b["keluaran"], "```", ""]
    (o.keluaran / "ringkasan.md").write_text("\n".join(md))
    print("\n".join(md))
    gagal = [n for n, b in laporan["bench"].items() if b["kode_keluar"]]
    return 1 if gagal or lewat else 0


if __name__ == "__main__":
    sys.exit(main())
