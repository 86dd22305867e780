"""Account safety checks on every page for signed-in people.

1. An account holding an office-issued temporary password must choose its own first.
2. Government roles must use MFA (``SIMPUL_MFA_WAJIB``): anyone holding an active ``Penugasan``
   without a TOTP authenticator is sent to activate one; one who has it but whose session was not
   confirmed with a code (a login that bypassed allauth's MFA stage) is asked for the code.

Exempt: the MFA pages themselves, password change/reauthentication, sign-out, language switch,
static and media files. Once a session passes, that is remembered in it (keyed by user id), so
the check costs no query afterwards.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

SESI_MFA_OK = "simpul_mfa_ok"

# URL names always reachable while a check is pending.
_BEBAS = frozenset({
    "account_logout",
    "account_change_password",
    "account_set_password",
    "account_reauthenticate",
    "set_language",
})
_BEBAS_SANDI = _BEBAS | {"account_login"}


def status_mfa(request) -> str:
    """``"ok"``, ``"aktivasi"`` (no TOTP yet) or ``"verifikasi"`` (TOTP, but this session was
    never confirmed with a code)."""
    from allauth.account.authentication import get_authentication_records
    from allauth.mfa.models import Authenticator

    from simpul.core.scope import punya_peran_pemerintah

    user = request.user
    if request.session.get(SESI_MFA_OK) == user.pk:
        return "ok"
    if not punya_peran_pemerintah(user):
        return "ok"  # not remembered: a grant may arrive during the session
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        return "aktivasi"
    records = get_authentication_records(request, user)
    mulai = min((r.get("at", 0) for r in records), default=None)
    dikonfirmasi = any(r.get("method") == "mfa" for r in records) or (
        # Activated in this very session: the person has just proven the code.
        mulai is not None and totp.created_at.timestamp() >= mulai
    )
    if not dikonfirmasi:
        return "verifikasi"
    request.session[SESI_MFA_OK] = user.pk
    return "ok"


class MfaWajibMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.path_info.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return None
        match = request.resolver_match
        nama = match.url_name if match else None
        if user.sandi_sementara and nama not in _BEBAS_SANDI:
            return _alihkan(request, "account_change_password",
                            _("Anda masih memakai kata sandi sementara. Buat kata sandi baru dulu."))
        if not settings.SIMPUL_MFA_WAJIB or nama in _BEBAS or (nama or "").startswith("mfa_"):
            return None
        status = status_mfa(request)
        if status == "aktivasi":
            return _alihkan(request, "mfa_activate_totp",
                            _("Akun pemerintah wajib memakai verifikasi dua langkah. "
                              "Pasang aplikasi autentikator untuk melanjutkan."))
        if status == "verifikasi":
            return _alihkan(request, "mfa_reauthenticate",
                            _("Masukkan kode dari aplikasi autentikator Anda untuk melanjutkan."))
        return None


def _alihkan(request, url_name: str, pesan: str):
    url = reverse(url_name)
    if request.method == "GET" and url_name != "mfa_activate_totp":
        url += "?" + urlencode({"next": request.get_full_path()})
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": pesan}, status=403)
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    from django.contrib import messages

    messages.warning(request, pesan)
    return HttpResponseRedirect(url)
