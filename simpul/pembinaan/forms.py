"""Forms of kegiatan pembinaan: parsing only; the rules live in ``services``."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.core.peran import Jabatan
from simpul.kim.models import Kim
from simpul.wilayah.forms import WilayahField

from .models import JenisKegiatan

FORMAT_WAKTU = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M:%S"]


class WaktuField(forms.DateTimeField):
    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", FORMAT_WAKTU)
        kwargs.setdefault("widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
        super().__init__(**kwargs)


class KegiatanForm(forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis kegiatan"), choices=JenisKegiatan.choices)
    judul = forms.CharField(label=_("Judul"), max_length=200)
    program = forms.CharField(label=_("Program"), max_length=120, required=False,
                              help_text=_("Untuk rekap jangkauan, mis. “Literasi digital KIM 2026”."))
    wilayah = WilayahField(label=_("Wilayah sasaran"), tingkat=None,
                           help_text=_("Provinsi, kabupaten/kota, kecamatan atau desa. Anggota KIM di wilayah ini "
                                       "diundang."))
    penyelenggara = forms.CharField(label=_("Penyelenggara"), max_length=150)
    mulai = WaktuField(label=_("Mulai"))
    selesai = WaktuField(label=_("Selesai"))
    tempat = forms.CharField(label=_("Tempat"), max_length=255, required=False)
    tautan_daring = forms.URLField(label=_("Tautan daring (Zoom, Meet, dll.)"), max_length=500, required=False,
                                   assume_scheme="https")
    kapasitas = forms.IntegerField(label=_("Kapasitas"), min_value=1, max_value=100_000, required=False,
                                   help_text=_("Kosongkan bila tidak dibatasi. Bila penuh, pendaftar masuk daftar "
                                               "tunggu."))
    pendaftaran_tutup = WaktuField(label=_("Pendaftaran ditutup"), required=False,
                                   help_text=_("Kosongkan: pendaftaran ditutup saat kegiatan mulai."))
    sasaran_jabatan = forms.MultipleChoiceField(
        label=_("Jabatan yang diundang"), choices=Jabatan.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Kosongkan untuk mengundang semua anggota."))
    sasaran_kim = forms.CharField(
        label=_("Hanya KIM tertentu"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Opsional: alamat halaman (slug) KIM, dipisah koma atau baris baru, mis. "
                    "kim-orobatu-bersatu. Kosongkan untuk semua KIM di wilayah sasaran."))
    agenda = forms.CharField(label=_("Agenda dan keterangan"), required=False, max_length=8000,
                             widget=forms.Textarea(attrs={"rows": 6}),
                             help_text=_("Boleh memakai Markdown (daftar, tebal, tautan)."))
    bersertifikat = forms.BooleanField(label=_("Peserta yang hadir mendapat sertifikat"), required=False,
                                       initial=True)

    def clean_sasaran_kim(self):
        slugs = [s for s in re.split(r"[\s,;]+", self.cleaned_data.get("sasaran_kim") or "") if s]
        if len(slugs) > 200:
            raise forms.ValidationError(_("Paling banyak 200 KIM."))
        kims = list(Kim.objects.filter(slug__in=slugs).only("id", "slug", "desa_id"))
        tidak_ada = sorted(set(slugs) - {k.slug for k in kims})
        if tidak_ada:
            raise forms.ValidationError(_("KIM tidak dikenal: %(x)s.") % {"x": ", ".join(tidak_ada[:10])})
        return kims

    def data_layanan(self) -> dict:
        d = dict(self.cleaned_data)
        return d


class MateriForm(forms.Form):
    judul = forms.CharField(label=_("Judul materi"), max_length=150)
    berkas = forms.FileField(label=_("Berkas (PDF atau gambar)"))


class BatalForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan pembatalan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class WalkinForm(forms.Form):
    nama = forms.CharField(label=_("Nama"), max_length=150)
    instansi = forms.CharField(label=_("Asal/instansi"), max_length=150, required=False)
    kim = forms.CharField(label=_("KIM (slug, opsional)"), max_length=140, required=False)

    def clean_kim(self):
        slug = (self.cleaned_data.get("kim") or "").strip()
        if not slug:
            return None
        kim = Kim.objects.filter(slug=slug).first()
        if kim is None:
            raise forms.ValidationError(_("KIM tidak dikenal."))
        return kim


NILAI = [(i, str(i)) for i in range(1, 6)]


class EvaluasiForm(forms.Form):
    nilai_materi = forms.TypedChoiceField(label=_("Materi mudah dipahami dan berguna"), choices=NILAI, coerce=int,
                                          widget=forms.RadioSelect)
    nilai_narasumber = forms.TypedChoiceField(label=_("Narasumber menguasai materi"), choices=NILAI, coerce=int,
                                              widget=forms.RadioSelect)
    nilai_penyelenggaraan = forms.TypedChoiceField(label=_("Penyelenggaraan (tempat, waktu, konsumsi)"),
                                                   choices=NILAI, coerce=int, widget=forms.RadioSelect)
    nilai_manfaat = forms.TypedChoiceField(label=_("Manfaat bagi kegiatan KIM Anda"), choices=NILAI, coerce=int,
                                           widget=forms.RadioSelect)
    saran = forms.CharField(label=_("Saran (opsional)"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}))


class SaringForm(forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis"), choices=[("", _("Semua"))] + JenisKegiatan.choices, required=False)
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    q = forms.CharField(label=_("Cari judul"), max_length=100, required=False)


class JangkauanForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    wilayah = WilayahField(label=_("Wilayah"), tingkat=None, required=False)
