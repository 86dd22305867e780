"""Input parsing for the cash book. Rules (amounts, dates, receipts) live in ``services``; the
amount is parsed by ``rupiah.parse_rupiah`` so the message is the same everywhere."""

from __future__ import annotations

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.kim.models import SumberDana

from .models import JenisTransaksi

FORMAT_TANGGAL = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


class TransaksiForm(forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis"), choices=JenisTransaksi.choices, widget=forms.RadioSelect)
    sumber = forms.ChoiceField(label=_("Sumber dana (untuk pemasukan)"), required=False,
                               choices=[("", "—"), *SumberDana.choices])
    tanggal = forms.DateField(label=_("Tanggal"), input_formats=FORMAT_TANGGAL,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    jumlah = forms.CharField(label=_("Jumlah (Rp)"), max_length=30,
                             widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "150.000",
                                                           "autocomplete": "off"}))
    uraian = forms.CharField(label=_("Uraian"), max_length=200)
    bukti = forms.FileField(label=_("Bukti/kuitansi (foto atau PDF)"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}))
    kunci = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("kunci", secrets.token_urlsafe(16))


class KoreksiForm(TransaksiForm):
    alasan = forms.CharField(label=_("Alasan koreksi"), max_length=300)


class BatalForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan pembatalan"), max_length=300)


class PeriodeForm(forms.Form):
    tahun = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    bulan = forms.IntegerField(required=False, min_value=1, max_value=12)


class AturanForm(forms.Form):
    bulan = forms.IntegerField(label=_("Periode (bulan terakhir)"), min_value=1, max_value=60, initial=12)
    sumber_pemerintah = forms.MultipleChoiceField(
        label=_("Sumber dana yang membuat KIM tidak mandiri"), choices=SumberDana.choices,
        widget=forms.CheckboxSelectMultiple, initial=["apbd", "dana_desa"])
    wajib_menutup_pengeluaran = forms.BooleanField(label=_("Pemasukan sendiri harus menutup pengeluaran"),
                                                   required=False, initial=True)
    min_transaksi = forms.IntegerField(label=_("Minimal transaksi dalam periode"), min_value=1, initial=1)
    deklarasi_tanpa_buku = forms.BooleanField(
        label=_("KIM yang belum memakai buku kas memakai sumber dana yang dinyatakan"), required=False,
        initial=True)
