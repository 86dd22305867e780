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


def _hitung_redis(key: str, periode: int) -> int | None:
    """Count one hit in one round trip when the cache is Redis (SET NX EX + INCR, pipelined; the
    value is the plain integer Django's RedisCache stores for ints). None for other backends."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    k = backend.make_and_validate_key(key)
    pipe = backend._cache.get_client(k, write=True).pipeline(transaction=False)
    pipe.set(k, 0, ex=periode + 5, nx=True)
    pipe.incr(k)
    return int(pipe.execute()[1])


def _hitung_cache(key: str, periode: int) -> int:
    """Count one hit with any cache backend (add, else incr)."""
    if cache.add(key, 1, timeout=periode + 5):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=periode + 5)
        return 1


def lewat_batas(nama: str, kunci: str, *, batas: int, periode: int) -> int:
    """Count one hit; return 0 if allowed, else the seconds until the window ends."""
    jendela = int(time.time() // periode)
    key = f"laju:{nama}:{kunci}:{jendela}"
    jumlah = _hitung_redis(key, periode)
    if jumlah is None:
        jumlah = _hitung_cache(key, periode)
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
