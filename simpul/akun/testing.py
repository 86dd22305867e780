"""Test helpers for signing government personas in with MFA.

Government roles must use TOTP (``SIMPUL_MFA_WAJIB``, on in the test settings), so a plain
``client.force_login(diskominfo_mamuju)`` is redirected to the TOTP activation page. Use::

    from simpul.akun.testing import login_dengan_mfa

    def test_something(client, diskominfo_mamuju):
        login_dengan_mfa(client, diskominfo_mamuju)          # fast: no HTTP round trips
        login_dengan_mfa(client, diskominfo_mamuju, lewat_form=True)  # the real sign-in pages

Browser tests: ``secret = aktifkan_totp(user)``, then type ``kode_totp(secret)`` into the
"Kode" field of the sign-in code page (after the password).

The fast path does what allauth itself does after a successful password + TOTP sign-in: it logs
the user in and appends ``{"method": "password"}`` and ``{"method": "mfa", "type": "totp"}`` to the
session's authentication records (``allauth.account.internal.flows.login.record_authentication``),
which is what :class:`simpul.akun.middleware.MfaWajibMiddleware` and allauth's reauthentication
checks read. Works for citizens too (they simply get a TOTP they are never asked for).
"""

from __future__ import annotations

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

SANDI_UJI = "rahasia-simpul-123"  # the password of every UserFactory user


def aktifkan_totp(user) -> str:
    """Give ``user`` an active TOTP authenticator (as allauth's activation does) and return its
    base32 secret. If one exists already, its secret is returned."""
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        return decrypt(totp.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def kode_totp(secret: str, *, saat: float | None = None) -> str:
    """The current 6-digit code for ``secret`` (allauth's own HOTP/TOTP functions)."""
    counter = int(saat if saat is not None else time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def _lupakan_kode_terpakai(user, kode: str) -> None:
    """allauth refuses a code twice within its period; tests sign in faster than that."""
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    cache.delete(TOTP(totp)._get_used_cache_key(kode))


def login_dengan_mfa(client, user, *, lewat_form: bool = False, sandi: str = SANDI_UJI) -> None:
    """Sign ``user`` in on the test ``client`` as a fully MFA-authenticated session."""
    secret = aktifkan_totp(user)
    if lewat_form:
        login = user.email or user.telepon
        resp = client.post(reverse("account_login"), {"login": login, "password": sandi})
        assert resp.status_code == 302 and resp.url == reverse("mfa_authenticate"), (
            f"password step failed for {login}: {resp.status_code}"
        )
        kode = kode_totp(secret)
        _lupakan_kode_terpakai(user, kode)
        resp = client.post(reverse("mfa_authenticate"), {"code": kode})
        assert resp.status_code == 302, f"TOTP step failed for {login}: {resp.status_code}"
        return

    from allauth.account.internal.flows.login import record_authentication

    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    record_authentication(request, user, "password", email=user.email)
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    record_authentication(request, user, "mfa", id=totp.pk, type=totp.type)
    request.session.save()
