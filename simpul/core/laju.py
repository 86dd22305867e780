"""Rate limits for public, costly or abusable endpoints (exports, public forms).

One fixed-window counter per (name, client address) in the cache (Redis in production, shared by
every worker). Over the limit the view answers 429 with a clear message and a Retry-After header.
"""

from __future__ import annotations

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def alamat_klien(request) -> str:
    """The client address: REMOTE_ADDR, or the proxy's X-Forwarded-For when behind our own proxy."""
    if getattr(settings, "NINJA_NUM_PROXIES", 0):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-settings.NINJA_NUM_PROXIES].strip()
    return request.META.get("REMOTE_ADDR", "")


def lewat_batas(nama: str, kunci: str, *, batas: int, periode: int) -> int:
    """Count one hit; return 0 if allowed, else the seconds until the window ends."""
    jendela = int(time.time() // periode)
    key = f"laju:{nama}:{kunci}:{jendela}"
    if cache.add(key, 1, timeout=periode + 5):
        jumlah = 1
    else:
        try:
            jumlah = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=periode + 5)
            jumlah = 1
    if jumlah <= batas:
        return 0
    return max(1, periode - int(time.time()) % periode)


def batasi_laju(nama: str, *, batas: int, periode: int):
    """View decorator: at most ``batas`` requests per ``periode`` seconds per client address."""

    def deco(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            tunggu = lewat_batas(nama, alamat_klien(request), batas=batas, periode=periode)
            if tunggu:
                resp = render(request, "core/429.html", {"tunggu_menit": max(1, round(tunggu / 60))},
                              status=429)
                resp["Retry-After"] = str(tunggu)
                return resp
            return view(request, *args, **kwargs)

        return wrapped

    return deco
