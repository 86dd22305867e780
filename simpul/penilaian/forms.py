from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.core import errors
from simpul.wilayah.forms import WilayahField

from .models import ModePutaran

FORMAT_TANGGAL = ["%Y-%m-%d", "%d/%m/%Y"]


def tambah_galat(form: forms.Form, exc: errors.ApplicationError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


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
