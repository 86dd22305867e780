"""Benchmark: aspiration intake under load, and an agency's queue with 1,000,000 aspirations.

Usage (from the repository root; PostgreSQL on 127.0.0.1 with trust auth, user postgres; Redis
on 127.0.0.1:6379 for the shared cache):

    .venv/bin/python bench/aspirasi.py                       # 60 s at 200/s, 1,000,000 rows
    .venv/bin/python bench/aspirasi.py --detik 20 --laju 100 --antrean 200000 --keep

It creates the database ``simpul_bench_aspirasi``, migrates it and imports the regions of
Sulawesi Barat (76), then:

1. **Intake**: starts gunicorn as documented for production (README: one worker per core plus one,
   4 threads each; ``--workers`` / ``--threads``) with the production settings plus a high rate limit (one client address sends everything) and no minimum delay
   on the challenge, and has ``wrk`` (C, so the load generator takes little of the two cores)
   post the public form (``POST /aspirasi/``, ``Accept: application/json``) over ``--koneksi``
   keep-alive connections, closed loop, for ``--detik`` seconds: each body has its own solved
   challenge token and idempotency key, and every 100th is followed by a replay of an earlier key
   (an offline outbox retrying). wrk's Lua script records the tracking code of every 2xx answer.
   The desa has an operator and an active KIM with a ketua: every submission is announced to
   both by the Celery worker (one run per burst, ``services.kabari_petugas_masuk``), and the run
   checks that all were announced. It prints the rate of acknowledged submissions, p50 / p95 /
   p99 latency, and then counts the rows: **lost** = acknowledged tracking codes with no row, **duplicated** = rows beyond one per
   key. Baseline, same run: the same number of rows written
   by hand-written SQL (one INSERT + COMMIT per row on one connection), rows/s and the ratio.
2. **Queue**: bulk-inserts ``--antrean`` aspirations (SQL ``generate_series``) spread over 200
   agencies and 300 desa, ``VACUUM (ANALYZE)`` (the steady state autovacuum keeps a production
   table in), then times the agency staff's queue page ``GET /aspirasi/kelola/`` (the test
   client, in process, 50 runs) p50 / p95, against the hand-written SQL of the same page (the
   count and the first 25 rows by deadline), and the last page against the same SQL with its
   OFFSET.

The database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._dasar import perlu_wrk, psql, ukur  # noqa: E402

DB = "simpul_bench_aspirasi"
PORT = int(os.environ.get("SIMPUL_BENCH_ASPIRASI_PORT", "0")) or 18000 + os.getpid() % 1000
DESA = "76.02.02.2003"


SETTINGS = """
from config.settings import *  # noqa
SIMPUL_ASPIRASI_LAJU = {"kirim": (10**9, 60)}
SIMPUL_ASPIRASI_TANTANGAN_MIN_DETIK = 0
# Keep the per-task INFO lines off the console, as a production log level would.
LOGGING = {**LOGGING, "loggers": {**LOGGING.get("loggers", {}), "django.tasks": {"level": "WARNING"}}}
"""


def siapkan_db() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from simpul.wilayah.services import wilayah_import

    wilayah_import(hanya_prefix=["76"])
    # As in a live desa: an operator and an active KIM whose ketua has an account, so every
    # submission is announced to two officials (services.kabari_petugas_masuk, in the worker).
    from simpul.core.peran import Peran
    from simpul.core.testing.factories import (
        AnggotaFactory,
        KimFactory,
        PengurusFactory,
        PenugasanFactory,
        UserFactory,
    )
    from simpul.wilayah.models import Wilayah

    desa = Wilayah.objects.get(kode=DESA)
    PenugasanFactory(user=UserFactory(nama="Operator Desa Bench", email="operator.bench@contoh.id"),
                     peran=Peran.DESA, wilayah=desa)
    kim = KimFactory(nama="KIM Bench", slug="kim-bench", desa=desa)
    PengurusFactory(anggota=AnggotaFactory(kim=kim, user=UserFactory(nama="Ketua KIM Bench",
                                                                     email="ketua.bench@contoh.id")))


def mulai_gunicorn(workers: int, threads: int, env: dict) -> subprocess.Popen:
    # The documented production command (README "Production"): config/gunicorn.conf.py (gthread,
    # preloaded and warmed in the master), workers = cores + 1, 4 threads, unless told otherwise.
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi",
                             "-w", str(workers), "--threads", str(threads), "-b", f"127.0.0.1:{PORT}",
                             "--log-level", "warning"], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            c.request("GET", "/aspirasi/sw.js")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def csrf() -> tuple[str, str]:
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    c.request("GET", "/aspirasi/")
    r = c.getresponse()
    html = r.read().decode()
    cookie = [v for k, v in r.getheaders() if k.lower() == "set-cookie" and "csrftoken=" in v][0]
    token_cookie = cookie.split("csrftoken=", 1)[1].split(";", 1)[0]
    form_token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    return token_cookie, form_token


def badan(n: int, form_token: str) -> list[tuple[str, bytes]]:
    import secrets

    from django.core import signing

    from simpul.aspirasi.forms import GARAM

    out = []
    for i in range(n):
        kunci = f"bench-{uuid.uuid4()}"
        token = signing.dumps({"a": 2, "b": 3, "t": 0, "n": secrets.token_hex(6)}, salt=GARAM, compress=True)
        body = urlencode({"csrfmiddlewaretoken": form_token, "jenis": "pengaduan", "desa": DESA,
                          "isi": f"Uji beban laporan nomor {i}: jalan desa berlubang di dusun {i % 7}.",
                          "token": token, "jawaban": "5", "kunci": kunci}).encode()
        out.append((kunci, body))
    return out


WRK_LUA = r"""
-- Each wrk thread sends the prepared bodies tid, tid + T, tid + 2T, ... (one line each: key TAB body)
-- and writes the tracking code of every acknowledged (2xx) answer to its own file.
local baris = {}
for b in io.lines(os.getenv("SIMPUL_BADAN")) do baris[#baris + 1] = b end
local T = tonumber(os.getenv("SIMPUL_WRK_T"))
local hdr = {["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "application/json",
             ["Cookie"] = os.getenv("SIMPUL_COOKIE"), ["Referer"] = os.getenv("SIMPUL_REFERER")}
local nomor = 0
local threads = {}
function setup(thread)
  thread:set("tid", nomor)
  nomor = nomor + 1
  table.insert(threads, thread)
end
function init(args)
  i = tid + 1 - T
  gagal = 0
  habis = false
  f = io.open(os.getenv("SIMPUL_OK") .. "-" .. tid, "w")
  f:setvbuf("line")
end
function request()
  i = i + T
  if i > #baris then  -- out of bodies
    habis = true
    return wrk.format("GET", "/sehat/")
  end
  local tab = string.find(baris[i], "\t")
  return wrk.format("POST", "/aspirasi/", hdr, string.sub(baris[i], tab + 1))
end
function response(status, headers, body)
  if status >= 200 and status <= 299 then
    local kode = string.match(body, '"kode":%s*"([^"]+)"')
    if kode then f:write(kode, "\n") end
  else
    gagal = gagal + 1
  end
end
function done(summary, latency, requests)
  local g, h = 0, 0
  for _, t in ipairs(threads) do
    g = g + t:get("gagal")
    if t:get("habis") then h = 1 end
  end
  io.write(string.format("HASIL %d %d %d %d %d %d %d %.0f %.0f %.0f %d %d\n", summary.requests, summary.duration,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99), g, h))
end
"""


def beban_wrk(bodies: list[tuple[str, bytes]], detik: float, koneksi: int, cookie: str) -> dict:
    """Closed-loop load with wrk (C, out of the server's way): ``koneksi`` keep-alive connections
    post the prepared bodies, each once, for ``detik`` seconds. Returns the rate of acknowledged
    (2xx) answers, wrk's latency percentiles, and the tracking codes acknowledged."""
    wrk_t = 2
    tmp = Path(tempfile.mkdtemp(prefix="bench-aspirasi-wrk-"))
    (tmp / "badan.txt").write_bytes(b"".join(k.encode() + b"\t" + b + b"\n" for k, b in bodies))
    (tmp / "kirim.lua").write_text(WRK_LUA)
    env = dict(os.environ, SIMPUL_BADAN=str(tmp / "badan.txt"), SIMPUL_WRK_T=str(wrk_t), SIMPUL_OK=str(tmp / "ok"),
               SIMPUL_COOKIE=f"csrftoken={cookie}", SIMPUL_REFERER=f"http://127.0.0.1:{PORT}/aspirasi/")
    out = subprocess.run(["wrk", f"-t{wrk_t}", f"-c{koneksi}", f"-d{detik:.0f}s", "--timeout", "10s",
                          "-s", str(tmp / "kirim.lua"), f"http://127.0.0.1:{PORT}"],
                         capture_output=True, text=True, env=env, check=True).stdout
    angka = [float(x) for x in next(b for b in out.splitlines() if b.startswith("HASIL ")).split()[1:]]
    _permintaan, durasi_us, *galat, p50, p95, p99, non2xx, habis = angka
    diakui = [b for f in tmp.glob("ok-*") for b in f.read_text().split()]
    durasi = durasi_us / 1e6
    return {"ok": len(diakui), "durasi": durasi, "laju": len(diakui) / durasi,
            "p50": p50 / 1000, "p95": p95 / 1000, "p99": p99 / 1000,
            "gagal": {"non-2xx": int(non2xx), "socket": int(sum(galat[:4])), "timeout": int(galat[4])},
            "kode_ok": set(diakui), "habis": bool(habis)}


def baseline_insert(n: int) -> float:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT id FROM aspirasi_kategori LIMIT 1")
        t0 = time.perf_counter()
        for i in range(n):
            c.execute("BEGIN")
            c.execute(
                "INSERT INTO aspirasi_aspirasi (kode, jenis, desa_id, wilayah_tangani_id, judul, isi, nama, telepon,"
                " email, kanal, kanal_alamat, anonim, rahasia, status, butuh_cek_lapangan, sengketa, tenggat,"
                " terlambat, tingkat_eskalasi, disembunyikan, penilaian_catatan, dibuka_ulang, kunci_idempoten,"
                " dibuat, diubah) VALUES (%s, 'pengaduan', %s, %s, 'Uji', 'Uji beban', '', '', '', 'web', '', false,"
                " false, 'baru', false, false, now()::date + 3, false, 0, false, '', 0, %s, now(), now())",
                [f"B{i:09d}", DESA, DESA, f"baseline-{i}"])
            c.execute("COMMIT")
        dt = time.perf_counter() - t0
        c.execute("DELETE FROM aspirasi_aspirasi WHERE kunci_idempoten LIKE 'baseline-%%'")
    return n / dt


def isi_antrean(jumlah: int):
    from django.db import connection

    from simpul.aspirasi.models import Instansi, StafInstansi
    from simpul.core.testing.factories import UserFactory
    from simpul.wilayah.models import Wilayah

    kab = Wilayah.objects.get(kode="76.02")
    Instansi.objects.bulk_create([Instansi(nama=f"Instansi Bench {i}", wilayah=kab) for i in range(200)])
    ids = list(Instansi.objects.filter(nama__startswith="Instansi Bench").order_by("id").values_list("id", flat=True))
    user = UserFactory(nama="Staf Bench", email="staf.bench@contoh.id")
    StafInstansi.objects.create(instansi_id=ids[0], user=user)
    desa = list(Wilayah.objects.filter(tingkat=4, kode__startswith="76").order_by("kode")
                .values_list("kode", flat=True)[:300])
    t0 = time.perf_counter()
    with connection.cursor() as c:
        c.execute("""
            INSERT INTO aspirasi_aspirasi (kode, jenis, desa_id, wilayah_tangani_id, judul, isi, nama, telepon,
                email, kanal, kanal_alamat, anonim, rahasia, status, butuh_cek_lapangan, sengketa, tenggat, terlambat,
                tingkat_eskalasi, disembunyikan, penilaian_catatan, dibuka_ulang, instansi_id, dibuat, diubah)
            SELECT 'Q' || lpad(g::text, 9, '0'), (ARRAY['aspirasi','pengaduan','informasi'])[1 + g %% 3],
                   d.kode, d.kode, 'Aspirasi bench ' || g, 'Isi aspirasi bench nomor ' || g, '', '', '', 'web', '',
                   false, g %% 10 = 0,
                   (ARRAY['didisposisi','ditindaklanjuti','ditanggapi','selesai','selesai','selesai','diarsipkan',
                          'baru'])[1 + g %% 8],
                   false, false, current_date + (g %% 40) - 10, g %% 9 = 0, 0, false, '', 0,
                   (%s::int[])[1 + g %% 200], now() - (g %% 700) * interval '1 day', now()
            FROM generate_series(1, %s) g
            JOIN LATERAL (SELECT (%s::text[])[1 + g %% %s] AS kode) d ON true
        """, [ids, jumlah, desa, len(desa)])
    # Steady state of a table that has been in production: autovacuum has visited it (visibility
    # map set, statistics fresh). The same-run baseline reads the same vacuumed table.
    connection.ensure_connection()
    autocommit = connection.get_autocommit()
    connection.set_autocommit(True)
    with connection.cursor() as c:
        c.execute("VACUUM (ANALYZE) aspirasi_aspirasi")
    connection.set_autocommit(autocommit)
    print(f"{jumlah:,} aspirations inserted in {time.perf_counter() - t0:.1f} s "
          f"(agency {ids[0]}: ~{jumlah // 200:,} rows)", flush=True)
    return user, ids[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--detik", type=float, default=60)
    ap.add_argument("--laju", type=float, default=200, help="target rate; bodies for twice that are prepared")
    ap.add_argument("--koneksi", type=int, default=16, help="wrk connections (closed loop)")
    ap.add_argument("--workers", type=int, default=None,
                    help="gunicorn workers (default: config/gunicorn.conf.py's, one per core plus one)")
    ap.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (1 = sync workers)")
    ap.add_argument("--antrean", type=int, default=1_000_000)
    ap.add_argument("--keep", action="store_true")
    opts = ap.parse_args()
    if opts.detik > 0:
        perlu_wrk()

    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    tmp = tempfile.mkdtemp(prefix="bench-aspirasi-")
    Path(tmp, "bench_aspirasi_settings.py").write_text(SETTINGS)
    env = dict(os.environ)
    env.update({"DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}", "SIMPUL_PLAIN_STATIC": "1",
                "REDIS_URL": env.get("REDIS_URL", "redis://127.0.0.1:6379/5"), "SIMPUL_TASKS": "immediate",
                "DJANGO_SETTINGS_MODULE": "bench_aspirasi_settings",
                "PYTHONPATH": f"{tmp}{os.pathsep}{ROOT}{os.pathsep}{env.get('PYTHONPATH', '')}"})
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "SIMPUL_PLAIN_STATIC", "REDIS_URL", "SIMPUL_TASKS",
                                           "DJANGO_SETTINGS_MODULE")})
    sys.path[:0] = [tmp, str(ROOT)]
    import django

    django.setup()
    try:
        t0 = time.perf_counter()
        siapkan_db()
        print(f"migrated + regions of 76 in {time.perf_counter() - t0:.0f} s", flush=True)

        # --- 1. intake (skipped with --detik 0) ---
        from django.core.cache import cache

        cache.clear()
        if opts.detik > 0:
            intake(opts, env)

        # --- 2. the agency queue ---
        _antrean(opts)
        # The exit status says whether the figures met issue #4's targets (as bench/outbox.py).
        return 0 if getattr(opts, "_intake_ok", True) and opts._antrean_ok else 1
    finally:
        from django.db import connections

        connections.close_all()
        if not opts.keep:
            psql(f"DROP DATABASE IF EXISTS {DB}")


