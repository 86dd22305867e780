"""The one notification service.

Two entry points, both idempotent (call them again with the same key: nothing new is sent):

``notifikasi_kirim(*, users, kunci, judul, isi="", url="", jenis=None) -> int``
    Notify account holders. Each user gets one in-app notification per ``kunci`` (the event key,
    e.g. ``"kim:12:event:34"``) and, following their preferences, one outbox message per outside
    channel (email, WhatsApp, Telegram, SMS) sent at once or held for the daily digest. ``jenis``
    (the event type used by preferences) defaults to the key's first segment (``"kim"``,
    ``"diseminasi"``, ``"aspirasi"``...) when it is a registered type, else ``"umum"``.
    Returns how many new in-app notifications were created. Call it inside the caller's
    transaction; sending starts after commit.

``kirim_ke_kontak(*, kanal, alamat, kunci, judul, isi, url="") -> bool``
    Message a person without an account (a citizen who left a phone number, an email or a
    Telegram chat id) on one channel (``"email"``, ``"whatsapp"``, ``"telegram"``, ``"sms"``).
    Idempotent by ``kunci`` + ``kanal`` + ``alamat``. Phone numbers are normalised to +62...;
    a bad address raises ``simpul.core.errors.ValidationError``. Returns True when a new message
    was queued.

Delivery goes through the outbox (``Pesan`` rows, ``proses_outbox`` task): retries with
exponential backoff, at-most-once on ambiguous failures; see docs/notifikasi.md.
"""

from __future__ import annotations

import hashlib
import logging
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, F, Max, Min, Value
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.core import errors
from simpul.core.jadwal import antre_gabung

from . import kanal as kanal_mod
from .models import (
    KANAL_LUAR,
    Kanal,
    Mode,
    Notifikasi,
    Pesan,
    Preferensi,
    ProfilNotifikasi,
    StatusPesan,
)

log = logging.getLogger(__name__)

# --- Event types (for preferences) ------------------------------------------------------------

JENIS: dict[str, object] = {
    "kim": gettext_lazy("Pendaftaran, verifikasi dan SK KIM"),
    "diseminasi": gettext_lazy("Kampanye diseminasi"),
    "aspirasi": gettext_lazy("Aspirasi warga"),
    "musyawarah": gettext_lazy("Musyawarah"),
    "kegiatan": gettext_lazy("Kegiatan"),
    "pembinaan": gettext_lazy("Pembinaan"),
    "umum": gettext_lazy("Lainnya"),
}


def daftar_jenis(kode: str, label) -> None:
    """Register an event type shown on the preferences page (call from ``AppConfig.ready``)."""
    JENIS[kode] = label


def jenis_dari_kunci(kunci: str) -> str:
    awal = kunci.split(":", 1)[0]
    return awal if awal in JENIS else "umum"


# Channel defaults when the user has set nothing: email on (the account's own address), the
# paid/phone channels off until the person opts in (UU PDP: consent for using a phone number).
MODE_BAWAAN = {Kanal.EMAIL: Mode.LANGSUNG, Kanal.WHATSAPP: Mode.MATI, Kanal.TELEGRAM: Mode.MATI,
               Kanal.SMS: Mode.MATI}


def _cfg(name: str, default):
    return getattr(settings, "SIMPUL_OUTBOX", {}).get(name, default)


def kunci_pesan(kunci_acara: str, kanal: str, alamat: str) -> str:
    return hashlib.sha256(f"{kunci_acara}\x1f{kanal}\x1f{alamat}".encode()).hexdigest()


def _muatan(judul: str, isi: str, url: str) -> dict:
    return {"judul": judul[:200], "isi": isi, "url": url}


def _alamat_user(user, kanal: str, profil: ProfilNotifikasi | None) -> str:
    if kanal == Kanal.EMAIL:
        return user.email or ""
    if kanal == Kanal.WHATSAPP:
        return (profil.whatsapp if profil and profil.whatsapp else user.telepon) or ""
    if kanal == Kanal.SMS:
        return user.telepon or ""
    if kanal == Kanal.TELEGRAM:
        return profil.telegram_chat_id if profil else ""
    return ""


