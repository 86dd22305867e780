from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.wilayah.forms import WilayahField
from simpul.wilayah.models import Tingkat

from .models import JenisTarget
from .services import MAKS_CATATAN


class TargetForm(forms.Form):
    # Existence, level and activity are checked here; the officer's subtree by the service.
    wilayah = WilayahField(
        tingkat=[Tingkat.PROVINSI, Tingkat.KABKOTA, Tingkat.KECAMATAN], required=False,
        label=_("Wilayah"),
        help_text=_("Nama atau kode Kemendagri provinsi, kabupaten/kota atau kecamatan, misalnya "
                    "76.02 untuk Kabupaten Mamuju. Kosongkan untuk target nasional (Komdigi)."),
    )
    jenis = forms.ChoiceField(label=_("Jenis target"), choices=JenisTarget.choices, widget=forms.RadioSelect)
    tenggat = forms.DateField(
        label=_("Tenggat"), input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    catatan = forms.CharField(
        label=_("Catatan/dasar hukum (opsional)"), max_length=MAKS_CATATAN, required=False,
        help_text=_("Misalnya nomor surat keputusan atau rencana strategis yang menetapkan target ini."),
    )


class NonaktifkanForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan (opsional)"), max_length=MAKS_CATATAN, required=False)
