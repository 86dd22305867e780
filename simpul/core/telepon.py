"""Indonesian phone numbers, normalised to E.164 (+62...)."""

import re

from django.utils.translation import gettext as _

from .errors import ValidationError

_SEPARATORS = re.compile(r"[\s\-().]")


def normalize_telepon(raw: str) -> str:
    """Return ``+62...`` for an Indonesian number written as 08xx, 628xx, +628xx or 8xx.

    Raises ValidationError with a clear message otherwise.
    """
    value = _SEPARATORS.sub("", (raw or "").strip())
    if value.startswith("+"):
        value = value[1:]
        if not value.startswith("62"):
            raise ValidationError(_("Hanya nomor Indonesia (+62) yang diterima."), field="telepon")
    if value.startswith("0"):
        value = "62" + value[1:]
    elif value.startswith("8"):
        value = "62" + value
    if not value.isdigit() or not value.startswith("62"):
        raise ValidationError(_("Nomor telepon tidak valid. Contoh: 0812 3456 7890."), field="telepon")
    national = value[2:]
    if national.startswith("0") or not 8 <= len(national) <= 12:
        raise ValidationError(_("Nomor telepon tidak valid. Contoh: 0812 3456 7890."), field="telepon")
    return "+" + value


def looks_like_telepon(raw: str) -> bool:
    value = _SEPARATORS.sub("", (raw or "").strip())
    return bool(value) and "@" not in value and value.lstrip("+").isdigit()
