"""Pages of the assessment: rounds (ranking, breakdown, jurors' scoring), schemes, and the annual
report per region. Offices run rounds in their region (``Aksi.PENILAIAN_KELOLA``); jurors score the
rounds they are named in; a KIM's own people see its results. Outside the reach: 404."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from simpul.core import scope
from simpul.core.errors import ApplicationError, NotFound, galat_atau_404
from simpul.core.laju import batasi_laju
from simpul.core.pdf import pdf_response
from simpul.core.peran import Aksi
from simpul.wilayah.models import Tingkat, Wilayah

from . import forms as f
from . import laporan as lap
from . import selectors, services
from .models import Indikator, ModePutaran, SkemaEvent, SumberNilai

PER_HALAMAN = 30


def _kantor(request) -> bool:
    return not scope.lingkup(request.user, Aksi.PENILAIAN_KELOLA).kosong


@login_required
def daftar(request):
    page = Paginator(selectors.putaran_list(user=request.user), PER_HALAMAN).get_page(request.GET.get("halaman"))
    kantor = _kantor(request)
    return render(request, "penilaian/daftar.html", {
        "page": page, "kantor": kantor,
        "skema": list(selectors.skema_list(user=request.user)[:50]) if kantor else [],
    })


@login_required
@require_POST
def skema_contoh(request):
    ling = scope.lingkup(request.user, Aksi.PENILAIAN_KELOLA)
    if ling.kosong:
        raise Http404
    wilayah = None if ling.semua else Wilayah.objects.filter(kode=ling.prefixes[0]).first()
    try:
        skema = services.skema_contoh_pasang(actor=request.user, wilayah=wilayah)
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("Skema contoh tersedia. Sesuaikan sebelum dipakai untuk penilaian resmi."))
    return redirect("penilaian:skema", pk=skema.pk)


@login_required
def skema(request, pk: int):
    if not _kantor(request):
        raise Http404
    s = selectors.skema_get(user=request.user, pk=pk)
    versi = selectors.skema_list(user=request.user).filter(kode=s.kode, wilayah=s.wilayah).select_related(
        "dibuat_oleh")
    riwayat = SkemaEvent.objects.filter(skema__kode=s.kode, skema__wilayah=s.wilayah).select_related("aktor")[:30]
    return render(request, "penilaian/skema.html", {"skema": s, "dimensi": selectors.skema_struktur(s),
                                                     "tingkat": list(s.tingkat.all()), "versi": versi,
                                                     "riwayat": riwayat})


@login_required
@require_http_methods(["GET", "POST"])
def putaran_baru(request):
    if not _kantor(request):
        raise Http404
    skema_qs = selectors.skema_list(user=request.user)
    tahun = timezone.localdate().year
    form = f.PutaranForm(request.POST or None, skema_qs=skema_qs, initial={
        "dari": date(tahun, 1, 1), "sampai": date(tahun, 12, 31), "skema": skema_qs.first()})
    form.fields["wilayah"].tingkat = (Tingkat.PROVINSI, Tingkat.KABKOTA, Tingkat.KECAMATAN)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            p = services.putaran_buat(actor=request.user, skema=d["skema"], wilayah=d["wilayah"], nama=d["nama"],
                                      dari=d["dari"], sampai=d["sampai"], mode=d["mode"],
                                      kategori=(d["kategori"] or "").split(","))
        except ApplicationError as exc:
            galat_atau_404(form, exc)
        else:
            messages.success(request, _("Putaran dibuat untuk %(n)s KIM aktif.") % {"n": p.peserta.count()})
            return redirect("penilaian:putaran", pk=p.pk)
    return render(request, "penilaian/putaran_baru.html", {"form": form})


@login_required
def putaran(request, pk: int):
    p = selectors.putaran_get(user=request.user, pk=pk)
    kategori = request.GET.get("kategori")
    kategori = kategori if kategori in p.kategori else None
    page = Paginator(selectors.peringkat(p, kategori=kategori), PER_HALAMAN).get_page(request.GET.get("halaman"))
    return render(request, "penilaian/putaran.html", {
        "putaran": p, "page": page, "kategori": kategori, "boleh_kelola": selectors.boleh_kelola(request.user, p),
        "lomba": p.mode == ModePutaran.LOMBA, "query": f"kategori={kategori}" if kategori else "",
    })


@login_required
@require_POST
def putaran_hitung(request, pk: int):
    p = selectors.putaran_get(user=request.user, pk=pk)
    try:
        n = services.putaran_hitung(actor=request.user, putaran=p)
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("Nilai %(n)s KIM dihitung.") % {"n": n})
    return redirect("penilaian:putaran", pk=p.pk)


@login_required
@require_http_methods(["GET", "POST"])
def peserta(request, pk: int, peserta_id: int):
    ps = selectors.peserta_get(user=request.user, putaran_pk=pk, pk=peserta_id)
    p = ps.putaran
    juri = p.juri.filter(pk=request.user.pk).exists()
    kelola = selectors.boleh_kelola(request.user, p)
    form = f.NilaiJuriForm()
    kategori_form = f.KategoriForm(initial={"kategori": ps.kategori})
    if request.method == "POST":
        if not (juri or kelola):
            raise Http404
        if "kategori" in request.POST and kelola:
            kategori_form = f.KategoriForm(request.POST)
            if kategori_form.is_valid():
                try:
                    services.peserta_kategori(actor=request.user, peserta=ps,
                                              kategori=kategori_form.cleaned_data["kategori"])
                except ApplicationError as exc:
                    galat_atau_404(kategori_form, exc)
                else:
                    return redirect("penilaian:peserta", pk=pk, peserta_id=ps.pk)
        else:
            ind = get_object_or_404(Indikator, pk=request.POST.get("indikator") or 0, dimensi__skema_id=p.skema_id,
                                    sumber=SumberNilai.JURI)
            form = f.NilaiJuriForm(request.POST)
            if form.is_valid():
                try:
                    services.nilai_juri_simpan(actor=request.user, peserta=ps, indikator=ind, **form.cleaned_data)
                except ApplicationError as exc:
                    galat_atau_404(form, exc)
                else:
                    messages.success(request, _("Nilai disimpan. Hitung ulang putaran untuk memperbarui skor."))
                    return redirect("penilaian:peserta", pk=pk, peserta_id=ps.pk)
    return render(request, "penilaian/peserta.html", {
        "ps": ps, "putaran": p, "rincian": selectors.rincian(ps, juri=request.user), "boleh_nilai": juri or kelola,
        "boleh_kelola": kelola, "form": form, "kategori_form": kategori_form,
        "riwayat": selectors.riwayat_kim(user=request.user, kim_id=ps.kim_id)[:20],
    })


@login_required
@require_http_methods(["GET"])
def laporan(request):
    ling = scope.lingkup(request.user, Aksi.PENILAIAN_KELOLA)
    if ling.kosong:
        raise Http404
    form = f.LaporanForm(request.GET or None, initial={"tahun": timezone.localdate().year})
    form.fields["wilayah"].tingkat = (Tingkat.PROVINSI, Tingkat.KABKOTA)
    if request.GET and form.is_valid():
        w = form.cleaned_data["wilayah"]
        if not ling.mencakup_wilayah(w.kode):
            form.add_error("wilayah", _("Wilayah ini di luar wilayah kerja Anda."))
        else:
            return redirect("penilaian:laporan_unduh", kode=w.kode, tahun=form.cleaned_data["tahun"],
                            fmt=request.GET.get("fmt") if request.GET.get("fmt") in ("pdf", "xlsx") else "pdf")
    return render(request, "penilaian/laporan.html", {"form": form})


@login_required
@batasi_laju("penilaian.laporan", batas=30, periode=3600)
def laporan_unduh(request, kode: str, tahun: int, fmt: str):
    if fmt not in ("pdf", "xlsx") or not 2000 <= tahun <= 2100:
        raise Http404
    if not scope.boleh(request.user, Aksi.PENILAIAN_KELOLA, wilayah_kode=kode):
        raise Http404
    w = get_object_or_404(Wilayah, kode=kode, aktif=True)
    data = lap.laporan_tahunan(user=request.user, wilayah=w, tahun=tahun)
    nama = f"laporan-tahunan-{kode}-{tahun}.{fmt}"
    if fmt == "xlsx":
        return lap.xlsx_laporan(data, nama)
    return pdf_response("penilaian/laporan_pdf.html", {"lap": data, "dibuat": timezone.now()}, nama_berkas=nama,
                        request=request)


# --- The scheme editor ---------------------------------------------------------------------------

_TAMBAH = {"tambah_dimensi": "d", "tambah_indikator": "i", "tambah_tingkat": "t"}


def _data_skema(s) -> dict:
    """The editor's form data for an existing scheme (as if it had been submitted), one empty
    row more in each list."""
    data = {"nama": s.nama, "keterangan": s.keterangan}
    dimensi = list(s.dimensi.prefetch_related("indikator"))
    n_i = 0
    for i, d in enumerate(dimensi):
        data |= {f"d-{i}-nama": d.nama, f"d-{i}-bobot": d.bobot}
        for ind in d.indikator.all():
            data |= {f"i-{n_i}-dimensi": str(i), f"i-{n_i}-nama": ind.nama, f"i-{n_i}-bobot": ind.bobot,
                     f"i-{n_i}-sumber": ind.sumber if ind.sumber == SumberNilai.JURI else f"otomatis:{ind.kode_data}",
                     f"i-{n_i}-target": f"{ind.target:g}" if ind.sumber != SumberNilai.JURI else ""}
            n_i += 1
    tingkat = sorted(s.tingkat.all(), key=lambda t: t.batas_bawah)
    for i, t in enumerate(tingkat):
        data |= {f"t-{i}-nama": t.nama, f"t-{i}-batas_bawah": f"{t.batas_bawah:g}"}
    for prefix, n in (("d", len(dimensi)), ("i", n_i), ("t", len(tingkat))):
        data |= {f"{prefix}-TOTAL_FORMS": str(n + 1), f"{prefix}-INITIAL_FORMS": "0"}
    return data


def _data_kosong() -> dict:
    return {"d-TOTAL_FORMS": "3", "d-INITIAL_FORMS": "0", "i-TOTAL_FORMS": "4", "i-INITIAL_FORMS": "0",
            "t-TOTAL_FORMS": "4", "t-INITIAL_FORMS": "0", "t-0-nama": _("Dasar"), "t-0-batas_bawah": "0",
            "t-1-nama": _("Tumbuh"), "t-1-batas_bawah": "40", "t-2-nama": _("Berkembang"), "t-2-batas_bawah": "60",
            "t-3-nama": _("Unggul"), "t-3-batas_bawah": "80"}


def _total(data, prefix: str) -> int:
    try:
        return max(0, min(int(data.get(f"{prefix}-TOTAL_FORMS") or 0), 60))
    except ValueError:
        return 0


def _editor_forms(data):
    dimensi_pilihan = [(str(i), f"{i + 1}. {(data.get(f'd-{i}-nama') or '').strip() or '—'}")
                       for i in range(_total(data, "d"))]
    return (f.SkemaForm(data),
            f.formset(f.DimensiFormSet, f.DimensiForm, data=data, prefix="d"),
            f.formset(f.IndikatorFormSet, f.IndikatorForm, data=data, prefix="i", dimensi_pilihan=dimensi_pilihan),
            f.formset(f.TingkatFormSet, f.TingkatForm, data=data, prefix="t"))


def _isi_skema(fd, fi, ft, galat: list) -> tuple[list, list]:
    """The formsets' rows as the services' ``dimensi`` and ``tingkat`` lists; problems that span
    rows (an indicator in an emptied dimension, a dimension without indicators) go to ``galat``."""
    baris_d = {str(i): form for i, form in enumerate(fd.forms) if form.is_valid() and not form.kosong()}
    inds: dict[str, list] = {k: [] for k in baris_d}
    for form in fi.baris():
        c = form.cleaned_data
        if c["dimensi"] not in baris_d:
            form.add_error("dimensi", _("Pilih dimensi yang terisi."))
            continue
        sumber = c["sumber"]
        kode = sumber.split(":", 1)[1] if sumber.startswith("otomatis:") else ""
        inds[c["dimensi"]].append((c["nama"].strip(), SumberNilai.OTOMATIS if kode else SumberNilai.JURI, kode,
                                   float(c["target"]) if kode else 1.0, c["bobot"]))
    dimensi = []
    for k, form in baris_d.items():
        if not inds[k]:
            galat.append(_("Dimensi “%(d)s” belum punya indikator.") % {"d": form.cleaned_data["nama"].strip()})
        dimensi.append((form.cleaned_data["nama"].strip(), form.cleaned_data["bobot"], inds[k]))
    tingkat = [(form.cleaned_data["nama"].strip(), float(form.cleaned_data["batas_bawah"])) for form in ft.baris()]
    return dimensi, tingkat


@login_required
@require_http_methods(["GET", "POST"])
def skema_ubah(request, pk: int | None = None):
    """Create a scheme (``pk`` None) or edit one. Saving a scheme used by a round makes a new
    version (``services.skema_simpan``); rows are added by re-submitting (no JavaScript)."""
    ling = scope.lingkup(request.user, Aksi.PENILAIAN_KELOLA)
    if ling.kosong:
        raise Http404
    s = None
    if pk is not None:
        s = selectors.skema_get(user=request.user, pk=pk)
        if not (ling.semua if s.wilayah_id is None else ling.mencakup_wilayah(s.wilayah_id)):
            raise Http404
    if request.method == "POST":
        data = request.POST.copy()
        for tombol, prefix in _TAMBAH.items():
            if tombol in data:
                data[f"{prefix}-TOTAL_FORMS"] = str(min(_total(data, prefix) + 1, 60))
    else:
        data = _data_skema(s) if s else _data_kosong()
    form, fd, fi, ft = _editor_forms(data)
    if s is not None:
        del form.fields["wilayah"]  # a scheme stays in its region; another region is another scheme
    elif not ling.semua:
        form.fields["wilayah"].required = True  # only national offices make national schemes
    simpan = request.method == "POST" and "simpan" in data
    galat: list[str] = []
    if simpan:
        sah = all([form.is_valid(), fd.is_valid(), fi.is_valid(), ft.is_valid()])
        dimensi, tingkat = _isi_skema(fd, fi, ft, galat)
        if sah and not galat and not any(x.errors for x in fi.forms):
            d = form.cleaned_data
            try:
                if s is None:
                    wilayah = d.get("wilayah")
                    if wilayah is not None and not ling.mencakup_wilayah(wilayah.kode):
                        raise NotFound(_("Wilayah ini di luar wilayah kerja Anda."))
                    hasil = services.skema_buat(actor=request.user, wilayah=wilayah,
                                                kode=services.kode_skema_baru(wilayah, d["nama"]),
                                                nama=d["nama"].strip(), keterangan=d["keterangan"],
                                                dimensi=dimensi, tingkat=tingkat)
                else:
                    hasil = services.skema_simpan(actor=request.user, skema=s, nama=d["nama"].strip(),
                                                  keterangan=d["keterangan"], dimensi=dimensi, tingkat=tingkat)
            except NotFound as exc:
                if s is not None:
                    raise Http404 from exc
                form.add_error("wilayah", _("Wilayah ini di luar wilayah kerja Anda."))
            except ApplicationError as exc:
                galat.append(exc.message)
            else:
                if s is not None and hasil.pk != s.pk:
                    messages.success(request, _("Disimpan sebagai versi %(v)s. Putaran lama tetap memakai versi "
                                                "sebelumnya.") % {"v": hasil.versi})
                else:
                    messages.success(request, _("Skema disimpan."))
                return redirect("penilaian:skema", pk=hasil.pk)
    return render(request, "penilaian/skema_ubah.html", {
        "skema": s, "form": form, "fd": fd, "fi": fi, "ft": ft, "galat": galat, "tampil_galat": simpan,
        "dipakai": s is not None and s.putaran.exists(),
    })
