"""Every list page, dashboard and list API endpoint, measured on the synthetic country.

    .venv/bin/python -m bench.halaman_negara --db simpul_negara            # after bench.negara
    .venv/bin/python -m bench.halaman_negara --db simpul_negara --hanya /aspirasi/

Runs in-process (Django's test client, the full middleware stack, PostgreSQL, Redis cache when
``REDIS_URL`` is set) against a database loaded by ``bench.negara``; it writes nothing but the
sessions and TOTP devices of the personas it signs in.

What is measured:

- every parameterless GET route of the site (found by walking the URLconf, so a new page is
  measured without editing this file; forms, sign-in pages and the like are skipped by name) and
  every parameterless GET endpoint of the API (from the OpenAPI schema), each
- as four personas: ``anonim`` (no session; public pages only, with the portal cache emptied
  before each request so the real rendering is measured), ``nasional`` (the Komdigi officer),
  ``provinsi`` (the Diskominfo officer of the province with most KIMs) and ``kabkota`` (of its
  kab/kota with most KIMs) — the office pages are scoped by who asks, so the persona is the level;
- plus the pages addressed by region (portal homes, coverage) at national, province and kab/kota
  level, the national campaign's dashboard, and searches.

For each: p50/p95 over ``--ulang`` requests (after one warm-up), the number of SQL queries,
and the **baseline measured in the same run**: the same SQL statements with the same parameters
run through a bare cursor (no ORM, no template) plus the fixed cost of any request through the
same stack for the same persona, its own SQL taken out: the site's page frame for HTML (the 404
page: middleware, URL resolving, the base template with the persona's menu), the liveness
answer ``/sehat/`` for the API. The ratio page / baseline is what the ORM, the view and the
page's own template add; the budget of issue #8, "no dashboard or list page more than 3x its
hand-written SQL baseline", is checked on it.
Pages a persona may not see (403/404/redirect) are skipped for that persona.

Prints a Markdown table; ``--json PATH`` also writes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _dasar as d  # noqa: E402

# Route names (namespace:name or name) and path fragments that are not pages to measure here.
LEWATI = re.compile(
    r"(/baru/|/tulis/|/catat/|/login|/logout|/signup|/password|/reauthenticate|/mfa/|/email|/webhook/|"
    r"sw\.js|/luring/|/hadir/|/bahasa/|/admin/|/3rdparty/|/social/|/confirm|/inactive|/reset|/sitemap|"
    r"/uji/|/2fa/|/openapi|/docs|/media/|/static/|/profil/$|/dibaca/|/kirim/$)"
)
EKSPOR = re.compile(r"\.(csv|xlsx)(\?|$)")
TIDAK_ADA = "/halaman-yang-tidak-ada-untuk-bench/"
DEKLARASI = re.compile(r"^DECLARE\s+\S+\s+.*?CURSOR\s+(?:WITH(?:OUT)?\s+HOLD\s+)?FOR\s+(.*)$", re.S | re.I)
ANON_TIDAK = ("/kelola", "/pengaturan", "/akun/", "/notifikasi/", "/keuangan/", "/fasilitas/",
              "/pembinaan/kelola", "/penilaian/", "/kegiatan/rekap")


def _rute_tanpa_parameter() -> list[str]:
    """Every GET-able path of the URLconf without path parameters."""
    from django.urls import URLPattern, URLResolver, get_resolver

    keluar: list[str] = []

    def jalan(pola, awalan: str) -> None:
        for p in pola:
            teks = str(p.pattern)
            if isinstance(p, URLResolver):
                if "<" in teks or "(?P" in teks:
                    continue
                jalan(p.url_patterns, awalan + teks.lstrip("^").rstrip("$"))
            elif isinstance(p, URLPattern):
                if "<" in teks or "(?P" in teks or "\\" in teks:
                    continue
                jalur = "/" + (awalan + teks.lstrip("^").rstrip("$")).lstrip("/")
                if not LEWATI.search(jalur) and jalur not in keluar:
                    keluar.append(jalur)

    jalan(get_resolver().url_patterns, "")
    return [j for j in keluar if not j.startswith("/api/")]


def _api_daftar() -> list[str]:
    from simpul.api.api import api

    skema = api.get_openapi_schema()
    return sorted(p for p, ops in skema["paths"].items() if "get" in ops and "{" not in p)


def _isi(resp) -> bytes:
    if resp.streaming:
        if not hasattr(resp, "_isi_bench"):
            resp._isi_bench = b"".join(resp.streaming_content)
        return resp._isi_bench
    return resp.content


class Pengukur:
    def __init__(self, ulang: int):
        from django.test import Client

        self.ulang = ulang
        self.klien: dict[str, Client] = {}
        self.hasil: list[dict] = []
        self.tetap: dict[str, dict[str, float]] = {}

    def masuk(self, persona: str, email: str | None) -> None:
        from django.test import Client

        from simpul.akun.models import User
        from simpul.akun.testing import login_dengan_mfa

        c = Client()
        if email:
            login_dengan_mfa(c, User.objects.get(email=email))
        self.klien[persona] = c

    def ukur_tetap(self, persona: str) -> dict[str, float]:
        """The fixed cost of one request as this persona through the same stack, its own SQL taken
        out: for HTML, the site's page frame (the 404 page: middleware, URL resolving, the base
        template with this persona's menu); for the API, the liveness answer ``/sehat/``."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        hasil = {}
        for jenis, url in (("html", TIDAK_ADA), ("api", "/sehat/")):
            with CaptureQueriesContext(connection) as q:
                self._minta(persona, url)
            kueri = list(q.captured_queries)
            p50, _p95 = d.ukur(lambda u=url: self._minta(persona, u), runs=self.ulang * 3)
            hasil[jenis] = max(0.0, p50 - self._dasar(kueri)[0])
        self.tetap[persona] = hasil
        return hasil

    def _minta(self, persona: str, url: str):
        from django.core.cache import cache

        from simpul.portal.cache import lupakan_lokal

        if persona == "anonim":  # measure the rendering, not the page cache
            cache.clear()
            lupakan_lokal()
        resp = self.klien[persona].get(url, HTTP_ACCEPT="text/html")
        _isi(resp)  # a streamed export is generated while it is read
        return resp

    def ukur(self, persona: str, url: str, *, jenis: str, tingkat: str) -> dict | None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as q:
            resp = self._minta(persona, url)
        status = resp.status_code
        if status != 200:
            return None  # not this persona's page (403/404/302 to sign-in): nothing to measure
        kueri = list(q.captured_queries)  # copied now: the next request empties the log
        isi = _isi(resp)
        waktu = []
        for _ in range(min(self.ulang, 3) if EKSPOR.search(url) else self.ulang):  # a download: fewer
            t0 = time.perf_counter()
            self._minta(persona, url)
            waktu.append((time.perf_counter() - t0) * 1000)
        dasar = self._dasar(kueri)
        r = {
            "url": url, "persona": persona, "jenis": jenis, "tingkat": tingkat, "status": status,
            "kueri": len(kueri), "bita": len(isi),
            "p50": round(d.persentil(waktu, 0.5), 1), "p95": round(d.persentil(waktu, 0.95), 1),
            "dasar_p50": round(dasar[0], 1), "dasar_p95": round(dasar[1], 1),
        }
        r["tetap"] = round(self.tetap[persona]["api" if jenis == "api" else "html"], 1)
        r["rasio"] = round(r["p50"] / (r["dasar_p50"] + r["tetap"]), 2)
        r["lulus"] = r["rasio"] <= 3
        self.hasil.append(r)
        print(f"{persona:9} {tingkat:9} {url[:58]:58} {r['p50']:8.1f} {r['p95']:8.1f} {r['kueri']:4d} "
              f"{r['dasar_p50']:8.1f} {r['tetap']:6.1f} {r['rasio']:6.2f}x{'' if r['lulus'] else ' OVER'}", flush=True)
        return r

    def _dasar(self, ditangkap: list[dict]) -> tuple[float, float]:
        """The same statements, replayed through a bare cursor (the SQL as executed, parameters
        inlined by the driver): what the page costs the database."""
        from django.db import connection

        perintah = []
        for x in ditangkap:
            sql = x["sql"].strip()
            kursor = DEKLARASI.match(sql)  # a streamed export's server-side cursor: its query
            if kursor:
                sql = kursor.group(1)
            if sql.upper().startswith(("SELECT", "WITH")):
                perintah.append(sql)
        if not perintah:
            return 0.0, 0.0

        def jalan():
            with connection.cursor() as c:
                for sql in perintah:
                    c.execute(sql)  # no parameters: sent as captured, "%" included
                    if c.description:
                        c.fetchall()

        return d.ukur(jalan, runs=self.ulang)