def _mode(prefs: dict, user_id: int, kanal: str, jenis: str) -> str:
    return prefs.get((user_id, kanal, jenis)) or prefs.get((user_id, kanal, "")) or MODE_BAWAAN[kanal]


def _mulai_kirim() -> None:
    """After commit, make sure an outbox run is on its way: one per burst of new messages
    (``core.jadwal.antre_gabung``), not one per call; the scheduler's minute sweep backs it up."""
    antre_gabung(proses_outbox, kunci="notifikasi.outbox", jeda=1)


@dataclass(frozen=True)
class Kabar:
    """One notification for :func:`notifikasi_kirim_banyak`."""

    users: Iterable
    kunci: str
    judul: str
    isi: str = ""
    url: str = ""
    jenis: str | None = None


def notifikasi_kirim(*, users: Iterable, kunci: str, judul: str, isi: str = "", url: str = "",
                     jenis: str | None = None) -> int:
    """Notify each user once per ``kunci`` (in-app + preferred channels). Returns how many new
    in-app notifications were created."""
    return notifikasi_kirim_banyak([Kabar(users=users, kunci=kunci, judul=judul, isi=isi, url=url, jenis=jenis)])


def notifikasi_kirim_banyak(kabar: Iterable[Kabar]) -> int:
    """:func:`notifikasi_kirim` for many notifications at once, in the same few queries as one
    (a batch of new aspirations announced together, say). Returns how many new in-app
    notifications were created."""
    daftar = []
    for k in kabar:
        users = list({u.pk: u for u in k.users if u is not None and u.is_active}.values())
        if users:
            daftar.append((k, users, k.jenis or jenis_dari_kunci(k.kunci)))
    if not daftar:
        return 0
    ids = sorted({u.pk for _k, users, _j in daftar for u in users})
    kuncis = sorted({k.kunci for k, _u, _j in daftar})
    jenis_semua = sorted({j for _k, _u, j in daftar})
    # One read: who already has these notifications, and the users' preferences for these types.
    ada = Value("", output_field=CharField())
    baris = Notifikasi.objects.filter(kunci__in=kuncis, user_id__in=ids).order_by().values_list(
        "user_id", "kunci", ada, ada).union(
        Preferensi.objects.filter(user_id__in=ids, jenis__in=["", *jenis_semua]).order_by().values_list(
            "user_id", "kanal", "jenis", "mode"), all=True).order_by()
    existing, prefs = set(), {}
    for user_id, k, j, m in baris:
        if m:
            prefs[(user_id, k, j)] = m
        else:
            existing.add((user_id, k))
    baru = [(k, [u for u in users if (u.pk, k.kunci) not in existing], jenis) for k, users, jenis in daftar]
    baru = [(k, users, jenis) for k, users, jenis in baru if users]
    Notifikasi.objects.bulk_create(
        [Notifikasi(user=u, kunci=k.kunci, jenis=jenis, judul=k.judul[:200], isi=k.isi, url=k.url)
         for k, users, jenis in baru for u in users],
        ignore_conflicts=True,
    )
    if not baru:
        return 0
    aktif = kanal_mod.kanal_aktif()
    profil = {}
    if {Kanal.WHATSAPP, Kanal.TELEGRAM} & set(aktif):
        profil = {p.user_id: p for p in ProfilNotifikasi.objects.filter(
            user_id__in=sorted({u.pk for _k, users, _j in baru for u in users}))}
    now = timezone.now()
    pesan = []
    for k, users, jenis in baru:
        muatan = _muatan(k.judul, k.isi, k.url)
        for u in users:
            for kanal in aktif:
                mode = _mode(prefs, u.pk, kanal, jenis)
                alamat = _alamat_user(u, kanal, profil.get(u.pk))
                if mode == Mode.MATI or not alamat:
                    continue
                pesan.append(Pesan(
                    kunci=kunci_pesan(k.kunci, kanal, alamat), kunci_acara=k.kunci[:160], kanal=kanal,
                    alamat=alamat, user=u, jenis=jenis, muatan=muatan, coba_lagi_pada=now,
                    status=StatusPesan.TAHAN if mode == Mode.RINGKASAN else StatusPesan.ANTRI,
                ))
    if pesan:
        Pesan.objects.bulk_create(pesan, ignore_conflicts=True)
        if any(p.status == StatusPesan.ANTRI for p in pesan):
            _mulai_kirim()
    return sum(len(users) for _k, users, _j in baru)


