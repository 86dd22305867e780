"""Rupiah amounts: parsing what a bendahara types and showing it the Indonesian way.

``parse_rupiah("Rp 1.500.000")`` -> 1500000; ``format_rupiah(1500000)`` -> ``"Rp1.500.000"``.
Amounts are whole rupiah (integers), never floats.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from simpul.core.errors import ValidationError

from .models import MAKS_JUMLAH

_ANGKA = re.compile(r"^\d{1,3}(\.\d{3})+$|^\d+$")


def format_rupiah(n: int | None, *, tanda: bool = False) -> str:
    if n is None:
        return "—"
    n = int(n)
    isi = f"{abs(n):,}".replace(",", ".")
    if n < 0:
        return f"−Rp{isi}"
    return f"+Rp{isi}" if tanda and n > 0 else f"Rp{isi}"


def parse_rupiah(teks, *, field: str = "jumlah") -> int:
    """Whole rupiah from user input: "1500000", "1.500.000", "Rp 1.500.000", "1.500.000,00".
    Raises ``ValidationError`` with a clear message for anything else."""
    if isinstance(teks, bool):
        raise ValidationError(_("Jumlah harus berupa angka rupiah, misalnya 150.000."), field=field)
    if isinstance(teks, int):
        nilai = teks
    else:
        s = str(teks or "").strip().replace("\u00a0", " ")
        if not s:
            raise ValidationError(_("Isi jumlah dalam rupiah."), field=field)
        negatif = s.startswith(("-", "−"))
        s = re.sub(r"(?i)^[-−]?\s*(rp\.?)?\s*", "", s).replace(" ", "")
        if re.fullmatch(r".+,0{1,2}", s):
            s = s.rsplit(",", 1)[0]
        if "," in s:
            raise ValidationError(_("Jumlah harus rupiah bulat, tanpa sen (misalnya 150.000)."), field=field)
        if not _ANGKA.match(s):
            raise ValidationError(_("Jumlah harus berupa angka rupiah, misalnya 150.000."), field=field)
        nilai = int(s.replace(".", ""))
        if negatif:
            nilai = -nilai
    if nilai <= 0:
        raise ValidationError(
            _("Jumlah harus lebih dari nol. Untuk uang keluar, pilih jenis Pengeluaran."), field=field)
    if nilai > MAKS_JUMLAH:
        raise ValidationError(
            _("Jumlah terlalu besar (lebih dari %(batas)s). Periksa kembali angka nolnya.")
            % {"batas": format_rupiah(MAKS_JUMLAH)}, field=field)
    return nilai
