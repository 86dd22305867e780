"""Each adapter against real loopback servers: the documented payloads reach the wire."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.core import errors
from simpul.core.testing.factories import UserFactory
from simpul.notifikasi import services
from simpul.notifikasi.models import Notifikasi, Pesan, Preferensi, ProfilNotifikasi, StatusPesan

pytestmark = pytest.mark.django_db


def _kirim(capture, **kw):
    with capture(execute=True):
        return services.notifikasi_kirim(**kw)


def test_email_goes_over_smtp_with_a_stable_message_id(kanal_uji, django_capture_on_commit_callbacks):
    _http, smtp = kanal_uji
    u = UserFactory(email="ketua@contoh.id")
    n = _kirim(django_capture_on_commit_callbacks, users=[u], kunci="kim:1:event:9",
               judul="KIM diverifikasi", isi="Selamat.", url="/kim/orobatu/")
    assert n == 1
    [surat] = smtp.pesan
    assert surat.penerima == ["ketua@contoh.id"]
    assert surat.pesan["Subject"] == "[Simpul] KIM diverifikasi"
    body = surat.pesan.get_content()
    assert "Selamat." in body and "http://127.0.0.1:8000/kim/orobatu/" in body
    p = Pesan.objects.get()
    assert str(surat.pesan["Message-ID"]).strip().startswith(f"<{p.kunci}@")
    assert p.status == StatusPesan.TERKIRIM and p.percobaan == 1
    assert Notifikasi.objects.get().jenis == "kim"


def test_email_with_non_ascii_title_and_body_arrives_intact(kanal_uji, settings,
                                                          django_capture_on_commit_callbacks):
    from email.utils import parseaddr

    _http, smtp = kanal_uji
    u = UserFactory(email="ketua@contoh.id")
    judul = "Rapat warga — Tour de Central Celebes " + "é" * 90  # long and encoded: folded
    _kirim(django_capture_on_commit_callbacks, users=[u], kunci="kim:1:event:10", judul=judul,
           isi="Café di balai desa, pukul 19.00 — datang ya.")
    [surat] = smtp.pesan
    assert surat.pesan["Subject"] == f"[Simpul] {judul}"
    assert "Café di balai desa, pukul 19.00 — datang ya." in surat.pesan.get_content()
    assert surat.pesan["Auto-Submitted"] == "auto-generated" and surat.pesan["Date"]
    assert surat.pengirim == parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def test_whatsapp_telegram_sms_send_the_documented_requests(kanal_uji, django_capture_on_commit_callbacks):
    http, smtp = kanal_uji
    u = UserFactory(email="", telepon="+6281234567890")
    ProfilNotifikasi.objects.create(user=u, telegram_chat_id="987654")
    for k in ("whatsapp", "telegram", "sms"):
        Preferensi.objects.create(user=u, kanal=k, jenis="", mode="langsung")
    wa_jawab = {"messaging_product": "whatsapp", "contacts": [{"input": "6281234567890", "wa_id": "6281234567890"}],
                "messages": [{"id": "wamid.HBgN123"}]}
    lain = b'{"ok":true,"result":{"message_id":1}}'
    # Answer by path: the three channels are sent in no fixed order.
    http.atur(lambda req: (200, json.dumps(wa_jawab).encode() if req.path.startswith("/v21.0/") else lain))
    _kirim(django_capture_on_commit_callbacks, users=[u], kunci="diseminasi:5:kirim", judul="Kampanye baru",
           isi="Cek hoaks sebelum berbagi.", url="/diseminasi/5/")
    assert not smtp.pesan  # no email address: no email row
    by_path = {r.path.split("?")[0]: r for r in http.permintaan}
    wa = by_path["/v21.0/1055/messages"]
    assert wa.method == "POST"
    assert wa.headers["Authorization"] == "Bearer wa-token-uji"
    assert wa.headers["Content-Type"] == "application/json"
    teks = "Kampanye baru\n\nCek hoaks sebelum berbagi.\n\nhttp://127.0.0.1:8000/diseminasi/5/"
    assert wa.json() == {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "6281234567890",
                         "type": "text", "text": {"preview_url": False, "body": teks}}
    tg = by_path["/bot123:ABC/sendMessage"]
    assert tg.json()["chat_id"] == "987654" and tg.json()["text"] == teks
    sms = by_path["/sms/kirim"]
    assert sms.headers["Content-Type"] == "application/x-www-form-urlencoded"
    form = sms.form()
    assert form["msisdn"] == "+6281234567890" and form["pesan"] == teks and form["apikey"] == "k-uji"
    assert form["ref"] == Pesan.objects.get(kanal="sms").kunci
    got = dict(Pesan.objects.values_list("kanal", "status"))
    assert got == {"whatsapp": "terkirim", "telegram": "terkirim", "sms": "terkirim"}
    assert Pesan.objects.get(kanal="whatsapp").id_penyedia == "wamid.HBgN123"


def test_sms_gateway_get_with_local_numbers(kanal_uji, settings):
    http, _smtp = kanal_uji
    settings.SIMPUL_SMS = {**settings.SIMPUL_SMS, "METHOD": "GET", "NOMOR": "lokal", "PARAM_REF": ""}
    services.kirim_ke_kontak(kanal="sms", alamat="0812-3456-7890", kunci="aspirasi:3:terima", judul="Aspirasi diterima",
                             isi="Nomor tiket A-3.")
    services.jalankan_outbox()
    [r] = http.permintaan
    assert r.method == "GET" and r.path.startswith("/sms/kirim?")
    q = r.query()
    assert q["msisdn"] == "081234567890" and q["pesan"] == "Aspirasi diterima\n\nNomor tiket A-3." and "ref" not in q


def test_kirim_ke_kontak_is_idempotent_and_normalises_the_address(kanal_uji, django_capture_on_commit_callbacks):
    http, _smtp = kanal_uji
    for raw in ("0812 3456 7890", "+62 812-3456-7890"):
        with django_capture_on_commit_callbacks(execute=True):
            baru = services.kirim_ke_kontak(kanal="whatsapp", alamat=raw, kunci="aspirasi:7:selesai",
                                            judul="Aspirasi selesai", isi="Terima kasih.")
        assert baru is (raw == "0812 3456 7890")
    assert len(http.permintaan) == 1
    assert http.permintaan[0].json()["to"] == "6281234567890"
    assert Pesan.objects.get().user is None


@pytest.mark.parametrize(("kanal", "alamat"), [("sms", "12ab"), ("email", "bukan-email"), ("telegram", "@@x"),
                                               ("inapp", "x"), ("whatsapp", "+1 555 0100")])
def test_kirim_ke_kontak_refuses_bad_addresses(kanal, alamat):
    with pytest.raises(errors.ValidationError):
        services.kirim_ke_kontak(kanal=kanal, alamat=alamat, kunci="k", judul="j", isi="i")
    assert not Pesan.objects.exists()


def test_an_unconfigured_channel_fails_visibly(settings):
    settings.SIMPUL_TELEGRAM = {"BASE_URL": "http://127.0.0.1:9", "TOKEN": ""}
    services.kirim_ke_kontak(kanal="telegram", alamat="123", kunci="x", judul="j", isi="i")
    services.jalankan_outbox()
    p = Pesan.objects.get()
    assert p.status == StatusPesan.GAGAL and "not configured" in p.galat_terakhir


def test_whatsapp_template_when_configured(kanal_uji, settings):
    http, _smtp = kanal_uji
    settings.SIMPUL_WHATSAPP = {**settings.SIMPUL_WHATSAPP, "TEMPLATE": "simpul_pemberitahuan"}
    services.kirim_ke_kontak(kanal="whatsapp", alamat="081234567890", kunci="t", judul="Judul", isi="Isi")
    services.jalankan_outbox(now=timezone.now() + timedelta(seconds=1))
    body = http.permintaan[0].json()
    assert body["type"] == "template"
    assert body["template"]["name"] == "simpul_pemberitahuan" and body["template"]["language"] == {"code": "id"}
    assert body["template"]["components"][0]["parameters"][0] == {"type": "text", "text": "Judul\n\nIsi"}
