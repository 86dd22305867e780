"""Inbound WhatsApp, Telegram and SMS: signatures verified, drafts created, idempotent by the
provider's message id, the sender gets the tracking code."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.urls import reverse

from simpul.aspirasi.models import Aspirasi, Kanal, Status

pytestmark = pytest.mark.django_db
RAHASIA = "rahasia-aplikasi"


@pytest.fixture(autouse=True)
def _konfigurasi(settings):
    settings.SIMPUL_ASPIRASI_WA_VERIFY_TOKEN = "token-verifikasi"
    settings.SIMPUL_ASPIRASI_WA_APP_SECRET = RAHASIA
    settings.SIMPUL_ASPIRASI_TG_SECRET = "tg-rahasia"
    settings.SIMPUL_ASPIRASI_SMS_SECRET = "sms-rahasia"
    settings.SIMPUL_ASPIRASI_WILAYAH_BAKU = "76.02"


def _wa(teks: str, mid: str = "wamid.HBgM123") -> bytes:
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "99"},
                  "contacts": [{"profile": {"name": "Ibu Ani"}, "wa_id": "6281234567001"}],
                  "messages": [{"from": "6281234567001", "id": mid, "timestamp": "1763900000", "type": "text",
                                "text": {"body": teks}}]}}]}]}).encode()


def _tanda(body: bytes, secret: str = RAHASIA) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_wa_verifikasi_get(client):
    url = reverse("aspirasi:webhook_whatsapp")
    ok = client.get(url, {"hub.mode": "subscribe", "hub.verify_token": "token-verifikasi", "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.content == b"1158201444"
    assert client.get(url, {"hub.mode": "subscribe", "hub.verify_token": "salah", "hub.challenge": "1"}).status_code == 403


def test_wa_pesan_jadi_draf_idempoten(client):
    url = reverse("aspirasi:webhook_whatsapp")
    body = _wa("7602022003 Air bersih tidak mengalir tiga hari di dusun 1.")
    for _i in range(2):  # Meta retries
        resp = client.post(url, body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=_tanda(body))
        assert resp.status_code == 200
    a = Aspirasi.objects.get()
    assert a.status == Status.DRAF and a.kanal == Kanal.WHATSAPP and a.desa_id == "76.02.02.2003"
    assert a.nama == "Ibu Ani" and a.telepon == "+6281234567001" and a.isi.startswith("Air bersih")
    assert resp.json()["diterima"] == [a.kode]


def test_wa_tanda_tangan_palsu_ditolak(client):
    url = reverse("aspirasi:webhook_whatsapp")
    body = _wa("7602022003 Pesan palsu yang cukup panjang.")
    for tanda in ("", "sha256=00", _tanda(body, "bukan-rahasia"), _tanda(body + b" ")):
        assert client.post(url, body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=tanda).status_code == 403
    assert not Aspirasi.objects.exists()


def test_wa_status_callback_diabaikan_dan_json_rusak(client):
    url = reverse("aspirasi:webhook_whatsapp")
    body = json.dumps({"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {
        "statuses": [{"id": "wamid.x", "status": "read"}]}}]}]}).encode()
    assert client.post(url, body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=_tanda(body)).status_code == 200
    rusak = b"{bukan json"
    assert client.post(url, rusak, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=_tanda(rusak)).status_code == 400
    assert not Aspirasi.objects.exists()


def test_wa_tidak_dikonfigurasi_404(client, settings):
    settings.SIMPUL_ASPIRASI_WA_APP_SECRET = ""
    assert client.post(reverse("aspirasi:webhook_whatsapp"), b"{}", content_type="application/json").status_code == 404


def _tg(teks: str, mid: int = 7) -> dict:
    return {"update_id": 1000 + mid, "message": {"message_id": mid, "date": 1763900000, "text": teks,
            "from": {"id": 555, "is_bot": False, "first_name": "Rudi"}, "chat": {"id": 555, "type": "private"}}}


def test_telegram_balas_dengan_kode(client):
    url = reverse("aspirasi:webhook_telegram")
    resp = client.post(url, _tg("Lampu jalan padam di depan masjid, mohon diperbaiki."), content_type="application/json",
                       HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN="tg-rahasia")
    a = Aspirasi.objects.get()
    j = resp.json()
    assert j["method"] == "sendMessage" and j["chat_id"] == 555 and a.kode in j["text"]
    assert a.desa_id == "76.02" and a.status == Status.DRAF  # filed under the office's region
    ulang = client.post(url, _tg("Lampu jalan padam di depan masjid, mohon diperbaiki."), content_type="application/json",
                        HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN="tg-rahasia")
    assert a.kode in ulang.json()["text"] and Aspirasi.objects.count() == 1
    palsu = client.post(url, _tg("x" * 20, mid=8), content_type="application/json",
                        HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN="salah")
    assert palsu.status_code == 403 and Aspirasi.objects.count() == 1


def test_sms_gateway(client):
    url = reverse("aspirasi:webhook_sms")
    body = json.dumps({"from": "081234567002", "id": "sms-1", "text": "7602022006 Jalan longsor di km 12."}).encode()
    resp = client.post(url, body, content_type="application/json",
                       HTTP_X_SIMPUL_SIGNATURE=hmac.new(b"sms-rahasia", body, hashlib.sha256).hexdigest())
    assert resp.status_code == 200
    a = Aspirasi.objects.get()
    assert resp.json()["kode"] == a.kode and a.desa_id == "76.02.02.2006" and a.telepon == "+6281234567002"
    assert client.post(url, body, content_type="application/json", HTTP_X_SIMPUL_SIGNATURE="00").status_code == 403


def test_draf_diverifikasi_setelah_desa_ditetapkan(client, diskominfo_mamuju, kategori):
    from simpul.aspirasi import services
    from simpul.core.errors import ValidationError

    client.post(reverse("aspirasi:webhook_telegram"), _tg("Jembatan gantung rusak parah, berbahaya."),
                content_type="application/json", HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN="tg-rahasia")
    a = Aspirasi.objects.get()
    with pytest.raises(ValidationError):
        services.aspirasi_verifikasi(actor=diskominfo_mamuju, aspirasi=a, kategori=kategori)
    services.aspirasi_verifikasi(actor=diskominfo_mamuju, aspirasi=a, kategori=kategori, desa="76.02.02.2003")
    a.refresh_from_db()
    assert a.status == Status.DIVERIFIKASI and a.desa_id == "76.02.02.2003"
