"""django-allauth hooks: phone numbers as a login method, our signup, and the MFA policy.

Phone numbers are stored on ``User.telepon`` in E.164 (``+62...``); whatever the person types
(``0812...``, ``62812...``, ``+62 812...``) is normalised with
:func:`simpul.core.telepon.normalize_telepon` before any lookup. See
``docs/decisions/0002-login-email-atau-telepon.md``.
"""

from __future__ import annotations

import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings

from simpul.core import errors
from simpul.core.telepon import normalize_telepon

from .models import User


def cari_user_telepon(raw: str) -> User | None:
    try:
        telepon = normalize_telepon(raw)
    except errors.ValidationError:
        return None
    return User.objects.filter(telepon=telepon).first()


class AkunAdapter(DefaultAccountAdapter):
    # --- phone numbers (allauth's phone login method) ----------------------------------------
    def phone_form_field(self, **kwargs):
        from .forms import TeleponField

        kwargs.pop("validators", None)
        return TeleponField(**kwargs)

    def get_user_by_phone(self, phone: str):
        return cari_user_telepon(phone)

    def get_phone(self, user) -> tuple[str, bool] | None:
        if not getattr(user, "telepon", None):
            return None
        return user.telepon, user.telepon_terverifikasi

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.telepon = normalize_telepon(phone)
        user.telepon_terverifikasi = verified
        user.save(update_fields=["telepon", "telepon_terverifikasi"])

    def set_phone_verified(self, user, phone: str) -> None:
        if user.telepon == normalize_telepon(phone):
            user.telepon_terverifikasi = True
            user.save(update_fields=["telepon_terverifikasi"])

    # No SMS gateway: phone numbers are not verified by code (ACCOUNT_PHONE_VERIFICATION_ENABLED
    # is off and the phone is not an allauth signup field, so allauth never asks for this).
    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        raise NotImplementedError("Simpul has no SMS gateway")

    # --- signup --------------------------------------------------------------------------------
    def save_user(self, request, user, form, commit=True):
        """Create the account through our service (email and/or phone, name, password)."""
        from .services import akun_daftar

        data = form.cleaned_data
        return akun_daftar(
            nama=data["nama"],
            email=data.get("email") or None,
            telepon=data.get("telepon") or None,
            password=data["password1"],
        )

    # --- reauthentication ----------------------------------------------------------------------
    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A sign-in step taken within ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` counts as a
        reauthentication, so a government officer sent straight from sign-in to the (mandatory)
        authenticator activation is not asked for the password a second time."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        from allauth.account import app_settings
        from allauth.account.authentication import get_authentication_records
        from allauth.core import context

        request = context.request
        if request is None or not request.user.is_authenticated:
            return True
        records = get_authentication_records(request, request.user)
        terakhir = max((r.get("at", 0) for r in records), default=0)
        return time.time() - terakhir >= app_settings.REAUTHENTICATION_TIMEOUT

    # --- passwords -----------------------------------------------------------------------------
    def set_password(self, user, password: str) -> None:
        """Every password the person chooses (change, reset link) ends a temporary password."""
        user.set_password(password)
        user.sandi_sementara = False
        user.save()


class MfaAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff of government offices may not switch their authenticator app off."""
        if (
            settings.SIMPUL_MFA_WAJIB
            and authenticator.type == Authenticator.Type.TOTP
        ):
            from simpul.core.scope import punya_peran_pemerintah

            if punya_peran_pemerintah(authenticator.user):
                return False
        return super().can_delete_authenticator(authenticator)
