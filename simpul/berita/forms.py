from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kategori


class ArtikelForm(forms.Form):
    judul = forms.CharField(label=_("Judul"), max_length=150)
    isi = forms.CharField(label=_("Isi berita"), max_length=20000, widget=forms.Textarea(attrs={"rows": 14}),
                          help_text=_("Markdown: **tebal**, *miring*, ## subjudul, - daftar, [tautan](https://...)."))
    kategori = forms.ModelChoiceField(label=_("Kategori"), queryset=Kategori.objects.all(), required=False,
                                      empty_label=_("(tanpa kategori)"))
    tag = forms.CharField(label=_("Tag"), max_length=300, required=False,
                          help_text=_("Pisahkan dengan koma, mis. pertanian, festival"))
    foto = forms.FileField(label=_("Foto utama"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
                           help_text=_("JPEG, PNG atau WebP. Diperkecil otomatis; data lokasi dihapus."))
    foto_keterangan = forms.CharField(label=_("Keterangan foto"), max_length=200, required=False)
    hapus_foto = forms.BooleanField(label=_("Hapus foto"), required=False)


class CatatanForm(forms.Form):
    catatan = forms.CharField(label=_("Apa yang perlu diperbaiki"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))


class SetujuForm(forms.Form):
    terbit_pada = forms.DateTimeField(label=_("Jadwal terbit (kosongkan untuk terbit sekarang)"), required=False,
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                      input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


class TarikForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan penarikan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
