"""The notification preferences form: one choice per channel (default) and per event type."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Mode

IKUT = ""


def nama_field(kanal: str, jenis: str) -> str:
    return f"mode__{kanal}__{jenis or 'bawaan'}"


class PreferensiForm(forms.Form):
    telegram_chat_id = forms.CharField(
        label=_("ID chat Telegram"), max_length=20, required=False,
        help_text=_("Kirim /start ke bot Simpul di Telegram; bot membalas dengan ID chat Anda."))
    whatsapp = forms.CharField(
        label=_("Nomor WhatsApp (jika berbeda dari nomor akun)"), max_length=20, required=False)

    def __init__(self, *args, kanal: list[tuple[str, str]], jenis: list[tuple[str, str]], awal: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.kanal, self.jenis = kanal, jenis
        self.grup = []
        for k, k_label in kanal:
            fields = []
            name = nama_field(k, "")
            self.fields[name] = forms.ChoiceField(label=_("Semua pemberitahuan"), choices=Mode.choices,
                                                  initial=awal.get((k, "")))
            fields.append(name)
            for j, j_label in jenis:
                name = nama_field(k, j)
                self.fields[name] = forms.ChoiceField(
                    label=j_label, required=False, initial=awal.get((k, j), IKUT),
                    choices=[(IKUT, _("Ikuti pilihan di atas")), *Mode.choices])
                fields.append(name)
            self.grup.append((k, k_label, fields))
        if not any(k == "telegram" for k, _l in kanal):
            del self.fields["telegram_chat_id"]
        if not any(k == "whatsapp" for k, _l in kanal):
            del self.fields["whatsapp"]

    def grup_field(self):
        return [(k, label, [self[n] for n in names]) for k, label, names in self.grup]

    def mode(self) -> dict[tuple[str, str], str]:
        hasil = {}
        for k, _l in self.kanal:
            hasil[(k, "")] = self.cleaned_data[nama_field(k, "")]
            for j, _jl in self.jenis:
                hasil[(k, j)] = self.cleaned_data.get(nama_field(k, j)) or IKUT
        return hasil
