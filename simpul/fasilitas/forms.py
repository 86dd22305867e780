"""Forms of the facility register: parsing only; the rules live in ``services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.kim.models import Kim
from simpul.wilayah.forms import WilayahField

from .models import JenisFasilitas, StatusFasilitas, SumberFasilitas


class FasilitasForm(forms.Form):
    kim = forms.CharField(label=_("KIM (alamat halaman/slug)"), max_length=140,
                          help_text=_("Mis. kim-orobatu-bersatu"))
    jenis = forms.ChoiceField(label=_("Jenis"), choices=JenisFasilitas.choices)
    nama = forms.CharField(label=_("Nama"), max_length=150)
    status = forms.ChoiceField(label=_("Status"), choices=StatusFasilitas.choices, initial=StatusFasilitas.AKTIF)
    sumber = forms.ChoiceField(label=_("Diberikan oleh"), choices=SumberFasilitas.choices)
    sumber_nama = forms.CharField(label=_("Nama pemberi/program"), max_length=150, required=False)
    tanggal_terima = forms.DateField(label=_("Tanggal diterima"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                     input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    lat = forms.FloatField(label=_("Lintang (wifi)"), required=False, min_value=-90, max_value=90,
                           widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}))
    lng = forms.FloatField(label=_("Bujur (wifi)"), required=False, min_value=-180, max_value=180,
                           widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}))
    penyedia = forms.CharField(label=_("Penyedia internet (wifi)"), max_length=100, required=False)
    bandwidth_mbps = forms.IntegerField(label=_("Bandwidth, Mbps (wifi)"), min_value=0, max_value=100_000,
                                        required=False)
    biaya_bulanan = forms.IntegerField(label=_("Biaya per bulan, Rp (wifi)"), min_value=0,
                                       max_value=1_000_000_000, required=False)
    pengguna_per_bulan = forms.IntegerField(label=_("Pengguna per bulan (wifi)"), min_value=0, required=False)
    jumlah = forms.IntegerField(label=_("Jumlah unit"), min_value=1, max_value=100_000, initial=1)
    keterangan = forms.CharField(label=_("Keterangan"), max_length=2000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))

    def clean_kim(self):
        kim = Kim.objects.filter(slug=(self.cleaned_data.get("kim") or "").strip()).first()
        if kim is None:
            raise forms.ValidationError(_("KIM tidak dikenal. Tulis alamat halamannya, mis. kim-orobatu-bersatu."))
        return kim


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=StatusFasilitas.choices)
    catatan = forms.CharField(label=_("Catatan"), max_length=500, required=False)


class PemakaianForm(forms.Form):
    pengguna_per_bulan = forms.IntegerField(label=_("Pengguna bulan ini"), min_value=0, max_value=10_000_000)


class SaringForm(forms.Form):
    wilayah = WilayahField(label=_("Wilayah"), tingkat=None, required=False)
    jenis = forms.ChoiceField(label=_("Jenis"), choices=[("", _("Semua"))] + JenisFasilitas.choices, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Semua"))] + StatusFasilitas.choices,
                               required=False)
    q = forms.CharField(label=_("Cari nama atau KIM"), max_length=100, required=False)