def intake(opts, env) -> None:
    # As production runs: the web enqueues the after-commit tasks (notifying the desa's officials)
    # to Celery over Redis, and a Celery worker on the same two cores runs them meanwhile.
    env = {**env, "SIMPUL_TASKS": "celery"}
    pekerja = subprocess.Popen([str(Path(sys.executable).parent / "celery"), "-A", "config.celery", "worker", "-Q",
                                "default", "--concurrency", "1", "--loglevel", "WARNING"], cwd=ROOT, env=env)
    if opts.workers is None:  # the production default (config/gunicorn.conf.py)
        opts.workers = (os.cpu_count() or 1) + 1
    gun = mulai_gunicorn(opts.workers, opts.threads, env)
    try:
        _intake(opts, gun)
    finally:
        for proc in (gun, pekerja):
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
    base = baseline_insert(min(int(opts.detik * opts.laju), 1000))
    print(f"baseline hand-written INSERT+COMMIT per row, one connection: {base:.0f} rows/s; "
          f"ratio intake/baseline {opts._laju_capai / base:.3f}", flush=True)


def _intake(opts, gun) -> None:
    from simpul.aspirasi.models import Aspirasi

    cookie, form_token = csrf()
    n = int(opts.detik * opts.laju * 2)  # more bodies than the target needs: the run ends by time
    bodies = badan(n, form_token)
    ulang = bodies[:: 100]  # 1% replayed by the "outbox"
    semua = [b for i, b in enumerate(bodies) for b in ([b, bodies[i - 50]] if i % 100 == 99 else [b])]
    print(f"intake: wrk, {opts.koneksi} keep-alive connections for {opts.detik:.0f} s, up to {n:,} distinct keys "
          f"(every 100th followed by a replay of an earlier key), gunicorn -w {opts.workers} --threads {opts.threads}",
          flush=True)
    r = beban_wrk(semua, opts.detik, opts.koneksi, cookie)
    if r["habis"]:
        print("intake  WARNING: the prepared bodies ran out before the time did; raise --laju", flush=True)
    del ulang
    baris_db = list(Aspirasi.objects.filter(kunci_idempoten__startswith="web:bench-")
                    .values_list("kunci_idempoten", "kode"))
    kunci_db = [k for k, _kode in baris_db]
    ganda = len(kunci_db) - len(set(kunci_db))
    hilang = len(r["kode_ok"] - {kode for _k, kode in baris_db})
    laju_ok = r["laju"] >= 200 and r["p99"] <= 300 and not any(r["gagal"].values())
    print(f"intake  achieved {r['laju']:.1f} acknowledged/s over {r['durasi']:.1f} s; "
          f"p50 {r['p50']:.1f} ms  p95 {r['p95']:.1f} ms  p99 {r['p99']:.1f} ms; errors: {r['gagal']}")
    print(f"intake  rows {len(kunci_db):,}, {len(r['kode_ok']):,} acknowledged tracking codes: "
          f"lost {hilang}, duplicated {ganda}", flush=True)
    print(f"intake  targets >= 200/s for the whole run with p99 <= 300 ms, nothing lost or duplicated: "
          f"{'OK' if laju_ok and not hilang and not ganda else 'BELOW TARGET'}", flush=True)
    opts._laju_capai = r["laju"]
    opts._intake_ok = laju_ok and not hilang and not ganda
    # The officials' announcements, made by the worker a moment after each burst.
    from simpul.notifikasi.models import Notifikasi

    t0 = time.perf_counter()
    while Aspirasi.objects.filter(perlu_dikabari=True).exists() and time.perf_counter() - t0 < 30:
        time.sleep(0.5)
    sisa = Aspirasi.objects.filter(perlu_dikabari=True).count()
    kabar = Notifikasi.objects.filter(kunci__startswith="aspirasi:", kunci__endswith=":masuk").count()
    semua = Aspirasi.objects.filter(kunci_idempoten__startswith="web:bench-").count()  # with the last in flight
    print(f"intake  officials' announcements: {kabar:,} notifications for {semua:,} rows x 2 officials; "
          f"{sisa} rows still pending {time.perf_counter() - t0:.1f} s after the load", flush=True)


