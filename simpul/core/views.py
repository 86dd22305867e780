"""Site-wide pages: the error pages, and the national figures the home page (simpul.portal) shows."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

CACHE_ANGKA = "beranda:angka-nasional"
CACHE_DETIK = 300


def angka_nasional() -> dict:
    """National figures for the home page (active KIMs, desa/kelurahan with an active KIM, all
    active desa/kelurahan), from the coverage selectors: one definition of "covered" everywhere.
    Cached for five minutes: the home page is the most visited page and the figures move slowly.
    """
    angka = cache.get(CACHE_ANGKA)
    if angka is None:
        from simpul.cakupan.selectors import angka_wilayah

        a = angka_wilayah(None)
        angka = {
            "kim_aktif": a.kim_aktif,
            "desa_tercakup": a.desa_tercakup,
            "desa_total": a.desa,
            "persen": a.persen_desa or 0.0,
        }
        cache.set(CACHE_ANGKA, angka, CACHE_DETIK)
    return angka


def tidak_ditemukan(request, exception=None):
    return render(request, "core/404.html", status=404)


def galat_server(request):
    """A static page: rendered without the request, so no context processor, no database query,
    nothing that could fail a second time."""
    return HttpResponseServerError(loader.render_to_string("core/500.html"))
