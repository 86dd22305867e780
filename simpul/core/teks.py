import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalisasi(teks: str) -> str:
    """Lower-case, accent-free, single-spaced text for matching names ("Tapalang  Barat" ->
    "tapalang barat")."""
    decomposed = unicodedata.normalize("NFKD", teks or "")
    ascii_ish = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", ascii_ish).strip().lower()


def megabita(n: int) -> str:
    """A byte count as Indonesian megabytes for messages: 5242880 -> "5", 1572864 -> "1,5"."""
    return f"{n / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0")


def teks_masukan(nilai, *, field: str, label, maks: int = 255, wajib: bool = False, min_: int = 0,
                 baris_baru: bool = False, pesan_kosong=None) -> str:
    """Clean and check a text a user typed (the one rule every service uses).

    One-line text (the default) has its tags removed (``markdown.bersihkan_teks``) and its
    whitespace collapsed; with ``baris_baru=True`` (Markdown bodies, minutes) it is only stripped,
    its line breaks kept. Raises ``ValidationError`` naming ``field`` when it is required and
    empty, shorter than ``min_`` or longer than ``maks``."""
    from django.utils.translation import gettext as _

    from .errors import ValidationError
    from .markdown import bersihkan_teks

    teks = str(nilai or "").strip() if baris_baru else bersihkan_teks(str(nilai or ""))
    if not teks:
        if wajib or min_:
            raise ValidationError(pesan_kosong or _("%(label)s wajib diisi.") % {"label": label}, field=field)
        return teks
    if len(teks) < min_:
        raise ValidationError(_("%(label)s terlalu pendek (minimal %(n)d karakter).") % {"label": label, "n": min_},
                              field=field)
    if len(teks) > maks:
        raise ValidationError(_("%(label)s terlalu panjang (maksimal %(n)d karakter).") % {"label": label, "n": maks},
                              field=field)
    return teks
