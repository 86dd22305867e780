"""Input parsing only; the rules live in ``services``."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import JenisJajak, StatusTindakLanjut

FORMAT_WAKTU = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%d/%m/%Y %H:%M"]
BARIS_TL = 4


class MultiFotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiFotoField(forms.FileField):
    widget = MultiFotoInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultiFotoInput(attrs={"accept": "image/*", "multiple": True}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        data = data if isinstance(data, list | tuple) else [data]
        return [super(MultiFotoField, self).clean(d, initial) for d in data if d]


def _waktu(attrs=None):
    return forms.DateTimeInput(attrs={"type": "datetime-local", **(attrs or {})}, format="%Y-%m-%dT%H:%M")


class TopikForm(forms.Form):
    tempat = forms.ChoiceField(label=gettext_lazy("Dibahas di"))
    judul = forms.CharField(label=gettext_lazy("Masalah bersama"), max_length=150,
                            help_text=gettext_lazy("Satu kalimat, misalnya: Jalan tani ke dusun atas rusak."))
    deskripsi = forms.CharField(label=gettext_lazy("Uraian"), max_length=8000, widget=forms.Textarea(attrs={"rows": 6}),
                                help_text=gettext_lazy("Markdown boleh: **tebal**, daftar dengan tanda -, tautan."))
    publik = forms.BooleanField(label=gettext_lazy("Keputusan boleh dilihat publik"), required=False)
    foto = MultiFotoField(label=gettext_lazy("Foto (boleh lebih dari satu)"))

    def __init__(self, *args, pilihan: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tempat"].choices = pilihan


class KomentarForm(forms.Form):
    isi = forms.CharField(label=gettext_lazy("Komentar"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}),
                          help_text=gettext_lazy("Sebut anggota dengan @nama-mereka agar mereka diberi tahu."))
    foto = MultiFotoField(label=gettext_lazy("Foto"))


class JajakForm(forms.Form):
    jenis = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=JenisJajak.choices)
    pertanyaan = forms.CharField(label=gettext_lazy("Pertanyaan atau usulan"), max_length=300)
    keterangan = forms.CharField(label=gettext_lazy("Keterangan"), required=False, max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    opsi = forms.CharField(
        label=gettext_lazy("Pilihan (satu per baris)"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Tidak perlu untuk jenis persetujuan. Untuk mencari waktu rapat, tulis tanggal dan "
                               "jam per baris, misalnya 05-12-2026 19:30."))
    ditutup_pada = forms.DateTimeField(label=gettext_lazy("Batas waktu memberi suara"), input_formats=FORMAT_WAKTU,
                                       widget=_waktu())
    kuorum = forms.IntegerField(label=gettext_lazy("Kuorum (jumlah pemberi suara minimal)"), min_value=0,
                                max_value=1000, initial=0)
    sembunyikan_hasil = forms.BooleanField(label=gettext_lazy("Sembunyikan hasil sampai ditutup"), required=False)
    skor_maks = forms.IntegerField(label=gettext_lazy("Nilai tertinggi (jenis nilai)"), min_value=2, max_value=10,
                                   initial=5)
    jumlah_titik = forms.IntegerField(label=gettext_lazy("Titik per orang (jenis titik)"), min_value=1,
                                      max_value=20, initial=5)

    def clean(self):
        data = super().clean()
        baris = [b.strip() for b in (data.get("opsi") or "").splitlines() if b.strip()]
        if data.get("jenis") == JenisJajak.WAKTU_RAPAT:
            waktu = []
            for b in baris:
                for fmt in FORMAT_WAKTU:
                    try:
                        waktu.append(timezone.make_aware(datetime.strptime(b, fmt)))
                        break
                    except ValueError:
                        continue
                else:
                    self.add_error("opsi", _("“%(b)s” bukan tanggal dan jam (contoh: 05-12-2026 19:30).") % {"b": b[:40]})
                    return data
            data["daftar_opsi"] = waktu
        else:
            data["daftar_opsi"] = baris
        return data


class PutuskanForm(forms.Form):
    """The outcome statement plus ``baris`` action-item rows (``tl-<i>-judul/-pj/-tenggat``)."""

    pernyataan = forms.CharField(label=gettext_lazy("Pernyataan keputusan"), max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=gettext_lazy("Apa yang diputuskan bersama, dengan kalimat yang jelas."))

    def __init__(self, *args, peserta, baris: int = BARIS_TL, **kwargs):
        super().__init__(*args, **kwargs)
        self.baris = baris
        for i in range(baris):
            self.fields[f"tl-{i}-judul"] = forms.CharField(label=_("Tindakan %(n)d") % {"n": i + 1}, required=False,
                                                           max_length=200)
            self.fields[f"tl-{i}-pj"] = forms.ModelChoiceField(label=gettext_lazy("Penanggung jawab"), queryset=peserta,
                                                               required=False)
            self.fields[f"tl-{i}-tenggat"] = forms.DateField(label=gettext_lazy("Tenggat"), required=False,
                                                             widget=forms.DateInput(attrs={"type": "date"}))

    def baris_tl(self):
        return [(self[f"tl-{i}-judul"], self[f"tl-{i}-pj"], self[f"tl-{i}-tenggat"]) for i in range(self.baris)]

    def tindak_lanjut(self) -> list[dict]:
        d = self.cleaned_data
        return [{"judul": d.get(f"tl-{i}-judul"), "penanggung_jawab": d.get(f"tl-{i}-pj"),
                 "tenggat": d.get(f"tl-{i}-tenggat")} for i in range(self.baris)]


class RapatForm(PutuskanForm):
    waktu = forms.DateTimeField(label=gettext_lazy("Waktu rapat"), input_formats=FORMAT_WAKTU, widget=_waktu())
    tempat = forms.CharField(label=gettext_lazy("Tempat"), max_length=150)
    notulen = forms.CharField(label=gettext_lazy("Notulen"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    hadir = forms.MultipleChoiceField(label=gettext_lazy("Anggota yang hadir"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    hadir_lain = forms.IntegerField(label=gettext_lazy("Peserta lain (bukan anggota)"), min_value=0, initial=0,
                                    required=False)

    def __init__(self, *args, anggota, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hadir"].choices = [(str(a.pk), a.nama) for a in anggota]
        for i in range(3):
            self.fields[f"sk-{i}-label"] = forms.CharField(label=gettext_lazy("Pilihan"), required=False, max_length=150)
            self.fields[f"sk-{i}-jumlah"] = forms.IntegerField(label=gettext_lazy("Jumlah suara"), required=False,
                                                               min_value=0)
        self.order_fields(["waktu", "tempat", "notulen", "hadir", "hadir_lain", "pernyataan"])

    def baris_sk(self):
        return [(self[f"sk-{i}-label"], self[f"sk-{i}-jumlah"]) for i in range(3)]

    def suara_kertas(self) -> list[dict]:
        d = self.cleaned_data
        return [{"label": d.get(f"sk-{i}-label") or "", "jumlah": d.get(f"sk-{i}-jumlah")} for i in range(3)]


class PerbaruiForm(forms.Form):
    progres = forms.IntegerField(label=gettext_lazy("Kemajuan (%)"), min_value=0, max_value=100,
                                 widget=forms.NumberInput(attrs={"step": 5}))
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=StatusTindakLanjut.choices)
    catatan = forms.CharField(label=gettext_lazy("Catatan kemajuan"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    bukti = forms.CharField(label=gettext_lazy("Tautan bukti (tidak wajib)"), required=False, max_length=300)
    foto = MultiFotoField(label=gettext_lazy("Foto bukti"))


class TutupForm(forms.Form):
    alasan = forms.CharField(label=gettext_lazy("Alasan menutup tanpa keputusan"), max_length=1000)
