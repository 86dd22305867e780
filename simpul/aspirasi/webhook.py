"""Inbound messages: WhatsApp (Cloud API), Telegram (Bot API) and SMS (a generic gateway) become
draft aspirations (status ``draf``) for triage, and the sender gets the tracking code back.

Configuration (settings or environment variables of the same name)::

    SIMPUL_ASPIRASI_WA_VERIFY_TOKEN   the "Verify token" typed into Meta's webhook setup
    SIMPUL_ASPIRASI_WA_APP_SECRET     the app secret: X-Hub-Signature-256 = "sha256=" HMAC-SHA256(body)
    SIMPUL_ASPIRASI_TG_SECRET         setWebhook's secret_token: X-Telegram-Bot-Api-Secret-Token
    SIMPUL_ASPIRASI_SMS_SECRET        the gateway's shared secret: HMAC-SHA256(body), hex
    SIMPUL_ASPIRASI_SMS_HEADER        the header carrying it (default X-Simpul-Signature)
    SIMPUL_ASPIRASI_WILAYAH_BAKU      region code a message without a desa code is filed under
                                      (e.g. "76.02": the kabupaten whose office runs the number)

An endpoint whose secret is not configured answers 404. A wrong signature answers 403 and
creates nothing. Each message is idempotent by the provider's message id, so a provider's
retry answers with the same tracking code. The sender may start the text with the desa code
("7602022003 jalan rusak ...", dots optional); otherwise the office fixes the desa at triage.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from simpul.core.errors import ApplicationError
from simpul.core.telepon import normalize_telepon
from simpul.wilayah.models import Tingkat, Wilayah

from . import services
from .models import Jenis, Kanal, Status

MAKS_BODY = 256 * 1024
_KODE_DESA = re.compile(r"^\s*#?(\d{2})\.?(\d{2})\.?(\d{2})\.?(\d{4})\b[\s:,.-]*")


def _conf(nama: str, default: str = "") -> str:
    return str(getattr(settings, nama, None) or os.environ.get(nama, default) or "")


def _hmac_ok(secret: str, body: bytes, tanda: str) -> bool:
    tanda = (tanda or "").strip()
    if tanda.startswith("sha256="):
        tanda = tanda[7:]
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return bool(tanda) and hmac.compare_digest(expected, tanda.lower())


def pisah_desa(teks: str) -> tuple[Wilayah | None, str]:
    """A leading desa code ("76.02.02.2003" or "7602022003") and the rest of the text."""
    m = _KODE_DESA.match(teks or "")
    if not m:
        return None, (teks or "").strip()
    kode = ".".join(m.groups())
    w = Wilayah.objects.filter(kode=kode, tingkat=Tingkat.DESA, aktif=True).first()
    if w is None:
        return None, (teks or "").strip()
    return w, teks[m.end():].strip()


def terima_pesan(*, kanal: str, pesan_id: str, pengirim: str, teks: str, nama: str = "",
                 telepon: str = "") -> tuple[str, str | None]:
    """File one inbound message. Returns (reply text, tracking code or None)."""
    desa, isi = pisah_desa(teks)
    if desa is None:
        baku = _conf("SIMPUL_ASPIRASI_WILAYAH_BAKU")
        desa = Wilayah.objects.filter(kode=baku, aktif=True).first() if baku else None
    if desa is None:
        return _("Sertakan kode desa/kelurahan di awal pesan, contoh: 7602022003 Jalan desa rusak."), None
    if len(isi) < services.MIN_ISI:
        return _("Pesan terlalu pendek. Tuliskan aspirasi atau pengaduan Anda (minimal 10 karakter)."), None
    try:
        a, _created = services.aspirasi_create(
            actor=None, jenis=Jenis.ASPIRASI, desa=desa if desa.tingkat == Tingkat.DESA else desa,
            isi=isi[:services.MAKS_ISI], nama=nama[:120], telepon=telepon, kanal=kanal, kanal_alamat=pengirim,
            kunci_idempoten=f"{kanal}:{pesan_id}"[:100], status=Status.DRAF, _wilayah_bebas=True)
    except ApplicationError as exc:
        return exc.message, None
    return (_("Terima kasih, aspirasi Anda kami terima. Kode lacak: %(kode)s. Pantau statusnya di %(url)s")
            % {"kode": a.kode, "url": f"{settings.SIMPUL_SITE_URL}/aspirasi/status/{a.kode}/"}), a.kode


def _telepon(raw: str) -> str:
    try:
        return normalize_telepon(raw if raw.startswith(("+", "0")) else "+" + raw)
    except ApplicationError:
        return ""


# --- WhatsApp Cloud API -------------------------------------------------------------------------
@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp(request):
    token, secret = _conf("SIMPUL_ASPIRASI_WA_VERIFY_TOKEN"), _conf("SIMPUL_ASPIRASI_WA_APP_SECRET")
    if not secret:
        return HttpResponse(status=404)
    if request.method == "GET":
        if (request.GET.get("hub.mode") == "subscribe" and token
                and hmac.compare_digest(request.GET.get("hub.verify_token", ""), token)):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden("verify token mismatch")
    body = request.body
    if len(body) > MAKS_BODY:
        return HttpResponse(status=413)
    if not _hmac_ok(secret, body, request.headers.get("X-Hub-Signature-256", "")):
        return HttpResponseForbidden("bad signature")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"detail": "invalid JSON"}, status=400)
    kode = []
    for entry in data.get("entry", []) if isinstance(data, dict) else []:
        for change in entry.get("changes", []) or []:
            value = change.get("value") or {}
            names = {c.get("wa_id"): (c.get("profile") or {}).get("name", "") for c in value.get("contacts", []) or []}
            for m in value.get("messages", []) or []:  # status callbacks carry no "messages": ignored
                if m.get("type") != "text" or not m.get("id") or not m.get("from"):
                    continue
                pengirim = str(m["from"])
                _balas, k = terima_pesan(kanal=Kanal.WHATSAPP, pesan_id=str(m["id"]), pengirim=pengirim,
                                         teks=str((m.get("text") or {}).get("body", "")), nama=names.get(pengirim, ""),
                                         telepon=_telepon(pengirim))
                if k:
                    kode.append(k)
    # The reply with the code goes out through the notification service (kabari_warga).
    return JsonResponse({"diterima": kode})


# --- Telegram Bot API ---------------------------------------------------------------------------
@csrf_exempt
@require_http_methods(["POST"])
def telegram(request):
    secret = _conf("SIMPUL_ASPIRASI_TG_SECRET")
    if not secret:
        return HttpResponse(status=404)
    if not hmac.compare_digest(request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""), secret):
        return HttpResponseForbidden("bad secret token")
    if len(request.body) > MAKS_BODY:
        return HttpResponse(status=413)
    try:
        update = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"detail": "invalid JSON"}, status=400)
    msg = (update.get("message") or {}) if isinstance(update, dict) else {}
    chat_id = (msg.get("chat") or {}).get("id")
    if chat_id is None or "message_id" not in msg:
        return JsonResponse({})  # edited messages, callbacks...: acknowledged, nothing to file
    teks = str(msg.get("text") or "")
    if not teks or teks.startswith("/start") or teks.startswith("/help"):
        balas = _("Kirim aspirasi atau pengaduan Anda sebagai pesan teks, diawali kode desa/kelurahan, "
                  "contoh: 7602022003 Jalan desa rusak di dusun 2.")
    else:
        nama = " ".join(filter(None, [(msg.get("from") or {}).get("first_name", ""),
                                      (msg.get("from") or {}).get("last_name", "")]))
        balas, _k = terima_pesan(kanal=Kanal.TELEGRAM, pesan_id=f"{chat_id}:{msg['message_id']}",
                                 pengirim=str(chat_id), teks=teks, nama=nama)
    # Telegram lets a webhook answer with one Bot API call: the reply needs no outbound request.
    return JsonResponse({"method": "sendMessage", "chat_id": chat_id, "text": balas})


# --- SMS gateway --------------------------------------------------------------------------------
@csrf_exempt
@require_http_methods(["POST"])
def sms(request):
    secret = _conf("SIMPUL_ASPIRASI_SMS_SECRET")
    if not secret:
        return HttpResponse(status=404)
    body = request.body
    if len(body) > MAKS_BODY:
        return HttpResponse(status=413)
    header = _conf("SIMPUL_ASPIRASI_SMS_HEADER", "X-Simpul-Signature")
    if not _hmac_ok(secret, body, request.headers.get(header, "")):
        return HttpResponseForbidden("bad signature")
    if request.content_type == "application/json":
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return JsonResponse({"detail": "invalid JSON"}, status=400)
        data = data if isinstance(data, dict) else {}
    else:
        data = request.POST
    pengirim = str(data.get("from") or data.get("sender") or "")
    pesan_id = str(data.get("id") or data.get("message_id") or "")
    teks = str(data.get("text") or data.get("message") or "")
    if not pengirim or not pesan_id:
        return JsonResponse({"detail": _("Kolom from dan id wajib ada.")}, status=400)
    telepon = _telepon(pengirim)
    balas, kode = terima_pesan(kanal=Kanal.SMS, pesan_id=pesan_id, pengirim=telepon or pengirim, teks=teks,
                               telepon=telepon)
    return JsonResponse({"reply": balas, "kode": kode})
