"""Forms of the dissemination pages: they only parse input; every rule lives in ``services``."""

from __future__ import annotations

import re
import secrets

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.wilayah.forms import WilayahField

from .models import Kategori, Prioritas, Saluran, StatusKampanye

FORMAT_TANGGAL = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


class TanggalField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", FORMAT_TANGGAL)
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


def pisah_kode(teks: str) -> list[str]:
    return [k for k in re.split(r"[\s,;]+", teks or "") if k]


class KampanyeForm(forms.Form):
    judul = forms.CharField(label=_("Judul"), max_length=200)
    isi = forms.CharField(label=_("Isi"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20_000,
                          help_text=_("Markdown: **tebal**, *miring*, daftar dengan tanda -, tautan [teks](https://...)."))
    kategori = forms.ChoiceField(label=_("Kategori"), choices=Kategori.choices)
    prioritas = forms.ChoiceField(label=_("Prioritas"), choices=Prioritas.choices, initial=Prioritas.BIASA)
    mulai = TanggalField(label=_("Tanggal mulai"))
    selesai = TanggalField(label=_("Tanggal selesai"))
    target = forms.CharField(
        label=_("Wilayah sasaran (kode)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "76.02.02\n76.02.03"}),
        help_text=_("Satu kode wilayah per baris atau dipisah koma: provinsi, kabupaten/kota, kecamatan atau "
                    "desa. Semua KIM aktif di wilayah itu menerima kampanye."),
    )
    tambah_wilayah = WilayahField(
        label=_("Tambah wilayah berdasarkan nama"), tingkat=None, required=False,
        help_text=_("Ketik nama wilayah (misalnya Tapalang) bila tidak hafal kodenya."),
    )
    kantor_kode = forms.ChoiceField(label=_("Atas nama kantor"), required=False, choices=())

    def __init__(self, *args, kantor: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if kantor and len(kantor) > 1:
            self.fields["kantor_kode"].choices = kantor
        else:
            del self.fields["kantor_kode"]

    def daftar_target(self) -> list[str]:
        kodes = pisah_kode(self.cleaned_data.get("target", ""))
        w = self.cleaned_data.get("tambah_wilayah")
        if w is not None:
            kodes.append(w.kode)
        return kodes


class LampiranForm(forms.Form):
    berkas = forms.FileField(label=_("Berkas (foto atau PDF)"),
                             widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}))
    judul = forms.CharField(label=_("Keterangan"), max_length=150, required=False)


class LaporanForm(forms.Form):
    saluran = forms.ChoiceField(label=_("Saluran"), choices=Saluran.choices)
    tanggal = TanggalField(label=_("Tanggal"))
    jumlah_orang = forms.IntegerField(
        label=_("Jumlah orang terjangkau"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0", "step": "1"}),
    )
    tautan = forms.CharField(label=_("Tautan bukti (bila ada)"), required=False, max_length=500,
                             widget=forms.URLInput(attrs={"placeholder": "https://"}))
    foto = forms.FileField(label=_("Foto bukti (bila ada)"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    catatan = forms.CharField(label=_("Catatan"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))
    kunci = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("tanggal", timezone.localdate())
        kwargs["initial"].setdefault("kunci", secrets.token_urlsafe(16))
        super().__init__(*args, **kwargs)


class SaringForm(forms.Form):
    status = forms.ChoiceField(choices=[("", _("Semua"))] + list(StatusKampanye.choices), required=False)
