"""Pages of the cash book. Members and offices above the KIM read it (``Aksi.KIM_INTERNAL``);
the bendahara and the ketua write it (``Aksi.KEUANGAN_KELOLA``). Outside the reach: 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from simpul.core import ekspor, scope
from simpul.core.errors import ApplicationError, galat_atau_404
from simpul.core.paginasi import PaginatorTerbatas
from simpul.core.peran import Aksi
from simpul.kim.models import Kim

from . import forms as f
from . import selectors, services
from .models import Transaksi

PER_HALAMAN = 30


def _kim(request, pk: int) -> Kim:
    return scope.get_for_user_or_404(Kim.objects.select_related("desa"), request.user, Aksi.KIM_INTERNAL, pk=pk)


def _boleh_kelola(request, kim: Kim) -> bool:
    return scope.boleh(request.user, Aksi.KEUANGAN_KELOLA, wilayah_kode=kim.desa_id, kim_id=kim.pk)


@login_required
def daftar(request):
    page = PaginatorTerbatas(selectors.kim_buku_list(user=request.user), PER_HALAMAN, batas=selectors.BATAS_HALAMAN,
                             depan=1, baris=selectors.kim_buku_baris).get_page(request.GET.get("halaman"))
    return render(request, "keuangan/daftar.html", {"page": page})


@login_required
def buku(request, pk: int):
    kim = _kim(request, pk)
    periode = f.PeriodeForm(request.GET or None)
    tahun = bulan = None
    if periode.is_valid():
        tahun, bulan = periode.cleaned_data["tahun"], periode.cleaned_data["bulan"]
        bulan = bulan if tahun else None
    qs, saldo_awal = selectors.transaksi_buku(kim, tahun=tahun, bulan=bulan)
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    tahun_ringkas = tahun or timezone.localdate().year
    return render(request, "keuangan/buku.html", {
        "kim": kim, "page": page, "baris": selectors.dengan_saldo(page.object_list, saldo_awal),
        "saldo": selectors.saldo(kim), "tahun": tahun, "bulan": bulan,
        "tahun_ringkas": tahun_ringkas, "bulanan": selectors.ringkasan_bulanan(kim, tahun_ringkas),
        "tahunan": selectors.ringkasan_tahunan(kim), "status": selectors.status_mandiri(kim),
        "boleh_kelola": _boleh_kelola(request, kim), "tahun_list": selectors.tahun_tersedia(kim),
        "query": f"tahun={tahun}" + (f"&bulan={bulan}" if bulan else "") if tahun else "",
    })


@login_required
@require_http_methods(["GET", "POST"])
def catat(request, pk: int):
    kim = _kim(request, pk)
    if not _boleh_kelola(request, kim):
        raise Http404
    form = f.TransaksiForm(request.POST or None, request.FILES or None,
                           initial={"tanggal": timezone.localdate(), "jenis": request.GET.get("jenis", "masuk")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            t = services.transaksi_catat(actor=request.user, kim=kim, jenis=d["jenis"], sumber=d["sumber"],
                                         tanggal=d["tanggal"], jumlah=d["jumlah"], uraian=d["uraian"],
                                         bukti=d.get("bukti"), kunci=d.get("kunci") or "")
        except ApplicationError as exc:
            galat_atau_404(form, exc)
        else:
            messages.success(request, _("%(jenis)s dicatat.") % {"jenis": t.get_jenis_display()})
            return redirect("keuangan:buku", pk=kim.pk)
    return render(request, "keuangan/form.html", {"kim": kim, "form": form, "judul": _("Catat transaksi")})


def _transaksi(request, pk: int, tid: int) -> tuple[Kim, Transaksi]:
    kim = _kim(request, pk)
    return kim, get_object_or_404(Transaksi.objects.select_related("dicatat_oleh"), pk=tid, kim=kim)


@login_required
def detail(request, pk: int, tid: int):
    kim, t = _transaksi(request, pk, tid)
    return render(request, "keuangan/detail.html", {
        "kim": kim, "t": t, "riwayat": selectors.riwayat_transaksi(t), "boleh_kelola": _boleh_kelola(request, kim),
        "batal_form": f.BatalForm(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def koreksi(request, pk: int, tid: int):
    kim, t = _transaksi(request, pk, tid)
    if not _boleh_kelola(request, kim) or t.batal:
        raise Http404
    form = f.KoreksiForm(request.POST or None, request.FILES or None, initial={
        "jenis": t.jenis, "sumber": t.sumber, "tanggal": t.tanggal, "jumlah": f"{t.jumlah:,}".replace(",", "."),
        "uraian": t.uraian})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.transaksi_koreksi(actor=request.user, transaksi=t, alasan=d["alasan"], jenis=d["jenis"],
                                       sumber=d["sumber"], tanggal=d["tanggal"], jumlah=d["jumlah"],
                                       uraian=d["uraian"], bukti=d.get("bukti"))
        except ApplicationError as exc:
            galat_atau_404(form, exc)
        else:
            messages.success(request, _("Koreksi disimpan; versi sebelumnya tetap tercatat di riwayat."))
            return redirect("keuangan:detail", pk=kim.pk, tid=t.pk)
    return render(request, "keuangan/form.html", {"kim": kim, "form": form, "t": t, "judul": _("Koreksi transaksi")})


@login_required
@require_http_methods(["POST"])
def batal(request, pk: int, tid: int):
    kim, t = _transaksi(request, pk, tid)
    if not _boleh_kelola(request, kim):
        raise Http404
    form = f.BatalForm(request.POST)
    if form.is_valid():
        try:
            services.transaksi_batal(actor=request.user, transaksi=t, alasan=form.cleaned_data["alasan"])
        except ApplicationError as exc:
            galat_atau_404(form, exc)
        else:
            messages.success(request, _("Transaksi dibatalkan; tetap tercatat di buku kas."))
            return redirect("keuangan:buku", pk=kim.pk)
    return render(request, "keuangan/detail.html", {
        "kim": kim, "t": t, "riwayat": selectors.riwayat_transaksi(t), "boleh_kelola": True, "batal_form": form,
    }, status=400)


@login_required
@never_cache
def bukti(request, pk: int, tid: int):
    _kim_, t = _transaksi(request, pk, tid)
    if not t.bukti:
        raise Http404
    try:
        fh = t.bukti.open("rb")
    except (FileNotFoundError, ValueError, OSError):
        raise Http404 from None
    ext = t.bukti.name.rsplit(".", 1)[-1]
    resp = FileResponse(fh, content_type=t.bukti_jenis or "application/octet-stream",
                        filename=f"bukti-{t.pk}-v{t.versi}.{ext}")
    resp["Cache-Control"] = "private, no-store"
    return resp


@login_required
def ekspor_buku(request, pk: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    kim = _kim(request, pk)
    periode = f.PeriodeForm(request.GET or None)
    tahun = periode.cleaned_data["tahun"] if periode.is_valid() else None
    judul = [_("Tanggal"), _("Jenis"), _("Sumber"), _("Uraian"), _("Masuk (Rp)"), _("Keluar (Rp)"), _("Saldo (Rp)"),
             _("Versi"), _("Alasan pembatalan")]
    nama = f"buku-kas-{kim.slug}{'-' + str(tahun) if tahun else ''}"
    baris = selectors.ekspor_baris(kim, tahun=tahun)
    if fmt == "xlsx":
        return ekspor.xlsx_response(f"{nama}.xlsx", judul, baris, lembar=_("Buku kas"))
    return ekspor.csv_response(f"{nama}.csv", judul, baris)


@login_required
@require_http_methods(["GET", "POST"])
def aturan(request):
    """The mandiri rule of a region (offices that set coverage targets)."""
    ling = scope.lingkup(request.user, Aksi.TARGET_KELOLA)
    if ling.kosong:
        raise Http404
    from simpul.wilayah.forms import WilayahField
    from simpul.wilayah.models import Tingkat, Wilayah
    kode = request.GET.get("wilayah") or (ling.prefixes[0] if ling.prefixes else "")
    wilayah = Wilayah.objects.filter(kode=kode).first() if kode else None
    if (wilayah is None and not ling.semua) or (wilayah is not None and not ling.mencakup_wilayah(wilayah.kode)):
        raise Http404
    berlaku = selectors.aturan_untuk(wilayah.kode + ".") if wilayah else selectors.aturan_nasional()
    form = f.AturanForm(request.POST or None, initial={
        "bulan": berlaku.bulan, "sumber_pemerintah": berlaku.sumber_pemerintah_efektif,
        "wajib_menutup_pengeluaran": berlaku.wajib_menutup_pengeluaran, "min_transaksi": berlaku.min_transaksi,
        "deklarasi_tanpa_buku": berlaku.deklarasi_tanpa_buku})
    pilih = WilayahField(tingkat=(Tingkat.PROVINSI, Tingkat.KABKOTA, Tingkat.KECAMATAN), required=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.aturan_mandiri_simpan(actor=request.user, wilayah=wilayah, **form.cleaned_data)
        except ApplicationError as exc:
            galat_atau_404(form, exc)
        else:
            messages.success(request, _("Aturan disimpan; status mandiri KIM di wilayah ini dihitung ulang."))
            return redirect(f"{request.path}?wilayah={wilayah.kode if wilayah else ''}")
    return render(request, "keuangan/aturan.html", {
        "form": form, "wilayah": wilayah, "berlaku": berlaku, "pilih": pilih.widget.render("wilayah", kode),
        "sendiri": berlaku.pk is not None and berlaku.wilayah_id == (wilayah.kode if wilayah else None)})
