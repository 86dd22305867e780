"""Forms of the akun app: sign-in and signup (allauth), officer forms, profile.

Forms only parse input; rules live in ``services``. Views turn service errors into form errors
and re-render with the input kept.
"""

from __future__ import annotations

from allauth.account.forms import LoginForm, SignupForm
from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from simpul.core import errors
from simpul.core.peran import Peran
from simpul.core.telepon import looks_like_telepon, normalize_telepon
from simpul.wilayah.forms import WilayahField

from .models import User


class TeleponField(forms.CharField):
    """An Indonesian phone number, cleaned to E.164 (``+62...``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Nomor HP"))
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("help_text", _("Contoh: 0812 3456 7890"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            return normalize_telepon(value)
        except errors.ValidationError as exc:
            raise forms.ValidationError(exc.message, code="telepon") from None


class MasukForm(LoginForm):
    """One field for an email address or a phone number, plus the password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.label = _("Email atau nomor HP")
        field.widget.attrs.update({
            "placeholder": _("nama@contoh.id atau 0812…"),
            "autocomplete": "username",
            "autocapitalize": "none",
        })
        self.fields["password"].label = _("Kata sandi")
        self.fields["password"].help_text = ""  # the page links to the reset form itself
        self.fields["password"].widget.attrs.pop("placeholder", None)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Ingat saya di perangkat ini")

    def clean_login(self) -> str:
        login = (self.cleaned_data.get("login") or "").strip()
        if "@" in login:
            try:
                validate_email(login)
            except forms.ValidationError:
                raise forms.ValidationError(_("Alamat email tidak valid.")) from None
            return login.lower()
        if looks_like_telepon(login):
            try:
                return normalize_telepon(login)
            except errors.ValidationError as exc:
                raise forms.ValidationError(exc.message) from None
        raise forms.ValidationError(_("Masukkan alamat email atau nomor HP Anda."))


class DaftarForm(SignupForm):
    """Self-signup: name, email and/or phone, password. Nothing else (UU PDP)."""

    nama = forms.CharField(label=_("Nama"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    telepon = TeleponField(required=False, label=_("Nomor HP (opsional jika email diisi)"))

    field_order = ["nama", "email", "telepon", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email (opsional jika nomor HP diisi)")
        self.fields["email"].widget.attrs.pop("placeholder", None)
        self.fields["password1"].label = _("Kata sandi")
        self.fields["password2"].label = _("Ulangi kata sandi")
        self.fields["password2"].widget.attrs.pop("placeholder", None)
        self.fields["password1"].widget.attrs.pop("placeholder", None)

    def clean(self):
        cleaned = super().clean()
        email, telepon = cleaned.get("email"), cleaned.get("telepon")
        if not email and not telepon and not self.has_error("email") and not self.has_error("telepon"):
            self.add_error("email", _("Isi alamat email atau nomor HP (salah satu wajib)."))
        if telepon and User.objects.filter(telepon=telepon).exists():
            self.add_error("telepon", _("Nomor HP ini sudah dipakai akun lain."))
        return cleaned


def _pilihan_peran(pilihan: list[tuple[str, str]] | None):
    return [("", _("— pilih peran —")), *(pilihan if pilihan is not None else Peran.choices)]


class PenugasanForm(forms.Form):
    peran = forms.ChoiceField(label=_("Peran"))
    wilayah = WilayahField(
        tingkat=None, required=False, label=_("Wilayah"),
        help_text=_("Nama atau kode Kemendagri, misalnya 76.02 untuk Kabupaten Mamuju. Kosongkan untuk peran Komdigi."),
    )
    jabatan_teks = forms.CharField(label=_("Jabatan/unit (opsional)"), max_length=120, required=False)

    def __init__(self, *args, peran_boleh: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peran"].choices = _pilihan_peran(peran_boleh)

    def clean_wilayah(self) -> str:
        """The services take the region code."""
        wilayah = self.cleaned_data.get("wilayah")
        return wilayah.kode if wilayah else ""


class AkunBaruForm(PenugasanForm):
    nama = forms.CharField(label=_("Nama"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False,
                             help_text=_("Jika diisi, tautan untuk menetapkan kata sandi dikirim ke email ini."))
    telepon = forms.CharField(label=_("Nomor HP"), max_length=24, required=False,
                              widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
                              help_text=_("Tanpa email, kata sandi sementara ditampilkan sekali kepada Anda."))

    field_order = ["nama", "email", "telepon", "peran", "wilayah", "jabatan_teks"]


class CabutForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan pencabutan"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ProfilForm(forms.Form):
    nama = forms.CharField(label=_("Nama"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Email"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    telepon = forms.CharField(label=_("Nomor HP"), max_length=24, required=False,
                              widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
                              help_text=_("Contoh: 0812 3456 7890"))
    sandi = forms.CharField(
        label=_("Kata sandi saat ini"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Wajib diisi bila Anda mengubah email atau nomor HP."),
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email = (cleaned.get("email") or "").lower() or None
        telepon_raw = (cleaned.get("telepon") or "").strip()
        try:
            telepon = normalize_telepon(telepon_raw) if telepon_raw else None
        except errors.ValidationError as exc:
            self.add_error("telepon", exc.message)
            return cleaned
        kontak_berubah = email != self.user.email or telepon != self.user.telepon
        if kontak_berubah and not self.has_error("email") and not self.user.check_password(
            cleaned.get("sandi") or ""
        ):
            self.add_error("sandi", _("Masukkan kata sandi Anda untuk mengubah email atau nomor HP."))
        return cleaned
