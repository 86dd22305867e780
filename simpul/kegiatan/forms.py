from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from simpul.musyawarah.forms import MultiFotoField

from .models import JenisKegiatan


class KegiatanForm(forms.Form):
    jenis = forms.ChoiceField(label=gettext_lazy("Jenis kegiatan"), choices=JenisKegiatan.choices)
    judul = forms.CharField(label=gettext_lazy("Nama kegiatan"), max_length=150)
    tanggal = forms.DateField(label=gettext_lazy("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}),
                              initial=timezone.localdate)
    tempat = forms.CharField(label=gettext_lazy("Tempat"), max_length=150, required=False)
    ringkasan = forms.CharField(label=gettext_lazy("Ringkasan"), max_length=4000,
                                widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=gettext_lazy("Apa yang dilakukan, hasilnya, dan tindak lanjutnya."))
    jumlah_peserta = forms.IntegerField(label=gettext_lazy("Jumlah peserta (semua orang yang hadir)"), min_value=0,
                                        max_value=100000, initial=0)
    peserta = forms.MultipleChoiceField(label=gettext_lazy("Anggota KIM yang ikut"), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    publik = forms.BooleanField(label=gettext_lazy("Tampilkan di profil publik KIM"), required=False, initial=True)
    foto = MultiFotoField(label=gettext_lazy("Foto (maksimal 6; dikecilkan otomatis)"))
    kunci = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, anggota=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peserta"].choices = [(str(a.pk), a.nama) for a in anggota]