def _sampel() -> dict:
    """The regions, people and campaign the levels use (the biggest province and its biggest kab)."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT left(w.kode, 2), count(*) FROM kim_kim k JOIN wilayah_wilayah w ON w.kode = k.desa_id "
                  "GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
        prov = c.fetchone()[0]
        c.execute("SELECT left(k.desa_id, 5), count(*) FROM kim_kim k WHERE k.desa_id LIKE %s "
                  "GROUP BY 1 ORDER BY 2 DESC LIMIT 1", [prov + ".%"])
        kab = c.fetchone()[0]
        c.execute("SELECT p.kampanye_id FROM diseminasi_penerimaan p JOIN diseminasi_kampanye k ON k.id = p.kampanye_id "
                  "WHERE k.kantor_kode = '' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
        baris = c.fetchone()
        kampanye = baris[0] if baris else None
        c.execute("SELECT slug FROM kim_kim WHERE desa_id LIKE %s AND status = 'aktif' ORDER BY id LIMIT 1",
                  [kab + ".%"])
        baris = c.fetchone()
        kim = baris[0] if baris else None
    return {"provinsi": prov, "kabkota": kab, "kampanye": kampanye, "kim": kim}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="simpul_negara")
    ap.add_argument("--ulang", type=int, default=10, help="requests per page after the warm-up (default 10)")
    ap.add_argument("--hanya", action="append", help="only URLs containing this text")
    ap.add_argument("--json", type=Path, help="write the figures here")
    o = ap.parse_args(argv)

    from bench.negara import keadaan

    st, detail = keadaan(o.db)
    if st != "lengkap":
        print(f"{o.db}: not a completed synthetic country ({st} {detail}); run "
              f"'.venv/bin/python -m bench.negara --db {o.db}' first", file=sys.stderr)
        return 2
    os.environ["DATABASE_URL"] = d.PG + o.db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SIMPUL_LOG_LEVEL", "ERROR")
    os.environ.setdefault("SIMPUL_TASKS", "immediate")
    os.environ["SIMPUL_MFA_WAJIB"] = "1"
    os.environ.setdefault("SIMPUL_VAR_DIR", str(ROOT / "var" / "bench-halaman"))
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)  # "Not Found" for pages outside a persona's scope
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    s = _sampel()
    print(f"# {o.db} ({detail}); province {s['provinsi']}, kab/kota {s['kabkota']}, "
          f"national campaign {s['kampanye']}, KIM {s['kim']}", flush=True)
    m = Pengukur(o.ulang)
    m.masuk("anonim", None)
    m.masuk("nasional", "komdigi@negara.contoh.id")
    m.masuk("provinsi", f"diskominfo.{s['provinsi']}@negara.contoh.id")
    m.masuk("kabkota", f"diskominfo.{s['kabkota'].replace('.', '-')}@negara.contoh.id")
    tingkat = {"nasional": "nasional", "provinsi": "provinsi", "kabkota": "kabkota", "anonim": "publik"}

    def dipilih(url: str) -> bool:
        return not o.hanya or any(h in url for h in o.hanya)

    for persona in m.klien:
        t = m.ukur_tetap(persona)
        print(f"fixed cost of a request as {persona}: page frame {t['html']:.1f} ms, API {t['api']:.1f} ms", flush=True)
    print(f"{'persona':9} {'level':9} {'url':58} {'p50 ms':>8} {'p95 ms':>8} {'SQL#':>4} {'SQL ms':>8} {'stack':>6} {'ratio':>7}")
    for url in _rute_tanpa_parameter():
        if not dipilih(url):
            continue
        for persona in ("anonim", "nasional", "provinsi", "kabkota"):
            if persona == "anonim" and url.startswith(ANON_TIDAK):
                continue
            m.ukur(persona, url, jenis="halaman", tingkat=tingkat[persona])
    for url in _api_daftar():
        if dipilih(url):
            for persona in ("anonim", "nasional", "provinsi", "kabkota"):
                m.ukur(persona, url, jenis="api", tingkat=tingkat[persona])
    wilayah = {"nasional": "", "provinsi": s["provinsi"], "kabkota": s["kabkota"]}
    for lvl, kode in wilayah.items():
        for url in ([f"/{kode}/", f"/{kode}/berita/", f"/cakupan/{kode}/"] if kode else ["/", "/cakupan/"]):
            if dipilih(url):
                m.ukur("anonim", url, jenis="halaman", tingkat=lvl)
        for url in (f"/kim/?wilayah={kode}", f"/cari/?q=kopi&wilayah={kode}", f"/api/v1/kim/?wilayah={kode}"):
            if dipilih(url):
                m.ukur("anonim", url, jenis="api" if url.startswith("/api/") else "halaman", tingkat=lvl)
    if s["kim"] and dipilih(f"/{s['kim']}/"):
        m.ukur("anonim", f"/{s['kim']}/", jenis="halaman", tingkat="kim")
    if s["kampanye"]:
        url = f"/diseminasi/kampanye/{s['kampanye']}/"
        if dipilih(url):
            for persona in ("nasional", "provinsi", "kabkota"):
                m.ukur(persona, url, jenis="dasbor", tingkat=tingkat[persona])

    gagal = [r for r in m.hasil if not r["lulus"]]
    lambat = sorted(m.hasil, key=lambda r: -r["p95"])[:10]
    print(f"\n{len(m.hasil)} measurements against 3x their baseline: {len(m.hasil) - len(gagal)} within, "
          f"{len(gagal)} over")
    for r in gagal:
        print(f"  OVER 3x: {r['persona']} {r['url']} {r['p50']} ms vs SQL {r['dasar_p50']} + stack {r['tetap']} ms "
              f"= {r['rasio']}x")
    print("slowest p95:", ", ".join(f"{r['url']} ({r['persona']}) {r['p95']:.0f} ms" for r in lambat))
    puncak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (web stack in-process): {puncak:.0f} MB")
    if o.json:
        o.json.parent.mkdir(parents=True, exist_ok=True)
        o.json.write_text(json.dumps({"db": o.db, "sampel": s, "hasil": m.hasil, "puncak_mb": round(puncak)},
                                     indent=1))
    return 1 if gagal else 0


if __name__ == "__main__":
    sys.exit(main())
