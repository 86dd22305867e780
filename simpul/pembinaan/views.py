"""Pages of kegiatan pembinaan. Thin: selectors read, services write; outside the user's reach: 404.

Participant side: /pembinaan/ (my invitations), /pembinaan/<pk>/ (an event: register, cancel,
materials, evaluation, certificate), /pembinaan/hadir/<token>/ (QR check-in).
Organiser side: /pembinaan/kelola/... Public: /pembinaan/sertifikat/<kode>/ (verification).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.core import scope
from simpul.core.ekspor import csv_response, xlsx_response
from simpul.core.errors import ApplicationError, NotFound, galat_atau_404
from simpul.core.laju import batasi_laju
from simpul.core.markdown import render_markdown
from simpul.core.pdf import pdf_response
from simpul.core.peran import Aksi, Jabatan

from . import forms as f
from . import selectors, services
from .models import Evaluasi, Kegiatan, Materi, Peserta, StatusPeserta

PER_HALAMAN = 25


def _qr_svg(url: str, *, skala: int = 4) -> str:
    """An inline SVG QR code (no style attribute: fits the strict CSP)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=skala, title="QR", omitsize=True))  # noqa: S308 (segno output)


def _boleh_kelola_satu(user) -> bool:
    return not scope.lingkup(user, Aksi.PEMBINAAN_KELOLA).kosong


def _dalam(user) -> str | None:
    ling = scope.lingkup(user, Aksi.PEMBINAAN_KELOLA)
    return ling.prefixes[0] if not ling.semua and len(ling.prefixes) == 1 else None


# --- participant -------------------------------------------------------------------------------------
@login_required
def beranda(request):
    semua = selectors.kegiatan_untuk_user(request.user)
    sekarang = timezone.now()
    return render(request, "pembinaan/beranda.html", {
        "akan_datang": [k for k in semua if k.selesai >= sekarang],
        "lalu": [k for k in semua if k.selesai < sekarang][::-1][:20],
        "boleh_kelola": _boleh_kelola_satu(request.user),
    })


def _kegiatan_peserta(request, pk) -> Kegiatan:
    try:
        return selectors.kegiatan_peserta_get(user=request.user, pk=pk)
    except Kegiatan.DoesNotExist:
        raise Http404 from None


@login_required
def detail(request, pk: int):
    k = _kegiatan_peserta(request, pk)
    p = selectors.peserta_milik(k, request.user)
    aktif = p is not None and p.status != StatusPeserta.BATAL
    evaluasi = Evaluasi.objects.filter(peserta=p).first() if p and p.hadir else None
    return render(request, "pembinaan/detail.html", {
        "k": k, "p": p if aktif else None, "evaluasi": evaluasi,
        "agenda": render_markdown(k.agenda) if k.agenda else "",
        "materi": selectors.materi_kegiatan(k) if aktif or _boleh_kelola(request, k) else [],
        "sasaran": selectors.sasaran_untuk(k, request.user) if not aktif else None,
        "boleh_kelola": _boleh_kelola(request, k),
        "posisi_tunggu": _posisi_tunggu(p) if aktif and p.status == StatusPeserta.MENUNGGU else None,
    })


def _posisi_tunggu(p: Peserta) -> int:
    return Peserta.objects.filter(kegiatan_id=p.kegiatan_id, status=StatusPeserta.MENUNGGU).filter(
        antre_sejak__lt=p.antre_sejak).count() + 1


def _boleh_kelola(request, k: Kegiatan) -> bool:
    return scope.boleh(request.user, Aksi.PEMBINAAN_KELOLA, wilayah_kode=k.wilayah_id)


@login_required
@require_POST
def daftar(request, pk: int):
    k = _kegiatan_peserta(request, pk)
    try:
        p = services.pendaftaran_daftar(actor=request.user, kegiatan=k)
    except NotFound:
        raise Http404 from None
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if p.status == StatusPeserta.TERDAFTAR:
            messages.success(request, _("Anda terdaftar. Sampai jumpa di kegiatan!"))
        else:
            messages.info(request, _("Kursi sudah penuh: Anda masuk daftar tunggu dan akan diberi tahu bila ada "
                                     "kursi kosong."))
    return redirect("pembinaan:detail", pk=k.pk)