def normalisasi_alamat(kanal: str, alamat: str) -> str:
    """The canonical address for ``kanal``; ValidationError with a clear message otherwise."""
    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.core.validators import validate_email

    from simpul.core.telepon import normalize_telepon

    alamat = (alamat or "").strip()
    if kanal in (Kanal.WHATSAPP, Kanal.SMS):
        return normalize_telepon(alamat)
    if kanal == Kanal.EMAIL:
        try:
            validate_email(alamat)
        except DjangoValidationError as exc:
            raise errors.ValidationError(_("Alamat email tidak valid."), field="alamat") from exc
        local, _at, domain = alamat.rpartition("@")
        return f"{local}@{domain.lower()}"
    if kanal == Kanal.TELEGRAM:
        if not alamat.lstrip("-").isdigit() or len(alamat) > 20:
            raise errors.ValidationError(_("ID chat Telegram harus berupa angka."), field="alamat")
        return alamat
    raise errors.ValidationError(_("Kanal tidak dikenal."), field="kanal")


def kirim_ke_kontak(*, kanal: str, alamat: str, kunci: str, judul: str, isi: str, url: str = "",
                    jenis: str | None = None) -> bool:
    """Queue one message to a person without an account. True if it was new."""
    if kanal not in KANAL_LUAR:
        raise errors.ValidationError(_("Kanal tidak dikenal."), field="kanal")
    alamat = normalisasi_alamat(kanal, alamat)
    _pesan, dibuat = Pesan.objects.get_or_create(
        kunci=kunci_pesan(kunci, kanal, alamat),
        defaults={"kunci_acara": kunci[:160], "kanal": kanal, "alamat": alamat,
                  "jenis": jenis or jenis_dari_kunci(kunci), "muatan": _muatan(judul, isi, url),
                  "coba_lagi_pada": timezone.now()},
    )
    if dibuat:
        _mulai_kirim()
    return dibuat


