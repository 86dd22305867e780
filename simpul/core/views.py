"""Site-wide pages: the error pages, the language switch, and the national figures the home page (simpul.portal) shows."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

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


@csrf_exempt
@require_POST
def ganti_bahasa(request):
    """The language switch in every page's footer: Django's ``set_language`` (the ``next`` address
    is checked, only the language cookie is set), without a CSRF token. Forging it changes only
    the visitor's display language; needing no token lets every public page be the same bytes for
    every visitor, served from the cache without a per-visitor cookie (docs/decisions/0005)."""
    return set_language(request)


def sehat(request):
    """Liveness for load balancers and monitors: 200 when the database answers, else 503. Nothing
    about the site is disclosed; no session is read."""
    try:
        with connection.cursor() as c:
            c.execute("SELECT 1")
            c.fetchone()
    except Exception:  # noqa: BLE001 — any database failure is "not healthy"
        return JsonResponse({"status": "db"}, status=503)
    return JsonResponse({"status": "ok"})