@login_required
@require_POST
def batal(request, pk: int):
    k = _kegiatan_peserta(request, pk)
    try:
        services.pendaftaran_batal(actor=request.user, kegiatan=k)
    except NotFound:
        raise Http404 from None
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pendaftaran dibatalkan."))
    return redirect("pembinaan:detail", pk=k.pk)


@login_required
@never_cache
def materi(request, pk: int, materi_id: int):
    k = _kegiatan_peserta(request, pk)
    if not _boleh_kelola(request, k):
        p = selectors.peserta_milik(k, request.user)
        if p is None or p.status == StatusPeserta.BATAL:
            raise Http404
    m = get_object_or_404(Materi, pk=materi_id, kegiatan=k)
    try:
        fh = m.berkas.open("rb")
    except (FileNotFoundError, ValueError, OSError):
        raise Http404 from None
    ext = m.berkas.name.rsplit(".", 1)[-1] if "." in m.berkas.name else "bin"
    resp = FileResponse(fh, content_type=m.berkas_jenis or "application/octet-stream",
                        filename=f"materi-{k.pk}-{m.pk}.{ext}")
    resp["Cache-Control"] = "private, no-store"
    return resp


@login_required
@require_http_methods(["GET", "POST"])
def evaluasi(request, pk: int):
    k = _kegiatan_peserta(request, pk)
    p = selectors.peserta_milik(k, request.user)
    if p is None or p.status == StatusPeserta.BATAL:
        raise Http404
    if not p.hadir:
        return render(request, "pembinaan/pesan.html", {
            "k": k, "judul": _("Evaluasi belum dapat diisi"),
            "pesan": _("Evaluasi hanya untuk peserta yang tercatat hadir. Pindai kode QR presensi di lokasi "
                       "kegiatan, atau minta panitia mencentang nama Anda."),
        }, status=403)
    ada = Evaluasi.objects.filter(peserta=p).first()
    if request.method == "POST":
        form = f.EvaluasiForm(request.POST)
        if form.is_valid():
            try:
                services.evaluasi_isi(actor=request.user, kegiatan=k, **form.cleaned_data)
            except ApplicationError as exc:
                galat_atau_404(form, exc)
            else:
                messages.success(request, _("Terima kasih, evaluasi Anda tersimpan."))
                return redirect("pembinaan:detail", pk=k.pk)
    else:
        awal = {x: getattr(ada, x) for x in ("nilai_materi", "nilai_narasumber", "nilai_penyelenggaraan",
                                            "nilai_manfaat", "saran")} if ada else None
        form = f.EvaluasiForm(initial=awal)
    return render(request, "pembinaan/evaluasi.html", {"k": k, "form": form},
                  status=400 if form.errors else 200)


def _sertifikat_pdf(request, p: Peserta):
    k = p.kegiatan
    url = request.build_absolute_uri(reverse("pembinaan:verifikasi", args=[p.sertifikat_kode]))
    return pdf_response("pembinaan/sertifikat_pdf.html", {
        "p": p, "k": k, "url": url, "qr": segno.make(url, error="m").svg_data_uri(scale=3),
    }, nama_berkas=f"sertifikat-{k.pk}-{p.sertifikat_kode}.pdf", request=request)


@login_required
@never_cache
def sertifikat_saya(request, pk: int):
    k = _kegiatan_peserta(request, pk)
    p = selectors.peserta_milik(k, request.user)
    if p is None or p.status == StatusPeserta.BATAL:
        raise Http404
    try:
        p = services.sertifikat_terbit(actor=request.user, peserta=p)
    except NotFound:
        raise Http404 from None
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("pembinaan:detail", pk=k.pk)
    p.kegiatan = k
    return _sertifikat_pdf(request, p)


