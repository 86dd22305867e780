"""Every write to aspirations: intake, triage, disposition, responses, the citizen's rating, abuse
reports and the deadline tick.

All functions are keyword-only, run in one transaction, write an
:class:`~simpul.aspirasi.models.AspirasiEvent` for every change (actor, time, before/after) and
raise :mod:`simpul.core.errors` with a clear Indonesian message (``field`` names the input).

Intake (no account needed)::

    aspirasi_create(*, actor=None, jenis, desa, isi, judul="", kategori=None, nama="", telepon="",
                    email="", anonim=False, rahasia=False, lat=None, lng=None, lampiran=(),
                    kanal="web", kanal_alamat="", kunci_idempoten=None, kim=None)
        -> (Aspirasi, created: bool)
        ``kunci_idempoten`` (the offline outbox's key, or "<kanal>:<message id>") makes a repeated
        send return the first aspiration (created False). A KIM officer recording on a citizen's
        behalf passes ``kim`` (needs ``Aksi.ASPIRASI_CATAT`` on it).

Triage (``Aksi.ASPIRASI_TANGANI`` on the handling region or the KIM)::

    aspirasi_verifikasi(*, actor, aspirasi, kategori=TETAP, jenis=TETAP, butuh_cek_lapangan=TETAP,
                        sengketa=TETAP, catatan="")     # auto-routes if a rule matches
    aspirasi_tunda(*, actor, aspirasi, alasan)
    aspirasi_teruskan(*, actor, aspirasi, wilayah, alasan)   # not our authority: up or sideways
    aspirasi_arsipkan(*, actor, aspirasi, alasan)
    aspirasi_gabung(*, actor, aspirasi, ke, alasan="")        # merge a duplicate into ``ke``
    aspirasi_disposisi(*, actor, aspirasi, instansi, catatan="")
    laporan_tinjau(*, actor, aspirasi, pulihkan: bool, alasan)

Agency (staff of the agency it was routed to, or a handler)::

    tanggapan_kirim(*, actor, aspirasi, isi, final=True)

Citizen (knowing the tracking code is the credential)::

    aspirasi_nilai(*, aspirasi, penilaian: int, catatan="")
    aspirasi_buka_ulang(*, aspirasi, alasan)
    aspirasi_laporkan(*, aspirasi, alasan)     # anyone, on a public item: hidden pending review

Periodic::

    tenggat_periksa(*, hari_ini=None) -> dict   # set-based, idempotent: flag + escalate overdue
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import (
    CharField,
    Count,
    DateField,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Substr, TruncMonth
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from simpul.core import scope
from simpul.core.errors import Conflict, Forbidden, NotFound, ValidationError
from simpul.core.gambar import olah_gambar
from simpul.core.jadwal import antre_gabung
from simpul.core.kode import leluhur
from simpul.core.peran import Aksi
from simpul.core.teks import teks_masukan
from simpul.core.telepon import normalize_telepon
from simpul.wilayah.models import PANJANG_KODE as PANJANG_WILAYAH
from simpul.wilayah.models import Tingkat, Wilayah

from . import kalender
from .models import (
    STATUS_AKHIR,
    STATUS_INSTANSI,
    STATUS_TERBUKA,
    STATUS_TRIASE,
    Aspirasi,
    AspirasiEvent,
    AturanRute,
    Instansi,
    Jenis,
    Kanal,
    Kategori,
    Lampiran,
    LaporanPenyalahgunaan,
    RingkasanAspirasi,
    RingkasanAspirasiStatus,
    StafInstansi,
    Status,
    Tanggapan,
)

E = AspirasiEvent.JenisEvent


class _Tetap:
    def __repr__(self) -> str:
        return "TETAP"


TETAP: Any = _Tetap()

# Unambiguous alphabet (no 0/O, 1/I/L): 31 symbols, 10 characters = ~49.5 bits.
ALFABET_KODE = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PANJANG_KODE = 10
MAKS_LAMPIRAN = 3
MAKS_ISI = 5000
MIN_ISI = 10
MAKS_BUKA_ULANG = 2


def buat_kode() -> str:
    return "".join(secrets.choice(ALFABET_KODE) for _i in range(PANJANG_KODE))


def normal_kode(kode: str) -> str:
    """Accept what people type: lower case, spaces, dashes, O for 0 and I/L for 1 do not matter."""
    return "".join(ch for ch in (kode or "").upper() if ch.isalnum())[:PANJANG_KODE + 2]


# --- helpers ------------------------------------------------------------------------------------
def _aktor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _event(a: Aspirasi, actor, jenis: str, *, dari: str = "", ke: str = "", alasan: str = "",
           data: dict | None = None) -> AspirasiEvent:
    return AspirasiEvent.objects.create(aspirasi=a, aktor=_aktor(actor), jenis=jenis, dari_status=dari,
                                        ke_status=ke, alasan=alasan, data=data or {})


def _alasan(nilai: str | None, *, field: str = "alasan") -> str:
    teks = (nilai or "").strip()
    if len(teks) < 5:
        raise ValidationError(_("Tuliskan alasannya (minimal 5 karakter)."), field=field)
    if len(teks) > 2000:
        raise ValidationError(_("Terlalu panjang (maksimal 2.000 karakter)."), field=field)
    return teks


def _desa(desa: Wilayah | str | None) -> Wilayah:
    if isinstance(desa, Wilayah):
        w = desa
    else:
        w = Wilayah.objects.filter(kode=(desa or "").strip(), aktif=True).first()
    if w is None or not w.aktif:
        raise ValidationError(_("Kode desa/kelurahan tidak dikenal."), field="desa")
    if w.tingkat != Tingkat.DESA:
        raise ValidationError(_("Pilih desa/kelurahan, bukan wilayah yang lebih besar."), field="desa")
    return w


def _kunci(a: Aspirasi) -> Aspirasi:
    return Aspirasi.objects.select_for_update().get(pk=a.pk)


def boleh_tangani(user, a: Aspirasi) -> bool:
    return scope.boleh(user, Aksi.ASPIRASI_TANGANI, wilayah_kode=a.wilayah_tangani_id, kim_id=a.kim_id)


def instansi_user(user) -> list[int]:
    """Ids of the agencies (and their units) the user answers for."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_simpul_instansi", None)
    if cached is None:
        langsung = list(StafInstansi.objects.filter(user=user, aktif=True, instansi__aktif=True)
                        .values_list("instansi_id", flat=True))
        unit = list(Instansi.objects.filter(induk_id__in=langsung, aktif=True).values_list("id", flat=True))
        cached = sorted(set(langsung) | set(unit))
        user._simpul_instansi = cached
    return cached


