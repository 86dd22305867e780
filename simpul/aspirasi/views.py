"""Pages of the aspiration service.

Public (no account): the form (``kirim``), the status page by tracking code (``status``, where
the citizen rates or reopens the answer), the list of verified public aspirations (``daftar`` /
``publik_detail``, addressed by id so the tracking code never leaks), abuse reports, attachments
and the service worker.

Internal: the queue (``kelola``), each aspiration's page with the triage / disposition /
response forms (``kelola_detail`` + ``aksi``), the KIM's several-at-once recording form
(``catat``), the dashboard and exports (``dasbor``, ``ekspor``, ``ekspor_lapor``).
Thin: reads through ``selectors``, writes through ``services``; out of reach answers 404.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from simpul.core import scope
from simpul.core.ekspor import csv_response, xlsx_response
from simpul.core.errors import ApplicationError, NotFound, tambah_galat
from simpul.core.laju import alamat_klien, lewat_batas
from simpul.core.peran import Aksi

from . import forms as f
from . import selectors, services
from .models import STATUS_INSTANSI, STATUS_TRIASE, Aspirasi, Jenis, Status
from .pengaturan import adalah_kantor, isi_templat

PER_HALAMAN = 25
STATIC_ASPIRASI = Path(settings.BASE_DIR) / "static" / "aspirasi"


def _laju(request, nama: str, default: tuple[int, int]) -> HttpResponse | None:
    batas, periode = getattr(settings, "SIMPUL_ASPIRASI_LAJU", {}).get(nama, default)
    tunggu = lewat_batas(f"aspirasi.{nama}", alamat_klien(request), batas=batas, periode=periode)
    if tunggu:
        resp = render(request, "core/429.html", {"tunggu_menit": max(1, round(tunggu / 60))}, status=429)
        resp["Retry-After"] = str(tunggu)
        return resp
    return None


def _baru_tantangan(form: f.AspirasiForm) -> dict:
    token, soal = f.Tantangan.buat()
    if form.is_bound:
        data = form.data.copy()
        data["token"] = token
        data["jawaban"] = ""
        form.data = data
    else:
        form.initial["token"] = token
    return {"soal": soal, "token": token}


# --- public -------------------------------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
def kirim(request):
    if request.method == "POST":
        if (resp := _laju(request, "kirim", (20, 600))) is not None:
            return resp
        kunci = (request.POST.get("kunci") or "").strip()
        kunci = f"web:{kunci}"[:100] if kunci else None  # stored as the service stores it
        if kunci:  # a replayed offline submission: answer with the first one, create nothing
            lama = Aspirasi.objects.filter(kunci_idempoten=kunci).only("kode").first()
            if lama is not None:
                return _terkirim(request, lama, created=False)
        form = f.AspirasiForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            try:
                a, created = services.aspirasi_create(
                    actor=request.user, jenis=d["jenis"], kategori=d["kategori"], desa=d["desa"], judul=d["judul"],
                    isi=d["isi"], nama=d["nama"], telepon=d["telepon"], email=d["email"], anonim=d["anonim"],
                    rahasia=d["rahasia"], lat=d["lat"], lng=d["lng"], lampiran=request.FILES.getlist("lampiran"),
                    kunci_idempoten=kunci, _kunci_dicek=True)
            except ApplicationError as exc:
                tambah_galat(form, exc)
            else:
                return _terkirim(request, a, created=created)
        status = 400
    else:
        form = f.AspirasiForm(initial={"desa": request.GET.get("desa", "")})
        status = 200
    ctx = {"form": form, "isian": _isian_kosong(form), **_baru_tantangan(form)}
    return render(request, "aspirasi/kirim.html", ctx, status=status)


# The empty public form's fields as HTML, per (language, active categories): see _isian_kosong.
_ISIAN: dict[tuple, str] = {}


def _isian_kosong(form: f.AspirasiForm) -> str | None:
    """The fields of the empty public form (``aspirasi/_kirim_isian.html``), rendered once per
    process. Rendering them through Django's widget templates cost ~8 ms a request, more than
    the rest of the page; they are the same markup for every visitor of one language (the csrf
    token and the challenge are outside the fragment), so the markup is kept, keyed by the
    language and the active categories themselves (one small query, the one the select needs
    anyway): a category added, renamed or retired changes the key, never a stale page.
    None (render in the page) for a bound form (errors, typed values) or a desa given in the URL."""
    if form.is_bound or form.initial.get("desa"):
        return None
    kunci = (get_language(), tuple(selectors.kategori_aktif().values_list("pk", "nama")))
    html = _ISIAN.get(kunci)
    if html is None:
        if len(_ISIAN) >= 16:  # categories changing often (tests): do not grow without bound
            _ISIAN.clear()
        html = _ISIAN[kunci] = render_to_string("aspirasi/_kirim_isian.html", {"form": form})
    return html


def _terkirim(request, a: Aspirasi, *, created: bool):
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"kode": a.kode, "baru": created,
                             "url": reverse("aspirasi:status", args=[a.kode])}, status=201 if created else 200)
    request.session["aspirasi_kode_baru"] = a.kode
    return redirect("aspirasi:status", kode=a.kode)


def cari(request):
    form = f.CariKodeForm(request.GET or None)
    if form.is_valid():
        a = selectors.aspirasi_dari_kode(form.cleaned_data["kode"])
        if a is not None:
            return redirect("aspirasi:status", kode=a.kode)
        form.add_error("kode", _("Kode lacak tidak ditemukan. Periksa kembali huruf dan angkanya."))
    return render(request, "aspirasi/cari.html", {"form": form}, status=404 if form.is_bound else 200)


@never_cache
def status(request, kode: str):
    if (resp := _laju(request, "status", (120, 600))) is not None:
        return resp
    a = selectors.aspirasi_dari_kode(kode)
    if a is None:
        raise Http404
    if a.kode != kode:
        return redirect("aspirasi:status", kode=a.kode)
    baru = request.session.pop("aspirasi_kode_baru", None) == a.kode
    nilai_form = f.NilaiForm()
    buka_form = f.AlasanForm()
    if request.method == "POST":
        if (resp := _laju(request, "nilai", (20, 600))) is not None:
            return resp
        try:
            if request.POST.get("aksi") == "buka":
                buka_form = f.AlasanForm(request.POST)
                if buka_form.is_valid():
                    services.aspirasi_buka_ulang(aspirasi=a, alasan=buka_form.cleaned_data["alasan"])
                    messages.success(request, _("Aspirasi dibuka kembali; instansi akan menanggapi lagi."))
                    return redirect("aspirasi:status", kode=a.kode)
            else:
                nilai_form = f.NilaiForm(request.POST)
                if nilai_form.is_valid():
                    services.aspirasi_nilai(aspirasi=a, penilaian=nilai_form.cleaned_data["penilaian"],
                                            catatan=nilai_form.cleaned_data["catatan"])
                    messages.success(request, _("Terima kasih atas penilaian Anda."))
                    return redirect("aspirasi:status", kode=a.kode)
        except ApplicationError as exc:
            tambah_galat(buka_form if request.POST.get("aksi") == "buka" else nilai_form, exc)
    return render(request, "aspirasi/status.html", {
        "a": a, "baru": baru, "riwayat": selectors.riwayat_publik(a), "tanggapan": selectors.tanggapan_list(a),
        "lampiran": list(a.lampiran.all()), "nilai_form": nilai_form, "buka_form": buka_form,
    }, status=400 if request.method == "POST" else 200)


def daftar(request):
    wilayah = (request.GET.get("wilayah") or "").strip()[:13]
    kategori = (request.GET.get("kategori") or "").strip()[:40]
    jenis = request.GET.get("jenis") if request.GET.get("jenis") in Jenis.values else ""
    page = Paginator(selectors.aspirasi_publik_list(wilayah=wilayah, kategori=kategori, jenis=jenis),
                     PER_HALAMAN).get_page(request.GET.get("halaman"))
    return render(request, "aspirasi/daftar.html", {
        "page": page, "kategori_list": selectors.kategori_aktif(), "jenis_list": Jenis.choices,
        "saring": {"wilayah": wilayah, "kategori": kategori, "jenis": jenis},
    })


def publik_detail(request, pk: int):
    a = selectors.aspirasi_publik_get(pk)
    return render(request, "aspirasi/publik_detail.html", {
        "a": a, "tanggapan": selectors.tanggapan_list(a), "lampiran": list(a.lampiran.all()),
        "lapor_form": f.LaporForm(),
    })


@require_POST
def lapor(request, pk: int):
    if (resp := _laju(request, "lapor", (10, 3600))) is not None:
        return resp
    a = selectors.aspirasi_publik_get(pk)
    form = f.LaporForm(request.POST)
    if form.is_valid():
        try:
            services.aspirasi_laporkan(aspirasi=a, alasan=form.cleaned_data["alasan"])
        except ApplicationError as exc:
            tambah_galat(form, exc)
        else:
            messages.success(request, _("Terima kasih. Aspirasi ini disembunyikan sampai ditinjau petugas."))
            return redirect("aspirasi:daftar")
    return render(request, "aspirasi/publik_detail.html", {
        "a": a, "tanggapan": selectors.tanggapan_list(a), "lampiran": list(a.lampiran.all()), "lapor_form": form,
    }, status=400)


def lampiran(request, pk: int):
    from .models import Lampiran

    lp = Lampiran.objects.select_related("aspirasi").filter(pk=pk).first()
    if lp is None:
        raise Http404
    a = lp.aspirasi
    kode = request.GET.get("kode", "")
    if not (a.publik or (kode and services.normal_kode(kode) == a.kode)
            or selectors.aspirasi_kelola_qs(request.user).filter(pk=a.pk).exists()):
        raise Http404
    try:
        fh = lp.berkas.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    resp = FileResponse(fh, content_type="image/jpeg")
    resp["Cache-Control"] = "private, max-age=3600"
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


def service_worker(request):
    """Served from /aspirasi/ so its scope covers the forms (Service-Worker-Allowed not needed)."""
    body = (STATIC_ASPIRASI / "sw.js").read_text(encoding="utf-8")
    resp = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    resp["Cache-Control"] = "no-cache"
    return resp


def luring(request):
    """The page the service worker shows for a page it has not cached while offline."""
    return render(request, "aspirasi/luring.html")


# --- internal -----------------------------------------------------------------------------------
@login_required
def kelola(request):
    status_ = request.GET.get("status", "terbuka")
    if status_ not in (*Status.values, "terbuka", ""):
        status_ = "terbuka"
    q = (request.GET.get("q") or "").strip()[:100]
    terlambat = request.GET.get("terlambat") == "1"
    qs = selectors.aspirasi_kelola_list(user=request.user, status=status_, terlambat=terlambat, q=q)
    page = selectors.PaginatorAntrean(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    return render(request, "aspirasi/kelola/daftar.html", {
        "page": page, "status": status_, "q": q, "terlambat": terlambat, "status_list": Status.choices,
        # the pager's links keep the filters
        "query": urlencode({"status": status_, **({"q": q} if q else {}), **({"terlambat": "1"} if terlambat else {})}),
        "boleh_catat": not scope.lingkup(request.user, Aksi.ASPIRASI_CATAT).kosong,
        "hari_ini": timezone.localdate(), "kantor": adalah_kantor(request.user),
    })


def _detail_ctx(request, a: Aspirasi, **forms_) -> dict:
    tangani = services.boleh_tangani(request.user, a)
    jawab = services.boleh_jawab(request.user, a) or tangani
    ctx = {
        "a": a, "tangani": tangani, "jawab": jawab and a.status in STATUS_INSTANSI,
        "triase": tangani and a.status in STATUS_TRIASE,
        "bisa_disposisi": tangani and a.status in (Status.DIVERIFIKASI, *STATUS_INSTANSI),
        "bisa_arsip": tangani and a.terbuka,
        "riwayat": selectors.riwayat_internal(a), "tanggapan": selectors.tanggapan_list(a),
        "lampiran": list(a.lampiran.all()), "laporan": list(a.laporan.filter(ditinjau=False)),
        "hari_ini": timezone.localdate(),
    }
    ctx["verifikasi_form"] = forms_.get("verifikasi") or f.VerifikasiForm(initial={
        "desa": a.desa_id if len(a.desa_id) == 13 else "", "kategori": a.kategori_id, "jenis": a.jenis, "butuh_cek_lapangan": a.butuh_cek_lapangan,
        "sengketa": a.sengketa})
    ctx["alasan_form"] = forms_.get("alasan") or f.AlasanForm()
    ctx["teruskan_form"] = forms_.get("teruskan") or f.TeruskanForm(
        initial={"wilayah": a.wilayah_tangani_id.rsplit(".", 1)[0] if "." in a.wilayah_tangani_id else ""})
    ctx["gabung_form"] = forms_.get("gabung") or f.GabungForm()
    if ctx["bisa_disposisi"]:
        ctx["disposisi_form"] = forms_.get("disposisi") or f.DisposisiForm(
            instansi_qs=selectors.instansi_pilihan(request.user, a))
    if ctx["jawab"]:
        ctx["tanggapan_form"] = forms_.get("tanggapan") or f.TanggapanForm()
        ctx["templat"] = list(selectors.templat_untuk(a))
        for t in ctx["templat"]:
            t.terisi = isi_templat(t, a)
    return ctx


@login_required
def kelola_detail(request, pk: int):
    a = selectors.aspirasi_kelola_get(user=request.user, pk=pk)
    return render(request, "aspirasi/kelola/detail.html", _detail_ctx(request, a))


AKSI_FORM = {
    "verifikasi": f.VerifikasiForm, "tunda": f.AlasanForm, "arsip": f.AlasanForm, "teruskan": f.TeruskanForm,
    "gabung": f.GabungForm, "disposisi": f.DisposisiForm, "tanggapi": f.TanggapanForm, "tinjau": f.AlasanForm,
}


@login_required
@require_POST
def aksi(request, pk: int, nama: str):
    a = selectors.aspirasi_kelola_get(user=request.user, pk=pk)
    if nama not in AKSI_FORM:
        raise Http404
    kw = {"instansi_qs": selectors.instansi_pilihan(request.user, a)} if nama == "disposisi" else {}
    form = AKSI_FORM[nama](request.POST, **kw)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if nama == "verifikasi":
                services.aspirasi_verifikasi(actor=request.user, aspirasi=a, kategori=d["kategori"], jenis=d["jenis"],
                                             butuh_cek_lapangan=d["butuh_cek_lapangan"], sengketa=d["sengketa"],
                                             desa=d["desa"] or services.TETAP, catatan=d["catatan"])
            elif nama == "tunda":
                services.aspirasi_tunda(actor=request.user, aspirasi=a, alasan=d["alasan"])
            elif nama == "arsip":
                services.aspirasi_arsipkan(actor=request.user, aspirasi=a, alasan=d["alasan"])
            elif nama == "teruskan":
                services.aspirasi_teruskan(actor=request.user, aspirasi=a, wilayah=d["wilayah"], alasan=d["alasan"])
            elif nama == "gabung":
                services.aspirasi_gabung(actor=request.user, aspirasi=a, ke=d["ke"], alasan=d["alasan"])
            elif nama == "disposisi":
                services.aspirasi_disposisi(actor=request.user, aspirasi=a, instansi=d["instansi"],
                                            catatan=d["catatan"])
            elif nama == "tanggapi":
                services.tanggapan_kirim(actor=request.user, aspirasi=a, isi=d["isi"], final=d["final"])
            elif nama == "tinjau":
                services.laporan_tinjau(actor=request.user, aspirasi=a, pulihkan=request.POST.get("pulihkan") == "1",
                                        alasan=d["alasan"])
        except NotFound as exc:
            raise Http404 from exc
        except ApplicationError as exc:
            tambah_galat(form, exc)
        else:
            messages.success(request, _("Tersimpan."))
            if not selectors.aspirasi_kelola_qs(request.user).filter(pk=a.pk).exists():
                return redirect("aspirasi:kelola")  # forwarded out of the user's reach
            return redirect("aspirasi:kelola_detail", pk=a.pk)
    key = {"tunda": "alasan", "arsip": "alasan", "tinjau": "alasan", "tanggapi": "tanggapan"}.get(nama, nama)
    a = selectors.aspirasi_kelola_get(user=request.user, pk=pk)
    return render(request, "aspirasi/kelola/detail.html", _detail_ctx(request, a, **{key: form}), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def catat(request):
    from simpul.kim.models import Kim

    ling = scope.lingkup(request.user, Aksi.ASPIRASI_CATAT)
    kims = list(scope.for_user(Kim.objects.aktif(), request.user, Aksi.ASPIRASI_CATAT).select_related("desa")
                .order_by("nama")[:50]) if not ling.kosong else []
    if not kims:
        raise Http404
    pilihan = [(k.pk, f"{k.nama} ({k.desa.nama})") for k in kims]
    if request.method == "POST":
        kepala = f.CatatKepalaForm(request.POST)
        kepala.fields["kim"].choices = pilihan
        formset = f.CatatFormSet(request.POST, prefix="baris")
        if kepala.is_valid() and formset.is_valid():
            kim = next(k for k in kims if k.pk == kepala.cleaned_data["kim"])
            desa = kepala.cleaned_data["desa"] or kim.desa
            kunci = kepala.cleaned_data["kunci"]
            kode: list[str] = []
            try:
                with transaction.atomic():
                    for i, fm in enumerate(formset.forms):
                        d = fm.cleaned_data
                        if not d or not (d.get("isi") or "").strip():
                            continue
                        try:
                            a, _created = services.aspirasi_create(
                                actor=request.user, kim=kim, desa=desa, jenis=d["jenis"], kategori=d["kategori"],
                                judul=d["judul"], isi=d["isi"], nama=d["nama"], telepon=d["telepon"],
                                anonim=d["anonim"], rahasia=d["rahasia"],
                                kunci_idempoten=f"kim:{kunci}:{i}" if kunci else None)
                        except ApplicationError as exc:
                            tambah_galat(fm, exc)
                            raise _Batal from exc
                        kode.append(a.kode)
                    if not kode:
                        kepala.add_error(None, _("Isi paling sedikit satu aspirasi."))
                        raise _Batal
            except _Batal:
                pass
            else:
                messages.success(request, _("%(n)d aspirasi tercatat: %(kode)s") % {"n": len(kode),
                                                                                    "kode": ", ".join(kode)})
                return redirect("aspirasi:kelola")
        status_ = 400
    else:
        kepala = f.CatatKepalaForm(initial={"kim": kims[0].pk})
        kepala.fields["kim"].choices = pilihan
        formset = f.CatatFormSet(prefix="baris")
        status_ = 200
    return render(request, "aspirasi/kelola/catat.html", {"kepala": kepala, "formset": formset}, status=status_)


class _Batal(Exception):
    pass


# --- dashboard and exports ----------------------------------------------------------------------
def _qs_dasbor(request):
    qs = selectors.aspirasi_kelola_qs(request.user)
    dari = selectors.dari_efektif(request.GET.get("dari", ""))
    return qs.filter(dibuat__date__gte=dari) if dari else qs


LIGA_TAMPIL = 50  # agencies in the dashboard's league table (thousands nationally); ?liga=semua: all


@login_required
def dasbor(request):
    from simpul.core.svg import Batang, grafik_batang

    # National and provincial reaches read the summary rows (refreshed every 10 minutes); the
    # queryset is lazy and is not read then.
    ringkasan = selectors.sumber_ringkasan(request.user, request.GET.get("dari", ""))
    st = selectors.statistik(_qs_dasbor(request), ringkasan)
    maks = max([r["n"] for r in st["per_status"]] or [1])
    grafik = grafik_batang([Batang(label=str(r["label"]), nilai=r["n"], teks=str(r["n"])) for r in st["per_status"]],
                           judul=_("Aspirasi per status"), maks=maks) if st["per_status"] else ""
    dari = request.GET.get("dari", "").strip()
    return render(request, "aspirasi/kelola/dasbor.html", {
        "st": st, "grafik": grafik, "jenis_label": dict(Jenis.choices), "dari": dari,
        "dari_galat": bool(dari) and selectors.dari_efektif(dari) is None,
        "liga": st["liga"] if request.GET.get("liga") == "semua" else st["liga"][:LIGA_TAMPIL]})


KOLOM_EKSPOR = ["kode", "dibuat", "jenis", "kategori", "desa", "status", "instansi", "tenggat", "terlambat",
                "diverifikasi_pada", "respons_pertama_pada", "selesai_pada", "tepat_waktu", "penilaian", "kanal",
                "judul"]


def _baris_ekspor(qs):
    for a in qs.select_related("kategori", "instansi").iterator(chunk_size=2000):
        yield [a.kode, a.dibuat.isoformat(timespec="seconds"), a.jenis, a.kategori.nama if a.kategori else "",
               a.desa_id, a.status, a.instansi.nama if a.instansi else "", a.tenggat.isoformat() if a.tenggat else "",
               "ya" if a.terlambat else "", a.diverifikasi_pada.isoformat(timespec="seconds") if a.diverifikasi_pada else "",
               a.respons_pertama_pada.isoformat(timespec="seconds") if a.respons_pertama_pada else "",
               a.selesai_pada.isoformat(timespec="seconds") if a.selesai_pada else "",
               "" if a.tepat_waktu is None else ("ya" if a.tepat_waktu else "tidak"), a.penilaian or "", a.kanal,
               a.judul]


@login_required
def ekspor(request, fmt: str):
    if (resp := _laju(request, "ekspor", (30, 3600))) is not None:
        return resp
    qs = _qs_dasbor(request).order_by("id")
    nama = f"aspirasi-{timezone.localdate():%Y%m%d}"
    if fmt == "xlsx":
        return xlsx_response(f"{nama}.xlsx", KOLOM_EKSPOR, _baris_ekspor(qs), lembar="Aspirasi")
    return csv_response(f"{nama}.csv", KOLOM_EKSPOR, _baris_ekspor(qs))


# The LAPOR! forwarding format (see docs/aspirasi.md): no personal data of anonymous reporters.
KOLOM_LAPOR = ["tracking_id", "tanggal", "kategori_laporan", "judul", "isi", "kode_wilayah", "lokasi_lat",
               "lokasi_lng", "anonim", "rahasia", "nama_pelapor", "kontak_pelapor", "status", "instansi_tujuan"]


def _baris_lapor(qs):
    jenis_lapor = {"aspirasi": "ASPIRASI", "pengaduan": "PENGADUAN", "informasi": "PERMINTAAN_INFORMASI"}
    for a in qs.select_related("instansi").iterator(chunk_size=2000):
        yield [a.kode, a.dibuat.isoformat(timespec="seconds"), jenis_lapor[a.jenis], a.judul, a.isi, a.desa_id,
               a.lat, a.lng, a.anonim, a.rahasia, "" if a.anonim else a.nama,
               "" if a.anonim else (a.telepon or a.email), a.status, a.instansi.nama if a.instansi else ""]


@login_required
def ekspor_lapor(request, fmt: str):
    if (resp := _laju(request, "ekspor", (30, 3600))) is not None:
        return resp
    q = scope.lingkup(request.user, Aksi.ASPIRASI_TANGANI).q(wilayah_field="wilayah_tangani__kode",
                                                             kim_field="kim_id")
    qs = Aspirasi.objects.all() if q is None else Aspirasi.objects.filter(q)
    qs = qs.exclude(status__in=[Status.DRAF, Status.DIARSIPKAN, Status.DIGABUNG]).order_by("id")
    nama = f"lapor-{timezone.localdate():%Y%m%d}"
    if fmt == "json":
        data = [dict(zip(KOLOM_LAPOR, row, strict=True)) for row in _baris_lapor(qs[:50_000])]
        resp = HttpResponse(json.dumps({"format": "simpul-lapor-1", "laporan": data}, ensure_ascii=False,
                                       default=str), content_type="application/json; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="{nama}.json"'
        return resp
    return csv_response(f"{nama}.csv", KOLOM_LAPOR, _baris_lapor(qs))