def notifikasi_tandai_dibaca(*, user, ids: Iterable[int] | None = None) -> int:
    qs = Notifikasi.objects.filter(user=user, dibaca__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(dibaca=timezone.now())


# --- Preferences ------------------------------------------------------------------------------


def preferensi_simpan(*, user, mode: dict[tuple[str, str], str], telegram_chat_id: str | None = None,
                      whatsapp: str | None = None) -> None:
    """Replace ``user``'s preferences. ``mode`` maps (kanal, jenis) -> mode, ``jenis=""`` being
    the channel default; a missing pair (or ``""``) follows the default. Addresses left as None
    keep their stored value."""
    rows = []
    for (k, j), m in mode.items():
        if k not in KANAL_LUAR or (j and j not in JENIS):
            raise errors.ValidationError(_("Pilihan tidak dikenal."))
        if not m:
            continue
        if m not in Mode.values:
            raise errors.ValidationError(_("Pilihan tidak dikenal."))
        rows.append(Preferensi(user=user, kanal=k, jenis=j, mode=m))
    alamat = {}
    if telegram_chat_id is not None:
        t = telegram_chat_id.strip()
        alamat["telegram_chat_id"] = normalisasi_alamat(Kanal.TELEGRAM, t) if t else ""
    if whatsapp is not None:
        alamat["whatsapp"] = normalisasi_alamat(Kanal.WHATSAPP, whatsapp) if whatsapp.strip() else ""
    with transaction.atomic():
        Preferensi.objects.filter(user=user).delete()
        Preferensi.objects.bulk_create(rows)
        if alamat:
            ProfilNotifikasi.objects.update_or_create(user=user, defaults=alamat)


# --- Outbox -----------------------------------------------------------------------------------


def jeda(percobaan: int) -> timedelta:
    """Exponential backoff with jitter: 30 s, 1 min, 2 min, ... capped at 6 h."""
    dasar = _cfg("JEDA_DASAR", 30)
    detik = min(_cfg("JEDA_MAKS", 6 * 3600), dasar * 2 ** max(0, percobaan - 1))
    return timedelta(seconds=detik * (1 + random.random() / 4))


_KOLOM_KLAIM = ("id", "kunci", "kanal", "alamat", "muatan", "percobaan", "coba_lagi_pada", "terkirim_pada",
                "id_penyedia")


class BarisKlaim:
    """A claimed outbox row as the worker needs it (what the adapters read, what the outcome
    writes): no ORM object per message on the hot path."""

    __slots__ = ("alamat", "coba_lagi_pada", "galat_terakhir", "id_penyedia", "kanal", "kunci", "muatan",
                 "percobaan", "pk", "status", "terkirim_pada")

    def __init__(self, pk, kunci, kanal, alamat, muatan, percobaan, coba_lagi_pada, terkirim_pada, id_penyedia):
        self.pk, self.kunci, self.kanal, self.alamat, self.muatan, self.percobaan = (
            pk, kunci, kanal, alamat, muatan, percobaan)
        self.coba_lagi_pada, self.terkirim_pada, self.id_penyedia = coba_lagi_pada, terkirim_pada, id_penyedia
        self.status, self.galat_terakhir = StatusPesan.KIRIM, ""


def klaim(*, batas: int, now: datetime | None = None) -> list[Pesan]:
    """Claim up to ``batas`` due rows for this worker. PostgreSQL: one ``UPDATE ... WHERE id IN
    (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING``, so concurrent workers take disjoint rows
    without waiting; SQLite: the IMMEDIATE transaction serialises claims. The conditional UPDATE
    (status still ``antri``) is the final guard. The rows come back with only what sending needs."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    if connection.vendor == "postgresql":
        t = Pesan._meta.db_table
        # The table comes from _meta; every value is a bound parameter.
        # The claimed ids are a MATERIALIZED CTE: evaluated once (as a subquery in ``id IN (...)``
        # the planner may rescan it and, skipping the rows this UPDATE already changed, claim more).
        sql = (
            f"WITH c AS MATERIALIZED (SELECT id FROM {t} WHERE status = %s AND coba_lagi_pada <= %s "  # noqa: S608
            "ORDER BY coba_lagi_pada, id LIMIT %s FOR UPDATE SKIP LOCKED) "
            f"UPDATE {t} AS t SET status = %s, token_klaim = %s, diklaim_pada = %s, percobaan = t.percobaan + 1 "
            "FROM c WHERE t.id = c.id AND t.status = %s "
            f"RETURNING {', '.join('t.' + k for k in _KOLOM_KLAIM)}"
        )
        with transaction.atomic(), connection.cursor() as c:
            c.execute(sql, [StatusPesan.ANTRI, now, batas, StatusPesan.KIRIM, token, now, StatusPesan.ANTRI])
            rows = sorted(c.fetchall())
        muatan = Pesan._meta.get_field("muatan")
        return [BarisKlaim(i, k, kn, a, m if isinstance(m, dict) else muatan.from_db_value(m, None, connection),
                           *rest) for i, k, kn, a, m, *rest in rows]
    with transaction.atomic():
        ids = list(
            Pesan.objects.filter(status=StatusPesan.ANTRI, coba_lagi_pada__lte=now)
            .order_by("coba_lagi_pada", "id").select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:batas]
        )
        if not ids:
            return []
        Pesan.objects.filter(pk__in=ids, status=StatusPesan.ANTRI).update(
            status=StatusPesan.KIRIM, token_klaim=token, diklaim_pada=now, percobaan=F("percobaan") + 1)
    return list(Pesan.objects.filter(token_klaim=token, status=StatusPesan.KIRIM).order_by("id"))


_KOLOM_HASIL = ["status", "terkirim_pada", "id_penyedia", "galat_terakhir", "coba_lagi_pada"]


def _simpan_hasil(pesan: list[Pesan]) -> None:
    """Record the outcomes of a batch in one UPDATE (PostgreSQL: ``UPDATE ... FROM (VALUES ...)``;
    elsewhere ``bulk_update``)."""
    if not pesan:
        return
    if connection.vendor != "postgresql":
        Pesan.objects.bulk_update(pesan, _KOLOM_HASIL)
        return
    t = Pesan._meta.db_table
    # One array per column (six parameters whatever the batch size); the table comes from _meta.
    sql = (
        f"UPDATE {t} AS t SET status = v.status, terkirim_pada = v.terkirim_pada, "  # noqa: S608
        "id_penyedia = v.id_penyedia, galat_terakhir = v.galat, coba_lagi_pada = v.coba "
        "FROM unnest(%s::bigint[], %s::varchar[], %s::timestamptz[], %s::varchar[], %s::text[], %s::timestamptz[]) "
        "AS v(id, status, terkirim_pada, id_penyedia, galat, coba) WHERE t.id = v.id"
    )
    kolom = [[p.pk for p in pesan], [p.status for p in pesan], [p.terkirim_pada for p in pesan],
             [p.id_penyedia for p in pesan], [p.galat_terakhir for p in pesan], [p.coba_lagi_pada for p in pesan]]
    with connection.cursor() as c:
        c.execute(sql, kolom)


def _catat(pesan: list[Pesan], hasil: list[kanal_mod.Hasil], *, idempoten: bool, now: datetime,
           simpan: bool = True) -> dict:
    maks = _cfg("MAKS_PERCOBAAN", 8)
    hitung = {"terkirim": 0, "diulang": 0, "gagal": 0, "tidak_pasti": 0}
    for p, h in zip(pesan, hasil, strict=True):
        p.galat_terakhir = h.galat[:2000]
        if h.status == kanal_mod.TERKIRIM:
            p.status, p.terkirim_pada, p.id_penyedia = StatusPesan.TERKIRIM, now, h.id_penyedia
            hitung["terkirim"] += 1
        elif h.status == kanal_mod.SEMENTARA or (h.status == kanal_mod.TIDAK_PASTI and idempoten):
            if p.percobaan >= maks:
                p.status = StatusPesan.GAGAL
                hitung["gagal"] += 1
            else:
                p.status, p.coba_lagi_pada = StatusPesan.ANTRI, now + jeda(p.percobaan)
                hitung["diulang"] += 1
        elif h.status == kanal_mod.TIDAK_PASTI:
            p.status = StatusPesan.TIDAK_PASTI
            hitung["tidak_pasti"] += 1
        else:
            p.status = StatusPesan.GAGAL
            hitung["gagal"] += 1
    if simpan:
        _simpan_hasil(pesan)
    return hitung


def _kirim_kanal(a, rows: list[Pesan]) -> list[kanal_mod.Hasil]:
    if not a.terkonfigurasi():
        return [kanal_mod.Hasil(kanal_mod.PERMANEN, "channel not configured") for _ in rows]
    return a.kirim(rows)


class Pengirim:
    """A worker's sending side, kept across batches: one adapter (one keep-alive connection) per
    channel and slot, and a small thread pool. A channel's part of a batch is split over up to
    ``SIMPUL_OUTBOX["PARALEL"]`` slots (4 by default; at least ``MIN_PER_SLOT`` rows each), so
    the waits on the wire overlap; each row is sent by exactly one slot, once."""

    def __init__(self, adapters: dict | None = None):
        self.adapters = adapters if adapters is not None else {}
        self.paralel = max(1, int(_cfg("PARALEL", 4)))
        self.min_per_slot = max(1, int(_cfg("MIN_PER_SLOT", 8)))
        self._pool = None

    def _adapter(self, kanal: str, slot: int):
        key = kanal if slot == 0 else (kanal, slot)
        if key not in self.adapters:
            self.adapters[key] = kanal_mod.adapter(kanal)
        return self.adapters[key]

    def kirim(self, pesan: list[Pesan]) -> list[tuple[object, list[Pesan], list[kanal_mod.Hasil]]]:
        per_kanal: dict[str, list[Pesan]] = {}
        for p in pesan:
            per_kanal.setdefault(p.kanal, []).append(p)
        tugas = []
        for k, rows in per_kanal.items():
            n = max(1, min(self.paralel, len(rows) // self.min_per_slot))
            for slot in range(n):
                tugas.append((self._adapter(k, slot), rows[slot::n]))
        if len(tugas) == 1:
            a, rows = tugas[0]
            return [(a, rows, _kirim_kanal(a, rows))]
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=4 * self.paralel, thread_name_prefix="outbox")
        futures = [(a, rows, self._pool.submit(_kirim_kanal, a, rows)) for a, rows in tugas]
        return [(a, rows, f.result()) for a, rows, f in futures]

    def tutup(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        for a in self.adapters.values():
            a.tutup()


def kirim_batch(pesan: list[Pesan], *, adapters: dict | None = None, now=None,
                pengirim: Pengirim | None = None) -> dict:
    """Send claimed rows, grouped by channel (and split over a few connections per channel, sent
    side by side in threads: only network I/O happens there), and record the outcomes here, in
    one UPDATE."""
    sendiri = pengirim is None
    pengirim = pengirim or Pengirim(adapters)
    total = {"terkirim": 0, "diulang": 0, "gagal": 0, "tidak_pasti": 0}
    try:
        hasil = pengirim.kirim(pesan)
    finally:
        if sendiri and pengirim._pool is not None:
            pengirim._pool.shutdown()
    now = now or timezone.now()
    semua = []
    for a, rows, h in hasil:
        for key, n in _catat(rows, h, idempoten=a.idempoten, now=now, simpan=False).items():
            total[key] += n
        semua += rows
    _simpan_hasil(semua)
    return total


def pulihkan_klaim_basi(now=None) -> int:
    """Rows claimed by a worker that died (``kirim`` for longer than the lease): the send may
    have happened, so they become ``tidak_pasti`` for an admin to decide (at-most-once), or go
    back to the queue on a channel whose provider de-duplicates."""
    now = now or timezone.now()
    batas = now - timedelta(seconds=_cfg("SEWA_KLAIM", 600))
    basi = Pesan.objects.filter(status=StatusPesan.KIRIM, diklaim_pada__lt=batas)
    idempoten = [k for k in KANAL_LUAR if getattr(kanal_mod.adapter(k), "idempoten", False)]
    n = basi.filter(kanal__in=idempoten).update(status=StatusPesan.ANTRI, coba_lagi_pada=now)
    n += basi.exclude(kanal__in=idempoten).update(
        status=StatusPesan.TIDAK_PASTI, galat_terakhir="worker stopped while sending (claim expired)")
    return n


def jalankan_outbox(*, batas: int = 100, maks_detik: float = 50.0, now=None) -> dict:
    """Drain the due part of the outbox: claim, send, record, until nothing is due or the time
    budget is spent. Safe to run in any number of workers at once."""
    import time

    mulai = time.monotonic()
    total = {"terkirim": 0, "diulang": 0, "gagal": 0, "tidak_pasti": 0}
    pengirim = Pengirim()
    try:
        while time.monotonic() - mulai < maks_detik:
            rows = klaim(batas=batas, now=now)
            if not rows:
                break
            for key, n in kirim_batch(rows, now=now, pengirim=pengirim).items():
                total[key] += n
    finally:
        pengirim.tutup()
    return total


@task()
def proses_outbox() -> dict:
    """Send what is due in the outbox (enqueued after each new message; also every minute by
    ``manage.py jadwal`` for retries that have come due)."""
    return jalankan_outbox()


def pesan_ulang(*, pesan: Pesan, aktor) -> bool:
    """An admin sends a failed or uncertain message again (a fresh set of attempts)."""
    n = Pesan.objects.filter(pk=pesan.pk, status__in=[StatusPesan.GAGAL, StatusPesan.TIDAK_PASTI]).update(
        status=StatusPesan.ANTRI, percobaan=0, coba_lagi_pada=timezone.now(),
        galat_terakhir=F("galat_terakhir"), token_klaim="",
    )
    if n:
        log.warning("outbox: message %s re-queued by user %s", pesan.pk, aktor.pk)
        _mulai_kirim()
    return bool(n)


def pesan_batal(*, pesan: Pesan, aktor) -> bool:
    """An admin closes a failed or uncertain message without sending it again."""
    n = Pesan.objects.filter(pk=pesan.pk, status__in=[StatusPesan.GAGAL, StatusPesan.TIDAK_PASTI]).update(
        status=StatusPesan.BATAL)
    if n:
        log.warning("outbox: message %s cancelled by user %s", pesan.pk, aktor.pk)
    return bool(n)


# --- Daily digest -----------------------------------------------------------------------------


def batas_ringkasan(now=None) -> datetime:
    """Today's digest cut-off (``SIMPUL_RINGKASAN_JAM`` local time, 07:00 by default), or
    yesterday's if that hour has not come yet."""
    now = timezone.localtime(now or timezone.now())
    jam = getattr(settings, "SIMPUL_RINGKASAN_JAM", 7)
    batas = now.replace(hour=jam, minute=0, second=0, microsecond=0)
    return batas if batas <= now else batas - timedelta(days=1)


def buat_ringkasan(now=None) -> int:
    """Fold the messages held for the digest before the cut-off into one message per person and
    channel. Idempotent: the held rows are marked in the same transaction, and the digest's key
    is derived from the rows it covers. Returns how many digest messages were queued."""
    now = now or timezone.now()
    batas = batas_ringkasan(now)
    grup = (Pesan.objects.filter(status=StatusPesan.TAHAN, dibuat__lt=batas)
            .values("user_id", "kanal", "alamat").annotate(awal=Min("id"), akhir=Max("id")))
    dibuat = 0
    for g in grup:
        with transaction.atomic():
            rows = list(Pesan.objects.select_for_update().filter(
                status=StatusPesan.TAHAN, user_id=g["user_id"], kanal=g["kanal"], alamat=g["alamat"],
                pk__gte=g["awal"], pk__lte=g["akhir"]).order_by("id"))
            if not rows:
                continue
            tanggal = timezone.localtime(batas).date()
            judul = _("Ringkasan Simpul %(tanggal)s: %(n)d pemberitahuan") % {
                "tanggal": tanggal.strftime("%d-%m-%Y"), "n": len(rows)}
            baris = []
            for r in rows:
                m = r.muatan
                url = m.get("url", "")
                if url and not url.startswith("http"):
                    url = f"{settings.SIMPUL_SITE_URL}{url}"
                baris.append(f"- {m.get('judul', '')}" + (f"\n  {url}" if url else ""))
            kunci = f"ringkasan:{g['user_id']}:{g['kanal']}:{rows[0].pk}-{rows[-1].pk}"
            ringkasan, baru = Pesan.objects.get_or_create(
                kunci=kunci_pesan(kunci, g["kanal"], g["alamat"]),
                defaults={"kunci_acara": kunci, "kanal": g["kanal"], "alamat": g["alamat"],
                          "user_id": g["user_id"], "jenis": "ringkasan", "coba_lagi_pada": now,
                          "muatan": _muatan(judul, "\n".join(baris), "/notifikasi/")},
            )
            Pesan.objects.filter(pk__in=[r.pk for r in rows]).update(
                status=StatusPesan.DIGABUNG, ringkasan=ringkasan)
            dibuat += int(baru)
    if dibuat:
        _mulai_kirim()
    return dibuat
