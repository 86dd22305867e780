"""Browser tests: Playwright's sync API driving Debian's Chromium against a live server.

- Chromium: ``SIMPUL_CHROMIUM`` or the ``chromium`` on PATH (``apt-get install chromium``); the
  Playwright-downloaded browsers are not used (``playwright install`` needs the internet).
- ``live_server`` (pytest-django) runs the site in a thread of the test process over the test
  database; it implies ``transactional_db``, so every test's rows are committed and flushed
  afterwards. The flush also empties the region table that the root ``conftest.py`` fills once
  per session; :func:`_wilayah_uji` puts the test regions back before each browser test.
- ``hp``: a fresh 360x740 phone context (touch, mobile viewport), one per test.
- ``masuk_lewat_halaman(page, base_url, user)``: signs a persona in through the real sign-in
  page (and the TOTP page for government roles).
- ``pantau(page)``: collects console errors, page errors and CSP violations; assert it is empty.

Mark browser tests with ``pytestmark = pytest.mark.browser``; the collection hook below also marks
anything in this folder, so ``-m "not browser"`` always leaves them out.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from simpul.akun.testing import SANDI_UJI, _lupakan_kode_terpakai, aktifkan_totp, kode_totp
from simpul.core.scope import punya_peran_pemerintah

LAYAR = Path(settings.BASE_DIR) / "var" / "screens"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HP = {"width": 360, "height": 740}


def chromium_path() -> str:
    path = os.environ.get("SIMPUL_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.exit("The browser tests need Chromium: apt-get install chromium, or set SIMPUL_CHROMIUM.", 2)
    return path


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every test in this folder is a browser test, marked or not (so -m "not browser" works)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API keeps an asyncio loop running on this thread; Django refuses ORM
    # calls from such a thread unless told it is safe (it is: the loop never runs our code).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path(), headless=False, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def hp(browser, live_server):
    """A 360x740 phone: mobile viewport, touch, Indonesian, against the live server."""
    ctx = browser.new_context(
        viewport=HP, screen=HP, device_scale_factor=2, is_mobile=True, has_touch=True,
        locale="id-ID", base_url=live_server.url,
    )
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(hp):
    p = hp.new_page()
    yield p
    p.close()


@dataclass
class Pantauan:
    """What went wrong in the page while the test ran."""

    konsol: list[str] = field(default_factory=list)
    galat: list[str] = field(default_factory=list)

    def csp(self, page) -> list[str]:
        return page.evaluate("window.__pelanggaranCsp || []")

    def masalah(self, page) -> list[str]:
        return [*self.konsol, *self.galat, *(f"CSP: {v}" for v in self.csp(page))]


_SKRIP_CSP = """
window.__pelanggaranCsp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__pelanggaranCsp.push(`${e.violatedDirective} ${e.blockedURI || "inline"} ${e.sourceFile || ""}:${e.lineNumber || ""}`);
});
"""


def pantau(page) -> Pantauan:
    """Start recording console errors, uncaught page errors and CSP violations on ``page``
    (call it before the first ``goto``)."""
    p = Pantauan()
    page.add_init_script(_SKRIP_CSP)
    page.on("console", lambda m: p.konsol.append(f"console.{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: p.galat.append(f"pageerror: {e}"))
    return p


def layar(page, nama: str) -> Path:
    """Save a full-page screenshot to var/screens/<nama>.png and return its path."""
    LAYAR.mkdir(parents=True, exist_ok=True)
    path = LAYAR / f"{nama}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def lebar_halaman(page) -> int:
    """The document's scroll width: more than the viewport means sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth")


def masuk_lewat_halaman(page, base_url: str, user, *, sandi: str = SANDI_UJI) -> None:
    """Sign ``user`` in through the real pages: email/phone + password, then the TOTP code for
    government roles (they must use MFA). Ends on the page the site redirects to."""
    perlu_totp = punya_peran_pemerintah(user)
    secret = aktifkan_totp(user) if perlu_totp else None
    page.goto(f"{base_url}/akun/login/")
    page.fill("input[name=login]", user.email or user.telepon)
    page.fill("input[name=password]", sandi)
    page.click("form[action$='/akun/login/'] button[type=submit]")
    page.wait_for_load_state()
    if secret:
        page.wait_for_selector("input[name=code]")
        kode = kode_totp(secret)
        _lupakan_kode_terpakai(user, kode)
        page.fill("input[name=code]", kode)
        page.click("form[action$='/akun/2fa/authenticate/'] button[type=submit]")
        page.wait_for_load_state()
    assert "/akun/login/" not in page.url, f"sign-in failed for {user}: still on {page.url}"
