"""Pages of the dissemination app: the office's campaigns and dashboard, the KIM's inbox.

Thin: reads through ``selectors`` (scoped), writes through ``services``. Anything outside the
user's reach answers 404. Every page works without JavaScript and on a 360 px phone.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from simpul.core import scope
from simpul.core.ekspor import csv_response, xlsx_response
from simpul.core.errors import ApplicationError, NotFound, tambah_galat
from simpul.core.markdown import render_markdown
from simpul.core.peran import Aksi
from simpul.core.svg import Batang, grafik_batang
from simpul.wilayah.models import Wilayah

from . import forms as f
from . import selectors, services
from .models import Lampiran, StatusKampanye

PER_HALAMAN = 25
BELUM_LAPOR_PER_HALAMAN = 50


def _nama_kantor(kode: str) -> str:
    if not kode:
        return _("Komdigi (nasional)")
    w = Wilayah.objects.filter(kode=kode).first()
    return w.nama_lengkap if w else kode


def _pilihan_kantor(user) -> list[tuple[str, str]]:
    return [(k, _nama_kantor(k)) for k in services.kantor_pilihan(user)]


def _galat(form, exc: ApplicationError) -> int:
    """Put the error on the form; the status to answer with (404 for a target outside the office)."""
    tambah_galat(form, exc)
    return 404 if isinstance(exc, NotFound) else 400


# --- office -------------------------------------------------------------------------------------
@login_required
def kampanye_daftar(request):
    if scope.lingkup(request.user, Aksi.DISEMINASI_KELOLA).kosong:
        raise Http404
    saring = f.SaringForm(request.GET or None)
    status = saring.cleaned_data["status"] if saring.is_valid() else ""
    page = Paginator(selectors.kampanye_kantor_list(user=request.user, status=status), PER_HALAMAN).get_page(
        request.GET.get("halaman"))
    ringkas = selectors.ringkasan_per_kampanye([k.pk for k in page])
    for k in page:
        r = ringkas.get(k.pk, {})
        k.total = r.get("total", 0)
        k.persen_melapor = selectors._persen(r.get("melapor", 0), k.total)
        k.jangkauan = r.get("jangkauan") or 0
    return render(request, "diseminasi/kampanye_daftar.html", {"page": page, "saring": saring, "status": status})


@login_required
@require_http_methods(["GET", "POST"])
def kampanye_baru(request):
    kantor = _pilihan_kantor(request.user)
    if not kantor:
        raise Http404
    form = f.KampanyeForm(request.POST or None, kantor=kantor)
    status = 400 if request.method == "POST" else 200  # a POST that reaches the render was refused
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            k = services.kampanye_create(
                actor=request.user, judul=d["judul"], isi=d["isi"], kategori=d["kategori"], prioritas=d["prioritas"],
                mulai=d["mulai"], selesai=d["selesai"], target=form.daftar_target(),
                kantor_kode=d.get("kantor_kode") if "kantor_kode" in form.fields else None,
            )
        except ApplicationError as exc:
            status = _galat(form, exc)
        else:
            messages.success(request, _("Draf kampanye tersimpan. Periksa, tambahkan lampiran, lalu terbitkan."))
            return redirect("diseminasi:kampanye_detail", pk=k.pk)
    return render(request, "diseminasi/kampanye_form.html", {"form": form, "kampanye": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def kampanye_ubah(request, pk: int):
    k = selectors.kampanye_kantor_get(user=request.user, pk=pk)
    if k.status != StatusKampanye.DRAF:
        messages.error(request, _("Kampanye yang sudah terbit tidak dapat diubah lagi."))
        return redirect("diseminasi:kampanye_detail", pk=k.pk)
    awal = {"judul": k.judul, "isi": k.isi, "kategori": k.kategori, "prioritas": k.prioritas, "mulai": k.mulai,
            "selesai": k.selesai, "target": "\n".join(w.kode for w in selectors.target_kampanye(k))}
    form = f.KampanyeForm(request.POST or None, initial=awal)
    status = 400 if request.method == "POST" else 200  # a POST that reaches the render was refused
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.kampanye_update(
                actor=request.user, kampanye=k, judul=d["judul"], isi=d["isi"], kategori=d["kategori"],
                prioritas=d["prioritas"], mulai=d["mulai"], selesai=d["selesai"], target=form.daftar_target())
        except ApplicationError as exc:
            status = _galat(form, exc)
        else:
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("diseminasi:kampanye_detail", pk=k.pk)
    return render(request, "diseminasi/kampanye_form.html", {
        "form": form, "kampanye": k, "lampiran": list(k.lampiran.all()), "form_lampiran": f.LampiranForm(),
    }, status=status)


@login_required
def kampanye_detail(request, pk: int):
    k = selectors.kampanye_kantor_get(user=request.user, pk=pk)
    kode = selectors.kode_rincian(k, request.GET.get("wilayah"))
    rincian = selectors.rincian_wilayah(k, request.user, kode=kode)
    stat = selectors.statistik(k, request.user, kode=kode or None, rincian=rincian)
    maks = max([s["orang"] for s in stat.per_saluran] + [1])
    grafik = grafik_batang(
        [Batang(label=str(s["label"]), nilai=s["orang"], teks=f"{s['orang']:,}".replace(",", "."))
         for s in stat.per_saluran],
        judul=_("Jangkauan per saluran"), deskripsi=_("Jumlah orang terjangkau menurut saluran"), maks=maks,
    )
    belum = Paginator(selectors.belum_lapor(k, request.user, kode=kode), BELUM_LAPOR_PER_HALAMAN)
    belum.count = stat.total - stat.melapor  # the same rows, already counted: no COUNT(*) over them
    belum = belum.get_page(request.GET.get("halaman"))
    return render(request, "diseminasi/kampanye_detail.html", {
        "kampanye": k, "isi_html": render_markdown(k.isi), "target": selectors.target_kampanye(k),
        "lampiran": list(k.lampiran.all()), "stat": stat, "grafik": grafik, "kode": kode,
        "jalur": selectors.jalur_wilayah(kode, k.kantor_kode), "kantor": _nama_kantor(k.kantor_kode),
        "rincian": rincian, "belum": belum,
        "riwayat": selectors.riwayat(k),
    })


def _aksi_kantor(request, pk: int, fn, pesan_ok):
    k = selectors.kampanye_kantor_get(user=request.user, pk=pk)
    try:
        hasil = fn(actor=request.user, kampanye=k)
    except NotFound as exc:
        raise Http404 from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, pesan_ok(hasil))
    return redirect("diseminasi:kampanye_detail", pk=k.pk)


@login_required
@require_POST
def kampanye_terbitkan(request, pk: int):
    return _aksi_kantor(request, pk, services.kampanye_publish, lambda n: ngettext(
        "Kampanye terbit: %(n)s KIM baru menerimanya.", "Kampanye terbit: %(n)s KIM baru menerimanya.", n)
        % {"n": n})


@login_required
@require_POST
def kampanye_ingatkan(request, pk: int):
    return _aksi_kantor(request, pk, services.kampanye_remind, lambda n: ngettext(
        "Pengingat dikirim ke %(n)s KIM yang belum melapor.", "Pengingat dikirim ke %(n)s KIM yang belum melapor.", n)
        % {"n": n})


@login_required
@require_POST
def kampanye_tutup(request, pk: int):
    return _aksi_kantor(request, pk, services.kampanye_close, lambda k: _("Kampanye ditutup."))


@login_required
@require_POST
def lampiran_tambah(request, pk: int):
    k = selectors.kampanye_kantor_get(user=request.user, pk=pk)
    form = f.LampiranForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.lampiran_add(actor=request.user, kampanye=k, berkas=form.cleaned_data["berkas"],
                                  judul=form.cleaned_data["judul"])
        except NotFound as exc:
            raise Http404 from exc
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Lampiran ditambahkan."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("diseminasi:kampanye_ubah", pk=k.pk)


@login_required
@require_POST
def lampiran_hapus(request, pk: int, lampiran_id: int):
    k = selectors.kampanye_kantor_get(user=request.user, pk=pk)
    lampiran = get_object_or_404(Lampiran, pk=lampiran_id, kampanye=k)
    try:
        services.lampiran_delete(actor=request.user, lampiran=lampiran)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("diseminasi:kampanye_ubah", pk=k.pk)


JUDUL_EKSPOR = ("KIM", "Kode desa", "Desa/kelurahan", "Kecamatan", "Kabupaten/kota", "Diterima",
                "Jumlah laporan", "Jangkauan (orang)", "Laporan pertama")


@login_required
def kampanye_ekspor(request, pk: int, fmt: str):
    k = selectors.kampanye_kantor_get(user=request.user, pk=pk)
    baris = selectors.baris_ekspor(k, request.user)
    nama = f"diseminasi-{k.pk}"
    if fmt == "csv":
        return csv_response(f"{nama}.csv", JUDUL_EKSPOR, baris)
    return xlsx_response(f"{nama}.xlsx", JUDUL_EKSPOR, baris, lembar=_("Penerimaan"))


# --- KIM ----------------------------------------------------------------------------------------
@login_required
def kotak_masuk(request):
    ling = scope.lingkup(request.user, Aksi.DISEMINASI_LAPOR)
    kantor = not scope.lingkup(request.user, Aksi.DISEMINASI_KELOLA).kosong
    if not ling.kim_ids and kantor:
        return redirect("diseminasi:kampanye_daftar")
    page = Paginator(selectors.kotak_masuk(user=request.user), PER_HALAMAN).get_page(request.GET.get("halaman"))
    return render(request, "diseminasi/kotak_masuk.html", {"page": page, "kantor": kantor})


def _halaman_penerimaan(request, p, form, status=200):
    return render(request, "diseminasi/penerimaan.html", {
        "p": p, "k": p.kampanye, "isi_html": render_markdown(p.kampanye.isi), "form": form,
        "lampiran": list(p.kampanye.lampiran.all()), "laporan": selectors.laporan_penerimaan(p),
        "terbuka": p.kampanye.status == StatusKampanye.TERBIT,
    }, status=status)


@login_required
def penerimaan_detail(request, pk: int):
    p = selectors.penerimaan_kim_get(user=request.user, pk=pk)
    return _halaman_penerimaan(request, p, f.LaporanForm())


@login_required
@require_POST
def penerimaan_akui(request, pk: int):
    p = selectors.penerimaan_kim_get(user=request.user, pk=pk)
    services.penerimaan_acknowledge(actor=request.user, penerimaan=p)
    messages.success(request, _("Terima kasih, kampanye ditandai sudah diterima."))
    return redirect(reverse("diseminasi:penerimaan_detail", args=[p.pk]) + "#lapor")


@login_required
@require_POST
def penerimaan_lapor(request, pk: int):
    p = selectors.penerimaan_kim_get(user=request.user, pk=pk)
    form = f.LaporanForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.laporan_create(
                actor=request.user, penerimaan=p, saluran=d["saluran"], tanggal=d["tanggal"],
                jumlah_orang=d["jumlah_orang"], kunci=d["kunci"], tautan=d["tautan"], foto=d.get("foto"),
                catatan=d["catatan"])
        except NotFound as exc:
            raise Http404 from exc
        except ApplicationError as exc:
            tambah_galat(form, exc)
        else:
            messages.success(request, _("Laporan jangkauan tersimpan. Terima kasih!"))
            return redirect(reverse("diseminasi:penerimaan_detail", args=[p.pk]) + "#laporan")
    return _halaman_penerimaan(request, p, form, status=400)
