"""Pages of the local-potential catalogue.

Public: the catalogue with filters (``/potensi/``), a listing's page with its WhatsApp order
link and OpenGraph card (``/potensi/<slug>/``), the report-abuse form. Internal (signed in,
``Aksi.POTENSI_KELOLA`` on the KIM, or Diskominfo for moderation): the KIM's listings, the
listing form, photos, publish/hide/show. Every page works without JavaScript.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from simpul.core import scope
from simpul.core.errors import ApplicationError, NotFound, tambah_galat
from simpul.core.laju import alamat_klien, batasi_laju
from simpul.core.markdown import render_markdown, ringkas
from simpul.core.peran import Aksi
from simpul.kim.models import Kim
from simpul.wilayah import selectors as wilayah_sel

from . import forms as f
from . import selectors, services
from .models import FotoPotensi, Kategori, StatusPotensi

PER_HALAMAN = 24
PILIHAN_HARGA = (25_000, 50_000, 100_000, 500_000, 1_000_000)


def _int(nilai: str | None) -> int | None:
    try:
        return int(nilai) if nilai not in (None, "") else None
    except ValueError:
        return None


@require_safe
def katalog(request):
    kode_input = request.GET.get("wilayah", "").strip()[:20]
    kategori = request.GET.get("kategori", "")
    kategori = kategori if kategori in Kategori.values else ""
    usaha_kim = request.GET.get("usaha_kim") == "1"
    harga_maks = _int(request.GET.get("harga_maks"))
    harga_maks = harga_maks if harga_maks in PILIHAN_HARGA else None
    galat = ""
    kode = wilayah_sel.kode_normal(kode_input) if kode_input else None
    wilayah = None
    if kode_input:
        try:
            wilayah = wilayah_sel.wilayah_get(kode)
        except ApplicationError:
            galat = _("Kode wilayah “%(kode)s” tidak dikenal.") % {"kode": kode_input}
    jalur = [*wilayah_sel.leluhur(wilayah), wilayah] if wilayah else []
    anak = list(wilayah_sel.anak(wilayah.kode if wilayah else None).filter(aktif=True)) \
        if not wilayah or wilayah.tingkat < 3 else []
    qs = selectors.katalog(wilayah=wilayah.kode if wilayah else None, kategori=kategori or None,
                           usaha_kim=True if usaha_kim else None, harga_maks=harga_maks)
    page = selectors.PaginatorTerbatas(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    page.object_list = selectors.siapkan_kartu(page.object_list)
    saring = {k: v for k, v in (("wilayah", wilayah.kode if wilayah else ""), ("kategori", kategori),
                                 ("usaha_kim", "1" if usaha_kim else ""),
                                 ("harga_maks", harga_maks or "")) if v}
    tanpa_wilayah = urlencode({k: v for k, v in saring.items() if k != "wilayah"})
    return render(request, "potensi/katalog.html", {
        "page": page, "query": urlencode(saring), "kategori": kategori, "usaha_kim": usaha_kim,
        "harga_maks": harga_maks, "pilihan_harga": PILIHAN_HARGA, "kategori_pilihan": Kategori.choices,
        "wilayah": wilayah, "jalur": jalur, "anak": anak, "galat": galat, "kode_input": kode_input,
        "tanpa_wilayah": tanpa_wilayah,
    })


@require_safe
def detail(request, slug: str):
    try:
        p = selectors.potensi_publik_get(slug)
    except NotFound as exc:
        raise Http404 from exc
    return _render_detail(request, p, f.LaporanForm())


def _render_detail(request, p, form_lapor, status: int = 200):
    """The public listing page, also re-rendered with the bound report form when it has errors."""
    url = request.build_absolute_uri(services.url_potensi(p))
    foto = list(p.foto.all())
    return render(request, "potensi/detail.html", {
        "p": p, "foto": foto, "deskripsi": render_markdown(p.deskripsi), "ringkasan": ringkas(p.deskripsi, 200),
        "kontak": selectors.kontak(p, url_halaman=url), "url_mutlak": url,
        "foto_og": request.build_absolute_uri(foto[0].berkas.url) if foto else "",
        "jalur": wilayah_sel.leluhur(p.desa), "form_lapor": form_lapor,
    }, status=status)


@require_POST
@batasi_laju("potensi.laporkan", batas=10, periode=3600)
def laporkan(request, slug: str):
    try:
        p = selectors.potensi_publik_get(slug)
    except NotFound as exc:
        raise Http404 from exc
    form = f.LaporanForm(request.POST)
    if form.is_valid():
        try:
            baru = services.potensi_laporkan(
                potensi=p, alasan=form.cleaned_data["alasan"], catatan=form.cleaned_data["catatan"],
                pelapor=request.user, alamat=alamat_klien(request))
        except ApplicationError as exc:
            tambah_galat(form, exc)
        else:
            messages.success(request, _("Terima kasih, laporan Anda kami terima.") if baru
                             else _("Anda sudah pernah melaporkan potensi ini."))
            return redirect("potensi:detail", slug=p.slug)
    return _render_detail(request, p, form, status=400)


# --- Internal -----------------------------------------------------------------------------------

def _kim_kelola(user) -> list[Kim]:
    return list(scope.for_user(Kim.objects.aktif().select_related("desa"), user, Aksi.POTENSI_KELOLA)
                .order_by("nama")[:100])


@login_required
@require_safe
def kelola(request):
    status = request.GET.get("status", "")
    qs = selectors.kelola_list(request.user, status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("halaman"))
    return render(request, "potensi/kelola.html", {
        "page": page, "status": status, "status_pilihan": StatusPotensi.choices,
        "query": urlencode({"status": status}) if status else "", "kim_list": _kim_kelola(request.user),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def kelola_baru(request):
    kim_list = _kim_kelola(request.user)
    if not kim_list:
        raise Http404
    kim_id = _int(request.POST.get("kim") or request.GET.get("kim"))
    kim = next((k for k in kim_list if k.pk == kim_id), kim_list[0] if len(kim_list) == 1 else None)
    form = f.PotensiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if kim is None:
            form.add_error(None, _("Pilih KIM."))
        else:
            try:
                p = services.potensi_buat(aktor=request.user, kim=kim, data=form.cleaned_data)
            except ApplicationError as exc:
                tambah_galat(form, exc)
            else:
                messages.success(request, _("Potensi disimpan sebagai draf. Tambahkan foto, lalu terbitkan."))
                return redirect("potensi:kelola_detail", pk=p.pk)
    return render(request, "potensi/kelola_form.html", {"form": form, "kim_list": kim_list, "kim": kim})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def kelola_detail(request, pk: int):
    try:
        p = selectors.kelola_get(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc
    boleh_ubah = services.boleh_kelola(request.user, p)
    awal = {"nama": p.nama, "kategori": p.kategori, "deskripsi": p.deskripsi, "harga_min": p.harga_min or "",
            "harga_maks": p.harga_maks or "", "satuan": p.satuan, "desa": p.desa_id, "usaha_kim": p.usaha_kim,
            "penjual_nama": p.penjual_nama, "penjual_telepon": p.penjual_telepon,
            "izin_kontak": p.izin_kontak_pada is not None}
    form = f.PotensiForm(request.POST or None, initial=awal)
    if request.method == "POST":
        if not boleh_ubah:
            raise Http404
        if form.is_valid():
            try:
                services.potensi_ubah(aktor=request.user, potensi=p, data=form.cleaned_data)
            except ApplicationError as exc:
                tambah_galat(form, exc)
            else:
                messages.success(request, _("Perubahan disimpan."))
                return redirect("potensi:kelola_detail", pk=p.pk)
    return render(request, "potensi/kelola_detail.html", {
        "p": p, "form": form, "boleh_ubah": boleh_ubah, "foto": list(p.foto.all()),
        "form_foto": f.FotoForm(), "form_alasan": f.AlasanForm(), "riwayat": selectors.riwayat(p),
        "laporan": selectors.laporan_terbuka(p), "maks_foto": services.MAKS_FOTO,
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def kelola_foto(request, pk: int):
    try:
        p = selectors.kelola_get(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc
    form = f.FotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.foto_tambah(aktor=request.user, potensi=p, berkas=form.cleaned_data["foto"],
                                 keterangan=form.cleaned_data["keterangan"])
        except NotFound as exc:
            raise Http404 from exc
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Foto ditambahkan."))
    else:
        messages.error(request, _("Pilih berkas foto."))
    return redirect("potensi:kelola_detail", pk=p.pk)


@login_required
@require_POST
def kelola_foto_hapus(request, pk: int, foto_id: int):
    try:
        p = selectors.kelola_get(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc
    foto = get_object_or_404(FotoPotensi, pk=foto_id, potensi=p)
    try:
        services.foto_hapus(aktor=request.user, foto=foto)
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("Foto dihapus."))
    return redirect("potensi:kelola_detail", pk=p.pk)


@login_required
@require_POST
def kelola_status(request, pk: int):
    try:
        p = selectors.kelola_get(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc
    aksi = request.POST.get("aksi")
    try:
        if aksi == "terbitkan":
            services.potensi_terbitkan(aktor=request.user, potensi=p)
            messages.success(request, _("Potensi diterbitkan di katalog."))
        elif aksi == "sembunyikan":
            services.potensi_sembunyikan(aktor=request.user, potensi=p, alasan=request.POST.get("alasan", ""))
            messages.success(request, _("Potensi disembunyikan."))
        elif aksi == "tampilkan":
            services.potensi_tampilkan(aktor=request.user, potensi=p)
            messages.success(request, _("Potensi ditampilkan lagi."))
        elif aksi == "tangani":
            services.laporan_tangani(aktor=request.user, potensi=p, catatan=request.POST.get("catatan", ""))
            messages.success(request, _("Laporan ditandai sudah ditangani."))
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
    except NotFound as exc:
        raise Http404 from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("potensi:kelola_detail", pk=p.pk)
