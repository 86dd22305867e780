"""Benchmark: a public KIM page under load, against a static file served by the same server.

Usage (repository root; PostgreSQL on 127.0.0.1, user postgres, trust auth; ``wrk`` installed)::

    .venv/bin/python bench/portal.py            # or: python -m bench --hanya portal

It creates the throw-away database ``simpul_bench_portal`` (unless ``DATABASE_URL`` is given, as
``python -m bench`` does), migrates it, imports the regions of Sulawesi Barat, creates KIM
Orobatu Bersatu with officers and 30 published articles, collects static files, starts gunicorn
(``--workers 4``, sync, on 127.0.0.1, Redis cache when ``REDIS_URL`` is set) and runs ``wrk``
(2 threads, 32 connections, 10 s after a 3 s warm-up) on

- the KIM's public site ``/kim-orobatu-bersatu/`` (anonymous: the portal cache serves it), and
- the static file ``/static/css/simpul.css`` through the same gunicorn (whitenoise),

then prints requests/s and latency percentiles for both and the ratio page / static.
Targets: >= 500 requests/s, p99 <= 50 ms, ratio >= 0.5.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _dasar  # noqa: E402

DB = "simpul_bench_portal"
PY = sys.executable


def _siapkan(env: dict) -> None:
    kode = r"""
import django, os
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db.models.signals import post_save
from simpul.wilayah.services import wilayah_import
from simpul.wilayah.models import Wilayah
if not Wilayah.objects.filter(kode="76").exists():
    wilayah_import(hanya_prefix=["76"])
from simpul.core.testing.factories import KimFactory, AnggotaFactory, PengurusFactory, UserFactory
from simpul.kim.models import Kim
from simpul.berita.models import Artikel
from simpul.berita import services
from simpul.core import scope
kim = Kim.objects.filter(slug="kim-orobatu-bersatu").first()
if kim is None:
    kim = KimFactory(nama="KIM Orobatu Bersatu", slug="kim-orobatu-bersatu", desa=Wilayah.objects.get(kode="76.02.02.2003"),
                     deskripsi="Komunitas Informasi Masyarakat Desa Orobatu.", telepon="+6281234500001")
    u = UserFactory(nama="Ketua KIM", email="ketua.bench@contoh.id")
    PengurusFactory(anggota=AnggotaFactory(kim=kim, user=u, nama=u.nama), kim=kim)
    for i in range(30):
        a = services.artikel_create(actor=u, kim=kim, judul=f"Berita desa nomor {i} dari Orobatu",
                                    isi="Warga Orobatu bergotong royong membersihkan saluran air. " * 8)
        services.artikel_submit(actor=u, artikel=a)
        services.artikel_approve(actor=u, artikel=a)
call_command("collectstatic", interactive=False, verbosity=0)
"""
    subprocess.run([PY, "-c", kode], cwd=ROOT, env=env, check=True)


def _wrk(url: str) -> dict:
    out = subprocess.run(["wrk", "-t2", "-c32", "-d10s", "--latency", url], capture_output=True, text=True,
                         check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {}
    for p in ("50", "90", "99"):
        m = re.search(rf"^\s+{p}(?:\.000)?%\s+([\d.]+)(us|ms|s)", out, re.M)
        v = float(m.group(1))
        lat[p] = v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "lat": lat, "galat": int(non2xx.group(1)) if non2xx else 0}


def main() -> int:
    _dasar.perlu_wrk()
    env = dict(os.environ)
    buat_db = "DATABASE_URL" not in env
    if buat_db:
        _dasar.psql(f"DROP DATABASE IF EXISTS {DB}")
        _dasar.psql(f"CREATE DATABASE {DB}")
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "SIMPUL_TASKS": "immediate",
                "SIMPUL_VAR_DIR": str(ROOT / "var" / "bench-portal"), "SIMPUL_LOG_LEVEL": "ERROR",
                "SIMPUL_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"})
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
    proc = None
    with socket.socket() as sk:  # a free port
        sk.bind(("127.0.0.1", 0))
        port = sk.getsockname()[1]
    try:
        _siapkan(env)
        proc = subprocess.Popen(
            [str(Path(PY).parent / "gunicorn"), "config.wsgi:application", "--workers", "4", "--bind",
             f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120"], cwd=ROOT, env=env)
        base = f"http://127.0.0.1:{port}"
        halaman, statis = f"{base}/kim-orobatu-bersatu/", f"{base}/static/css/simpul.css"
        for _ in range(100):
            try:
                urllib.request.urlopen(halaman, timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        for url in (halaman, statis):  # warm-up: every worker fills its connection and the cache
            subprocess.run(["wrk", "-t2", "-c32", "-d3s", url], capture_output=True, check=True)
        print(f"load average before the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        h, s = _wrk(halaman), _wrk(statis)
        for nama, r in (("KIM page  /kim-orobatu-bersatu/", h), ("static    /static/css/simpul.css", s)):
            print(f"{nama}: {r['rps']:8.0f} req/s  p50 {r['lat']['50']:.1f} ms  p90 {r['lat']['90']:.1f} ms  "
                  f"p99 {r['lat']['99']:.1f} ms  non-2xx {r['galat']}")
        memori = _dasar.puncak_memori_mb(proc.pid)
        pekerja = [mb for pid, mb in memori.items() if pid != proc.pid]
        if pekerja:
            print(f"peak memory of the web workers (VmHWM): max {max(pekerja):.0f} MB each, {len(pekerja)} workers")
        rasio = h["rps"] / s["rps"]
        print(f"ratio page/static: {rasio:.2f}  (targets: >= 500 req/s, p99 <= 50 ms, ratio >= 0.5)")
        ok = h["rps"] >= 500 and h["lat"]["99"] <= 50 and rasio >= 0.5 and h["galat"] == 0
        print("OK" if ok else "BELOW TARGET")
        return 0
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=20)
        if buat_db:
            _dasar.psql(f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    sys.exit(main())
