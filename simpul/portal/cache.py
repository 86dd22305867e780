"""Cache of the anonymous public pages, with a version number.

Every public page a visitor without a session sees is rendered once and then served from the
cache until something public changes. Each entry records the **version number** it was rendered
at; the current version is kept in the cache itself and read in the same round trip as the page
(``get_many``). A service that publishes, withdraws or changes public content calls
:func:`segarkan`, which bumps the version, so every older entry is never served again (it is
overwritten on the next visit, or expires). ``BATAS_DETIK`` bounds how long a page can lag behind
a change made by an app that does not call :func:`segarkan`. The version starts at a random
number, so a flushed cache never matches a page stored before the flush.

Each process also keeps the current version for ``VERSI_LOKAL_DETIK`` (one second) and its last
``HALAMAN_LOKAL`` pages, so a hit usually costs no round trip at all; it also remembers the
addresses no cached view answered (forms, office pages), so an anonymous visit there costs no
lookup either. The process that calls
:func:`segarkan` sees the change at once; other processes (gunicorn workers, the task worker)
within a second.

A cached page must not share a CSP nonce or a CSRF token between visitors. The page is rendered
with placeholders instead of both (``csp_nonce`` and ``csrf_token`` in the template context), the
placeholders are stored, and each response gets this request's own nonce and CSRF token.

Two places serve hits, with one function (:func:`_sajikan`):

- :class:`CacheCepatMiddleware`, installed right after WhiteNoise and GZip, answers a hit before
  sessions, URL resolving, authentication and the rest of the stack run (a hit then costs one
  cache round trip, no database query and no template), and applies itself what the skipped
  middleware would have added to such a response: the language headers, the CSRF cookie, the
  CSP header with this request's nonce, ``X-Frame-Options``;
- the :func:`cache_anonim` view decorator, which stores misses and, where the middleware is not
  installed, serves hits itself.

Only GET/HEAD requests without a session cookie and without pending messages are cached; a
signed-in user always gets a fresh page.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from simpul.core.middleware import bahasa_permintaan, tandai_bahasa

KUNCI_VERSI = "portal:versi"
BATAS_DETIK = 300
VERSI_LOKAL_DETIK = 1.0
HALAMAN_LOKAL = 200
BUKAN_LOKAL = 2000
NONCE = "__simpul_nonce__"
CSRF = "__simpul_csrf__"
_NONCE_B = NONCE.encode()
_CSRF_B = CSRF.encode()


def versi() -> int:
    v = cache.get(KUNCI_VERSI)
    if v is None:
        # A random start, not 1: after the cache is flushed, no page stored before can match.
        cache.add(KUNCI_VERSI, secrets.randbits(48), None)
        v = cache.get(KUNCI_VERSI)
    return v


def segarkan() -> None:
    """Invalidate every cached public page (call after publishing or changing public content)."""
    try:
        cache.incr(KUNCI_VERSI)
    except ValueError:
        versi()
    _lokal.lupakan_versi()


class _Lokal:
    """This process's copy of the current version (trusted for ``VERSI_LOKAL_DETIK``) and of the
    last ``HALAMAN_LOKAL`` pages served, so that a hit usually costs no cache round trip at all."""

    def __init__(self):
        self._kunci = threading.Lock()
        self._versi: int | None = None
        self._sampai = 0.0
        self._halaman: collections.OrderedDict[str, tuple] = collections.OrderedDict()
        self._bukan: collections.OrderedDict[str, None] = collections.OrderedDict()

    def bukan(self, kunci: str) -> bool:
        """Whether ``kunci`` was seen to be a page that is never cached (a form, a list that is not
        a portal page): the fast path then does not look it up in Redis again."""
        return kunci in self._bukan

    def tandai_bukan(self, kunci: str) -> None:
        with self._kunci:
            self._bukan[kunci] = None
            while len(self._bukan) > BUKAN_LOKAL:
                self._bukan.popitem(last=False)

    def versi(self) -> int | None:
        return self._versi if time.monotonic() < self._sampai else None

    def catat_versi(self, v: int | None) -> None:
        self._versi, self._sampai = v, time.monotonic() + VERSI_LOKAL_DETIK

    def lupakan_versi(self) -> None:
        self._sampai = 0.0

    def halaman(self, kunci: str):
        with self._kunci:
            simpanan = self._halaman.get(kunci)
            if simpanan is not None:
                self._halaman.move_to_end(kunci)
            return simpanan

    def simpan(self, kunci: str, simpanan: tuple) -> None:
        with self._kunci:
            self._halaman[kunci] = simpanan
            self._halaman.move_to_end(kunci)
            while len(self._halaman) > HALAMAN_LOKAL:
                self._halaman.popitem(last=False)

    def kosongkan(self) -> None:
        with self._kunci:
            self._halaman.clear()
            self._bukan.clear()
        self.lupakan_versi()


_lokal = _Lokal()


def lupakan_lokal() -> None:
    """Forget this process's copies (tests call it when they empty the shared cache)."""
    _lokal.kosongkan()


