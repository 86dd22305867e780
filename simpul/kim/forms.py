"""Forms of the KIM registry's internal pages: the formation wizard, members, verification.

Forms only parse input; every rule lives in ``services``. Views turn service errors into form
errors (``tambah_galat``) and re-render with the input kept.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.core import errors
from simpul.core.telepon import normalize_telepon
from simpul.wilayah.forms import WilayahField
from simpul.wilayah.models import Tingkat

from .models import (
    MEDIA_SOSIAL,
    JenisKelamin,
    KelompokUmur,
    PenerbitSK,
    StatusKim,
    SumberDana,
)
from .services import CHECKLIST_VERIFIKASI

FORMAT_TANGGAL = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
LABEL_MEDIA = {
    "website": _("Situs web"), "facebook": "Facebook", "instagram": "Instagram",
    "youtube": "YouTube", "tiktok": "TikTok", "x": "X (Twitter)",
}


class TanggalField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", FORMAT_TANGGAL)
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


class TeleponField(forms.CharField):
    """An optional Indonesian phone number, cleaned to E.164 (``+62...``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        try:
            return normalize_telepon(value)
        except errors.ValidationError as exc:
            raise forms.ValidationError(exc.message, code="telepon") from None


def field_desa(**kwargs) -> forms.Field:
    """The region picker (a code or a name; type-ahead with JavaScript), desa/kelurahan only."""
    kwargs.setdefault("label", _("Desa/kelurahan"))
    return WilayahField(tingkat=Tingkat.DESA, **kwargs)


def kode_desa(nilai) -> str:
    """The region code from whatever the desa field cleaned to (a Wilayah or a code)."""
    return getattr(nilai, "kode", nilai) or ""


# --- step 1: identity ---------------------------------------------------------------------------
class IdentitasForm(forms.Form):
    nama = forms.CharField(label=_("Nama KIM"), max_length=120,
                           help_text=_("Contoh: KIM Orobatu Bersatu"))
    alamat = forms.CharField(label=_("Alamat sekretariat"), max_length=255, required=False)
    telepon = TeleponField(label=_("Telepon/WhatsApp KIM"), help_text=_("Contoh: 0812 3456 7890"))
    email = forms.EmailField(label=_("Email KIM"), required=False)
    tanggal_berdiri = TanggalField(label=_("Tanggal berdiri (rapat pembentukan)"), required=False)
    sumber_dana = forms.MultipleChoiceField(
        label=_("Sumber dana"), choices=SumberDana.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("KIM mandiri: tidak dibiayai APBD maupun dana desa."),
    )
    deskripsi = forms.CharField(label=_("Tentang KIM"), required=False, max_length=4000,
                                widget=forms.Textarea(attrs={"rows": 3}))
    situs_kimid = forms.URLField(label=_("Situs kim.id (bila ada)"), required=False, assume_scheme="https")

    def __init__(self, *args, pembuat: bool = False, kunci_nama_desa: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"] = field_desa()
        self.order_fields(["nama", "desa"])
        for m in MEDIA_SOSIAL:
            self.fields[f"media_{m}"] = forms.URLField(
                label=LABEL_MEDIA[m], required=False, assume_scheme="https",
                widget=forms.URLInput(attrs={"placeholder": "https://"}),
            )
        if pembuat:
            self.fields["kelompok_umur"] = forms.ChoiceField(
                label=_("Kelompok umur Anda"), choices=[("", "—"), *KelompokUmur.choices], required=False,
                help_text=_("Pembentuk KIM menjadi ketuanya; ketua harus berusia 18 tahun ke atas."),
            )
            self.fields["jenis_kelamin"] = forms.ChoiceField(
                label=_("Jenis kelamin Anda"), choices=[("", "—"), *JenisKelamin.choices], required=False,
            )
        if kunci_nama_desa:
            for nama in ("nama", "desa"):
                self.fields[nama].disabled = True
                self.fields[nama].help_text = _("Hanya dapat diubah sebelum KIM disetujui.")

    @property
    def media_fields(self):
        return [self[f"media_{m}"] for m in MEDIA_SOSIAL]

    def media_sosial(self) -> dict[str, str]:
        return {m: self.cleaned_data.get(f"media_{m}") or "" for m in MEDIA_SOSIAL}


# --- step 2: members ----------------------------------------------------------------------------
class AnggotaForm(forms.Form):
    nama = forms.CharField(label=_("Nama"), max_length=150)
    telepon = TeleponField(label=_("Nomor HP (boleh kosong)"))
    jenis_kelamin = forms.ChoiceField(label=_("Jenis kelamin"), choices=[("", "—"), *JenisKelamin.choices],
                                      required=False)
    kelompok_umur = forms.ChoiceField(label=_("Kelompok umur"), choices=[("", "—"), *KelompokUmur.choices],
                                      required=False)


class AnggotaBarisForm(AnggotaForm):
    """One row of the "add several members" page; a blank row is ignored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_permitted = True
        self.use_required_attribute = False


AnggotaFormSet = forms.formset_factory(AnggotaBarisForm, extra=5, max_num=30, absolute_max=60)


class NonaktifForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan (boleh kosong)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


# --- step 3: officers ---------------------------------------------------------------------------
def _pilihan_anggota(anggota) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(a.pk), a.nama) for a in anggota]


class PengurusIntiForm(forms.Form):
    ketua = forms.ChoiceField(label=_("Ketua"), required=False)
    sekretaris = forms.ChoiceField(label=_("Sekretaris"), required=False)
    bendahara = forms.ChoiceField(label=_("Bendahara"), required=False)
    mulai = TanggalField(label=_("Mulai menjabat"), required=False)
    selesai = TanggalField(label=_("Akhir masa jabatan"), required=False)

    def __init__(self, *args, anggota=(), **kwargs):
        super().__init__(*args, **kwargs)
        pilihan = _pilihan_anggota(anggota)
        for f in ("ketua", "sekretaris", "bendahara"):
            self.fields[f].choices = pilihan

    @property
    def kosong(self) -> bool:
        return not any(self.cleaned_data.get(f) for f in ("ketua", "sekretaris", "bendahara"))

    def clean(self):
        data = super().clean()
        dipilih = [f for f in ("ketua", "sekretaris", "bendahara") if data.get(f)]
        if dipilih and len(dipilih) < 3:
            raise forms.ValidationError(_("Pilih ketua, sekretaris dan bendahara sekaligus."))
        return data


class SeksiForm(forms.Form):
    anggota = forms.ChoiceField(label=_("Anggota"), required=False)
    nama_seksi = forms.CharField(label=_("Nama seksi"), max_length=80, required=False,
                                 help_text=_("Contoh: Pengumpulan informasi, Pengolahan, Penyebaran"))

    def __init__(self, *args, anggota=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anggota"].choices = _pilihan_anggota(anggota)
        self.empty_permitted = True
        self.use_required_attribute = False

    def clean(self):
        data = super().clean()
        if data.get("anggota") and not data.get("nama_seksi"):
            self.add_error("nama_seksi", _("Isi nama seksinya."))
        elif data.get("nama_seksi") and not data.get("anggota"):
            self.add_error("anggota", _("Pilih anggota untuk seksi ini."))
        return data


SeksiFormSet = forms.formset_factory(SeksiForm, extra=2, max_num=10, absolute_max=20)


# --- step 4: SK, step 5: founding documents -----------------------------------------------------
class SkForm(forms.Form):
    nomor = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)
    tanggal = TanggalField(label=_("Tanggal SK"), required=False)
    penerbit_jenis = forms.ChoiceField(label=_("Diterbitkan oleh"), choices=[("", "—"), *PenerbitSK.choices],
                                       required=False)
    penerbit_nama = forms.CharField(label=_("Nama pejabat/instansi penerbit"), max_length=150, required=False,
                                    help_text=_("Contoh: Kepala Desa Orobatu"))
    berlaku_sampai = TanggalField(label=_("Berlaku sampai"), required=False)
    berkas = forms.FileField(label=_("Berkas SK (PDF, JPG, PNG atau WebP)"), required=False,
                             widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}))

    @property
    def kosong(self) -> bool:
        return not any(self.cleaned_data.get(f) for f in self.fields)


class DokumenForm(forms.Form):
    notulen = forms.FileField(label=_("Notulen rapat pembentukan"), required=False,
                              widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}))
    daftar_hadir = forms.FileField(label=_("Daftar hadir rapat pembentukan"), required=False,
                                   widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}))


# --- verification -------------------------------------------------------------------------------
class SetujuiForm(forms.Form):
    checklist = forms.MultipleChoiceField(label=_("Butir pemeriksaan"), choices=CHECKLIST_VERIFIKASI,
                                          required=False, widget=forms.CheckboxSelectMultiple)


class CatatanForm(forms.Form):
    catatan = forms.CharField(label=_("Catatan untuk pengurus: apa yang perlu diperbaiki"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AlasanForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class SaringStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Semua")), *StatusKim.choices], required=False)