@never_cache
def hadir(request, token: str):
    """The URL inside the check-in QR. Signed in: marks the person present (idempotent)."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
    try:
        p, baru = services.hadir_qr(actor=request.user, token=token)
    except ApplicationError as exc:
        return render(request, "pembinaan/hadir.html", {"galat": exc.message}, status=exc.status)
    return render(request, "pembinaan/hadir.html", {"p": p, "k": p.kegiatan, "baru": baru})


@require_GET
@batasi_laju("pembinaan.verifikasi", batas=60, periode=600)
def verifikasi(request, kode: str = ""):
    kode = (kode or request.GET.get("kode") or "").strip().upper()[:40]
    if not kode:
        return render(request, "pembinaan/verifikasi.html", {"kode": ""})
    p = selectors.sertifikat_get(kode)
    return render(request, "pembinaan/verifikasi.html", {"kode": kode, "p": p}, status=200 if p else 404)


# --- organiser ----------------------------------------------------------------------------------------
def _kelola_get(request, pk) -> Kegiatan:
    return selectors.kegiatan_kelola_get(user=request.user, pk=pk)


def _wajib_kantor(request) -> None:
    if not _boleh_kelola_satu(request.user):
        raise Http404


@login_required
def kelola(request):
    _wajib_kantor(request)
    saring = f.SaringForm(request.GET or None)
    d = saring.cleaned_data if saring.is_valid() else {}
    qs = selectors.kegiatan_kelola_list(user=request.user, jenis=d.get("jenis") or "", tahun=d.get("tahun"),
                                        q=d.get("q") or "")
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    query = urlencode({k: v for k, v in d.items() if v})
    return render(request, "pembinaan/kelola/daftar.html", {"page": page, "saring": saring, "query": query})


def _simpan_kegiatan(request, form, kegiatan=None):
    d = dict(form.cleaned_data)
    kims = d.pop("sasaran_kim")
    try:
        if kegiatan is None:
            return services.kegiatan_create(actor=request.user, sasaran_kim=kims, **d)
        return services.kegiatan_update(actor=request.user, kegiatan=kegiatan, sasaran_kim=kims, **d)
    except ApplicationError as exc:
        galat_atau_404(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def kelola_baru(request):
    _wajib_kantor(request)
    if request.method == "POST":
        form = f.KegiatanForm(request.POST)
        if form.is_valid() and (k := _simpan_kegiatan(request, form)) is not None:
            messages.success(request, _("Kegiatan disimpan sebagai draf. Periksa, lalu umumkan untuk mengirim "
                                        "undangan."))
            return redirect("pembinaan:kelola_detail", pk=k.pk)
    else:
        form = f.KegiatanForm(initial={
            "wilayah": _dalam(request.user) or "", "penyelenggara": _nama_kantor(request.user),
            "jenis": "pelatihan", "bersertifikat": True})
    return render(request, "pembinaan/kelola/form.html", {"form": form, "k": None},
                  status=400 if form.errors else 200)


def _nama_kantor(user) -> str:
    from simpul.wilayah.models import Wilayah

    for peran, kode in scope.penugasan_aktif(user):
        if peran == "komdigi":
            return "Komdigi"
        if kode and (w := Wilayah.objects.filter(kode=kode).first()) is not None:
            return f"Diskominfo {w.nama}"
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def kelola_ubah(request, pk: int):
    k = _kelola_get(request, pk)
    if request.method == "POST":
        form = f.KegiatanForm(request.POST)
        if form.is_valid() and _simpan_kegiatan(request, form, k) is not None:
            messages.success(request, _("Perubahan disimpan."))
            return redirect("pembinaan:kelola_detail", pk=k.pk)
    else:
        awal = {x: getattr(k, x) for x in ("jenis", "judul", "program", "penyelenggara", "tempat", "tautan_daring",
                                            "kapasitas", "sasaran_jabatan", "agenda", "bersertifikat")}
        awal.update(wilayah=k.wilayah_id, mulai=timezone.localtime(k.mulai), selesai=timezone.localtime(k.selesai),
                    pendaftaran_tutup=timezone.localtime(k.pendaftaran_tutup) if k.pendaftaran_tutup else None,
                    sasaran_kim=", ".join(k.sasaran_kim.values_list("slug", flat=True)))
        form = f.KegiatanForm(initial=awal)
    return render(request, "pembinaan/kelola/form.html", {"form": form, "k": k},
                  status=400 if form.errors else 200)


@login_required
def kelola_detail(request, pk: int, materi_form=None, batal_form=None):
    k = _kelola_get(request, pk)
    peserta = selectors.peserta_kegiatan(k)
    return render(request, "pembinaan/kelola/detail.html", {
        "k": k, "peserta": peserta,
        "terdaftar": [p for p in peserta if p.status == StatusPeserta.TERDAFTAR],
        "menunggu": [p for p in peserta if p.status == StatusPeserta.MENUNGGU],
        "jumlah_hadir": sum(1 for p in peserta if p.hadir),
        "materi": selectors.materi_kegiatan(k),
        "materi_form": materi_form or f.MateriForm(),
        "batal_form": batal_form or f.BatalForm(),
        "evaluasi": selectors.ringkasan_evaluasi(k),
        "riwayat": selectors.riwayat_kegiatan(k),
        "jabatan": [Jabatan(j).label for j in k.sasaran_jabatan if j in Jabatan.values],
        "kim_sasaran": list(k.sasaran_kim.only("nama", "slug")),
        "agenda": render_markdown(k.agenda) if k.agenda else "",
    }, status=400 if (materi_form and materi_form.errors) or (batal_form and batal_form.errors) else 200)


@login_required
@require_POST
def kelola_umumkan(request, pk: int):
    k = _kelola_get(request, pk)
    try:
        n = services.kegiatan_umumkan(actor=request.user, kegiatan=k)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kegiatan diumumkan; %(n)d undangan baru dikirim.") % {"n": n})
    return redirect("pembinaan:kelola_detail", pk=k.pk)


def _form_di_detail(request, k, form, jalankan, pesan: str, nama_form: str):
    """A form posted from the organiser's event page: ``jalankan(cleaned_data)``; on an error
    show the page again with the form's message and the input kept."""
    if form.is_valid():
        try:
            jalankan(form.cleaned_data)
        except ApplicationError as exc:
            galat_atau_404(form, exc)
        else:
            messages.success(request, pesan)
            return redirect("pembinaan:kelola_detail", pk=k.pk)
    return kelola_detail(request, k.pk, **{nama_form: form})