def boleh_dicache(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _kunci(request, lang: str) -> str:
    mentah = f"{request.get_host()}|{request.get_full_path()}|{lang}"
    return f"portal:hal2:{hashlib.blake2b(mentah.encode(), digest_size=16).hexdigest()}"


def _segar(simpanan, v) -> bool:
    return simpanan is not None and simpanan[0] == v and time.time() - simpanan[3] < BATAS_DETIK


def _ambil(kunci: str):
    """The stored page for ``kunci`` if it is of the current version, else None: from this
    process's copy when the version is known here, else in one round trip (``get_many``)."""
    v = _lokal.versi()
    if v is not None:
        simpanan = _lokal.halaman(kunci)
        if _segar(simpanan, v):
            return simpanan
        simpanan = cache.get(kunci)
    else:
        got = cache.get_many([KUNCI_VERSI, kunci])
        simpanan, v = got.get(kunci), got.get(KUNCI_VERSI)
        _lokal.catat_versi(v)
    if v is None or not _segar(simpanan, v):
        return None
    _lokal.simpan(kunci, simpanan)
    return simpanan


def konteks_placeholder(request) -> dict:
    """Template context entries to add when the page will be cached (see the module doc)."""
    return {"csp_nonce": NONCE, "csrf_token": CSRF} if getattr(request, "_portal_cache", False) else {}


def _isi(request, body: bytes) -> bytes:
    if _NONCE_B in body:
        body = body.replace(_NONCE_B, str(request._csp_nonce).encode())
    if _CSRF_B in body:
        body = body.replace(_CSRF_B, get_token(request).encode())
    return body


def _tandai(resp, asal: str) -> None:
    resp["X-Simpul-Cache"] = asal
    patch_vary_headers(resp, ("Cookie",))
    patch_cache_control(resp, private=True, max_age=0)


def _sajikan(request, simpanan) -> HttpResponse:
    _versi, body, jenis, _dibuat = simpanan
    resp = HttpResponse(_isi(request, body), content_type=jenis)
    _tandai(resp, "hit")
    return resp


def cache_anonim(view):
    """Serve ``view`` from the versioned cache to anonymous visitors (see the module doc)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not boleh_dicache(request):
            return view(request, *args, **kwargs)
        kunci = getattr(request, "_portal_kunci", None)
        if kunci is None:  # the fast-path middleware is not installed: look up here
            kunci = _kunci(request, get_language())
            simpanan = _ambil(kunci)
            if simpanan is not None:
                return _sajikan(request, simpanan)
        v = versi()  # read before rendering: a change during rendering leaves this entry stale
        _lokal.catat_versi(v)
        request._portal_cache = True
        resp = view(request, *args, **kwargs)
        if hasattr(resp, "render") and callable(resp.render):
            resp = resp.render()
        if resp.status_code != 200 or resp.streaming or resp.cookies:
            return resp
        simpanan = (v, resp.content, resp["Content-Type"], time.time())
        cache.set(kunci, simpanan, BATAS_DETIK)
        _lokal.simpan(kunci, simpanan)
        resp.content = _isi(request, resp.content)
        _tandai(resp, "miss")
        return resp

    return wrapper


class CacheCepatMiddleware:
    """Answer cached anonymous pages before the rest of the stack (see the module doc).

    Installed after ``GZipMiddleware`` (which still compresses the answer) and before
    ``SessionMiddleware``. It only reads; pages are stored by :func:`cache_anonim`.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._csrf = CsrfViewMiddleware(get_response)
        self._csp = ContentSecurityPolicyMiddleware(get_response)
        self._xframe = XFrameOptionsMiddleware(get_response)

    def __call__(self, request):
        if not boleh_dicache(request):
            return self.get_response(request)
        lang = bahasa_permintaan(request)
        request._portal_kunci = kunci = _kunci(request, lang)
        if _lokal.bukan(kunci):
            return self.get_response(request)
        simpanan = _ambil(kunci)
        if simpanan is None:
            resp = self.get_response(request)
            if not getattr(request, "_portal_cache", False):  # no cache_anonim view answered it
                _lokal.tandai_bukan(kunci)
            return resp
        self._csrf.process_request(request)  # the visitor's own CSRF secret, if any
        self._csp.process_request(request)  # this request's nonce
        resp = _sajikan(request, simpanan)
        tandai_bahasa(resp, lang)
        resp.headers["Content-Length"] = str(len(resp.content))
        for mw in (self._csrf, self._xframe, self._csp):
            resp = mw.process_response(request, resp)
        return resp
