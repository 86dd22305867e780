"""Channel adapters: email (SMTP through Django's mailer), WhatsApp Business Cloud API, Telegram
Bot API and a generic HTTP SMS gateway.

Each adapter sends a batch of outbox rows over one connection and returns one ``Hasil`` per row:

- ``TERKIRIM``: the provider accepted it (``id_penyedia`` keeps its message id);
- ``SEMENTARA``: a transient failure where the provider did NOT take the message (connection
  refused, 5xx, 429, SMTP 4xx): retried with backoff;
- ``PERMANEN``: the provider refused it (4xx, SMTP 5xx, bad address): never retried on its own;
- ``TIDAK_PASTI``: the request left but no answer came (timeout, connection dropped after
  sending): the provider may or may not have it. Not retried on its own (at-most-once, see
  docs/notifikasi.md) unless the channel is idempotent at the provider.

Configuration (``settings.SIMPUL_WHATSAPP`` / ``SIMPUL_TELEGRAM`` / ``SIMPUL_SMS``) comes from
environment variables; a channel without its token/URL is "not configured" and gets no rows.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings

TERKIRIM = "terkirim"
SEMENTARA = "sementara"
PERMANEN = "permanen"
TIDAK_PASTI = "tidak_pasti"

TIMEOUT = 15.0


@dataclass(frozen=True)
class Hasil:
    status: str
    galat: str = ""
    id_penyedia: str = ""


def teks_pesan(muatan: dict) -> str:
    """The plain-text body used by the chat/SMS channels: title, body and link."""
    bagian = [muatan.get("judul", "").strip(), muatan.get("isi", "").strip()]
    if muatan.get("url"):
        url = muatan["url"]
        bagian.append(url if url.startswith("http") else f"{settings.SIMPUL_SITE_URL}{url}")
    return "\n\n".join(b for b in bagian if b)


# --- HTTP with keep-alive ---------------------------------------------------------------------


class _Tidak(Exception):
    """The request was never delivered (safe to retry)."""


class _MungkinTerkirim(Exception):
    """The request may have reached the server (ambiguous)."""


class KlienHttp:
    """A tiny keep-alive HTTP client: one connection per origin, reused across a batch.

    It tells "never sent" (connect failed) from "maybe sent" (no answer after sending), which the
    outbox needs for its at-most-once rule. A reused idle connection that the server closed is
    reopened and the request sent again once, as urllib3 does: the server closes idle keep-alive
    connections before reading a new request, so nothing was delivered.
    """

    def __init__(self, timeout: float = TIMEOUT):
        self.timeout = timeout
        self._conns: dict[tuple[str, str, int], tuple[http.client.HTTPConnection, float]] = {}

    def _conn(self, scheme: str, host: str, port: int, fresh: bool = False):
        key = (scheme, host, port)
        if key in self._conns and not fresh:
            conn, last = self._conns[key]
            if time.monotonic() - last < 30:
                return conn, True
            conn.close()
        cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
        conn = cls(host, port, timeout=self.timeout)
        try:
            conn.connect()
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError as exc:
            raise _Tidak(f"connect {host}:{port}: {exc}") from exc
        self._conns[key] = (conn, time.monotonic())
        return conn, False

    def kirim(self, method: str, url: str, *, body: bytes | None = None,
              headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        hdrs = {"Connection": "keep-alive", **(headers or {})}
        for percobaan in range(2):
            conn, reused = self._conn(parts.scheme, parts.hostname, port, fresh=percobaan > 0)
            try:
                conn.request(method, target, body=body, headers=hdrs)
            except OSError as exc:
                conn.close()
                if reused and percobaan == 0:
                    continue
                raise _Tidak(str(exc)) from exc
            try:
                resp = conn.getresponse()
                data = resp.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
                conn.close()
                if reused and percobaan == 0:
                    continue
                raise _MungkinTerkirim(str(exc) or type(exc).__name__) from exc
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                raise _MungkinTerkirim(str(exc) or type(exc).__name__) from exc
            self._conns[(parts.scheme, parts.hostname, port)] = (conn, time.monotonic())
            if resp.will_close:
                conn.close()
                self._conns.pop((parts.scheme, parts.hostname, port), None)
            return resp.status, data
        raise _Tidak("unreachable")

    def tutup(self) -> None:
        for conn, _ in self._conns.values():
            conn.close()
        self._conns.clear()


def _hasil_http(status: int, data: bytes, id_dari) -> Hasil:
    ringkas = data[:500].decode("utf-8", "replace")
    if 200 <= status < 300:
        try:
            return Hasil(TERKIRIM, id_penyedia=str(id_dari(json.loads(data or b"{}")) or "")[:200])
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            return Hasil(TERKIRIM)
    if status == 429 or status >= 500:
        return Hasil(SEMENTARA, f"HTTP {status}: {ringkas}")
    return Hasil(PERMANEN, f"HTTP {status}: {ringkas}")


class AdapterHttp:
    kanal = ""
    #: True when the provider drops a repeated request itself (then a stale claim is re-sent).
    idempoten = False

    def __init__(self, klien: KlienHttp | None = None):
        self.klien = klien or KlienHttp()

    def terkonfigurasi(self) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def permintaan(self, pesan) -> tuple[str, str, bytes, dict[str, str]]:  # pragma: no cover
        raise NotImplementedError

    def id_dari(self, respons: dict) -> str:
        return ""

    def kirim_satu(self, pesan) -> Hasil:
        try:
            method, url, body, headers = self.permintaan(pesan)
        except ValueError as exc:
            return Hasil(PERMANEN, str(exc))
        try:
            status, data = self.klien.kirim(method, url, body=body, headers=headers)
        except _Tidak as exc:
            return Hasil(SEMENTARA, str(exc))
        except _MungkinTerkirim as exc:
            return Hasil(TIDAK_PASTI, str(exc))
        return _hasil_http(status, data, self.id_dari)

    def kirim(self, pesan_list) -> list[Hasil]:
        return [self.kirim_satu(p) for p in pesan_list]

    def tutup(self) -> None:
        self.klien.tutup()


def _json(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


class WhatsApp(AdapterHttp):
    """WhatsApp Business Cloud API: ``POST {base}/{version}/{phone_number_id}/messages`` with a
    Bearer token and ``{"messaging_product": "whatsapp", "recipient_type": "individual", "to":
    "<digits>", "type": "text", "text": {"preview_url": false, "body": ...}}``; the answer's
    ``messages[0].id`` (``wamid...``) is kept. Text messages reach a user only inside the 24-hour
    customer-service window; outside it a template is needed (``SIMPUL_WA_TEMPLATE``)."""

    kanal = "whatsapp"

    def __init__(self, klien=None):
        super().__init__(klien)
        self.cfg = settings.SIMPUL_WHATSAPP

    def terkonfigurasi(self) -> bool:
        return bool(self.cfg.get("TOKEN") and self.cfg.get("PHONE_NUMBER_ID"))

    def permintaan(self, pesan):
        to = pesan.alamat.lstrip("+")
        if not to.isdigit():
            raise ValueError(f"invalid WhatsApp number {pesan.alamat!r}")
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
        template = self.cfg.get("TEMPLATE")
        teks = teks_pesan(pesan.muatan)[:4096]
        if template:
            body |= {"type": "template", "template": {
                "name": template, "language": {"code": self.cfg.get("TEMPLATE_LANG", "id")},
                "components": [{"type": "body", "parameters": [{"type": "text", "text": teks[:1024]}]}]}}
        else:
            body |= {"type": "text", "text": {"preview_url": False, "body": teks}}
        url = f"{self.cfg['BASE_URL'].rstrip('/')}/{self.cfg['VERSION']}/{self.cfg['PHONE_NUMBER_ID']}/messages"
        return "POST", url, _json(body), {"Authorization": f"Bearer {self.cfg['TOKEN']}",
                                           "Content-Type": "application/json"}

    def id_dari(self, respons):
        return respons["messages"][0]["id"]


class Telegram(AdapterHttp):
    """Telegram Bot API: ``POST {base}/bot{token}/sendMessage`` with JSON ``{"chat_id", "text"}``;
    the answer is ``{"ok": true, "result": {"message_id": ...}}``."""

    kanal = "telegram"

    def __init__(self, klien=None):
        super().__init__(klien)
        self.cfg = settings.SIMPUL_TELEGRAM

    def terkonfigurasi(self) -> bool:
        return bool(self.cfg.get("TOKEN"))

    def permintaan(self, pesan):
        if not pesan.alamat.lstrip("-").isdigit() and not pesan.alamat.startswith("@"):
            raise ValueError(f"invalid Telegram chat id {pesan.alamat!r}")
        url = f"{self.cfg['BASE_URL'].rstrip('/')}/bot{self.cfg['TOKEN']}/sendMessage"
        body = {"chat_id": pesan.alamat, "text": teks_pesan(pesan.muatan)[:4096],
                "link_preview_options": {"is_disabled": True}}
        return "POST", url, _json(body), {"Content-Type": "application/json"}

    def id_dari(self, respons):
        return respons["result"]["message_id"]


class Sms(AdapterHttp):
    """A generic HTTP SMS gateway. ``SIMPUL_SMS_URL``, ``SIMPUL_SMS_METHOD`` (GET/POST),
    ``SIMPUL_SMS_FORMAT`` (form/json), parameter names for the number, the text and (optional) our
    reference (``SIMPUL_SMS_PARAM_TO`` / ``_TEXT`` / ``_REF``), fixed extra parameters
    (``SIMPUL_SMS_EXTRA`` as ``k=v&k2=v2``, e.g. an API key) and an optional Authorization header.
    When the gateway de-duplicates on our reference (``SIMPUL_SMS_IDEMPOTEN=1``), an uncertain send
    is retried: the gateway drops the repeat."""

    kanal = "sms"

    def __init__(self, klien=None):
        super().__init__(klien)
        self.cfg = settings.SIMPUL_SMS
        self.idempoten = bool(self.cfg.get("IDEMPOTEN") and self.cfg.get("PARAM_REF"))

    def terkonfigurasi(self) -> bool:
        return bool(self.cfg.get("URL"))

    def permintaan(self, pesan):
        to = pesan.alamat
        if not to.lstrip("+").isdigit():
            raise ValueError(f"invalid phone number {pesan.alamat!r}")
        if self.cfg.get("NOMOR") == "lokal":  # 08xx instead of +628xx
            to = "0" + to.lstrip("+")[2:]
        elif self.cfg.get("NOMOR") == "digit":
            to = to.lstrip("+")
        params = dict(self.cfg.get("EXTRA") or {})
        params[self.cfg["PARAM_TO"]] = to
        params[self.cfg["PARAM_TEXT"]] = teks_pesan(pesan.muatan)[: int(self.cfg.get("MAKS", 480))]
        if self.cfg.get("PARAM_REF"):
            params[self.cfg["PARAM_REF"]] = pesan.kunci
        headers = {}
        if self.cfg.get("AUTH_HEADER"):
            headers["Authorization"] = self.cfg["AUTH_HEADER"]
        url = self.cfg["URL"]
        if self.cfg.get("METHOD", "POST").upper() == "GET":
            return "GET", url + ("&" if "?" in url else "?") + urlencode(params), None, headers
        if self.cfg.get("FORMAT", "form") == "json":
            return "POST", url, _json(params), headers | {"Content-Type": "application/json"}
        return "POST", url, urlencode(params).encode(), headers | {
            "Content-Type": "application/x-www-form-urlencoded"}

    def id_dari(self, respons):
        kunci = self.cfg.get("RESP_ID")
        return respons.get(kunci, "") if kunci else ""


class Email:
    """Email through Django's configured mailer (``MAILERS``: SMTP in production). One SMTP
    connection per batch; each message gets a deterministic ``Message-ID`` derived from the
    outbox key, so a message re-sent by hand is recognisable as the same message."""

    kanal = "email"
    idempoten = False

    def __init__(self):
        from django.core.mail import mailers

        self.conn = mailers.create_connection("default")
        self._buka = False
        # Django's SMTP backend: its smtplib connection is used directly with the cheap builder.
        self._smtp = type(self.conn).__module__ == "django.core.mail.backends.smtp"
        self._domain = urlsplit(settings.SIMPUL_SITE_URL).hostname or "simpul.localhost"

    def terkonfigurasi(self) -> bool:
        return True

    def _isi(self, pesan) -> tuple[str, str, dict[str, str]]:
        """(subject, body, extra headers) of a message: the one composition both builders use."""
        m = pesan.muatan
        isi = m.get("isi", "")
        if m.get("url"):
            url = m["url"] if m["url"].startswith("http") else f"{settings.SIMPUL_SITE_URL}{m['url']}"
            isi = f"{isi}\n\n{url}"
        return (f"[Simpul] {m.get('judul', '')}"[:250], isi,
                {"Message-ID": f"<{pesan.kunci}@{self._domain}>", "Auto-Submitted": "auto-generated"})

    def _pesan(self, pesan):
        from django.core.mail import EmailMessage

        judul, isi, header = self._isi(pesan)
        return EmailMessage(judul, isi, None, [pesan.alamat], headers=header)

    def _mentah(self, pesan) -> tuple[str, bytes] | None:
        """(envelope sender, bytes) of the message built with the legacy ``email`` API, several
        times cheaper than Django's ``EmailMessage`` (whose header registry folds every header);
        the same headers and body. None when an address is not plain ASCII (Django's path then
        handles the IDNA/encoded forms) or when the mailer is not SMTP."""
        from email.header import Header
        from email.mime.text import MIMEText
        from email.utils import formatdate, parseaddr

        if not self._smtp:
            return None
        pengirim = settings.DEFAULT_FROM_EMAIL
        if not (pengirim.isascii() and pesan.alamat.isascii()):
            return None
        judul, isi, header = self._isi(pesan)
        msg = MIMEText(isi, "plain", "us-ascii" if isi.isascii() else _UTF8_QP)
        msg["Subject"] = judul if judul.isascii() else Header(judul, "utf-8")
        msg["From"] = pengirim
        msg["To"] = pesan.alamat
        msg["Date"] = formatdate(localtime=True)
        for nama, nilai in header.items():
            msg[nama] = nilai
        return parseaddr(pengirim)[1], msg.as_bytes()

    def _kirim_satu(self, p) -> None:
        mentah = self._mentah(p)
        if mentah is None:
            self.conn.send_messages([self._pesan(p)])
        else:
            self.conn.connection.sendmail(mentah[0], [p.alamat], mentah[1])

    def kirim(self, pesan_list) -> list[Hasil]:
        import smtplib

        hasil = []
        for p in pesan_list:
            if "@" not in p.alamat:
                hasil.append(Hasil(PERMANEN, f"invalid email address {p.alamat!r}"))
                continue
            if not self._buka:
                try:
                    self.conn.open()
                    self._buka = True
                except (OSError, smtplib.SMTPException) as exc:
                    hasil.append(Hasil(SEMENTARA, f"SMTP connect: {exc}"))
                    continue
            try:
                self._kirim_satu(p)
                hasil.append(Hasil(TERKIRIM))
            except smtplib.SMTPRecipientsRefused as exc:
                hasil.append(Hasil(PERMANEN, f"SMTP: {exc}"))
            except smtplib.SMTPResponseException as exc:
                hasil.append(Hasil(SEMENTARA if 400 <= exc.smtp_code < 500 else PERMANEN,
                                   f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"))
            except smtplib.SMTPServerDisconnected as exc:
                self._tutup_paksa()
                hasil.append(Hasil(TIDAK_PASTI, f"SMTP disconnected: {exc}"))
            except (OSError, smtplib.SMTPException) as exc:
                self._tutup_paksa()
                hasil.append(Hasil(TIDAK_PASTI, f"SMTP: {exc}"))
        return hasil

    def _tutup_paksa(self):
        with contextlib.suppress(Exception):  # the connection is already broken
            self.conn.close()
        self._buka = False

    def tutup(self) -> None:
        if self._buka:
            self._tutup_paksa()


def _charset_utf8_qp():
    from email.charset import QP, Charset

    cs = Charset("utf-8")
    cs.body_encoding = QP
    return cs


_UTF8_QP = _charset_utf8_qp()

ADAPTER = {"email": Email, "whatsapp": WhatsApp, "telegram": Telegram, "sms": Sms}


def adapter(kanal: str, klien: KlienHttp | None = None):
    cls = ADAPTER[kanal]
    return cls() if cls is Email else cls(klien)


def kanal_aktif() -> list[str]:
    """The outside channels configured on this installation."""
    return [k for k in ADAPTER if k == "email" or ADAPTER[k](KlienHttp()).terkonfigurasi()]