@login_required
@require_POST
def kelola_batalkan(request, pk: int):
    k = _kelola_get(request, pk)
    return _form_di_detail(
        request, k, f.BatalForm(request.POST),
        lambda d: services.kegiatan_batalkan(actor=request.user, kegiatan=k, alasan=d["alasan"]),
        _("Kegiatan dibatalkan; peserta diberi tahu."), "batal_form")


@login_required
@require_POST
def kelola_materi(request, pk: int):
    k = _kelola_get(request, pk)
    return _form_di_detail(
        request, k, f.MateriForm(request.POST, request.FILES),
        lambda d: services.materi_upload(actor=request.user, kegiatan=k, **d),
        _("Materi diunggah."), "materi_form")


@login_required
@require_POST
def kelola_qr_ganti(request, pk: int):
    k = _kelola_get(request, pk)
    services.qr_ganti(actor=request.user, kegiatan=k)
    messages.success(request, _("Kode QR baru dibuat; kode QR lama tidak berlaku lagi."))
    return redirect("pembinaan:kelola_qr", pk=k.pk)


@login_required
@never_cache
def kelola_qr(request, pk: int):
    """The check-in QR to show on a projector or print at the door."""
    k = _kelola_get(request, pk)
    url = request.build_absolute_uri(services.url_hadir(k))
    return render(request, "pembinaan/kelola/qr.html", {"k": k, "url": url, "qr": _qr_svg(url, skala=6)})


