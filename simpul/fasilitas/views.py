"""Pages of the facility register. Thin: selectors read, services write; outside reach: 404."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from simpul.core import scope
from simpul.core.ekspor import csv_response, xlsx_response
from simpul.core.errors import ApplicationError, NotFound, galat_atau_404
from simpul.core.peran import Aksi

from . import forms as f
from . import selectors, services

PER_HALAMAN = 30
KOLOM_FORM = ("jenis", "nama", "status", "sumber", "sumber_nama", "tanggal_terima", "lat", "lng", "penyedia",
              "bandwidth_mbps", "biaya_bulanan", "pengguna_per_bulan", "jumlah", "keterangan")


def _kantor(user) -> bool:
    return bool(scope.lingkup(user, Aksi.FASILITAS_KELOLA).prefixes or scope.lingkup(user, Aksi.FASILITAS_KELOLA).semua)


@login_required
def daftar(request):
    if not selectors.boleh_lihat_daftar(request.user):
        raise Http404
    saring = f.SaringForm(request.GET or None)
    d = saring.cleaned_data if saring.is_valid() else {}
    wilayah = d.get("wilayah")
    qs = selectors.fasilitas_list(user=request.user, wilayah=wilayah.kode if wilayah else "",
                                  jenis=d.get("jenis") or "", status=d.get("status") or "", q=d.get("q") or "")
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _ekspor(qs, fmt)
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    query = urlencode({k: (v.kode if hasattr(v, "kode") else v) for k, v in d.items() if v})
    return render(request, "fasilitas/daftar.html", {
        "page": page, "saring": saring, "query": query, "ringkasan": selectors.ringkasan(qs),
        "boleh_tambah": _kantor(request.user),
    })


def _ekspor(qs, fmt: str):

    judul = [_("KIM"), _("Desa/kelurahan"), _("Kode desa"), _("Jenis"), _("Nama"), _("Status"), _("Lintang"),
             _("Bujur"), _("Penyedia"), _("Bandwidth (Mbps)"), _("Biaya per bulan (Rp)"), _("Pengguna per bulan"),
             _("Jumlah unit"), _("Diberikan oleh"), _("Nama pemberi/program"), _("Tanggal diterima")]
    baris = ([x.kim.nama, x.kim.desa.nama, x.kim.desa_id, x.get_jenis_display(), x.nama, x.get_status_display(), x.lat,
              x.lng, x.penyedia, x.bandwidth_mbps, x.biaya_bulanan, x.pengguna_per_bulan, x.jumlah,
              x.get_sumber_display(), x.sumber_nama, x.tanggal_terima.isoformat() if x.tanggal_terima else ""]
             for x in qs.iterator(chunk_size=500))
    if fmt == "xlsx":
        return xlsx_response("fasilitas.xlsx", judul, baris, lembar=_("Fasilitas"))
    return csv_response("fasilitas.csv", judul, baris)


def _data(form) -> dict:
    return {k: form.cleaned_data[k] for k in KOLOM_FORM}


@login_required
@require_http_methods(["GET", "POST"])
def baru(request):
    if not _kantor(request.user):
        raise Http404
    if request.method == "POST":
        form = f.FasilitasForm(request.POST)
        if form.is_valid():
            try:
                x = services.fasilitas_create(actor=request.user, kim=form.cleaned_data["kim"], **_data(form))
            except ApplicationError as exc:
                if isinstance(exc, NotFound) or exc.status == 403:
                    form.add_error("kim", exc.message)
                else:
                    galat_atau_404(form, exc)
            else:
                messages.success(request, _("Disimpan."))
                return redirect("fasilitas:detail", pk=x.pk)
    else:
        form = f.FasilitasForm(initial={"kim": request.GET.get("kim", "")})
    return render(request, "fasilitas/form.html", {"form": form, "x": None}, status=400 if form.errors else 200)


@login_required
def detail(request, pk: int, status_form=None, pemakaian_form=None):
    x = selectors.fasilitas_get(user=request.user, pk=pk)
    kantor = scope.boleh(request.user, Aksi.FASILITAS_KELOLA, wilayah_kode=x.kim.desa_id)
    lapor = kantor or scope.boleh(request.user, Aksi.FASILITAS_KELOLA, kim_id=x.kim_id)
    galat = any(fm is not None and fm.errors for fm in (status_form, pemakaian_form))
    return render(request, "fasilitas/detail.html", {
        "x": x, "riwayat": selectors.riwayat(x), "boleh_ubah": kantor, "boleh_lapor": lapor,
        "status_form": status_form or f.StatusForm(initial={"status": x.status}),
        "pemakaian_form": pemakaian_form or f.PemakaianForm(initial={"pengguna_per_bulan": x.pengguna_per_bulan}),
    }, status=400 if galat else 200)


def _ubah_dari_detail(request, pk: int, form_cls, service, nama_form: str):
    """A small form posted from the detail page: run ``service``; on an error show the page
    again with that form's message and the input kept."""
    x = selectors.fasilitas_get(user=request.user, pk=pk)
    form = form_cls(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, fasilitas=x, **form.cleaned_data)
        except ApplicationError as exc:
            if exc.status == 403:
                raise Http404 from None
            galat_atau_404(form, exc)
        else:
            messages.success(request, _("Disimpan."))
            return redirect("fasilitas:detail", pk=x.pk)
    return detail(request, pk, **{nama_form: form})


@login_required
@require_POST
def status(request, pk: int):
    return _ubah_dari_detail(request, pk, f.StatusForm, services.fasilitas_status_set, "status_form")


@login_required
@require_POST
def pemakaian(request, pk: int):
    return _ubah_dari_detail(request, pk, f.PemakaianForm, services.fasilitas_pemakaian_set, "pemakaian_form")


@login_required
@require_http_methods(["GET", "POST"])
def ubah(request, pk: int):
    x = selectors.fasilitas_get(user=request.user, pk=pk)
    if not scope.boleh(request.user, Aksi.FASILITAS_KELOLA, wilayah_kode=x.kim.desa_id):
        raise Http404
    if request.method == "POST":
        form = f.FasilitasForm(request.POST, initial={"kim": x.kim.slug})
        form.fields["kim"].disabled = True
        if form.is_valid():
            try:
                services.fasilitas_update(actor=request.user, fasilitas=x, **_data(form))
            except ApplicationError as exc:
                galat_atau_404(form, exc)
            else:
                messages.success(request, _("Disimpan."))
                return redirect("fasilitas:detail", pk=x.pk)
    else:
        form = f.FasilitasForm(initial={"kim": x.kim.slug, **{k: getattr(x, k) for k in KOLOM_FORM}})
        form.fields["kim"].disabled = True
    return render(request, "fasilitas/form.html", {"form": form, "x": x}, status=400 if form.errors else 200)