def boleh_jawab(user, a: Aspirasi) -> bool:
    return bool(a.instansi_id) and a.instansi_id in instansi_user(user)


def _wajib_tangani(actor, a: Aspirasi) -> None:
    if boleh_tangani(actor, a):
        return
    if boleh_jawab(actor, a):
        raise Forbidden(_("Instansi hanya dapat menanggapi; triase dilakukan KIM, desa atau Diskominfo."))
    raise NotFound(_("Aspirasi tidak ditemukan."))


def _wajib_status(a: Aspirasi, boleh: Iterable[str]) -> None:
    if a.status not in tuple(boleh):
        raise Conflict(_("Tidak dapat dilakukan: status aspirasi ini %(status)s.")
                       % {"status": a.get_status_display()})


def _hari_ini() -> date:
    return timezone.localdate()


def _tenggat(kunci: str, a: Aspirasi, mulai: date | None = None) -> date:
    return kalender.tenggat_dari(mulai or _hari_ini(), kalender.tenggat_hari(kunci), a.desa_id)


def kunci_penyelesaian(a: Aspirasi) -> str:
    """Which completion deadline applies (LAPOR!): field inspection 60, dispute 14, information
    request / complaint 5, aspiration 14 working days."""
    if a.butuh_cek_lapangan:
        return "lapangan"
    if a.sengketa:
        return "sengketa"
    return {Jenis.INFORMASI: "informasi", Jenis.PENGADUAN: "pengaduan"}.get(a.jenis, "aspirasi")


def _ubah_status(a: Aspirasi, actor, jenis: str, ke: str, *, alasan: str = "", data: dict | None = None,
                 **fields) -> Aspirasi:
    dari = a.status
    a.status = ke
    for k, v in fields.items():
        setattr(a, k, v)
    a.save()
    ev = _event(a, actor, jenis, dari=dari, ke=ke, alasan=alasan, data=data)
    _kabari(a, jenis, alasan if jenis in (E.DIARSIPKAN, E.DITUNDA) else "", ev=ev)
    return a


# --- notifications ------------------------------------------------------------------------------
def _kabari(a: Aspirasi, jenis: str, catatan: str = "", *, ev: AspirasiEvent | None = None) -> None:
    """Tell the citizen about a change, on the channel they gave (after commit). The event's id
    makes the message key, so a retried task never sends twice."""
    if not (a.email or a.telepon or a.kanal_alamat):
        return
    if jenis == E.MASUK and a.kanal in (Kanal.TELEGRAM, Kanal.SMS) and not a.email:
        return  # the webhook's own answer already carried the tracking code
    kunci = f"aspirasi:{a.pk}:{jenis}:{ev.pk if ev else ''}"
    aid = a.pk

    def kirim():
        from .tasks import kabari_warga
        kabari_warga.enqueue(aid, kunci, str(jenis), catatan)

    transaction.on_commit(kirim)


def _kabari_petugas(users: Iterable, *, kunci: str, judul: str, isi: str, url: str) -> None:
    users = [u for u in users if u is not None]
    if not users:
        return

    def kirim():
        from simpul.notifikasi.services import notifikasi_kirim
        notifikasi_kirim(users=users, kunci=kunci, judul=judul, isi=isi, url=url)

    transaction.on_commit(kirim)


# The role whose grants sit exactly on a region of each code length.
_PERAN_TINGKAT = {2: "diskominfo_prov", 5: "diskominfo_kabkota", 8: "kecamatan", 13: "desa"}


def petugas_wilayah(kode: str, kim_id: int | None = None) -> list:
    """Who triages at ``kode`` (exactly that region): the holders of the role held on that
    level there, plus the KIM's officers."""
    return petugas_wilayah_banyak([(kode, kim_id)])[kode, kim_id]


def petugas_wilayah_banyak(pasangan: Iterable[tuple[str, int | None]]) -> dict[tuple, list]:
    """:func:`petugas_wilayah` for many (region, KIM) pairs at once: one query per region level
    present and one for all the KIMs, whatever the number of pairs."""
    from simpul.akun.selectors import pengguna_dengan_peran_di
    from simpul.kim.selectors import pengguna_pengurus_aktif

    pasangan = list(dict.fromkeys(pasangan))
    per_peran: dict[str, set[str]] = {}
    for kode, _kim in pasangan:
        if peran := _PERAN_TINGKAT.get(len(kode or "")):
            per_peran.setdefault(peran, set()).add(kode)
    di_wilayah: dict[str, list] = {}
    for peran, kodes in per_peran.items():
        di_wilayah.update(pengguna_dengan_peran_di(peran, kodes))
    kim_ids = sorted({kim for _kode, kim in pasangan if kim})
    pengurus = pengguna_pengurus_aktif(kim_ids) if kim_ids else {}
    return {(kode, kim): list({u.pk: u for u in [*di_wilayah.get(kode, []), *pengurus.get(kim, [])]}.values())
            for kode, kim in pasangan}


