"""Office pages for the aspiration settings: agencies and staff, routing rules (with a "test the
rule" form), response templates and holidays. Offices only (Diskominfo kab/kota, provinsi,
Komdigi), each for its own region subtree; anything else answers 404. Thin: every write goes
through :mod:`simpul.aspirasi.pengaturan`, which also writes the audit event.
"""

from __future__ import annotations

from functools import partial, wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from simpul.core import scope
from simpul.core.errors import ApplicationError, NotFound, tambah_galat
from simpul.core.peran import Aksi

from . import pengaturan as svc
from .models import JenisLibur, Kategori

PER_HALAMAN = 50


def kantor(view):
    @login_required
    @wraps(view)
    def inner(request, *args, **kwargs):
        if not svc.adalah_kantor(request.user):
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
    return inner


# --- forms --------------------------------------------------------------------------------------
class InstansiForm(forms.Form):
    nama = forms.CharField(label=gettext_lazy("Nama"), max_length=150)
    singkatan = forms.CharField(label=gettext_lazy("Singkatan"), max_length=30, required=False)
    wilayah = forms.CharField(label=gettext_lazy("Kode wilayah layanan"), max_length=13,
                              help_text=gettext_lazy("Misalnya 76.02 untuk Kabupaten Mamuju."))
    induk = forms.TypedChoiceField(label=gettext_lazy("Instansi induk (untuk unit/bidang)"), required=False,
                                   coerce=int, empty_value=None)
    email = forms.CharField(label=gettext_lazy("Email kantor"), max_length=254, required=False)

    def __init__(self, *args, induk_qs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["induk"].choices = [("", "—")] + [(i.pk, str(i)) for i in induk_qs]


class StafForm(forms.Form):
    kontak = forms.CharField(label=gettext_lazy("Email atau nomor telepon akun"), max_length=254)
    jabatan = forms.CharField(label=gettext_lazy("Jabatan"), max_length=100, required=False)


class AturanForm(forms.Form):
    kategori = forms.TypedChoiceField(label=gettext_lazy("Kategori"), required=False, coerce=int, empty_value=None)
    wilayah = forms.CharField(label=gettext_lazy("Kode wilayah"), max_length=13,
                              help_text=gettext_lazy("Aspirasi dari desa di dalam wilayah ini."))
    instansi = forms.TypedChoiceField(label=gettext_lazy("Instansi tujuan"), coerce=int)
    prioritas = forms.IntegerField(label=gettext_lazy("Prioritas"), initial=0, min_value=-100, max_value=100,
                                   help_text=gettext_lazy("Lebih tinggi menang; bila sama, yang paling khusus."))

    def __init__(self, *args, instansi_qs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kategori"].choices = [("", gettext_lazy("Semua kategori"))] + [
            (k.pk, k.nama) for k in Kategori.objects.filter(aktif=True)]
        self.fields["instansi"].choices = [("", "—")] + [(i.pk, str(i)) for i in instansi_qs]


class UjiForm(forms.Form):
    kategori = forms.TypedChoiceField(label=gettext_lazy("Kategori"), required=False, coerce=int, empty_value=None)
    desa = forms.CharField(label=gettext_lazy("Kode desa/kelurahan"), max_length=13)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kategori"].choices = [("", gettext_lazy("Tanpa kategori"))] + [
            (k.pk, k.nama) for k in Kategori.objects.filter(aktif=True)]


