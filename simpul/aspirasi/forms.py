"""Forms of the aspiration service. Forms only parse input; every rule lives in ``services``.

The public form carries a self-hosted challenge (no third-party captcha): a signed, timestamped
sum the person answers (:class:`Tantangan`), plus a honeypot field people never see. The signed
token stays valid for days, so a form page cached by the service worker still works when the
outbox sends it later; each token is accepted once (its signature is remembered in the cache).
"""

from __future__ import annotations

import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from simpul.wilayah.forms import WilayahField
from simpul.wilayah.models import Tingkat

from .models import Jenis, Kategori

GARAM = "simpul.aspirasi.tantangan"
UMUR_TANTANGAN = 14 * 24 * 3600  # a page cached offline may be sent two weeks later


class Tantangan:
    """A signed arithmetic question: ``token`` holds a, b and the time it was made."""

    @staticmethod
    def buat() -> tuple[str, str]:
        a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
        token = signing.dumps({"a": a, "b": b, "t": int(time.time())}, salt=GARAM, compress=True)
        return token, f"{a} + {b}"

    @staticmethod
    def periksa(token: str, jawaban: str, *, sekali: bool = True, kunci: str = "") -> str | None:
        """None when the answer is right, else the error message. ``kunci`` (the offline outbox's
        idempotency key) claims the token: the same submission sent again while its first send
        is still being saved passes, and the idempotency key then answers it with the first."""
        try:
            data = signing.loads(token or "", salt=GARAM, max_age=UMUR_TANTANGAN)
        except signing.BadSignature:
            return str(_("Pertanyaan pengaman kedaluwarsa. Jawab pertanyaan yang baru."))
        min_detik = getattr(settings, "SIMPUL_ASPIRASI_TANTANGAN_MIN_DETIK", 3)
        if time.time() - data.get("t", 0) < min_detik:
            return str(_("Terlalu cepat. Periksa isian Anda lalu kirim lagi."))
        try:
            benar = int((jawaban or "").strip()) == int(data["a"]) + int(data["b"])
        except (TypeError, ValueError, KeyError):
            benar = False
        if not benar:
            return str(_("Jawaban pertanyaan pengaman salah."))
        if sekali:
            klaim = f"aspirasi:tantangan:{token[-27:]}"
            pemilik = f"k:{kunci}" if kunci else 1
            if not cache.add(klaim, pemilik, timeout=UMUR_TANTANGAN) and (not kunci or cache.get(klaim) != pemilik):
                return str(_("Pertanyaan pengaman ini sudah dipakai. Jawab pertanyaan yang baru."))
        return None


class KategoriField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Kategori.objects.filter(aktif=True))
        kwargs.setdefault("empty_label", _("— pilih kategori —"))
        super().__init__(**kwargs)


class AspirasiForm(forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis"), choices=Jenis.choices, initial=Jenis.ASPIRASI,
                              widget=forms.RadioSelect)
    kategori = KategoriField(label=_("Kategori"), required=False)
    desa = WilayahField(label=_("Desa/kelurahan"), tingkat=Tingkat.DESA,
                        help_text=_("Ketik nama atau kode desa/kelurahan tempat masalahnya."))
    judul = forms.CharField(label=_("Judul singkat"), max_length=150, required=False)
    isi = forms.CharField(label=_("Isi aspirasi/pengaduan"), max_length=5000, min_length=10,
                          widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}))
    lat = forms.FloatField(label=_("Lintang (opsional)"), required=False, min_value=-11.5, max_value=6.5)
    lng = forms.FloatField(label=_("Bujur (opsional)"), required=False, min_value=94.0, max_value=141.5)
    nama = forms.CharField(label=_("Nama (opsional)"), max_length=120, required=False)
    telepon = forms.CharField(label=_("No. HP/WhatsApp (opsional)"), max_length=24, required=False,
                              widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}))
    email = forms.EmailField(label=_("Email (opsional)"), required=False)
    anonim = forms.BooleanField(label=_("Anonim: identitas saya disembunyikan dari siapa pun, termasuk petugas"),
                                required=False)
    rahasia = forms.BooleanField(label=_("Rahasia: isi tidak ditampilkan untuk publik"), required=False)
    # The offline outbox's idempotency key (a UUID made in the browser; empty without JS).
    kunci = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    jawaban = forms.CharField(label=_("Pertanyaan pengaman"), max_length=4, required=False,
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                                            "size": 4}))
    # Honeypot: hidden by CSS, left empty by people.
    situs = forms.CharField(required=False, label=_("Jangan diisi"),
                            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, tantangan: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.pakai_tantangan = tantangan
        if not tantangan:
            for f in ("token", "jawaban", "situs"):
                del self.fields[f]

    def clean(self):
        data = super().clean()
        if self.pakai_tantangan:
            if data.get("situs"):
                raise forms.ValidationError(_("Formulir tidak dapat dikirim."))
            pesan = Tantangan.periksa(data.get("token", ""), data.get("jawaban", ""), kunci=data.get("kunci", ""))
            if pesan:
                self.add_error("jawaban", pesan)
        return data


class CatatBarisForm(forms.Form):
    """One aspiration a KIM officer records on a citizen's behalf (e.g. from a village meeting)."""

    jenis = forms.ChoiceField(label=_("Jenis"), choices=Jenis.choices, initial=Jenis.ASPIRASI)
    kategori = KategoriField(label=_("Kategori"), required=False)
    judul = forms.CharField(label=_("Judul"), max_length=150, required=False)
    isi = forms.CharField(label=_("Isi"), max_length=5000, required=False,
                          widget=forms.Textarea(attrs={"rows": 3, "maxlength": 5000}))
    nama = forms.CharField(label=_("Nama warga (opsional)"), max_length=120, required=False)
    telepon = forms.CharField(label=_("No. HP warga (opsional)"), max_length=24, required=False,
                              widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}))
    anonim = forms.BooleanField(label=_("Anonim"), required=False)
    rahasia = forms.BooleanField(label=_("Rahasia"), required=False)


