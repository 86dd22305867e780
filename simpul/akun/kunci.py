"""django-axes: the sign-in name a lockout is counted against.

allauth hands the backends ``email=...`` or ``phone=...`` rather than the form's ``login`` field,
and a phone number can be typed in several ways. This callable (``AXES_USERNAME_CALLABLE``) takes
whichever was given and normalises it, so ``0812...``, ``62812...`` and ``+62 812...`` count
against one lockout, and ``Budi@Contoh.id`` against ``budi@contoh.id``.
"""

from __future__ import annotations

from django.conf import settings

from simpul.core.errors import ValidationError
from simpul.core.telepon import looks_like_telepon, normalize_telepon

_KUNCI_KREDENSIAL = ("email", "phone", "login", "username")


def normalisasi_login(nilai: str | None) -> str | None:
    nilai = (nilai or "").strip()
    if not nilai:
        return None
    if looks_like_telepon(nilai):
        try:
            return normalize_telepon(nilai)
        except ValidationError:
            return nilai
    return nilai.lower()


def username_axes(request, credentials: dict | None = None) -> str | None:
    nilai = None
    if credentials:
        nilai = next((credentials[k] for k in _KUNCI_KREDENSIAL if credentials.get(k)), None)
    if nilai is None and request is not None:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        nilai = data.get(settings.AXES_USERNAME_FORM_FIELD)
    return normalisasi_login(nilai)
