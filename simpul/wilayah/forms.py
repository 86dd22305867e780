"""Forms of the wilayah app, and the region picker any app can put in its forms.

WilayahField: pick a region in any form
=======================================

::

    from simpul.wilayah.forms import WilayahField
    from simpul.wilayah.models import Tingkat

    class KimForm(forms.ModelForm):
        desa = WilayahField(label=_("Desa/kelurahan"))                 # a desa or kelurahan
        # WilayahField(tingkat=Tingkat.KECAMATAN)                      # one level
        # WilayahField(tingkat=[Tingkat.KABKOTA, Tingkat.KECAMATAN])   # several levels
        # WilayahField(tingkat=None)                                   # any level
        # WilayahField(dalam="76.02")                                  # only inside Kabupaten Mamuju

        def __init__(self, *args, user_prefix=None, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["desa"].dalam = user_prefix                  # may be set per request

``form.cleaned_data["desa"]`` is a :class:`~simpul.wilayah.models.Wilayah` (or ``None`` when
the field is optional and empty), ready for a ``ForeignKey``. The initial value may be a
``Wilayah`` or a code. In a ``ModelForm`` declare the field explicitly as above: the default
field for a ``ForeignKey`` to ``Wilayah`` would be a select with 91,599 options.

What the user may type:

- a code, "76.02.02.2003" or "7602022003": it must exist, be active, be at the required level
  and inside ``dalam``; each failure has its own message ("Kode wilayah tidak dikenal",
  "Pilih desa/kelurahan, bukan kecamatan.", ...);
- a name, "Orobatu" (works without JavaScript): if exactly one active region of the required
  level matches (or exactly one has that very name), it is accepted; if several do, the error
  lists them with their parents and codes so the user can type the code of the right one.

With JavaScript, the widget adds a type-ahead: htmx asks ``/wilayah/cari/?format=opsi`` for a
small list of options while the user types, and ``static/js/wilayah.js`` fills the code in when
one is clicked. Put ``{{ form.media }}`` in the page (e.g. in ``{% block head %}``) to load that
script and ``css/wilayah.css``; without them the field still works as a plain text input.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.core.teks import normalisasi

from .models import Tingkat, Wilayah
from .selectors import kode_normal, label_lengkap, nama_judul, wilayah_cari

MAKS_PILIHAN = 10  # options listed in an "ambiguous name" error


def _tingkat_tuple(tingkat: int | Iterable[int] | None) -> tuple[int, ...] | None:
    if tingkat is None:
        return None
    if isinstance(tingkat, int):
        return (int(tingkat),)
    return tuple(int(t) for t in tingkat)


def _nama_tingkat(tingkat: Iterable[int]) -> str:
    names = [str(Tingkat(t).label).lower() for t in tingkat]
    if len(names) == 1:
        return names[0]
    return _("%(daftar)s atau %(akhir)s") % {"daftar": ", ".join(names[:-1]), "akhir": names[-1]}


class WilayahInput(forms.TextInput):
    """A text input for a region code or name, with an htmx type-ahead (see the module doc)."""

    template_name = "wilayah/widget_wilayah.html"

    class Media:
        js = ["js/wilayah.js"]
        css = {"all": ["css/wilayah.css"]}

    def __init__(self, attrs=None):
        base = {"autocomplete": "off", "spellcheck": "false", "maxlength": "120",
                "placeholder": gettext_lazy("Ketik nama atau kode wilayah")}
        super().__init__({**base, **(attrs or {})})
        self.tingkat: tuple[int, ...] | None = (Tingkat.DESA,)
        self.dalam: str | None = None

    def format_value(self, value):
        if isinstance(value, Wilayah):
            return value.kode
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        params = [("format", "opsi"), ("kolom", name)]
        params += [("tingkat", t) for t in (self.tingkat or ())]
        if self.dalam:
            params.append(("dalam", self.dalam))
        context["widget"]["url_cari"] = f"{reverse('wilayah:cari')}?{urlencode(params)}"
        label = ""
        kode = kode_normal(value.kode if isinstance(value, Wilayah) else value)
        if kode:
            wilayah = value if isinstance(value, Wilayah) else Wilayah.objects.filter(pk=kode).first()
            if wilayah is not None:
                label = label_lengkap(wilayah)
        context["widget"]["label_terpilih"] = label
        return context


class WilayahField(forms.Field):
    """A region chosen by code or name; cleans to a :class:`Wilayah`. See the module doc."""

    widget = WilayahInput
    default_error_messages = {
        "tidak_dikenal": gettext_lazy("Kode wilayah tidak dikenal: %(kode)s."),
        "tidak_aktif": gettext_lazy(
            "%(wilayah)s sudah tidak aktif (tidak ada lagi dalam keputusan Mendagri terbaru). "
            "Pilih wilayah yang berlaku."),
        "tingkat": gettext_lazy("Pilih %(harus)s, bukan %(ini)s."),
        "di_luar": gettext_lazy("Pilih wilayah di dalam %(dalam)s."),
        "tidak_ada_nama": gettext_lazy(
            "Tidak ada %(harus)s bernama “%(nama)s”. Periksa ejaannya, atau ketik kode wilayahnya."),
        "banyak": gettext_lazy(
            "Ada beberapa %(harus)s yang cocok dengan “%(nama)s”. Ketik kode salah satunya:"),
        "lebih": gettext_lazy("… dan lainnya. Perjelas namanya, atau ketik kodenya."),
    }

    def __init__(self, *, tingkat: int | Iterable[int] | None = Tingkat.DESA,
                 dalam: str | None = None, **kwargs) -> None:
        kwargs.setdefault("label", gettext_lazy("Wilayah"))
        kwargs.setdefault("help_text",
                          gettext_lazy("Ketik nama atau kode Kemendagri (mis. 76.02.02.2003)."))
        super().__init__(**kwargs)
        self.tingkat = tingkat
        self.dalam = dalam

    # The widget must know the level and subtree for its type-ahead URL.
    @property
    def tingkat(self) -> tuple[int, ...] | None:
        return self._tingkat

    @tingkat.setter
    def tingkat(self, value: int | Iterable[int] | None) -> None:
        self._tingkat = _tingkat_tuple(value)
        if isinstance(self.widget, WilayahInput):
            self.widget.tingkat = self._tingkat

    @property
    def dalam(self) -> str | None:
        return self._dalam

    @dalam.setter
    def dalam(self, value: str | None) -> None:
        self._dalam = kode_normal(value) if value else None
        if value and self._dalam is None:
            raise ValueError(f"dalam={value!r} is not a region code")
        if isinstance(self.widget, WilayahInput):
            self.widget.dalam = self._dalam

    def prepare_value(self, value):
        return value.kode if isinstance(value, Wilayah) else value

    def to_python(self, value):
        if isinstance(value, Wilayah) or value in self.empty_values:
            return value if isinstance(value, Wilayah) else None
        return " ".join(str(value).split())

    def has_changed(self, initial, data) -> bool:
        return (self.prepare_value(initial) or "") != (kode_normal(data) or data or "")

    def _harus(self) -> str:
        return _nama_tingkat(self._tingkat) if self._tingkat else _("wilayah")

    def _di_dalam(self, wilayah: Wilayah) -> bool:
        return not self._dalam or wilayah.kode.startswith(self._dalam + ".")

    def _by_name(self, teks: str) -> Wilayah:
        hasil = wilayah_cari(teks, tingkat=self._tingkat, dalam=self._dalam, limit=MAKS_PILIHAN + 1)
        if len(hasil) == 1:
            return hasil[0]
        nama = normalisasi(teks)
        persis = [w for w in hasil if nama in (w.nama_cari, normalisasi(nama_judul(w)))]
        if len(persis) == 1:
            return persis[0]
        if not hasil:
            raise ValidationError(self.error_messages["tidak_ada_nama"], code="tidak_ada_nama",
                                  params={"harus": self._harus(), "nama": teks})
        errors = [ValidationError(self.error_messages["banyak"], code="banyak",
                                  params={"harus": self._harus(), "nama": teks})]
        errors += [ValidationError("%(kode)s — %(label)s", code="pilihan",
                                   params={"kode": w.kode, "label": w.label})
                   for w in hasil[:MAKS_PILIHAN]]
        if len(hasil) > MAKS_PILIHAN:
            errors.append(ValidationError(self.error_messages["lebih"], code="lebih"))
        raise ValidationError(errors)

    def clean(self, value):
        value = self.to_python(value)
        self.validate(value)
        if value is None:
            return None
        if isinstance(value, Wilayah):
            wilayah = value
        elif kode := kode_normal(value):
            wilayah = Wilayah.objects.filter(pk=kode).first()
            if wilayah is None:
                raise ValidationError(self.error_messages["tidak_dikenal"], code="tidak_dikenal",
                                      params={"kode": value})
        elif any(c.isalpha() for c in value):
            wilayah = self._by_name(value)
        else:
            raise ValidationError(self.error_messages["tidak_dikenal"], code="tidak_dikenal",
                                  params={"kode": value})
        if not wilayah.aktif:
            raise ValidationError(self.error_messages["tidak_aktif"], code="tidak_aktif",
                                  params={"wilayah": nama_judul(wilayah)})
        if self._tingkat and wilayah.tingkat not in self._tingkat:
            raise ValidationError(self.error_messages["tingkat"], code="tingkat",
                                  params={"harus": self._harus(),
                                          "ini": wilayah.get_jenis_display().lower()})
        if not self._di_dalam(wilayah):
            induk = Wilayah.objects.filter(pk=self._dalam).first()
            raise ValidationError(self.error_messages["di_luar"], code="di_luar",
                                  params={"dalam": nama_judul(induk) if induk else self._dalam})
        self.run_validators(wilayah)
        return wilayah


class CariForm(forms.Form):
    """The query of the region search page and of the type-ahead."""

    q = forms.CharField(label=gettext_lazy("Nama atau kode wilayah"), required=False, max_length=100)
    tingkat = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Tingkat"), required=False, coerce=int, choices=Tingkat.choices)
    dalam = forms.CharField(required=False, max_length=13, widget=forms.HiddenInput)

    def clean_dalam(self) -> str | None:
        teks = self.cleaned_data["dalam"]
        if not teks:
            return None
        kode = kode_normal(teks)
        if kode is None:
            raise ValidationError(_("Kode wilayah tidak dikenal: %(kode)s."), params={"kode": teks})
        return kode
