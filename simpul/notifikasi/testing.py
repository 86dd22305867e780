"""Real servers on 127.0.0.1 for tests and benches (no mocks of the wire).

``PerekamHttp``: a small HTTP/1.1 keep-alive server that records every request (method, path,
headers, body; ``.json()`` parses it) and answers from a script: ``.jawab(status, body)``
queues answers, ``.atur(fungsi)`` sets a function ``(Permintaan) -> (status, body)``. Reusable for
any outbound adapter (and for inbound webhooks: post to it from a test).

``ServerSmtp``: an aiosmtpd server that keeps each received message (``.pesan``: envelope
sender, recipients and the parsed ``email.message.EmailMessage``).

Both are context managers (``with PerekamHttp() as h: ... h.url``); the pytest fixtures in
``simpul/notifikasi/tests/conftest.py`` wrap them.
"""

from __future__ import annotations

import collections
import email
import email.policy
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Permintaan:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}

    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class PerekamHttp:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, rekam: bool = True):
        self.permintaan: list[Permintaan] = []
        self._antrian: collections.deque[tuple[int, bytes]] = collections.deque()
        self._fungsi = None
        self.rekam = rekam
        self.jumlah = 0
        self._lock = threading.Lock()
        perekam = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall

            def _tangani(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                req = Permintaan(self.command, self.path, dict(self.headers.items()), body)
                status, isi = perekam._jawaban(req)
                if status is None:  # simulate a provider that takes the request and never answers
                    self.close_connection = True
                    return
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(isi)))
                self.end_headers()
                self.wfile.write(isi)

            do_POST = do_GET = do_PUT = _tangani

            def log_message(self, *args):
                pass

        self.server = _Server((host, port), Handler)
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _jawaban(self, req: Permintaan):
        with self._lock:
            self.jumlah += 1
            if self.rekam:
                self.permintaan.append(req)
            if self._antrian:
                return self._antrian.popleft()
        if self._fungsi:
            return self._fungsi(req)
        return 200, b'{"ok":true,"result":{"message_id":1},"messages":[{"id":"wamid.UJI"}]}'

    def jawab(self, status: int | None, body: bytes | str | dict = b"{}", *, kali: int = 1) -> None:
        """Queue the next ``kali`` answers (``status=None``: drop the connection unanswered)."""
        if isinstance(body, dict):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        for _ in range(kali):
            self._antrian.append((status, body))

    def atur(self, fungsi) -> None:
        self._fungsi = fungsi

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def reset(self) -> None:
        with self._lock:
            self.permintaan.clear()
            self._antrian.clear()
            self.jumlah = 0
        self._fungsi = None

    def start(self) -> PerekamHttp:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


@dataclass
class Surat:
    pengirim: str
    penerima: list[str]
    pesan: email.message.EmailMessage = field(repr=False)


class ServerSmtp:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, rekam: bool = True):
        from aiosmtpd.controller import Controller

        self.pesan: list[Surat] = []
        self.rekam = rekam
        self.jumlah = 0
        self.tolak: collections.deque[str] = collections.deque()  # SMTP replies to give instead of 250
        server = self

        class Handler:
            async def handle_DATA(self, srv, session, envelope):
                if server.tolak:
                    return server.tolak.popleft()
                server.jumlah += 1
                if server.rekam:
                    msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
                    server.pesan.append(Surat(envelope.mail_from, list(envelope.rcpt_tos), msg))
                return "250 OK"

        if port == 0:
            import socket

            with socket.socket() as s:
                s.bind((host, 0))
                port = s.getsockname()[1]
        self.host, self.port = host, port
        self.controller = Controller(Handler(), hostname=host, port=port)

    def start(self) -> ServerSmtp:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def reset(self) -> None:
        self.pesan.clear()
        self.tolak.clear()
        self.jumlah = 0

    def mailers(self) -> dict:
        """A ``MAILERS`` setting that sends to this server."""
        return {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                            "OPTIONS": {"host": self.host, "port": self.port, "timeout": 5}}}

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def pengaturan_kanal(http_url: str, **sms) -> dict:
    """Settings that point WhatsApp, Telegram and the SMS gateway at ``http_url``."""
    return {
        "SIMPUL_WHATSAPP": {"BASE_URL": http_url, "VERSION": "v21.0", "PHONE_NUMBER_ID": "1055",
                            "TOKEN": "wa-token-uji", "TEMPLATE": "", "TEMPLATE_LANG": "id"},
        "SIMPUL_TELEGRAM": {"BASE_URL": http_url, "TOKEN": "123:ABC"},
        "SIMPUL_SMS": {"URL": f"{http_url}/sms/kirim", "METHOD": "POST", "FORMAT": "form", "PARAM_TO": "msisdn",
                       "PARAM_TEXT": "pesan", "PARAM_REF": "ref", "IDEMPOTEN": False, "NOMOR": "e164",
                       "EXTRA": {"apikey": "k-uji"}, "AUTH_HEADER": "", "RESP_ID": "", **sms},
    }
