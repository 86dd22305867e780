"""Coverage pages (public: aggregate data only) and target management (offices, scoped).

A desa code (``/cakupan/76.02.02.2003/``) redirects to its kecamatan's page with that desa
highlighted in the table and on the map (``?desa=<kode>#desa-<kode>``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from simpul.core import ekspor, scope, svg
from simpul.core.errors import ApplicationError, NotFound, galat_atau_404
from simpul.core.laju import batasi_laju
from simpul.core.peran import Aksi
from simpul.wilayah.models import Tingkat

from . import selectors, services
from .forms import NonaktifkanForm, TargetForm
from .models import JenisTarget

PER_HALAMAN_DESA = 50
PER_HALAMAN_TARGET = 25
MAKS_BATANG = 40
LEBAR_PETA = 420  # user units: text and dots stay legible from a phone to a desk (max 36rem)


# --- helpers ------------------------------------------------------------------------------------

def _angka(n: int) -> str:
    return number_format(n, force_grouping=True)


def _persen_teks(p: float | None) -> str:
    return "—" if p is None else f"{number_format(p, 1)}%"


def _warna_persen(p: float | None) -> str:
    if p is None:
        return svg.WARNA["abu"]
    if p >= 100:
        return svg.WARNA["biru"]
    if p >= 50:
        return svg.WARNA["langit"]
    if p > 0:
        return svg.WARNA["jingga"]
    return svg.WARNA["merah"]


def _lapisan_persen() -> list[svg.Lapisan]:
    return [
        svg.Lapisan("100", _("Semua desa punya KIM aktif"), svg.WARNA["biru"], 8),
        svg.Lapisan("50", _("50–99% desa punya KIM"), svg.WARNA["langit"], 8),
        svg.Lapisan("1", _("Di bawah 50%"), svg.WARNA["jingga"], 8),
        svg.Lapisan("0", _("Belum ada KIM aktif"), svg.WARNA["merah"], 8),
    ]


def _kelas_persen(p: float | None) -> str:
    if p is None or p == 0:
        return "0"
    if p >= 100:
        return "100"
    return "50" if p >= 50 else "1"


def _lapisan_desa() -> list[svg.Lapisan]:
    return [
        svg.Lapisan("ya", _("Desa/kelurahan dengan KIM aktif"), svg.WARNA["biru"], 7),
        svg.Lapisan("tidak", _("Belum punya KIM aktif"), svg.WARNA["merah"], 7),
    ]


def _kelas_titik(b: selectors.Baris, tingkat_peta: int) -> str:
    if tingkat_peta == Tingkat.DESA:
        return "ya" if b.angka.desa_tercakup else "tidak"
    return _kelas_persen(b.angka.persen_desa)


def _nama_wilayah(c: selectors.Cakupan) -> str:
    return c.wilayah.nama_lengkap if c.wilayah else _("Indonesia")


def _grafik(c: selectors.Cakupan):
    if not c.anak:
        return None
    baris = c.anak[:MAKS_BATANG]
    nama = _nama_wilayah(c)
    if c.tingkat_anak == Tingkat.DESA:
        maks = max((b.angka.kim_aktif for b in baris), default=0) or 1
        batang = [svg.Batang(b.wilayah.nama, b.angka.kim_aktif, _angka(b.angka.kim_aktif),
                             svg.WARNA["biru"] if b.angka.kim_aktif else svg.WARNA["merah"]) for b in baris]
        return svg.grafik_batang(
            batang, maks=maks,
            judul=_("Jumlah KIM aktif per desa/kelurahan di %(w)s") % {"w": nama},
            deskripsi=_("Desa tanpa KIM aktif lebih dahulu. Angka yang sama ada di tabel di atas."),
        )
    batang = [
        svg.Batang(b.wilayah.nama, b.angka.persen_desa,
                   f"{_persen_teks(b.angka.persen_desa)} ({_angka(b.angka.desa_tercakup)}/"
                   f"{_angka(b.angka.desa)})",
                   _warna_persen(b.angka.persen_desa))
        for b in baris
    ]
    return svg.grafik_batang(
        batang,
        judul=_("Persentase desa/kelurahan dengan KIM aktif per %(t)s di %(w)s")
        % {"t": Tingkat(c.tingkat_anak).label.lower(), "w": nama},
        deskripsi=_("Yang paling tertinggal lebih dahulu. Angka yang sama ada di tabel di atas."),
    )


def _peta(c: selectors.Cakupan, sorot: selectors.Baris | None):
    if not c.peta:
        return None, 0
    desa = c.tingkat_peta == Tingkat.DESA
    titik = [svg.Titik(b.wilayah.lat, b.wilayah.lng, _kelas_titik(b, c.tingkat_peta))
             for b in c.peta if b.wilayah.lat is not None and b.wilayah.lng is not None]
    tanpa_koordinat = len(c.peta) - len(titik)
    tanda = None
    if sorot is not None and sorot.wilayah.lat is not None:
        tanda = (sorot.wilayah.lat, sorot.wilayah.lng, sorot.wilayah.nama)
    if desa:
        deskripsi = _("Satu titik per desa/kelurahan di %(w)s, menurut ada tidaknya KIM aktif.")
    else:
        deskripsi = _("Satu titik per %(t)s di %(w)s, diwarnai menurut persentase desa/kelurahan "
                      "yang punya KIM aktif.")
    deskripsi = deskripsi % {"w": _nama_wilayah(c), "t": Tingkat(c.tingkat_peta).label.lower()}
    lapisan = _lapisan_desa() if desa else _lapisan_persen()
    gambar = svg.peta_titik(
        titik, lapisan, judul=_("Peta cakupan KIM %(w)s") % {"w": _nama_wilayah(c)},
        deskripsi=deskripsi, sorot=tanda, legenda=False, lebar=LEBAR_PETA,
    )
    return gambar + svg.legenda_html(lapisan, svg.hitung_lapisan(titik)), tanpa_koordinat


def _cakupan_atau_404(kode: str | None, **kwargs) -> selectors.Cakupan:
    try:
        return selectors.cakupan_wilayah(kode, **kwargs)
    except NotFound:
        raise Http404(_("Wilayah tidak ditemukan.")) from None


def _wilayah_atau_404(kode: str | None):
    if kode is None:
        return None, []
    try:
        return selectors.wilayah_dan_leluhur(kode)
    except NotFound:
        raise Http404(_("Wilayah tidak ditemukan.")) from None


# --- coverage pages -----------------------------------------------------------------------------

@require_safe
def nasional(request):
    return _halaman(request, None)


@require_safe
def wilayah(request, kode: str):
    if selectors.tingkat_dari_kode(kode) == Tingkat.DESA:
        desa, _jalur = _wilayah_atau_404(kode)
        url = reverse("cakupan:wilayah", args=[desa.induk_id])
        return redirect(f"{url}?{urlencode({'desa': kode})}#desa-{kode}")
    return _halaman(request, kode)


def _halaman(request, kode: str | None):
    c = _cakupan_atau_404(kode, peta=True)
    kode_sorot = request.GET.get("desa", "")
    sorot = next((b for b in c.anak if b.kode == kode_sorot), None) if c.tingkat_anak == Tingkat.DESA else None
    peta, tanpa_koordinat = _peta(c, sorot)
    boleh_target = c.tingkat < Tingkat.DESA and (
        scope.lingkup(request.user, Aksi.TARGET_KELOLA).semua if c.wilayah is None
        else scope.boleh(request.user, Aksi.TARGET_KELOLA, wilayah_kode=c.kode))
    return render(request, "cakupan/wilayah.html", {
        "c": c,
        "a": c.angka,
        "nama": _nama_wilayah(c),
        "label_anak": Tingkat(c.tingkat_anak).label if c.tingkat_anak else "",
        "label_peta": Tingkat(c.tingkat_peta).label if c.tingkat_peta else "",
        "grafik": _grafik(c),
        "peta": peta,
        "tanpa_koordinat": tanpa_koordinat,
        "sorot": sorot,
        "boleh_target": boleh_target,
        "tile_url": settings.SIMPUL_MAP_TILE_URL,
        "tile_attribution": settings.SIMPUL_MAP_TILE_ATTRIBUTION,
        "url_titik": reverse("cakupan:titik", args=[c.kode]) if c.kode else reverse("cakupan:titik_nasional"),
        "url_tanpa_kim": reverse("cakupan:tanpa_kim", args=[c.kode]) if c.kode
        else reverse("cakupan:tanpa_kim_nasional"),
    })


@require_safe
def titik(request, kode: str | None = None):
    """The map's points as JSON, for the interactive map (Leaflet)."""
    try:
        wilayah, tingkat_peta, baris = selectors.titik_peta(kode)
    except NotFound:
        return JsonResponse({"detail": _("Wilayah tidak ditemukan.")}, status=404)
    lapisan = {la.kunci: la for la in (_lapisan_desa() if tingkat_peta == Tingkat.DESA else _lapisan_persen())}
    data = []
    for b in baris:
        w, a = b.wilayah, b.angka
        if w.lat is None or w.lng is None:
            continue
        kelas = _kelas_titik(b, tingkat_peta)
        if tingkat_peta == Tingkat.DESA:
            url = f"{reverse('kim:direktori')}?{urlencode({'wilayah': w.kode})}" if a.kim_aktif else ""
        else:
            url = reverse("cakupan:wilayah", args=[w.kode])
        data.append({
            "kode": w.kode, "nama": w.nama_lengkap, "lat": round(w.lat, 5), "lng": round(w.lng, 5),
            "desa": a.desa, "desa_tercakup": a.desa_tercakup, "persen": a.persen_desa,
            "kim_aktif": a.kim_aktif, "kelas": kelas, "warna": lapisan[kelas].warna, "url": url,
        })
    return JsonResponse({
        "wilayah": {"kode": wilayah.kode, "nama": wilayah.nama_lengkap} if wilayah else None,
        "tingkat": tingkat_peta,
        "lapisan": [{"kelas": la.kunci, "label": str(la.label), "warna": la.warna} for la in lapisan.values()],
        "titik": data,
    })


