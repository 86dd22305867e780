"""Forms of the catalogue. They only parse; every rule lives in ``services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AlasanLaporan, Kategori


class PotensiForm(forms.Form):
    nama = forms.CharField(label=_("Nama produk/jasa/wisata"), max_length=120)
    kategori = forms.ChoiceField(label=_("Kategori"), choices=[("", "—"), *Kategori.choices])
    deskripsi = forms.CharField(label=_("Deskripsi"), required=False, max_length=4000,
                                widget=forms.Textarea(attrs={"rows": 6}),
                                help_text=_("Boleh memakai Markdown: **tebal**, daftar, tautan."))
    harga_min = forms.CharField(label=_("Harga terendah (Rp)"), required=False, max_length=20,
                                widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    harga_maks = forms.CharField(label=_("Harga tertinggi (Rp)"), required=False, max_length=20,
                                 widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    satuan = forms.CharField(label=_("Satuan"), required=False, max_length=40,
                             help_text=_("mis. per kg, per lembar, per malam"))
    desa = forms.CharField(label=_("Kode desa lokasi"), required=False, max_length=13,
                           help_text=_("Kosongkan bila sama dengan desa KIM."))
    usaha_kim = forms.BooleanField(label=_("Usaha yang dijalankan KIM sendiri"), required=False)
    penjual_nama = forms.CharField(label=_("Nama penjual"), required=False, max_length=120)
    penjual_telepon = forms.CharField(label=_("Nomor WhatsApp penjual"), required=False, max_length=24,
                                      widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}))
    izin_kontak = forms.BooleanField(
        label=_("Penjual sudah setuju nomornya ditampilkan untuk pemesanan"), required=False,
        help_text=_("Tanpa izin ini, pesanan diarahkan ke nomor KIM (UU Pelindungan Data Pribadi)."))


class FotoForm(forms.Form):
    foto = forms.FileField(label=_("Foto"))
    keterangan = forms.CharField(label=_("Keterangan foto"), required=False, max_length=160)


class LaporanForm(forms.Form):
    alasan = forms.ChoiceField(label=_("Alasan"), choices=AlasanLaporan.choices, widget=forms.RadioSelect)
    catatan = forms.CharField(label=_("Catatan (boleh kosong)"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class AlasanForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan"), max_length=300)