def _antrean(opts) -> None:
    from django.db import connection
    from django.test import Client

    from simpul.aspirasi.models import STATUS_TERBUKA, Aspirasi

    user, inst = isi_antrean(opts.antrean)
    client = Client()
    client.force_login(user)

    def halaman(url="/aspirasi/kelola/"):
        resp = client.get(url)
        assert resp.status_code == 200, resp.status_code

    terbuka = "('draf','baru','ditunda','diverifikasi','didisposisi','ditindaklanjuti')"
    sql = ("SELECT a.id, a.kode, a.judul, a.status, a.tenggat, d.nama, k.nama, i.nama FROM aspirasi_aspirasi a"
           " JOIN wilayah_wilayah d ON d.kode = a.desa_id LEFT JOIN aspirasi_kategori k ON k.id = a.kategori_id"
           f" LEFT JOIN aspirasi_instansi i ON i.id = a.instansi_id WHERE a.instansi_id = %s AND a.status IN {terbuka}"
           " ORDER BY a.tenggat, a.id DESC LIMIT 25 OFFSET %s")
    cnt = f"SELECT count(*) FROM aspirasi_aspirasi WHERE instansi_id = %s AND status IN {terbuka}"

    def dasar(offset=0):
        with connection.cursor() as c:
            c.execute(cnt, [inst])
            n = c.fetchone()[0]
            c.execute(sql, [inst, offset])
            assert len(c.fetchall()) == max(0, min(25, n - offset))  # a full page, or what is left

    total = Aspirasi.objects.count()
    n = Aspirasi.objects.filter(instansi_id=inst, status__in=STATUS_TERBUKA).count()
    akhir = (n - 1) // 25 + 1  # the last full page number (n is a multiple of 25 here)
    p50, p95 = ukur(halaman, 50)
    b50, b95 = ukur(dasar, 50)
    print(f"queue   {total:,} aspirations, {n:,} open at the staff's agency; GET /aspirasi/kelola/: "
          f"p50 {p50:.1f} ms  p95 {p95:.1f} ms")
    print(f"queue   baseline hand-written SQL (count + first 25): p50 {b50:.1f} ms  p95 {b95:.1f} ms; "
          f"ratio p95 {p95 / b95:.1f}; target p95 <= 200 ms: {'OK' if p95 <= 200 else 'ABOVE TARGET'}", flush=True)
    opts._antrean_ok = p95 <= 200
    d50, d95 = ukur(lambda: halaman(f"/aspirasi/kelola/?halaman={akhir}"), 20)
    e50, e95 = ukur(lambda: dasar((akhir - 1) * 25), 20)
    print(f"queue   last page (?halaman={akhir}): p50 {d50:.1f} ms  p95 {d95:.1f} ms; baseline (count + OFFSET "
          f"{(akhir - 1) * 25}): p50 {e50:.1f} ms  p95 {e95:.1f} ms; ratio p95 {d95 / e95:.1f}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