# --- desa without an active KIM -----------------------------------------------------------------

def _wilayah_tanpa_kim_atau_404(kode: str | None):
    """The region of a "desa without a KIM" list: national, a province, kab/kota or kecamatan."""
    wilayah, jalur = _wilayah_atau_404(kode)
    if wilayah is not None and wilayah.tingkat == Tingkat.DESA:
        raise Http404
    return wilayah, jalur


@require_safe
def tanpa_kim(request, kode: str | None = None):
    wilayah, jalur = _wilayah_tanpa_kim_atau_404(kode)
    page = Paginator(selectors.desa_tanpa_kim_baris(kode), PER_HALAMAN_DESA).get_page(request.GET.get("halaman"))
    return render(request, "cakupan/tanpa_kim.html", {
        "wilayah": wilayah, "jalur": jalur, "page": page,
        "nama": wilayah.nama_lengkap if wilayah else _("Indonesia"),
        "url_csv": reverse("cakupan:tanpa_kim_csv", args=[kode]) if kode else reverse("cakupan:tanpa_kim_csv_nasional"),
        "url_xlsx": reverse("cakupan:tanpa_kim_xlsx", args=[kode]) if kode
        else reverse("cakupan:tanpa_kim_xlsx_nasional"),
        "url_cakupan": reverse("cakupan:wilayah", args=[kode]) if kode else reverse("cakupan:nasional"),
    })


