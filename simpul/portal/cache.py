"""Cache of the anonymous public pages, with versioned keys.

Every public page a visitor without a session sees is rendered once and then served from the
cache until something public changes. The key carries a **version number** kept in the cache
itself: a service that publishes, withdraws or changes public content calls :func:`segarkan`,
which bumps the version, so every old entry is never read again (and expires on its own).
``BATAS_DETIK`` bounds how long a page can lag behind a change made by an app that does not
call :func:`segarkan`.

A cached page must not share a CSP nonce or a CSRF token between visitors. The page is rendered
with placeholders instead of both (``csp_nonce`` and ``csrf_token`` in the template context), the
placeholders are stored, and each response gets this request's own nonce and CSRF token. Serving
a cached page costs no database query and no template rendering.

Only GET/HEAD requests without a session cookie and without pending messages are cached; a
signed-in user always gets a fresh page.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

KUNCI_VERSI = "portal:versi"
BATAS_DETIK = 300
NONCE = "__simpul_nonce__"
CSRF = "__simpul_csrf__"
_NONCE_B = NONCE.encode()
_CSRF_B = CSRF.encode()


def versi() -> int:
    v = cache.get(KUNCI_VERSI)
    if v is None:
        cache.add(KUNCI_VERSI, 1, None)
        v = cache.get(KUNCI_VERSI) or 1
    return v


def segarkan() -> None:
    """Invalidate every cached public page (call after publishing or changing public content)."""
    try:
        cache.incr(KUNCI_VERSI)
    except ValueError:
        cache.set(KUNCI_VERSI, 2, None)


def boleh_dicache(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _kunci(request) -> str:
    mentah = f"{request.get_host()}|{request.get_full_path()}|{get_language()}"
    return f"portal:hal:{versi()}:{hashlib.blake2b(mentah.encode(), digest_size=16).hexdigest()}"


def konteks_placeholder(request) -> dict:
    """Template context entries to add when the page will be cached (see the module doc)."""
    return {"csp_nonce": NONCE, "csrf_token": CSRF} if getattr(request, "_portal_cache", False) else {}


def _isi(request, body: bytes) -> bytes:
    if _NONCE_B in body:
        body = body.replace(_NONCE_B, str(request._csp_nonce).encode())
    if _CSRF_B in body:
        body = body.replace(_CSRF_B, get_token(request).encode())
    return body


def cache_anonim(view):
    """Serve ``view`` from the versioned cache to anonymous visitors (see the module doc)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not boleh_dicache(request):
            return view(request, *args, **kwargs)
        kunci = _kunci(request)
        simpanan = cache.get(kunci)
        if simpanan is not None:
            body, jenis = simpanan
            resp = HttpResponse(_isi(request, body), content_type=jenis)
            resp["X-Simpul-Cache"] = "hit"
        else:
            request._portal_cache = True
            resp = view(request, *args, **kwargs)
            if hasattr(resp, "render") and callable(resp.render):
                resp = resp.render()
            if resp.status_code != 200 or resp.streaming or resp.cookies:
                return resp
            cache.set(kunci, (resp.content, resp["Content-Type"]), BATAS_DETIK)
            resp.content = _isi(request, resp.content)
            resp["X-Simpul-Cache"] = "miss"
        patch_vary_headers(resp, ("Cookie",))
        patch_cache_control(resp, private=True, max_age=0)
        return resp

    return wrapper
