"""Public addresses of KIM sites and articles.

A KIM's site lives at ``/<kim slug>/`` (the portal's routes are included last). A slug that
equals one of the site's own top-level paths (``akun``, ``berita``...) would be shadowed, so
such a KIM gets ``/k/<slug>/`` instead; both forms always resolve.
"""

from __future__ import annotations

from functools import cache

from django.urls import get_resolver, reverse


@cache
def awalan_terpakai() -> frozenset[str]:
    """First path segments taken by other routes (computed once from the URL configuration)."""
    hasil = set()
    for p in get_resolver().url_patterns:
        route = str(p.pattern).lstrip("^").split("/", 1)[0]
        if route and "<" not in route and "(" not in route:
            hasil.add(route)
    return frozenset(hasil | {"k", "static", "media", "sitemap.xml", "robots.txt"})


def _nama(kim_slug: str, nama: str) -> str:
    return f"portal:k_{nama}" if kim_slug in awalan_terpakai() else f"portal:{nama}"


def url_situs(kim_slug: str, halaman: str = "kim", *args) -> str:
    return reverse(_nama(kim_slug, halaman), args=[kim_slug, *args])


def url_artikel(a) -> str:
    return url_situs(a.kim.slug, "artikel", a.slug)