class TemplatForm(forms.Form):
    judul = forms.CharField(label=gettext_lazy("Judul"), max_length=100)
    instansi = forms.TypedChoiceField(label=gettext_lazy("Instansi"), required=False, coerce=int, empty_value=None)
    isi = forms.CharField(label=gettext_lazy("Isi"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                          help_text=gettext_lazy("Isian yang tersedia: {kode} {judul} {desa} {instansi} {tenggat} {tanggal}."))

    def __init__(self, *args, instansi_qs=(), semua=False, **kwargs):
        super().__init__(*args, **kwargs)
        kosong = gettext_lazy("Semua instansi") if semua else "—"
        self.fields["instansi"].choices = [("", kosong)] + [(i.pk, str(i)) for i in instansi_qs]


class LiburForm(forms.Form):
    tanggal = forms.DateField(label=gettext_lazy("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    nama = forms.CharField(label=gettext_lazy("Keterangan"), max_length=150)
    jenis = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=JenisLibur.choices)
    wilayah = forms.CharField(label=gettext_lazy("Kode wilayah"), max_length=13, required=False)
    perkiraan = forms.BooleanField(label=gettext_lazy("Tanggal perkiraan (belum ditetapkan SKB)"), required=False)

    def __init__(self, *args, komdigi=False, **kwargs):
        super().__init__(*args, **kwargs)
        if komdigi:
            self.fields["wilayah"].help_text = gettext_lazy("Kosongkan untuk libur nasional.")
        else:
            self.fields["wilayah"].required = True
            self.fields["jenis"].choices = [c for c in JenisLibur.choices if c[0] != JenisLibur.NASIONAL]
            del self.fields["perkiraan"]


def _simpan(request, form, fn, **kw):
    """Run a service with the cleaned form; on an error put it on the form (input kept)."""
    if not form.is_valid():
        return None
    try:
        return fn(actor=request.user, **form.cleaned_data, **kw)
    except ApplicationError as exc:
        tambah_galat(form, exc)
        return None


def _aktif_instansi(user):
    return svc.instansi_list(user).filter(aktif=True).order_by("nama")


def _objek_form(request, nama, obj, buat_form, simpan, *, initial, judul, pesan, tujuan=None):
    """The new/edit page of a rule, template or holiday (``objek_form.html``). ``buat_form`` makes
    the form from data or ``initial``; ``simpan`` is the service with the object bound. A bad
    input re-renders with what was typed (400); a save goes to ``tujuan(hasil)`` or the list."""
    daftar = f"aspirasi:pengaturan_{nama}_daftar"
    if request.method == "POST":
        form = buat_form(request.POST)
        hasil = _simpan(request, form, simpan)
        if hasil is not None:
            messages.success(request, pesan)
            return redirect(tujuan(hasil) if tujuan else daftar)
        status = 400
    else:
        form = buat_form(initial=initial)
        status = 200
    return render(request, "aspirasi/pengaturan/objek_form.html", {
        "form": form, "obj": obj, "judul": judul, "kembali": daftar,
        "hapus": f"aspirasi:pengaturan_{nama}_hapus" if obj else None}, status=status)


def _hapus(request, nama, hapus, pesan):
    """Run the bound delete service, then back to the list of ``nama``."""
    hapus(actor=request.user)
    messages.success(request, pesan)
    return redirect(f"aspirasi:pengaturan_{nama}_daftar")


# --- pages --------------------------------------------------------------------------------------
@kantor
def beranda(request):
    return render(request, "aspirasi/pengaturan/beranda.html", {"komdigi": scope.lingkup(request.user, Aksi.ASPIRASI_ATUR).semua})


@kantor
def instansi_daftar(request):
    q = (request.GET.get("q") or "").strip()[:100]
    qs = svc.instansi_list(request.user).annotate(
        n_staf=Count("staf", filter=Q(staf__aktif=True), distinct=True)).order_by("-aktif", "wilayah_id", "nama")
    if q:
        qs = qs.filter(Q(nama__icontains=q) | Q(singkatan__icontains=q))
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    return render(request, "aspirasi/pengaturan/instansi_daftar.html", {"page": page, "q": q})


def _instansi_halaman(request, obj, form, staf_form=None, status=200):
    """The agency page (edit form, staff, units, history); the new-agency page when ``obj`` is None."""
    ctx = {"form": form, "obj": obj}
    if obj:
        ctx["staf"] = list(obj.staf.select_related("user").order_by("user__nama"))
        ctx["staf_form"] = staf_form or StafForm()
        ctx["unit"] = list(obj.unit.order_by("nama"))
        ctx["riwayat"] = svc.riwayat("instansi", obj.pk)
    return render(request, "aspirasi/pengaturan/instansi_form.html", ctx, status=status)


def _instansi_awal(obj) -> dict:
    return {"nama": obj.nama, "singkatan": obj.singkatan, "wilayah": obj.wilayah_id, "induk": obj.induk_id,
            "email": obj.email} if obj else {}


def _induk_qs(user, pk):
    qs = _aktif_instansi(user)
    return qs.exclude(pk=pk) if pk else qs


@kantor
def instansi_form(request, pk=None):
    obj = svc.instansi_get(request.user, pk) if pk else None
    if request.method == "POST":
        form = InstansiForm(request.POST, induk_qs=_induk_qs(request.user, pk))
        hasil = _simpan(request, form, svc.instansi_simpan, instansi=obj)
        if hasil is not None:
            messages.success(request, _("Instansi disimpan."))
            return redirect("aspirasi:pengaturan_instansi", pk=hasil.pk)
        return _instansi_halaman(request, obj, form, status=400)
    return _instansi_halaman(request, obj, InstansiForm(initial=_instansi_awal(obj),
                                                        induk_qs=_induk_qs(request.user, pk)))


@kantor
@require_POST
def instansi_aktif(request, pk):
    obj = svc.instansi_get(request.user, pk)
    aktif = request.POST.get("aktif") == "1"
    svc.instansi_atur_aktif(actor=request.user, instansi=obj, aktif=aktif)
    messages.success(request, _("Instansi diaktifkan kembali.") if aktif else
                     _("Instansi dinonaktifkan; aspirasi lamanya tetap tercatat."))
    return redirect("aspirasi:pengaturan_instansi", pk=pk)


@kantor
@require_POST
def staf_tambah(request, pk):
    obj = svc.instansi_get(request.user, pk)
    form = StafForm(request.POST)
    if _simpan(request, form, svc.staf_tambah, instansi=obj) is not None:
        messages.success(request, _("Staf ditautkan."))
        return redirect("aspirasi:pengaturan_instansi", pk=pk)
    return _instansi_halaman(request, obj, InstansiForm(initial=_instansi_awal(obj),
                                                        induk_qs=_induk_qs(request.user, pk)), form, status=400)


@kantor
@require_POST
def staf_hapus(request, pk, staf_id):
    obj = svc.instansi_get(request.user, pk)
    svc.staf_hapus(actor=request.user, instansi=obj, staf_id=staf_id)
    messages.success(request, _("Staf dilepas dari instansi."))
    return redirect("aspirasi:pengaturan_instansi", pk=pk)


@kantor
def aturan_daftar(request):
    page = Paginator(svc.aturan_list(request.user), PER_HALAMAN).get_page(request.GET.get("halaman"))
    uji = UjiForm(request.GET if "desa" in request.GET else None)
    hasil_uji = None
    diuji = False
    if uji.is_bound and uji.is_valid():
        try:
            hasil_uji = svc.aturan_uji(actor=request.user, **uji.cleaned_data)
            diuji = True
        except ApplicationError as exc:
            tambah_galat(uji, exc)
    return render(request, "aspirasi/pengaturan/aturan_daftar.html",
                  {"page": page, "uji": uji, "hasil_uji": hasil_uji, "diuji": diuji},
                  status=400 if uji.is_bound and uji.errors else 200)


@kantor
def aturan_form(request, pk=None):
    obj = svc.aturan_get(request.user, pk) if pk else None
    initial = {"kategori": obj.kategori_id, "wilayah": obj.wilayah_id, "instansi": obj.instansi_id,
               "prioritas": obj.prioritas} if obj else {"prioritas": 0}
    return _objek_form(request, "aturan", obj, partial(AturanForm, instansi_qs=_aktif_instansi(request.user)),
                       partial(svc.aturan_simpan, aturan=obj), initial=initial,
                       judul=_("Ubah aturan rute") if obj else _("Aturan rute baru"), pesan=_("Aturan rute disimpan."))


@kantor
@require_POST
def aturan_hapus(request, pk):
    return _hapus(request, "aturan", partial(svc.aturan_hapus, aturan=svc.aturan_get(request.user, pk)),
                  _("Aturan rute dihapus."))


@kantor
def templat_daftar(request):
    qs = svc.templat_list(request.user).order_by("instansi__nama", "judul")
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    for t in page:
        t.boleh_ubah = svc.boleh_ubah_templat(request.user, t)
    return render(request, "aspirasi/pengaturan/templat_daftar.html", {"page": page})


@kantor
def templat_form(request, pk=None):
    obj = svc.templat_get(request.user, pk, ubah=True) if pk else None
    buat = partial(TemplatForm, instansi_qs=_aktif_instansi(request.user),
                   semua=scope.lingkup(request.user, Aksi.ASPIRASI_ATUR).semua)
    return _objek_form(request, "templat", obj, buat, partial(svc.templat_simpan, templat=obj),
                       initial={"judul": obj.judul, "isi": obj.isi, "instansi": obj.instansi_id} if obj else {},
                       judul=_("Ubah templat tanggapan") if obj else _("Templat tanggapan baru"),
                       pesan=_("Templat disimpan."))


@kantor
@require_POST
def templat_hapus(request, pk):
    return _hapus(request, "templat", partial(svc.templat_hapus, templat=svc.templat_get(request.user, pk, ubah=True)),
                  _("Templat dihapus."))


@kantor
def libur_daftar(request):
    try:
        tahun = int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        tahun = timezone.localdate().year
    tahun = min(max(tahun, 2000), 2100)
    rows = list(svc.libur_list(request.user, tahun))
    for h in rows:
        h.boleh_ubah = svc.boleh_ubah_libur(request.user, h)
    return render(request, "aspirasi/pengaturan/libur_daftar.html", {
        "rows": rows, "tahun": tahun, "tahun_lalu": tahun - 1, "tahun_depan": tahun + 1})


@kantor
def libur_form(request, pk=None):
    obj = svc.libur_get(request.user, pk, ubah=True) if pk else None
    initial = ({"tanggal": obj.tanggal, "nama": obj.nama, "jenis": obj.jenis, "wilayah": obj.wilayah_id or "",
                "perkiraan": obj.perkiraan} if obj else {"jenis": JenisLibur.LOKAL})
    return _objek_form(request, "libur", obj,
                       partial(LiburForm, komdigi=scope.lingkup(request.user, Aksi.ASPIRASI_ATUR).semua),
                       partial(svc.libur_simpan, libur=obj), initial=initial,
                       judul=_("Ubah hari libur") if obj else _("Hari libur baru"),
                       pesan=_("Hari libur disimpan. Tenggat yang dihitung sesudah ini memperhitungkannya."),
                       tujuan=lambda h: f"{reverse('aspirasi:pengaturan_libur_daftar')}?tahun={h.tanggal.year}")


@kantor
@require_POST
def libur_hapus(request, pk):
    return _hapus(request, "libur", partial(svc.libur_hapus, libur=svc.libur_get(request.user, pk, ubah=True)),
                  _("Hari libur dihapus."))
