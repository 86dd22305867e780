from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.wilayah.forms import WilayahField
from simpul.wilayah.models import Tingkat

from .models import ModePutaran, SumberNilai

FORMAT_TANGGAL = ["%Y-%m-%d", "%d/%m/%Y"]


class PutaranForm(forms.Form):
    skema = forms.ModelChoiceField(label=_("Skema penilaian"), queryset=None)
    wilayah = WilayahField(label=_("Wilayah"))
    nama = forms.CharField(label=_("Nama putaran"), max_length=150)
    dari = forms.DateField(label=_("Periode dari"), input_formats=FORMAT_TANGGAL,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    sampai = forms.DateField(label=_("Periode sampai"), input_formats=FORMAT_TANGGAL,
                             widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    mode = forms.ChoiceField(label=_("Mode"), choices=ModePutaran.choices)
    kategori = forms.CharField(label=_("Kategori lomba (pisahkan dengan koma)"), required=False, max_length=500)

    def __init__(self, *args, skema_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skema"].queryset = skema_qs


class NilaiJuriForm(forms.Form):
    skor = forms.IntegerField(label=_("Skor (0–100)"), min_value=0, max_value=100)
    bukti = forms.URLField(label=_("Tautan bukti"), required=False, max_length=200)
    catatan = forms.CharField(label=_("Catatan"), required=False, max_length=500)


class KategoriForm(forms.Form):
    kategori = forms.CharField(label=_("Kategori"), required=False, max_length=80)


class LaporanForm(forms.Form):
    wilayah = WilayahField(label=_("Wilayah"))
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)


# --- The scheme editor (no JS: rows are formsets; "add a row" re-submits with one more row) -------

def pilihan_sumber() -> list:
    from . import indikator as reg
    return [(SumberNilai.JURI, _("Dinilai juri/penilai (0–100, dengan bukti)")),
            (_("Dihitung dari data Simpul"), [(f"otomatis:{k}", label) for k, label in reg.pilihan()])]


class SkemaForm(forms.Form):
    nama = forms.CharField(label=_("Nama skema"), max_length=150)
    wilayah = WilayahField(label=_("Wilayah skema"), required=False,
                           tingkat=(Tingkat.PROVINSI, Tingkat.KABKOTA, Tingkat.KECAMATAN),
                           help_text=_("Provinsi, kabupaten/kota atau kecamatan di wilayah kerja Anda."))
    keterangan = forms.CharField(label=_("Keterangan"), required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 3}))


class _Baris(forms.Form):
    """A row that may be left empty: a row without a name is skipped (that is how a row is removed)."""

    def kosong(self) -> bool:
        return not (self.cleaned_data.get("nama") or "").strip()

    def clean(self):
        data = super().clean()
        if (data.get("nama") or "").strip():
            for nama in self.wajib:
                if data.get(nama) in (None, "") and nama not in self.errors:
                    self.add_error(nama, _("Wajib diisi."))
        return data


class DimensiForm(_Baris):
    wajib = ("bobot",)
    nama = forms.CharField(label=_("Nama dimensi"), max_length=120, required=False)
    bobot = forms.IntegerField(label=_("Bobot"), required=False, min_value=1, max_value=1000,
                               error_messages={"min_value": _("Bobot harus lebih dari 0.")})


class IndikatorForm(_Baris):
    wajib = ("dimensi", "bobot", "sumber")
    dimensi = forms.ChoiceField(label=_("Dimensi"), required=False)
    nama = forms.CharField(label=_("Nama indikator"), max_length=160, required=False)
    bobot = forms.IntegerField(label=_("Bobot"), required=False, min_value=1, max_value=1000,
                               error_messages={"min_value": _("Bobot harus lebih dari 0.")})
    sumber = forms.ChoiceField(label=_("Jenis penilaian"), required=False)
    target = forms.DecimalField(label=_("Nilai penuh pada (indikator otomatis)"), required=False, min_value=0,
                                max_digits=12, decimal_places=2,
                                help_text=_("Nilai data yang mendapat skor 100; di bawahnya dihitung sebanding."))

    def __init__(self, *args, dimensi_pilihan=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimensi"].choices = [("", "—"), *dimensi_pilihan]
        self.fields["sumber"].choices = pilihan_sumber()

    def clean(self):
        data = super().clean()
        if not self.kosong() and (data.get("sumber") or "").startswith("otomatis:"):
            t = data.get("target")
            if t is None or t <= 0:
                self.add_error("target", _("Untuk indikator otomatis, isi nilai penuh lebih dari 0."))
        return data


class TingkatForm(_Baris):
    wajib = ("batas_bawah",)
    nama = forms.CharField(label=_("Nama tingkat"), max_length=60, required=False)
    batas_bawah = forms.DecimalField(label=_("Skor minimal (0–100)"), required=False, min_value=0, max_value=100,
                                     max_digits=5, decimal_places=2)


class _BarisFormSet(forms.BaseFormSet):
    judul_kembar = _("Nama tidak boleh kembar: %(n)s.")

    def baris(self) -> list[forms.Form]:
        return [f for f in self.forms if f.is_valid() and not f.kosong()]

    def clean(self):
        if any(self.errors):
            return
        lihat = set()
        for f in self.baris():
            kunci = self.kunci_kembar(f)
            if kunci in lihat:
                raise forms.ValidationError(self.judul_kembar % {"n": f.cleaned_data["nama"].strip()})
            lihat.add(kunci)

    def kunci_kembar(self, f):
        return f.cleaned_data["nama"].strip().casefold()


class DimensiFormSet(_BarisFormSet):
    def clean(self):
        super().clean()
        if not any(self.errors) and not self.baris():
            raise forms.ValidationError(_("Isi minimal satu dimensi."))


class IndikatorFormSet(_BarisFormSet):
    judul_kembar = _("Nama indikator tidak boleh kembar dalam satu dimensi: %(n)s.")

    def __init__(self, *args, dimensi_pilihan=(), **kwargs):
        self.dimensi_pilihan = dimensi_pilihan
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"dimensi_pilihan": self.dimensi_pilihan}

    @property
    def empty_form(self):  # not used (no JS), but must not fail
        return self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), empty_permitted=True,
                         use_required_attribute=False, dimensi_pilihan=self.dimensi_pilihan)

    def kunci_kembar(self, f):
        return (f.cleaned_data["dimensi"], f.cleaned_data["nama"].strip().casefold())

    def clean(self):
        super().clean()
        if not any(self.errors) and not self.baris():
            raise forms.ValidationError(_("Isi minimal satu indikator."))


class TingkatFormSet(_BarisFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        baris = self.baris()
        if not baris:
            raise forms.ValidationError(_("Isi minimal satu tingkat."))
        batas = [f.cleaned_data["batas_bawah"] for f in baris]
        if any(b >= c for b, c in zip(batas, batas[1:], strict=False)):
            raise forms.ValidationError(_("Urutkan tingkat dari yang terendah: skor minimal harus terus naik "
                                          "(mis. Dasar 0, Tumbuh 40, Berkembang 60, Unggul 80)."))


def formset(kelas, form, *, data, prefix: str, **kwargs):
    fs = forms.formset_factory(form, formset=kelas, extra=0, max_num=60, absolute_max=60, validate_max=True)
    return fs(data, prefix=prefix, **kwargs)
