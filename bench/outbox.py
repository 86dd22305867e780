"""Benchmark: outbox delivery rate with 2 workers to loopback SMTP/HTTP sinks, on PostgreSQL.

Usage (from the repository root; PostgreSQL on 127.0.0.1 with trust auth, user postgres):

    .venv/bin/python bench/outbox.py                 # 8,000 messages
    .venv/bin/python bench/outbox.py --pesan 20000
    SIMPUL_BENCH_PROFIL=/tmp/prof .venv/bin/python bench/outbox.py   # + a cProfile of each worker

Without ``DATABASE_URL`` the script creates (and drops) ``simpul_bench_outbox`` and migrates it.
It starts two sink processes on 127.0.0.1 (the HTTP recorder from ``simpul.notifikasi.testing``
answering like WhatsApp/Telegram/the SMS gateway, and an aiosmtpd SMTP server), queues
``--pesan`` outbox rows spread evenly over email, WhatsApp, Telegram and SMS (not timed), then:

- ``outbox``: 2 worker processes run ``jalankan_outbox`` (claim with FOR UPDATE SKIP LOCKED, send
  over one keep-alive connection per channel, record every outcome) until the outbox is empty;
  timed from the start signal until the last row is recorded ``terkirim`` (checked: every row
  sent exactly once, sink counts equal the row count);
- ``baseline``: the same messages sent by 2 processes with no outbox at all: a bare
  ``http.client`` keep-alive POST loop with the same JSON/form bodies, and bare ``smtplib``
  ``sendmail`` on one connection, no database;

and prints messages/s of each and the ratio outbox / baseline.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._dasar import psql  # noqa: E402

DB = "simpul_bench_outbox"
KANAL = ["email", "whatsapp", "telegram", "sms"]


def _sink_http(port, siap, hitung):
    from simpul.notifikasi.testing import PerekamHttp

    h = PerekamHttp(port=port, rekam=False)
    orig = h._jawaban

    def jawab(req):
        with hitung.get_lock():
            hitung.value += 1
        return orig(req)

    h._jawaban = jawab
    h.start()
    siap.set()
    while True:
        time.sleep(3600)


def _sink_smtp(port, siap, hitung):
    """One aiosmtpd process of the SMTP sink; several share the port (SO_REUSEPORT), as a real
    MTA serves many connections at once (a single aiosmtpd process tops out near 300 messages/s)."""
    import asyncio

    from aiosmtpd.smtp import SMTP

    class Handler:
        async def handle_DATA(self, srv, session, envelope):
            with hitung.get_lock():
                hitung.value += 1
            return "250 OK"

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(Handler(), hostname="sink.localhost"), host="127.0.0.1", port=port, reuse_port=True))
    siap.set()
    try:
        loop.run_forever()
    finally:
        server.close()


SINK_SMTP = 4


def _env(http_port, smtp_port):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    base = f"http://127.0.0.1:{http_port}"
    os.environ.update({
        "SIMPUL_WA_BASE_URL": base, "SIMPUL_WA_TOKEN": "t", "SIMPUL_WA_PHONE_NUMBER_ID": "1055",
        "SIMPUL_TELEGRAM_BASE_URL": base, "SIMPUL_TELEGRAM_TOKEN": "1:x",
        "SIMPUL_SMS_URL": f"{base}/sms", "SIMPUL_SMS_PARAM_REF": "ref",
        "SIMPUL_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "SIMPUL_EMAIL_HOST": "127.0.0.1", "SIMPUL_EMAIL_PORT": str(smtp_port), "SIMPUL_LOG_LEVEL": "ERROR",
    })


def _worker_outbox(http_port, smtp_port, siap, mulai, hasil):
    _env(http_port, smtp_port)
    import django

    django.setup()
    from django.db import connection

    from simpul.notifikasi.services import jalankan_outbox

    connection.ensure_connection()
    profil = os.environ.get("SIMPUL_BENCH_PROFIL")  # a directory: cProfile each worker into it
    siap.set()
    mulai.wait()
    if profil:
        import cProfile

        with cProfile.Profile() as prof:
            total = jalankan_outbox(batas=100, maks_detik=600)
        prof.dump_stats(f"{profil}/outbox-{os.getpid()}.prof")
    else:
        total = jalankan_outbox(batas=100, maks_detik=600)
    hasil.put(total)


def _worker_baseline(http_port, smtp_port, pesan, siap, mulai, hasil):
    import http.client
    import json
    import smtplib
    from email.message import EmailMessage
    from urllib.parse import urlencode

    h = http.client.HTTPConnection("127.0.0.1", http_port, timeout=15)
    s = smtplib.SMTP("127.0.0.1", smtp_port, timeout=15)
    siap.set()
    mulai.wait()
    n = 0
    for kanal, alamat, teks in pesan:
        if kanal == "email":
            m = EmailMessage()
            m["Subject"], m["From"], m["To"] = "[Simpul] Uji", "noreply@simpul.localhost", alamat
            m.set_content(teks)
            s.sendmail("noreply@simpul.localhost", [alamat], m.as_bytes())
        else:
            if kanal == "sms":
                path, body, ct = "/sms", urlencode({"to": alamat, "text": teks}).encode(), "application/x-www-form-urlencoded"
            elif kanal == "whatsapp":
                path, ct = "/v21.0/1055/messages", "application/json"
                body = json.dumps({"messaging_product": "whatsapp", "recipient_type": "individual", "to": alamat[1:],
                                   "type": "text", "text": {"preview_url": False, "body": teks}}).encode()
            else:
                path, ct = "/bot1:x/sendMessage", "application/json"
                body = json.dumps({"chat_id": alamat, "text": teks}).encode()
            h.request("POST", path, body=body, headers={"Content-Type": ct, "Authorization": "Bearer t"})
            r = h.getresponse()
            r.read()
            assert r.status == 200
        n += 1
    s.quit()
    hasil.put(n)


def _jalan(target, args_per_worker, total_rows, selesai) -> float:
    siap = [mp.Event() for _ in args_per_worker]
    mulai = mp.Event()
    hasil = mp.Queue()
    procs = [mp.Process(target=target, args=(*a, siap[i], mulai, hasil)) for i, a in enumerate(args_per_worker)]
    for p in procs:
        p.start()
    for e in siap:
        e.wait(60)
    t0 = time.perf_counter()
    mulai.set()
    out = [hasil.get(timeout=900) for _ in procs]
    dt = time.perf_counter() - t0
    for p in procs:
        p.join()
    selesai(out)
    return dt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pesan", type=int, default=8000)
    ap.add_argument("--keep", action="store_true")
    opts = ap.parse_args()
    buat_db = not os.environ.get("DATABASE_URL")
    if buat_db:
        psql(f"DROP DATABASE IF EXISTS {DB}")
        psql(f"CREATE DATABASE {DB}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
    import socket

    def port_bebas():
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    http_port, smtp_port = port_bebas(), port_bebas()
    h_http, h_smtp = mp.Value("l", 0), mp.Value("l", 0)
    sinks = []
    for target, port, hitung in ((_sink_http, http_port, h_http), *[(_sink_smtp, smtp_port, h_smtp)] * SINK_SMTP):
        siap = mp.Event()
        p = mp.Process(target=target, args=(port, siap, hitung), daemon=True)
        p.start()
        siap.wait(30)
        sinks.append(p)
    try:
        _env(http_port, smtp_port)
        import django

        django.setup()
        from django.core.management import call_command
        from django.utils import timezone

        call_command("migrate", verbosity=0)
        from simpul.notifikasi.models import Pesan, StatusPesan
        from simpul.notifikasi.services import kunci_pesan

        Pesan.objects.all().delete()
        now = timezone.now()
        baris, pesan = [], []
        for i in range(opts.pesan):
            k = KANAL[i % 4]
            alamat = {"email": f"warga{i}@contoh.id", "telegram": str(100000 + i)}.get(k, f"+628123{i:07d}")
            teks = f"Kampanye {i}: cek fakta sebelum berbagi. https://simpul.example/diseminasi/{i}/"
            baris.append(Pesan(kunci=kunci_pesan(f"bench:{i}", k, alamat), kunci_acara=f"bench:{i}", kanal=k,
                               alamat=alamat, muatan={"judul": f"Kampanye {i}", "isi": "cek fakta sebelum berbagi.",
                                                      "url": f"/diseminasi/{i}/"}, coba_lagi_pada=now))
            pesan.append((k, alamat, teks))
        Pesan.objects.bulk_create(baris, batch_size=2000)
        from django.db import connection

        connection.close()
        print(f"{opts.pesan:,} messages (email, WhatsApp, Telegram, SMS evenly), 2 workers, PostgreSQL")

        def cek_outbox(out):
            sent = Pesan.objects.filter(status=StatusPesan.TERKIRIM, percobaan=1).count()
            assert sent == opts.pesan, (sent, out, dict(Pesan.objects.values_list("status", "galat_terakhir")[:3]))
            assert sum(o["terkirim"] for o in out) == opts.pesan, out

        dt_outbox = _jalan(_worker_outbox, [(http_port, smtp_port)] * 2, opts.pesan, cek_outbox)
        time.sleep(0.5)
        n_http, n_smtp = h_http.value, h_smtp.value
        assert n_http + n_smtp == opts.pesan, (n_http, n_smtp)

        def cek_baseline(out):
            assert sum(out) == opts.pesan

        dt_base = _jalan(_worker_baseline, [(http_port, smtp_port, pesan[0::2]), (http_port, smtp_port, pesan[1::2])],
                         opts.pesan, cek_baseline)
        r_outbox, r_base = opts.pesan / dt_outbox, opts.pesan / dt_base
        print(f"outbox    {r_outbox:8,.0f} messages/s  ({dt_outbox:.2f} s; sinks got {n_http:,} HTTP + {n_smtp:,} SMTP, "
              f"each row sent once)")
        print(f"baseline  {r_base:8,.0f} messages/s  ({dt_base:.2f} s; bare http.client + smtplib loops, no database)")
        print(f"ratio outbox/baseline {r_outbox / r_base:.2f}  (target: outbox >= 1,000 messages/s)")
        return 0 if r_outbox >= 1000 else 1
    finally:
        for p in sinks:
            p.terminate()
        if buat_db and not opts.keep:
            from django.db import connections

            connections.close_all()
            psql(f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    sys.exit(main())
