import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import JenisTarget
from .services import MAKS_CATATAN

_KODE_RE = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")


class KodeWilayahField(forms.CharField):
    """A region code such as ``76.02`` (format only: the service checks that the region exists
    and lies in the officer's subtree). Stand-in until ``simpul.wilayah.forms.WilayahField``
    (the region picker) exists."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 13)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "placeholder": "76.02"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if value and not _KODE_RE.fullmatch(value):
            raise forms.ValidationError(
                _("Kode wilayah “%(kode)s” tidak sesuai format. Contoh: 76 (provinsi), 76.02 "
                  "(kabupaten/kota), 76.02.02 (kecamatan)."),
                params={"kode": value}, code="format")
        return value


class TargetForm(forms.Form):
    wilayah = KodeWilayahField(
        label=_("Kode wilayah"), required=False,
        help_text=_("Kode Kemendagri provinsi, kabupaten/kota atau kecamatan, misalnya 76.02 untuk "
                    "Kabupaten Mamuju. Kosongkan untuk target nasional (Komdigi)."),
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