def _judul_kolom() -> list[str]:
    return list(selectors.KOLOM_EKSPOR)


def _nama_berkas(kode: str | None, ext: str) -> str:
    return f"desa-tanpa-kim-{kode or 'nasional'}.{ext}"


@require_safe
@batasi_laju("ekspor", batas=30, periode=3600)
def tanpa_kim_csv(request, kode: str | None = None):
    _wilayah_tanpa_kim_atau_404(kode)
    rows = selectors.desa_tanpa_kim_baris(kode).iterator(chunk_size=2000)
    return ekspor.csv_response(_nama_berkas(kode, "csv"), _judul_kolom(), rows)


@require_safe
@batasi_laju("ekspor", batas=30, periode=3600)
def tanpa_kim_xlsx(request, kode: str | None = None):
    _wilayah_tanpa_kim_atau_404(kode)
    rows = selectors.desa_tanpa_kim_baris(kode).iterator(chunk_size=2000)
    return ekspor.xlsx_response(_nama_berkas(kode, "xlsx"), _judul_kolom(), rows, lembar=_("Desa tanpa KIM"))


# --- targets (offices) --------------------------------------------------------------------------

def _kelola_atau_404(request) -> None:
    if not selectors.boleh_kelola_target(request.user):
        raise Http404


def _target_atau_404(request, pk: int):
    try:
        return selectors.target_get_for_user(request.user, pk)
    except NotFound:
        raise Http404 from None