def _url_kelola(a: Aspirasi) -> str:
    return reverse("aspirasi:kelola_detail", args=[a.pk])


# --- intake -------------------------------------------------------------------------------------
def _kim_desa(desa: Wilayah):
    from simpul.kim.models import Kim, StatusKim
    return Kim.objects.filter(desa=desa, status=StatusKim.AKTIF).order_by("pk").only("pk").first()


def aspirasi_create(*, actor=None, jenis: str, desa: Wilayah | str | None, isi: str, judul: str = "",
                    kategori: Kategori | int | None = None, nama: str = "", telepon: str = "", email: str = "",
                    anonim: bool = False, rahasia: bool = False, lat: float | None = None,
                    lng: float | None = None, lampiran: Iterable = (), kanal: str = Kanal.WEB,
                    kanal_alamat: str = "", kunci_idempoten: str | None = None, kim=None,
                    status: str = Status.BARU, _wilayah_bebas: bool = False,
                    _kunci_dicek: bool = False) -> tuple[Aspirasi, bool]:
    kunci_idempoten = (kunci_idempoten or "").strip()[:100] or None
    if kunci_idempoten and not _kunci_dicek:  # the public form's view has just looked it up
        lama = Aspirasi.objects.filter(kunci_idempoten=kunci_idempoten).first()
        if lama is not None:
            return lama, False
    if jenis not in Jenis.values:
        raise ValidationError(_("Pilih jenis: aspirasi, pengaduan, atau permintaan informasi."), field="jenis")
    if kanal not in Kanal.values:
        raise ValidationError(_("Kanal tidak dikenal."), field="kanal")
    # An inbound message may be filed under the office's region; triage then fixes the desa.
    w = desa if _wilayah_bebas and isinstance(desa, Wilayah) else _desa(desa)
    isi = teks_masukan(isi, field="isi", label=_("Isi"), wajib=True, maks=MAKS_ISI, min_=MIN_ISI, baris_baru=True)
    judul = teks_masukan(judul, field="judul", label=_("Judul"), maks=150)
    if not judul:
        pertama = " ".join(isi.split())
        judul = pertama if len(pertama) <= 80 else pertama[:77].rsplit(" ", 1)[0] + "…"
    nama = teks_masukan(nama, field="nama", label=_("Nama"), maks=120)
    telepon = normalize_telepon(telepon) if (telepon or "").strip() else ""
    email = (email or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError as exc:
            raise ValidationError(_("Alamat email tidak valid."), field="email") from exc
    if kategori is not None and not isinstance(kategori, Kategori):
        kategori = Kategori.objects.filter(pk=kategori, aktif=True).first()
        if kategori is None:
            raise ValidationError(_("Kategori tidak dikenal."), field="kategori")
    if (lat is None) != (lng is None):
        raise ValidationError(_("Isi lintang dan bujur sekaligus, atau kosongkan keduanya."), field="lat")
    if lat is not None and not (-11.5 <= lat <= 6.5 and 94.0 <= lng <= 141.5):
        raise ValidationError(_("Titik peta berada di luar Indonesia."), field="lat")
    berkas = [f for f in lampiran if f]
    if len(berkas) > MAKS_LAMPIRAN:
        raise ValidationError(_("Paling banyak %(n)d foto.") % {"n": MAKS_LAMPIRAN}, field="lampiran")
    foto = [olah_gambar(f, field="lampiran", maks_bytes=200_000, awalan="aspirasi") for f in berkas]
    if kim is not None:
        if not scope.boleh(actor, Aksi.ASPIRASI_CATAT, kim_id=kim.pk, wilayah_kode=kim.desa_id):
            raise NotFound(_("KIM tidak ditemukan."))
        kanal = Kanal.KIM
    else:
        kim = _kim_desa(w)
    hari_ini = _hari_ini()
    a = Aspirasi(
        kode=buat_kode(), jenis=jenis, kategori=kategori, desa=w, wilayah_tangani=w, kim=kim, lat=lat, lng=lng,
        judul=judul, isi=isi, nama="" if anonim else nama, telepon=telepon, email=email, kanal=kanal,
        kanal_alamat=(kanal_alamat or "")[:64], anonim=bool(anonim), rahasia=bool(rahasia) or bool(anonim),
        status=status, kunci_idempoten=kunci_idempoten, dibuat_oleh=_aktor(actor), perlu_dikabari=True,
    )
    a.tenggat = kalender.tenggat_dari(hari_ini, kalender.tenggat_hari("verifikasi"), w.kode)
    # One transaction, no savepoint: on a unique violation (the idempotency key sent twice at
    # once, or a tracking-code collision) the whole block rolls back and is retried or answered
    # with the first aspiration. Inside a caller's transaction the block is a savepoint.
    for _coba in range(3):
        try:
            with transaction.atomic():
                a.save(force_insert=True)
                for hasil in foto:
                    Lampiran.objects.create(aspirasi=a, berkas=hasil.berkas, lebar=hasil.lebar, tinggi=hasil.tinggi,
                                            ukuran=hasil.ukuran)
                ev = _event(a, actor, E.MASUK, ke=a.status, data={"kanal": kanal, "jenis": jenis})
                _kabari(a, E.MASUK, ev=ev)
                # After commit, one announcement run per burst (kabari_petugas_masuk below).
                from .tasks import kabari_petugas_masuk as tugas_kabar
                antre_gabung(tugas_kabar, kunci="aspirasi.kabar_masuk")
            return a, True
        except IntegrityError:
            if kunci_idempoten:
                lama = Aspirasi.objects.filter(kunci_idempoten=kunci_idempoten).first()
                if lama is not None:
                    return lama, False
            a.pk = None
            a._state.adding = True
            a.kode = buat_kode()
    raise Conflict(_("Gagal membuat kode lacak; coba kirim lagi."))  # pragma: no cover (3 collisions in a row)


def kabari_petugas_masuk(*, batas: int = 500) -> int:
    """Tell the desa's operators and the KIM's officers about every aspiration not yet announced
    (``perlu_dikabari``), ``batas`` at a time: the officials of all of a batch's (desa, KIM) pairs
    in two or three queries, the notifications in three, and the flag cleared in the batch's
    transaction. Rows another run holds are
    skipped (``SKIP LOCKED``); the notification key is unique per user, so a repeat never sends
    twice. Returns how many aspirations were handled."""
    from simpul.notifikasi.services import Kabar, notifikasi_kirim_banyak

    total = 0
    while True:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            baris = list(Aspirasi.objects.filter(perlu_dikabari=True).order_by("pk")
                         .select_for_update(skip_locked=True)
                         .values_list("pk", "desa_id", "kim_id", "judul", "tenggat")[:batas])
            petugas = petugas_wilayah_banyak((desa, kim_id) for _pk, desa, kim_id, _j, _t in baris)
            kabar = []
            for pk, desa, kim_id, judul, tenggat in baris:
                if users := petugas[desa, kim_id]:
                    kabar.append(Kabar(users=users, kunci=f"aspirasi:{pk}:masuk",
                                       judul=_("Aspirasi baru: %(judul)s") % {"judul": judul},
                                       isi=_("Verifikasi paling lambat %(tgl)s.")
                                       % {"tgl": tenggat.isoformat() if tenggat else "-"},
                                       url=reverse("aspirasi:kelola_detail", args=[pk])))
            notifikasi_kirim_banyak(kabar)
            Aspirasi.objects.filter(pk__in=[b[0] for b in baris]).update(perlu_dikabari=False)
        total += len(baris)
        if len(baris) < batas:
            return total


def aturan_untuk(a: Aspirasi) -> AturanRute | None:
    """The most specific routing rule for the aspiration's category and desa."""


    rules = list(AturanRute.objects.filter(wilayah_id__in=leluhur(a.desa_id, termasuk_diri=True), instansi__aktif=True)
                 .filter(Q(kategori__isnull=True) | Q(kategori_id=a.kategori_id)).select_related("instansi"))
    if not rules:
        return None
    rules.sort(key=lambda r: (r.prioritas, len(r.wilayah_id), r.kategori_id is not None), reverse=True)
    return rules[0]


@transaction.atomic
def aspirasi_verifikasi(*, actor, aspirasi: Aspirasi, kategori=TETAP, jenis=TETAP, butuh_cek_lapangan=TETAP,
                        sengketa=TETAP, desa=TETAP, catatan: str = "") -> Aspirasi:
    a = _kunci(aspirasi)
    _wajib_tangani(actor, a)
    _wajib_status(a, STATUS_TRIASE)
    sebelum = {"kategori": a.kategori_id, "jenis": a.jenis, "butuh_cek_lapangan": a.butuh_cek_lapangan,
               "sengketa": a.sengketa, "desa": a.desa_id}
    if desa is not TETAP and desa:
        w = _desa(desa)
        if not boleh_tangani(actor, Aspirasi(wilayah_tangani_id=w.kode, kim_id=None)) and not w.kode.startswith(
                a.wilayah_tangani_id):
            raise ValidationError(_("Desa ini di luar wilayah Anda; teruskan aspirasinya ke wilayah itu."),
                                  field="desa")
        a.desa = w
    if len(a.desa_id) != 13:
        raise ValidationError(_("Tentukan desa/kelurahan aspirasi ini sebelum memverifikasi."), field="desa")
    if kategori is not TETAP:
        if kategori is not None and not isinstance(kategori, Kategori):
            kategori = Kategori.objects.filter(pk=kategori).first()
        a.kategori = kategori
    if jenis is not TETAP:
        if jenis not in Jenis.values:
            raise ValidationError(_("Jenis tidak dikenal."), field="jenis")
        a.jenis = jenis
    if butuh_cek_lapangan is not TETAP:
        a.butuh_cek_lapangan = bool(butuh_cek_lapangan)
    if sengketa is not TETAP:
        a.sengketa = bool(sengketa)
    if a.kategori_id is None:
        raise ValidationError(_("Pilih kategori sebelum memverifikasi."), field="kategori")
    sesudah = {"kategori": a.kategori_id, "jenis": a.jenis, "butuh_cek_lapangan": a.butuh_cek_lapangan,
               "sengketa": a.sengketa, "desa": a.desa_id}
    if a.tenggat and _hari_ini() > a.tenggat:
        a.terlambat = True
    _ubah_status(a, actor, E.DIVERIFIKASI, Status.DIVERIFIKASI, alasan=(catatan or "")[:2000],
                 data={"sebelum": sebelum, "sesudah": sesudah}, diverifikasi_pada=timezone.now(),
                 tenggat=_tenggat("respons_pertama", a))
    rule = aturan_untuk(a)
    if rule is not None:
        _disposisi(a, actor, rule.instansi, _("Otomatis menurut aturan rute."))
    return a


@transaction.atomic
def aspirasi_tunda(*, actor, aspirasi: Aspirasi, alasan: str) -> Aspirasi:
    a = _kunci(aspirasi)
    _wajib_tangani(actor, a)
    _wajib_status(a, (Status.DRAF, Status.BARU))
    return _ubah_status(a, actor, E.DITUNDA, Status.DITUNDA, alasan=_alasan(alasan))


@transaction.atomic
def aspirasi_teruskan(*, actor, aspirasi: Aspirasi, wilayah: Wilayah | str, alasan: str) -> Aspirasi:
    """Not our authority: hand the triage to another region's offices (up the hierarchy, e.g.
    desa -> kecamatan -> kabupaten, or sideways to another region)."""
    a = _kunci(aspirasi)
    _wajib_tangani(actor, a)
    _wajib_status(a, (*STATUS_TRIASE, Status.DIVERIFIKASI))
    alasan = _alasan(alasan)
    w = wilayah if isinstance(wilayah, Wilayah) else Wilayah.objects.filter(kode=(wilayah or "").strip(),
                                                                            aktif=True).first()
    if w is None:
        raise ValidationError(_("Kode wilayah tidak dikenal."), field="wilayah")
    if w.kode == a.wilayah_tangani_id:
        raise ValidationError(_("Aspirasi sudah ditangani di wilayah ini."), field="wilayah")
    dari = a.wilayah_tangani_id
    ke_status = Status.BARU if a.status != Status.DIVERIFIKASI else a.status
    _ubah_status(a, actor, E.DITERUSKAN, ke_status, alasan=alasan,
                 data={"sebelum": {"wilayah_tangani": dari, "kim": a.kim_id},
                       "sesudah": {"wilayah_tangani": w.kode, "kim": None}},
                 wilayah_tangani=w, kim=None, tenggat=_tenggat("verifikasi", a))
    _kabari_petugas(petugas_wilayah(w.kode), kunci=f"aspirasi:{a.pk}:teruskan:{w.kode}",
                    judul=_("Aspirasi diteruskan kepada Anda: %(judul)s") % {"judul": a.judul}, isi=alasan,
                    url=_url_kelola(a))
    return a


@transaction.atomic
def aspirasi_arsipkan(*, actor, aspirasi: Aspirasi, alasan: str) -> Aspirasi:
    a = _kunci(aspirasi)
    _wajib_tangani(actor, a)
    _wajib_status(a, STATUS_TERBUKA)
    return _ubah_status(a, actor, E.DIARSIPKAN, Status.DIARSIPKAN, alasan=_alasan(alasan), tenggat=None,
                        selesai_pada=timezone.now())


@transaction.atomic
def aspirasi_gabung(*, actor, aspirasi: Aspirasi, ke: Aspirasi | str, alasan: str = "") -> Aspirasi:
    a = _kunci(aspirasi)
    _wajib_tangani(actor, a)
    _wajib_status(a, STATUS_TERBUKA)
    if not isinstance(ke, Aspirasi):
        ke = Aspirasi.objects.filter(kode=normal_kode(ke)).first()
    if ke is None or not boleh_tangani(actor, ke):
        raise ValidationError(_("Aspirasi tujuan tidak ditemukan di wilayah Anda."), field="ke")
    if ke.pk == a.pk:
        raise ValidationError(_("Tidak dapat menggabungkan aspirasi dengan dirinya sendiri."), field="ke")
    if ke.status == Status.DIGABUNG:
        raise ValidationError(_("Aspirasi tujuan sendiri sudah digabung; pilih aspirasi utamanya."), field="ke")
    return _ubah_status(a, actor, E.DIGABUNG, Status.DIGABUNG, alasan=(alasan or "")[:2000],
                        data={"ke": ke.kode}, digabung_ke=ke, tenggat=None, selesai_pada=timezone.now())


def _disposisi(a: Aspirasi, actor, instansi: Instansi, catatan: str) -> Aspirasi:
    dari = a.instansi_id
    _ubah_status(a, actor, E.DIDISPOSISI, Status.DIDISPOSISI, alasan=catatan,
                 data={"sebelum": {"instansi": dari}, "sesudah": {"instansi": instansi.pk}},
                 instansi=instansi, didisposisi_pada=timezone.now(), tenggat=_tenggat("respons_pertama", a))
    staf = [s.user for s in StafInstansi.objects.filter(instansi=instansi, aktif=True, user__is_active=True)
            .select_related("user")]
    _kabari_petugas(staf, kunci=f"aspirasi:{a.pk}:disposisi:{instansi.pk}:{a.dibuka_ulang}",
                    judul=_("Aspirasi untuk %(instansi)s: %(judul)s") % {"instansi": instansi.nama, "judul": a.judul},
                    isi=_("Tanggapi paling lambat %(tgl)s.") % {"tgl": a.tenggat.isoformat()}, url=_url_kelola(a))
    return a


@transaction.atomic
def aspirasi_disposisi(*, actor, aspirasi: Aspirasi, instansi: Instansi | int, catatan: str = "") -> Aspirasi:
    a = _kunci(aspirasi)
    _wajib_tangani(actor, a)
    _wajib_status(a, (Status.DIVERIFIKASI, *STATUS_INSTANSI))
    if not isinstance(instansi, Instansi):
        instansi = Instansi.objects.filter(pk=instansi).first()
    if instansi is None or not instansi.aktif:
        raise ValidationError(_("Pilih instansi yang aktif."), field="instansi")
    if not (a.desa_id.startswith(instansi.wilayah_id)
            or scope.lingkup(actor, Aksi.ASPIRASI_TANGANI).mencakup_wilayah(instansi.wilayah_id)):
        raise ValidationError(_("Instansi ini tidak melayani wilayah aspirasi."), field="instansi")
    if instansi.pk == a.instansi_id:
        raise ValidationError(_("Aspirasi sudah didisposisikan ke instansi ini."), field="instansi")
    return _disposisi(a, actor, instansi, (catatan or "")[:2000])


@transaction.atomic
def laporan_tinjau(*, actor, aspirasi: Aspirasi, pulihkan: bool, alasan: str) -> Aspirasi:
    a = _kunci(aspirasi)
    _wajib_tangani(actor, a)
    alasan = _alasan(alasan)
    LaporanPenyalahgunaan.objects.filter(aspirasi=a, ditinjau=False).update(ditinjau=True)
    if pulihkan:
        a.disembunyikan = False
        a.save(update_fields=["disembunyikan", "diubah"])
        _event(a, actor, E.DIPULIHKAN, alasan=alasan, data={"sebelum": {"disembunyikan": True},
                                                             "sesudah": {"disembunyikan": False}})
        return a
    if a.status in STATUS_AKHIR:
        _event(a, actor, E.DIARSIPKAN, alasan=alasan)
        return a
    return _ubah_status(a, actor, E.DIARSIPKAN, Status.DIARSIPKAN, alasan=alasan, tenggat=None,
                        selesai_pada=timezone.now())


# --- agency -------------------------------------------------------------------------------------
@transaction.atomic
def tanggapan_kirim(*, actor, aspirasi: Aspirasi, isi: str, final: bool = True) -> Tanggapan:
    a = _kunci(aspirasi)
    if not (boleh_jawab(actor, a) or boleh_tangani(actor, a)):
        raise NotFound(_("Aspirasi tidak ditemukan."))
    _wajib_status(a, STATUS_INSTANSI)
    isi = teks_masukan(isi, field="isi", label=_("Tanggapan"), wajib=True, maks=MAKS_ISI, min_=MIN_ISI, baris_baru=True)
    t = Tanggapan.objects.create(aspirasi=a, instansi_id=a.instansi_id, penulis=_aktor(actor), isi=isi,
                                 final=bool(final))
    now = timezone.now()
    fields: dict[str, Any] = {}
    if a.respons_pertama_pada is None:
        fields["respons_pertama_pada"] = now
    hari_ini = _hari_ini()
    if a.tenggat and hari_ini > a.tenggat:
        fields["terlambat"] = True
    if final:
        terlambat = fields.get("terlambat", a.terlambat)
        fields.update(tenggat=None, tepat_waktu=not terlambat)
        _ubah_status(a, actor, E.DITANGGAPI, Status.DITANGGAPI, data={"tanggapan": t.pk, "final": True}, **fields)
    else:
        mulai = (a.didisposisi_pada or now).date() if a.didisposisi_pada else hari_ini
        fields["tenggat"] = max(_tenggat(kunci_penyelesaian(a), a, mulai), hari_ini)
        _ubah_status(a, actor, E.DITANGGAPI, Status.DITINDAKLANJUTI, data={"tanggapan": t.pk, "final": False},
                     **fields)
    return t


# --- citizen ------------------------------------------------------------------------------------
@transaction.atomic
def aspirasi_nilai(*, aspirasi: Aspirasi, penilaian: int, catatan: str = "") -> Aspirasi:
    a = _kunci(aspirasi)
    _wajib_status(a, (Status.DITANGGAPI,))
    try:
        nilai = int(penilaian)
    except (TypeError, ValueError):
        nilai = 0
    if not 1 <= nilai <= 5:
        raise ValidationError(_("Beri nilai 1 sampai 5."), field="penilaian")
    catatan = teks_masukan(catatan, field="catatan", label=_("Catatan"), maks=500)
    return _ubah_status(a, None, E.DINILAI, Status.SELESAI, alasan=catatan, data={"penilaian": nilai},
                        penilaian=nilai, penilaian_catatan=catatan, selesai_pada=timezone.now())


@transaction.atomic
def aspirasi_buka_ulang(*, aspirasi: Aspirasi, alasan: str) -> Aspirasi:
    a = _kunci(aspirasi)
    _wajib_status(a, (Status.DITANGGAPI,))
    if a.dibuka_ulang >= MAKS_BUKA_ULANG:
        raise Conflict(_("Aspirasi ini sudah dibuka kembali %(n)d kali; hubungi Diskominfo setempat.")
                       % {"n": MAKS_BUKA_ULANG})
    alasan = _alasan(alasan)
    a.dibuka_ulang += 1
    _ubah_status(a, None, E.DIBUKA_ULANG, Status.DIDISPOSISI, alasan=alasan, tenggat=_tenggat("respons_pertama", a),
                 tepat_waktu=None)
    staf = [s.user for s in StafInstansi.objects.filter(instansi_id=a.instansi_id, aktif=True).select_related("user")]
    _kabari_petugas(staf, kunci=f"aspirasi:{a.pk}:buka:{a.dibuka_ulang}",
                    judul=_("Warga membuka kembali aspirasi: %(judul)s") % {"judul": a.judul}, isi=alasan,
                    url=_url_kelola(a))
    return a


@transaction.atomic
def aspirasi_laporkan(*, aspirasi: Aspirasi, alasan: str) -> Aspirasi:
    a = _kunci(aspirasi)
    if not a.publik:
        raise NotFound(_("Aspirasi tidak ditemukan."))
    alasan = _alasan(alasan)[:500]
    LaporanPenyalahgunaan.objects.create(aspirasi=a, alasan=alasan)
    a.disembunyikan = True
    a.save(update_fields=["disembunyikan", "diubah"])
    _event(a, None, E.DILAPORKAN, alasan=alasan, data={"sebelum": {"disembunyikan": False},
                                                        "sesudah": {"disembunyikan": True}})
    _kabari_petugas(petugas_wilayah(a.wilayah_tangani_id, a.kim_id), kunci=f"aspirasi:{a.pk}:lapor:{a.laporan.count()}",
                    judul=_("Aspirasi dilaporkan dan disembunyikan: %(judul)s") % {"judul": a.judul}, isi=alasan,
                    url=_url_kelola(a))
    return a


# --- the deadline tick --------------------------------------------------------------------------
def _tenggat_baru(kunci: str, hari_ini: date) -> date:
    # Set-based: one date for every escalated row (national holidays; local ones are not
    # consulted for escalation deadlines).
    return kalender.tenggat_dari(hari_ini, kalender.tenggat_hari(kunci), None)


# Code length of each level and the next level up.
_NAIK = {13: 8, 8: 5, 5: 2}


def tenggat_periksa(*, hari_ini: date | None = None) -> dict[str, int]:
    """Flag and escalate every open aspiration past its deadline. Set-based (a handful of
    queries whatever the number of rows) and idempotent: an escalated row gets a new deadline in
    the future, so a second run the same day finds nothing.

    - in triage (draf/baru/ditunda/diverifikasi): handed one level up (desa -> kecamatan ->
      kab/kota -> provinsi); the KIM no longer holds it;
    - at an agency: handed to the parent agency when the unit has one; otherwise it stays with
      the agency and the office of the handling region one level up is told (the region moves up).
    """
    hari_ini = hari_ini or _hari_ini()
    hasil = {"terlambat": 0, "eskalasi_wilayah": 0, "eskalasi_instansi": 0}
    tenggat_triase = _tenggat_baru("verifikasi", hari_ini)
    tenggat_instansi = _tenggat_baru("respons_pertama", hari_ini)
    with transaction.atomic():
        qs = Aspirasi.objects.filter(status__in=STATUS_TERBUKA, tenggat__lt=hari_ini)
        rows = list(qs.select_for_update(of=("self",)).values_list("pk", "status", "wilayah_tangani_id", "instansi_id",
                                                        "instansi__induk_id", "kim_id", "terlambat"))
        if not rows:
            return hasil
        ids = [r[0] for r in rows]
        hasil["terlambat"] = Aspirasi.objects.filter(pk__in=ids, terlambat=False).update(terlambat=True)
        ke_induk = [r[0] for r in rows if r[1] in STATUS_INSTANSI and r[4]]
        naik = [r for r in rows if not (r[1] in STATUS_INSTANSI and r[4])]
        if ke_induk:
            hasil["eskalasi_instansi"] = Aspirasi.objects.filter(pk__in=ke_induk).update(
                instansi_id=Subquery_induk(), tenggat=tenggat_instansi,
                tingkat_eskalasi=F("tingkat_eskalasi") + 1, diubah=timezone.now())
        for panjang, baru in _NAIK.items():
            ids_lv = [r[0] for r in naik if len(r[2]) == panjang]
            if not ids_lv:
                continue
            triase = [r[0] for r in naik if len(r[2]) == panjang and r[1] not in STATUS_INSTANSI]
            Aspirasi.objects.filter(pk__in=ids_lv).update(
                wilayah_tangani_id=Substr("wilayah_tangani_id", 1, baru), kim=None,
                tingkat_eskalasi=F("tingkat_eskalasi") + 1, diubah=timezone.now())
            Aspirasi.objects.filter(pk__in=triase).update(tenggat=tenggat_triase)
            Aspirasi.objects.filter(pk__in=ids_lv).exclude(pk__in=triase).update(tenggat=tenggat_instansi)
            hasil["eskalasi_wilayah"] += len(ids_lv)
        # At the top (a province code) there is nowhere further up: just a new deadline.
        puncak = [r[0] for r in naik if len(r[2]) not in _NAIK]
        if puncak:
            Aspirasi.objects.filter(pk__in=puncak).update(tenggat=tenggat_triase, diubah=timezone.now())
        induk = {r[0]: r[4] for r in rows}
        ke_induk_set = set(ke_induk)
        events = []
        for pk, status, wil, inst, _induk, kim_id, _t in rows:
            if pk in ke_induk_set:
                data = {"sebelum": {"instansi": inst}, "sesudah": {"instansi": induk[pk]}}
            elif len(wil) in _NAIK:
                data = {"sebelum": {"wilayah_tangani": wil, "kim": kim_id},
                        "sesudah": {"wilayah_tangani": wil[:_NAIK[len(wil)]], "kim": None}}
            else:
                data = {}
            events.append(AspirasiEvent(aspirasi_id=pk, jenis=E.DIESKALASI, dari_status=status, ke_status=status,
                                        data={**data, "hari_ini": hari_ini.isoformat()}))
        AspirasiEvent.objects.bulk_create(events, batch_size=1000)
        # One notification per receiving region / agency (not per row).
        per_wilayah: dict[str, int] = {}
        for r in naik:
            if len(r[2]) in _NAIK:
                kode = r[2][:_NAIK[len(r[2])]]
                per_wilayah[kode] = per_wilayah.get(kode, 0) + 1
        for kode, n in per_wilayah.items():
            _kabari_petugas(petugas_wilayah(kode), kunci=f"aspirasi:eskalasi:{kode}:{hari_ini.isoformat()}",
                            judul=_("%(n)d aspirasi melewati tenggat dan dieskalasi kepada Anda") % {"n": n},
                            isi=_("Tenggat baru: %(tgl)s.") % {"tgl": tenggat_triase.isoformat()},
                            url=reverse("aspirasi:kelola"))
        per_instansi: dict[int, int] = {}
        for pk in ke_induk:
            per_instansi[induk[pk]] = per_instansi.get(induk[pk], 0) + 1
        for inst_id, n in per_instansi.items():
            staf = [s.user for s in StafInstansi.objects.filter(instansi_id=inst_id, aktif=True).select_related("user")]
            _kabari_petugas(staf, kunci=f"aspirasi:eskalasi:i{inst_id}:{hari_ini.isoformat()}",
                            judul=_("%(n)d aspirasi unit Anda melewati tenggat dan dieskalasi") % {"n": n},
                            isi=_("Tenggat baru: %(tgl)s.") % {"tgl": tenggat_instansi.isoformat()},
                            url=reverse("aspirasi:kelola"))
    return hasil


def Subquery_induk():  # noqa: N802 (reads like the expression it builds)
    from django.db.models import OuterRef, Subquery
    return Subquery(Instansi.objects.filter(pk=OuterRef("instansi_id")).values("induk_id")[:1])


# --- the dashboard summary (RingkasanAspirasi) --------------------------------------------------
class _JamRespons(Func):
    """Whole hours from ``didisposisi_pada`` to ``respons_pertama_pada`` (rounded to the nearest
    hour, clamped to 0..RingkasanAspirasi.RESPONS_JAM_MAKS: clamping keeps the order of the values,
    so the median is exact as long as it lies inside the range)."""

    output_field = IntegerField()
    arg_joiner = " - "
    template = ("LEAST(GREATEST(FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0 + 0.5), 0), "
                "%(maks)s)::integer")

    def __init__(self, **extra):
        super().__init__(F("respons_pertama_pada"), F("didisposisi_pada"),
                         maks=RingkasanAspirasi.RESPONS_JAM_MAKS, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, arg_joiner=") - julianday(", template=(
            "MIN(MAX(CAST((julianday(%(expressions)s)) * 24.0 + 0.5 AS INTEGER), 0), %(maks)s)"), **extra_context)


def _ringkasan_dimensi() -> dict[str, tuple[QuerySet, dict]]:
    """Per dimension: the rows it groups and (value expression, measures)."""
    teks = lambda field: Coalesce(Cast(field, CharField(max_length=20)), Value(""))  # noqa: E731
    hitung = lambda **q: Count("id", filter=Q(**q)) if q else Count("id")  # noqa: E731
    semua = Aspirasi.objects.all()
    return {
        "status": (semua, {"nilai": F("status"), "n": hitung()}),
        "jenis": (semua, {"nilai": F("jenis"), "n": hitung()}),
        "kategori": (semua, {"nilai": teks("kategori_id"), "n": hitung()}),
        "kecamatan": (semua, {"nilai": Substr("desa_id", 1, PANJANG_WILAYAH[Tingkat.KECAMATAN]), "n": hitung()}),
        "instansi": (semua, {
            "nilai": teks("instansi_id"), "n": hitung(), "terbuka": hitung(status__in=STATUS_INSTANSI),
            "dijawab": hitung(tepat_waktu__isnull=False), "tepat": hitung(tepat_waktu=True),
            "terlambat": hitung(terlambat=True, status__in=STATUS_INSTANSI),
            "penilaian_jumlah": Coalesce(Sum("penilaian"), 0), "penilaian_n": Count("penilaian")}),
        "total": (semua, {"nilai": Value(""), "n": hitung(), "dijawab": hitung(tepat_waktu__isnull=False),
                          "tepat": hitung(tepat_waktu=True), "terlambat": hitung(terlambat=True,
                                                                                   status__in=STATUS_TERBUKA)}),
        "respons": (semua.filter(didisposisi_pada__isnull=False, respons_pertama_pada__isnull=False),
                    {"nilai": Cast(_JamRespons(), CharField(max_length=20)), "n": hitung()}),
    }


def ringkasan_aspirasi_hitung_ulang() -> int:
    """Recompute the dashboard summary (:class:`RingkasanAspirasi`) from every aspiration, in one
    transaction: one ``INSERT ... SELECT ... GROUP BY`` per dimension (the SELECT compiled by the
    ORM, so the month is the local one on both databases), then the status row. Readers keep
    seeing the previous figures until it commits; concurrent recomputes queue on the status row.
    Idempotent. Returns how many summary rows were written."""
    tz = timezone.get_default_timezone()
    t = RingkasanAspirasi._meta.db_table
    n = 0
    with transaction.atomic():
        status = RingkasanAspirasiStatus.objects.select_for_update().filter(pk=1).first()
        if status is None:  # the first run; a concurrent first run fails on the key and retries later
            status = RingkasanAspirasiStatus.objects.create(pk=1, dihitung_pada=timezone.now())
        sekarang = timezone.now()  # after the lock: the figures are at least this fresh
        RingkasanAspirasi.objects.all().delete()
        for dimensi, (qs, ukuran) in _ringkasan_dimensi().items():
            nilai = ukuran.pop("nilai")
            pilih = (qs.order_by().annotate(r_provinsi=Substr("wilayah_tangani_id", 1, PANJANG_WILAYAH[Tingkat.PROVINSI]),
                                            r_bulan=TruncMonth("dibuat", output_field=DateField(), tzinfo=tz),
                                            r_nilai=nilai)
                     .values("r_provinsi", "r_bulan", "r_nilai").annotate(**ukuran))
            sql, params = pilih.query.sql_with_params()
            kolom = ", ".join(f"s.{k}" if k in ukuran else "0" for k in RingkasanAspirasi.UKURAN)
            # The table and columns come from _meta and this module; values are bound parameters.
            with connection.cursor() as c:
                c.execute(f"INSERT INTO {t} (provinsi, bulan, dimensi, nilai, {', '.join(RingkasanAspirasi.UKURAN)}) "  # noqa: S608
                          f"SELECT s.r_provinsi, s.r_bulan, %s, s.r_nilai, {kolom} FROM ({sql}) s",
                          [dimensi, *params])
                n += max(c.rowcount, 0)
        # The all-time rollups: per province (bulan NULL), then the country (provinsi "").
        jumlah = ", ".join(f"SUM({k})" for k in RingkasanAspirasi.UKURAN)
        kolom = f"provinsi, bulan, dimensi, nilai, {', '.join(RingkasanAspirasi.UKURAN)}"
        with connection.cursor() as c:
            c.execute(f"INSERT INTO {t} ({kolom}) SELECT provinsi, NULL, dimensi, nilai, {jumlah} FROM {t} "  # noqa: S608
                      "WHERE bulan IS NOT NULL GROUP BY provinsi, dimensi, nilai")
            n += max(c.rowcount, 0)
            c.execute(f"INSERT INTO {t} ({kolom}) SELECT '', NULL, dimensi, nilai, {jumlah} FROM {t} "  # noqa: S608
                      "WHERE bulan IS NULL AND provinsi <> '' GROUP BY dimensi, nilai")
            n += max(c.rowcount, 0)
        status.dihitung_pada = sekarang
        status.baris = n
        status.save(update_fields=["dihitung_pada", "baris"])
    return n
