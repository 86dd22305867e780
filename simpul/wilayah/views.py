"""Public region pages: the provinces, one region with its children, and the name search.

Region data is public (no scope filter). Unknown or malformed codes answer 404.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from simpul.core.errors import NotFound

from . import selectors
from .forms import CariForm
from .models import Tingkat, Wilayah

PER_HALAMAN = 20
OPSI_MAKS = 10


def _url_cakupan(kode: str) -> str:
    try:
        return reverse("cakupan:wilayah", kwargs={"kode": kode})
    except NoReverseMatch:
        return f"/cakupan/{kode}/"


def _pilihan(tingkat=None) -> dict:
    return {"pilihan_tingkat": Tingkat.choices, "tingkat_dipilih": list(tingkat or [])}


@require_safe
def daftar(request):
    return render(request, "wilayah/daftar.html", {
        "anak": selectors.anak_dengan_jumlah(None), "form": CariForm(), "tingkat_anak": Tingkat.PROVINSI,
        "label_anak": Tingkat.PROVINSI.label, **_pilihan(),
    })


@require_safe
def detail(request, kode: str):
    try:
        wilayah = selectors.wilayah_get(kode)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if wilayah.kode != kode:  # "7602022003" -> "76.02.02.2003"
        return redirect("wilayah:detail", kode=wilayah.kode, permanent=True)
    leluhur = selectors.leluhur(wilayah)
    anak = selectors.anak_dengan_jumlah(wilayah.kode)
    aktif = [w for w in anak if w.aktif]
    return render(request, "wilayah/detail.html", {
        "wilayah": wilayah,
        "judul": selectors.nama_judul(wilayah),
        "leluhur": leluhur,
        "anak": anak,
        "tingkat_anak": wilayah.tingkat + 1 if wilayah.tingkat < Tingkat.DESA else None,
        "label_anak": Tingkat(wilayah.tingkat + 1).label if wilayah.tingkat < Tingkat.DESA else "",
        "jumlah_anak": len(aktif),
        "jumlah_desa": sum(w.jumlah_desa for w in aktif) if wilayah.tingkat < Tingkat.KECAMATAN
        else len(aktif),
        "url_cakupan": _url_cakupan(wilayah.kode),
        "form": CariForm(initial={"dalam": wilayah.kode}) if wilayah.tingkat < Tingkat.DESA else None,
        **_pilihan(),
    })


@require_safe
def cari(request):
    """The search page, and (``format=opsi``) the type-ahead fragment of the region picker.
    ``kolom`` names the parameter holding the text when it is not ``q`` (the picker's input
    keeps its form field name)."""
    data = request.GET.copy()
    kolom = data.get("kolom")
    if not data.get("q") and kolom and kolom != "q":
        data["q"] = data.get(kolom, "")
    form = CariForm(data)
    opsi = data.get("format") == "opsi"
    if not form.is_valid():
        if opsi:
            return render(request, "wilayah/_opsi.html", {"hasil": [], "q": ""})
        return render(request, "wilayah/cari.html", {"form": form, "page": None, "q": data.get("q", ""),
                                                     **_pilihan()}, status=400)
    q, tingkat, dalam = form.cleaned_data["q"], form.cleaned_data["tingkat"] or None, \
        form.cleaned_data["dalam"]
    if opsi:
        hasil = selectors.wilayah_cari(q, tingkat=tingkat, dalam=dalam, limit=OPSI_MAKS) \
            if q.strip() else []
        return render(request, "wilayah/_opsi.html", {"hasil": hasil, "q": q})
    if not q.strip():
        if dalam:
            return redirect("wilayah:detail", kode=dalam)
        return redirect("wilayah:daftar")
    page = Paginator(selectors.wilayah_cari_qs(q, tingkat=tingkat, dalam=dalam), PER_HALAMAN) \
        .get_page(request.GET.get("halaman"))
    selectors.pasang_label(page.object_list)
    query = data.copy()
    query.pop("halaman", None)
    query.pop("kolom", None)
    dalam_wilayah = Wilayah.objects.filter(pk=dalam).first() if dalam else None
    return render(request, "wilayah/cari.html", {
        "form": form, "page": page, "q": q, "query": query.urlencode(),
        "dalam_wilayah": dalam_wilayah,
        "dalam_label": selectors.label_lengkap(dalam_wilayah) if dalam_wilayah else "",
        **_pilihan(tingkat),
    })
