"""Activity log pages: a KIM's activities (public or internal), recording one, the monthly PDF
report, and the rollup per region for offices."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from simpul.core import scope
from simpul.core.ekspor import csv_response
from simpul.core.errors import ApplicationError, NotFound
from simpul.core.pdf import pdf_response
from simpul.core.peran import Aksi
from simpul.kim.models import Anggota, Kim, StatusKim
from simpul.wilayah.models import Wilayah

from . import forms as f
from . import selectors, services
from .models import Kegiatan

PER_HALAMAN = 20
NAMA_BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
              "November", "Desember"]


def _kim_atau_404(pk: int) -> Kim:
    kim = Kim.objects.select_related("desa__induk").filter(pk=pk).first()
    if kim is None:
        raise Http404(_("KIM tidak ditemukan."))
    return kim


def _bulan(teks: str) -> tuple[int, int]:
    """"2026-11" -> (2026, 11); anything else: the current month."""
    try:
        t, b = (int(x) for x in (teks or "").split("-", 1))
        if 2000 <= t <= 2100 and 1 <= b <= 12:
            return t, b
    except ValueError:
        pass
    hari_ini = timezone.localdate()
    return hari_ini.year, hari_ini.month


def _akhir_bulan(tahun: int, bulan: int) -> date:
    return (date(tahun + (bulan == 12), bulan % 12 + 1, 1) - timedelta(days=1))


@login_required
def beranda(request):
    """The KIMs whose activities the user records or follows, and the rollup link for offices."""
    kim_ids = scope.lingkup(request.user, Aksi.KIM_INTERNAL).kim_ids
    kims = list(Kim.objects.filter(pk__in=kim_ids).order_by("nama"))
    for k in kims:
        k.boleh_catat = selectors.boleh_catat(request.user, k)
    ling = scope.lingkup(request.user, Aksi.LIHAT)
    return render(request, "kegiatan/beranda.html", {
        "kims": kims, "kantor": not ling.kosong, "wilayah_kantor": ling.prefixes[:5],
    })


@require_safe
def daftar(request, kim_id: int):
    kim = _kim_atau_404(kim_id)
    internal = selectors.boleh_lihat_internal(request.user, kim)
    if not internal and kim.status not in (StatusKim.AKTIF, StatusKim.DIBEKUKAN):
        raise Http404(_("KIM tidak ditemukan."))
    tahun, bulan = _bulan(request.GET.get("bulan", "")) if request.GET.get("bulan") else (None, None)
    page = Paginator(selectors.kegiatan_kim(kim, internal=internal, tahun=tahun, bulan=bulan), PER_HALAMAN).get_page(
        request.GET.get("halaman"))
    hari_ini = timezone.localdate()
    return render(request, "kegiatan/daftar.html", {
        "kim": kim, "page": page, "internal": internal, "boleh_catat": selectors.boleh_catat(request.user, kim),
        "bulan": f"{tahun}-{bulan:02d}" if tahun else "", "query": urlencode({"bulan": f"{tahun}-{bulan:02d}"})
        if tahun else "", "bulan_ini": f"{hari_ini.year}-{hari_ini.month:02d}",
    })


@login_required
@require_http_methods(["GET", "POST"])
def catat(request, kim_id: int):
    kim = _kim_atau_404(kim_id)
    if not selectors.boleh_catat(request.user, kim):
        raise Http404
    anggota = Anggota.objects.filter(kim=kim, aktif=True).order_by("nama")
    form = f.KegiatanForm(request.POST or None, request.FILES or None, anggota=anggota,
                          initial={"kunci": secrets.token_hex(16)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            k = services.kegiatan_catat(actor=request.user, kim=kim, jenis=d["jenis"], judul=d["judul"],
                                        tanggal=d["tanggal"], tempat=d["tempat"], ringkasan=d["ringkasan"],
                                        jumlah_peserta=d["jumlah_peserta"], peserta=d["peserta"],
                                        publik=d["publik"], foto=d["foto"],
                                        kunci_idempoten=d["kunci"] or None)
        except ApplicationError as exc:
            if isinstance(exc, NotFound):
                raise Http404 from exc
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Kegiatan dicatat."))
            return redirect("kegiatan:detail", k.pk)
    return render(request, "kegiatan/catat.html", {"kim": kim, "form": form})


@require_safe
def detail(request, pk: int):
    try:
        k = selectors.kegiatan_get(pk=pk, user=request.user)
    except Kegiatan.DoesNotExist:
        raise Http404(_("Kegiatan tidak ditemukan.")) from None
    return render(request, "kegiatan/detail.html", {
        "k": k, "internal": selectors.boleh_lihat_internal(request.user, k.kim),
        "boleh_catat": selectors.boleh_catat(request.user, k.kim),
    })


@login_required
@require_POST
def hapus(request, pk: int):
    k = Kegiatan.objects.select_related("kim").filter(pk=pk).first()
    if k is None or not selectors.boleh_catat(request.user, k.kim):
        raise Http404
    kim_id = k.kim_id
    services.kegiatan_hapus(actor=request.user, kegiatan=k)
    messages.success(request, _("Kegiatan dihapus."))
    return redirect("kegiatan:daftar", kim_id)


@login_required
@require_safe
def laporan(request, kim_id: int, tahun: int, bulan: int):
    kim = _kim_atau_404(kim_id)
    if not selectors.boleh_lihat_internal(request.user, kim) or not (1 <= bulan <= 12 and 2000 <= tahun <= 2100):
        raise Http404
    lap = selectors.laporan_bulanan(kim, tahun, bulan)
    return pdf_response("kegiatan/laporan_pdf.html", {
        "lap": lap, "nama_bulan": NAMA_BULAN[bulan - 1], "dibuat": timezone.localtime(),
    }, nama_berkas=f"kegiatan-{kim.slug}-{tahun}-{bulan:02d}.pdf", request=request)


@login_required
@require_safe
def rekap(request):
    ling = scope.lingkup(request.user, Aksi.LIHAT)
    if ling.kosong:
        raise Http404
    kode = request.GET.get("wilayah", "").strip() or (ling.prefixes[0] if ling.prefixes else "")
    wilayah = Wilayah.objects.filter(kode=kode).first() if kode else None
    if (kode and wilayah is None) or not (ling.semua or (kode and selectors.boleh_rekap(request.user, kode))):
        raise Http404(_("Wilayah tidak ditemukan."))
    tahun, bulan = _bulan(request.GET.get("bulan", ""))
    baris = selectors.rekap_wilayah(kode, date(tahun, bulan, 1), _akhir_bulan(tahun, bulan))
    if request.GET.get("format") == "csv":
        return csv_response(
            f"rekap-kegiatan-{kode or 'nasional'}-{tahun}-{bulan:02d}.csv",
            [_("Kode"), _("Wilayah"), _("KIM aktif"), _("KIM berkegiatan"), _("Kegiatan"), _("Peserta")],
            ([b.wilayah.kode, b.wilayah.nama, b.kim_aktif, b.kim_berkegiatan, b.kegiatan, b.peserta] for b in baris))
    return render(request, "kegiatan/rekap.html", {
        "wilayah": wilayah, "baris": baris, "bulan": f"{tahun}-{bulan:02d}", "nama_bulan": NAMA_BULAN[bulan - 1],
        "tahun": tahun, "total": {
            "kim_aktif": sum(b.kim_aktif for b in baris), "kim_berkegiatan": sum(b.kim_berkegiatan for b in baris),
            "kegiatan": sum(b.kegiatan for b in baris), "peserta": sum(b.peserta for b in baris)},
        "query_csv": urlencode({"wilayah": kode, "bulan": f"{tahun}-{bulan:02d}", "format": "csv"}),
    })
