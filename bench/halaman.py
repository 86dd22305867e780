"""Page weight and first paint in a real, throttled browser.

    .venv/bin/python -m bench.halaman            # or: .venv/bin/python bench/halaman.py
    .venv/bin/python -m bench.halaman --port 8765 --ulang 5 --tanpa-throttle --lewati-persiapan

What it does:
1. prepares a demo-like installation in ``var/bench/`` (its own SQLite file, so your ``var/`` is
   untouched): migrate, import all regions, ``muat_demo``, ``collectstatic``. Idempotent: a second
   run reuses it.
2. starts gunicorn on 127.0.0.1 (DEBUG off, whitenoise serving compressed static files, the GZip
   middleware compressing HTML: what production serves), in demo mode (no MFA for the personas).
3. opens every page of ``simpul/core/tests/test_halaman_ringan.py``'s ``HALAMAN`` list in Debian's
   Chromium (Playwright, a 360x740 phone), with the browser cache disabled and the network throttled
   through CDP ``Network.emulateNetworkConditions`` (1.6 Mbit/s down, 750 kbit/s up, 150 ms latency),
   signed in as the page's demo persona where it is internal.
4. records, per page, the bytes transferred (the sum of CDP ``encodedDataLength`` over every
   response: headers + compressed bodies), the number of requests and the first-contentful-paint,
   and prints them next to a same-run baseline: one fetch of the same server's ``pico.min.css``.

The figures are what this machine measured on this run; the ratios to the baseline are what to
compare between runs and machines.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PY = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"

DOWN_BPS = 1_600_000 / 8  # 1.6 Mbit/s in bytes per second
UP_BPS = 750_000 / 8
LATENCY_MS = 150
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(SIMPUL_VAR_DIR=str(VAR), SIMPUL_DEMO="1", SIMPUL_DEBUG="0", SIMPUL_TASKS="immediate",
               SIMPUL_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
               DJANGO_SETTINGS_MODULE="config.settings")
    return env


def _manage(*args: str) -> None:
    """Run a management command against var/bench; its output goes to var/bench/persiapan.log."""
    with (VAR / "persiapan.log").open("ab") as log:
        r = subprocess.run([str(PY), "manage.py", *args], cwd=ROOT, env=_env(), stdout=log,
                           stderr=subprocess.STDOUT, check=False)
    if r.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed; see {VAR / 'persiapan.log'}")


def siapkan() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    print("==> var/bench: migrate, regions, demo data, static files", flush=True)
    _manage("migrate", "--noinput", "-v0")
    _manage("impor_wilayah", "--no-progress")
    _manage("muat_demo")
    _manage("collectstatic", "--noinput", "-v0")


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jalankan_server(port: int) -> subprocess.Popen:
    log = (VAR / "web.log").open("wb")
    proc = subprocess.Popen(
        [str(GUNICORN), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--threads", "2"],
        cwd=ROOT, env=_env(), stdout=log, stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)  # noqa: S310 (our own server)
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {VAR / 'web.log'}") from None
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not answer within 20 s")


def daftar_halaman() -> list[tuple[str, str, str | None, int]]:
    """(name, path, persona, expected status) from the page-weight test's list, its objects
    (a public KIM, one waiting for verification, a draft, a target) taken from the demo data."""
    os.environ.update(_env())
    import django

    django.setup()
    from simpul.cakupan.models import Target
    from simpul.core.tests.test_halaman_ringan import HALAMAN
    from simpul.kim.models import Kim, StatusKim

    mamuju = Kim.objects.filter(desa__kode__startswith="76.02.")
    data = {
        "kim": Kim.objects.publik().order_by("id").first(),
        "kim_diajukan": mamuju.filter(status=StatusKim.DIAJUKAN).order_by("id").first(),
        "kim_draf": mamuju.filter(status=StatusKim.DRAF).order_by("-langkah_wizard", "id").first(),
        "target": Target.objects.filter(wilayah__kode__startswith="76.02", aktif=True).order_by("id").first(),
    }
    out = []
    for h in HALAMAN:
        try:
            path = h.url(data)
        except (AttributeError, TypeError):  # the demo data lacks that kind of KIM
            print(f"(skipped {h.nama}: the demo data has no such object)")
            continue
        out.append((h.nama, path, h.persona, h.status))
    return out


def _email_persona(kunci: str) -> str:
    from simpul.demo.services import PERSONA

    return next(p.email for p in PERSONA if p.kunci == kunci)


class Pengukur:
    """One phone context; measures navigations with the network throttled and no cache."""

    def __init__(self, browser, base: str, throttle: bool):
        self.base = base
        self.ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                       has_touch=True, locale="id-ID")
        self.page = self.ctx.new_page()
        self.cdp = self.ctx.new_cdp_session(self.page)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.throttle = throttle
        self.byte = 0
        self.permintaan = 0
        self._data_uri: set[str] = set()
        self.cdp.on("Network.requestWillBeSent", self._dikirim)
        self.cdp.on("Network.loadingFinished", self._selesai)

    def _dikirim(self, e) -> None:
        if e["request"]["url"].startswith("data:"):
            self._data_uri.add(e["requestId"])

    def _selesai(self, e) -> None:
        if e["requestId"] in self._data_uri:  # inline images in the CSS: not a transfer
            return
        self.byte += int(e.get("encodedDataLength", 0))
        self.permintaan += 1

    def _jaringan(self, lambat: bool) -> None:
        self.cdp.send("Network.emulateNetworkConditions", {
            "offline": False,
            "latency": LATENCY_MS if lambat else 0,
            "downloadThroughput": DOWN_BPS if lambat else -1,
            "uploadThroughput": UP_BPS if lambat else -1,
        })

    def masuk(self, email: str, sandi: str) -> None:
        self._jaringan(False)
        self.ctx.clear_cookies()
        self.page.goto(f"{self.base}/akun/login/")
        self.page.fill("input[name=login]", email)
        self.page.fill("input[name=password]", sandi)
        self.page.click("form[action$='/akun/login/'] button[type=submit]")
        self.page.wait_for_load_state()
        if "/akun/login/" in self.page.url:
            raise SystemExit(f"could not sign in as {email}")

    def ukur(self, path: str) -> tuple[int, int, float | None, float, int, str]:
        """(bytes, requests, FCP ms or None, load ms, status, final path) for one navigation."""
        self._jaringan(self.throttle)
        self.page.goto("about:blank")
        self.byte = self.permintaan = 0
        mulai = time.perf_counter()
        resp = self.page.goto(f"{self.base}{path}", wait_until="load")
        muat = (time.perf_counter() - mulai) * 1000
        self.page.wait_for_timeout(300)  # late responses (favicon) still count
        fcp = self.page.evaluate(
            "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
        akhir = self.page.url.removeprefix(self.base)
        return self.byte, self.permintaan, fcp, muat, resp.status if resp else 0, akhir

    def tutup(self) -> None:
        self.ctx.close()


def _median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    ap.add_argument("--ulang", type=int, default=3, help="loads per page (the median is shown)")
    ap.add_argument("--tanpa-throttle", action="store_true", help="measure on the unthrottled loopback")
    ap.add_argument("--lewati-persiapan", action="store_true", help="reuse var/bench as it is")
    args = ap.parse_args(argv)

    chromium = os.environ.get("SIMPUL_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        raise SystemExit("needs Chromium: apt-get install chromium, or set SIMPUL_CHROMIUM")
    if not args.lewati_persiapan:
        siapkan()
    halaman = daftar_halaman()
    from simpul.demo.services import SANDI_DEMO

    port = args.port or _port_bebas()
    base = f"http://127.0.0.1:{port}"
    server = jalankan_server(port)
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.contrib.staticfiles.storage import staticfiles_storage
    from playwright.sync_api import sync_playwright

    pico = staticfiles_storage.url("vendor/pico/pico.min.css")
    throttle = not args.tanpa_throttle
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=False, args=CHROMIUM_ARGS)
            anon = Pengukur(browser, base, throttle)
            dasar = [anon.ukur(pico) for _ in range(max(3, args.ulang))]
            dasar_byte = int(_median([d[0] for d in dasar]))
            dasar_ms = _median([d[3] for d in dasar])
            masuk: dict[str, Pengukur] = {}
            for nama, path, persona, status in halaman:
                m = anon
                if persona:
                    if persona not in masuk:
                        masuk[persona] = Pengukur(browser, base, throttle)
                        masuk[persona].masuk(_email_persona(persona), SANDI_DEMO)
                    m = masuk[persona]
                hasil = [m.ukur(path) for _ in range(args.ulang)]
                byte = int(_median([h[0] for h in hasil]))
                catatan = "" if hasil[0][5] == path else f"  (redirected to {hasil[0][5]})"
                rows.append((nama, path, persona or "-", hasil[0][4], status, catatan, byte,
                             _median([h[1] for h in hasil]), _median([h[2] for h in hasil]),
                             _median([h[3] for h in hasil])))
            for m in [anon, *masuk.values()]:
                m.tutup()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)

    jaringan = (f"{DOWN_BPS * 8 / 1e6:.1f} Mbit/s down, {LATENCY_MS} ms latency" if throttle
                else "no throttling (loopback)")
    print(f"\nSimpul page weight, Chromium {chromium}, 360x740, cache off, {jaringan}")
    print(f"baseline: {pico} = {dasar_byte:,} B transferred, loaded in {dasar_ms:.0f} ms (median of {len(dasar)})\n")
    print(f"{'page':<28} {'path':<36} {'as':<22} {'st':>3} {'bytes':>8} {'xbase':>6} {'req':>4} "
          f"{'FCP ms':>7} {'load ms':>8} {'xbase':>6}")
    gagal = 0
    for nama, path, persona, st, st_harap, catatan, byte, req, fcp, muat in rows:
        tanda = ("" if st == st_harap else f"  (expected {st_harap})") + catatan
        gagal += st != st_harap or byte > 61_440
        print(f"{nama:<28} {path[:36]:<36} {persona[:22]:<22} {st:>3} {byte:>8,} {byte / dasar_byte:>6.2f} "
              f"{req:>4.0f} {fcp if fcp is None else round(fcp):>7} {muat:>8.0f} {muat / dasar_ms:>6.2f}{tanda}")
    print(f"\n{len(rows)} pages; over 61,440 B or wrong status: {gagal}")
    return 1 if gagal else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