CatatFormSet = forms.formset_factory(CatatBarisForm, extra=3, max_num=20, absolute_max=20)


class CatatKepalaForm(forms.Form):
    kim = forms.TypedChoiceField(label=_("KIM"), coerce=int)
    desa = WilayahField(label=_("Desa/kelurahan"), tingkat=Tingkat.DESA, required=False,
                        help_text=_("Kosongkan untuk desa KIM."))
    kunci = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)


class CariKodeForm(forms.Form):
    kode = forms.CharField(label=_("Kode lacak"), max_length=20)


class VerifikasiForm(forms.Form):
    desa = WilayahField(label=_("Desa/kelurahan"), tingkat=Tingkat.DESA, required=False,
                        help_text=_("Ubah bila desa yang dilaporkan keliru atau belum ada (pesan masuk)."))
    kategori = KategoriField(label=_("Kategori"))
    jenis = forms.ChoiceField(label=_("Jenis"), choices=Jenis.choices)
    butuh_cek_lapangan = forms.BooleanField(label=_("Perlu pemeriksaan lapangan (60 hari kerja)"), required=False)
    sengketa = forms.BooleanField(label=_("Sengketa (14 hari kerja)"), required=False)
    catatan = forms.CharField(label=_("Catatan"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class AlasanForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class TeruskanForm(AlasanForm):
    wilayah = WilayahField(label=_("Teruskan ke wilayah"), tingkat=None,
                           help_text=_("Kecamatan atau kabupaten/kota di atasnya, atau wilayah lain."))


class GabungForm(forms.Form):
    ke = forms.CharField(label=_("Kode lacak aspirasi utama"), max_length=20)
    alasan = forms.CharField(label=_("Catatan"), max_length=2000, required=False)


class DisposisiForm(forms.Form):
    instansi = forms.ModelChoiceField(label=_("Instansi tujuan"), queryset=None, empty_label=_("— pilih instansi —"))
    catatan = forms.CharField(label=_("Catatan untuk instansi"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, instansi_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instansi"].queryset = instansi_qs


class TanggapanForm(forms.Form):
    isi = forms.CharField(label=_("Tanggapan untuk warga"), max_length=5000, min_length=10,
                          widget=forms.Textarea(attrs={"rows": 5, "maxlength": 5000}))
    final = forms.BooleanField(label=_("Jawaban akhir (warga dapat menilai atau membuka kembali)"), required=False,
                               initial=True)


class NilaiForm(forms.Form):
    penilaian = forms.TypedChoiceField(label=_("Nilai jawaban"), coerce=int, widget=forms.RadioSelect,
                                       choices=[(i, str(i)) for i in range(1, 6)])
    catatan = forms.CharField(label=_("Catatan (opsional)"), max_length=500, required=False)


class LaporForm(forms.Form):
    alasan = forms.CharField(label=_("Mengapa aspirasi ini tidak pantas?"), max_length=500)