@login_required
@require_http_methods(["GET", "POST"])
def kelola_presensi(request, pk: int):
    k = _kelola_get(request, pk)
    walkin = f.WalkinForm()
    if request.method == "POST" and request.POST.get("aksi") == "walkin":
        walkin = f.WalkinForm(request.POST)
        if walkin.is_valid():
            try:
                services.walkin_add(actor=request.user, kegiatan=k, **walkin.cleaned_data)
            except ApplicationError as exc:
                galat_atau_404(walkin, exc)
            else:
                messages.success(request, _("Peserta ditambahkan dan tercatat hadir."))
                return redirect("pembinaan:kelola_presensi", pk=k.pk)
    elif request.method == "POST":
        try:
            n = services.presensi_set(actor=request.user, kegiatan=k, hadir_ids=request.POST.getlist("hadir"))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Daftar hadir disimpan (%(n)d perubahan).") % {"n": n})
            return redirect("pembinaan:kelola_presensi", pk=k.pk)
    peserta = [p for p in selectors.peserta_kegiatan(k) if p.status == StatusPeserta.TERDAFTAR]
    return render(request, "pembinaan/kelola/presensi.html", {
        "k": k, "peserta": peserta, "walkin": walkin, "jumlah_hadir": sum(1 for p in peserta if p.hadir),
    }, status=400 if walkin.errors else 200)


@login_required
def kelola_peserta_ekspor(request, pk: int):
    k = _kelola_get(request, pk)
    judul = [_("Nama"), _("KIM"), _("Jabatan"), _("Asal/instansi"), _("Status"), _("Hadir"), _("Cara presensi"),
             _("Kode sertifikat")]
    baris = ([p.nama, p.kim.nama if p.kim else "", p.jabatan, p.instansi, p.get_status_display(),
              timezone.localtime(p.hadir_pada).strftime("%Y-%m-%d %H:%M") if p.hadir_pada else "",
              p.get_cara_hadir_display(), p.sertifikat_kode or ""] for p in selectors.peserta_kegiatan(k))
    nama = f"peserta-kegiatan-{k.pk}"
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"{nama}.xlsx", judul, baris, lembar=_("Peserta"))
    return csv_response(f"{nama}.csv", judul, baris)


@login_required
@never_cache
def kelola_sertifikat(request, pk: int, peserta_id: int):
    k = _kelola_get(request, pk)
    p = get_object_or_404(Peserta, pk=peserta_id, kegiatan=k)
    try:
        p = services.sertifikat_terbit(actor=request.user, peserta=p)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("pembinaan:kelola_detail", pk=k.pk)
    p.kegiatan = k
    return _sertifikat_pdf(request, p)


@login_required
def jangkauan(request):
    _wajib_kantor(request)
    form = f.JangkauanForm(request.GET or None)
    d = form.cleaned_data if form.is_valid() else {}
    tahun = d.get("tahun") or timezone.localdate().year
    wilayah = d.get("wilayah")
    if wilayah is None and (dalam := _dalam(request.user)):
        from simpul.wilayah.models import Wilayah

        wilayah = Wilayah.objects.filter(kode=dalam).first()
    if wilayah is not None and not scope.boleh(request.user, Aksi.PEMBINAAN_KELOLA, wilayah_kode=wilayah.kode):
        raise Http404
    program = selectors.jangkauan_per_program(user=request.user, tahun=tahun,
                                              wilayah=wilayah.kode if wilayah else None)
    anak = selectors.jangkauan_per_anak(user=request.user, tahun=tahun, wilayah=wilayah)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        judul = [_("Jenis"), _("Program"), _("Kegiatan"), _("Peserta hadir"), _("KIM terjangkau"),
                 _("Desa terjangkau"), _("Kecamatan terjangkau")]
        from .models import JenisKegiatan

        baris = [[JenisKegiatan(p.jenis).label, p.program, p.kegiatan, p.peserta_hadir, p.kim, p.desa, p.kecamatan]
                 for p in program]
        nama = f"jangkauan-pembinaan-{wilayah.kode if wilayah else 'nasional'}-{tahun}"
        if fmt == "xlsx":
            return xlsx_response(f"{nama}.xlsx", judul, baris, lembar=str(tahun))
        return csv_response(f"{nama}.csv", judul, baris)
    query = urlencode({"tahun": tahun, **({"wilayah": wilayah.kode} if wilayah else {})})
    return render(request, "pembinaan/kelola/jangkauan.html", {
        "form": form, "tahun": tahun, "wilayah": wilayah, "program": program, "anak": anak, "query": query,
        "tahun_pilihan": list(range(date.today().year, date.today().year - 5, -1)),
    })