@login_required
@require_safe
def target_daftar(request):
    _kelola_atau_404(request)
    riwayat = request.GET.get("riwayat") == "1"
    qs = selectors.target_list_for_user(request.user, riwayat=riwayat)
    page = Paginator(qs, PER_HALAMAN_TARGET).get_page(request.GET.get("halaman"))
    return render(request, "cakupan/target_daftar.html", {
        "page": page, "riwayat": riwayat, "query": "riwayat=1" if riwayat else "",
    })


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def target_baru(request):
    _kelola_atau_404(request)
    if request.method == "POST":
        form = TargetForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                target = services.target_set(actor=request.user,
                                             wilayah_kode=d["wilayah"].kode if d["wilayah"] else None,
                                             jenis=d["jenis"], tenggat=d["tenggat"], catatan=d["catatan"])
            except ApplicationError as exc:
                galat_atau_404(form, exc)
            else:
                messages.success(request, _("Target disimpan."))
                return redirect("cakupan:target_detail", pk=target.pk)
    else:
        lingkup = scope.lingkup(request.user, Aksi.TARGET_KELOLA)
        awal = request.GET.get("wilayah", "").strip()[:13] or (lingkup.prefixes[0] if lingkup.prefixes else "")
        jenis = request.GET.get("jenis", "")
        form = TargetForm(initial={"wilayah": awal, "jenis": jenis if jenis in JenisTarget.values else ""})
    return render(request, "cakupan/target_form.html", {"form": form})


@login_required
@require_safe
def target_detail(request, pk: int):
    _kelola_atau_404(request)
    target = _target_atau_404(request, pk)
    return render(request, "cakupan/target_detail.html", {
        "target": target, "riwayat": selectors.target_riwayat(target), "form": NonaktifkanForm(),
    })


@login_required
@require_POST
def target_nonaktifkan(request, pk: int):
    _kelola_atau_404(request)
    target = _target_atau_404(request, pk)
    form = NonaktifkanForm(request.POST)
    if form.is_valid():
        try:
            services.target_deactivate(actor=request.user, target=target, alasan=form.cleaned_data["alasan"])
        except ApplicationError as exc:
            galat_atau_404(form, exc)
        else:
            messages.success(request, _("Target dinonaktifkan."))
            return redirect("cakupan:target_daftar")
    return render(request, "cakupan/target_detail.html", {
        "target": target, "riwayat": selectors.target_riwayat(target), "form": form,
    }, status=400)
