"""The search page (``/cari/?q=...&jenis=...&wilayah=...``): plain GET, works without
JavaScript, one page of results with previous/next links."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from simpul.core.errors import NotFound
from simpul.core.laju import batasi_laju
from simpul.wilayah import selectors as wilayah_sel

from . import selectors
from .models import JenisDokumen


def _halaman(nilai: str | None) -> int:
    try:
        return max(1, min(int(nilai or 1), selectors.MAKS_HALAMAN))
    except ValueError:
        return 1


@require_safe
@batasi_laju("cari", batas=120, periode=60)
def cari(request):
    q = request.GET.get("q", "").strip()[:200]
    jenis = request.GET.get("jenis", "")
    jenis = jenis if jenis in JenisDokumen.values else ""
    kode_input = request.GET.get("wilayah", "").strip()[:20]
    kode = wilayah_sel.kode_normal(kode_input) if kode_input else None
    galat = ""
    wilayah = None
    if kode_input:
        try:
            wilayah = wilayah_sel.wilayah_get(kode)
        except NotFound:  # a clear message, the search still runs
            galat = _("Kode wilayah “%(kode)s” tidak dikenal.") % {"kode": kode_input}
    halaman = _halaman(request.GET.get("halaman"))
    hasil = selectors.cari(q, user=request.user, jenis=jenis or None,
                           wilayah=wilayah.kode if wilayah else None, halaman=halaman)
    dasar = {k: v for k, v in (("q", q), ("jenis", jenis), ("wilayah", wilayah.kode if wilayah else "")) if v}
    return render(request, "cari/cari.html", {
        "q": q, "jenis": jenis, "jenis_pilihan": JenisDokumen.choices, "wilayah": wilayah,
        "kode_input": kode_input, "galat": galat, "hasil": hasil,
        "mulai": (hasil.halaman - 1) * hasil.per_halaman + 1,
        "url_sebelum": "?" + urlencode({**dasar, "halaman": halaman - 1}) if hasil.ada_sebelum else "",
        "url_berikut": "?" + urlencode({**dasar, "halaman": halaman + 1}) if hasil.ada_berikut else "",
        "url_saran": "?" + urlencode({**dasar, "q": hasil.saran}) if hasil.saran else "",
    })
