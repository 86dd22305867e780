"""Every write of kegiatan pembinaan.

Keyword-only, the acting user as ``actor``, one transaction, an event row (``KegiatanEvent``) for
every act of the organiser. Errors from :mod:`simpul.core.errors` with Indonesian messages.

Organiser (an office with ``Aksi.PEMBINAAN_KELOLA`` on the event's region)::

    kegiatan_create(*, actor, jenis, judul, wilayah, penyelenggara, mulai, selesai, program="",
                    agenda="", tempat="", tautan_daring="", kapasitas=None, pendaftaran_tutup=None,
                    sasaran_jabatan=(), sasaran_kim=(), bersertifikat=True) -> Kegiatan
    kegiatan_update(*, actor, kegiatan, **the same fields) -> Kegiatan
    kegiatan_umumkan(*, actor, kegiatan) -> int           # invitations sent (idempotent kunci)
    kegiatan_batalkan(*, actor, kegiatan, alasan) -> Kegiatan
    materi_upload(*, actor, kegiatan, judul, berkas) -> Materi
    qr_ganti(*, actor, kegiatan) -> Kegiatan              # old QR codes stop working
    presensi_set(*, actor, kegiatan, hadir_ids) -> int    # the organiser's tick list
    walkin_add(*, actor, kegiatan, nama, kim=None, instansi="") -> Peserta

Participant (a user in the event's audience)::

    pendaftaran_daftar(*, actor, kegiatan) -> Peserta     # a seat, or the waiting list
    pendaftaran_batal(*, actor, kegiatan) -> Peserta      # frees the seat, promotes the next
    hadir_qr(*, actor, token) -> tuple[Peserta, bool]     # (participant, newly marked present)
    evaluasi_isi(*, actor, kegiatan, nilai_materi, nilai_narasumber, nilai_penyelenggaraan,
                 nilai_manfaat, saran="") -> Evaluasi
    sertifikat_terbit(*, actor, peserta) -> Peserta       # gives the certificate its code

Capacity is race-safe without locks: a seat is claimed by a conditional ``UPDATE ... SET
terisi = terisi + 1 WHERE terisi < kapasitas``; whoever gets 0 rows goes to the waiting list.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core import signing
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from simpul.core import scope
from simpul.core.errors import Conflict, Forbidden, NotFound, ValidationError
from simpul.core.kode import di_dalam
from simpul.core.peran import Aksi, Jabatan
from simpul.core.teks import teks_masukan
from simpul.kim.models import Kim
from simpul.kim.validators import periksa_berkas
from simpul.notifikasi.services import notifikasi_kirim
from simpul.wilayah.models import Wilayah

from . import selectors
from .models import (
    CaraHadir,
    Evaluasi,
    JenisKegiatan,
    Kegiatan,
    KegiatanEvent,
    Materi,
    Peserta,
    StatusKegiatan,
    StatusPeserta,
)

SALT_QR = "simpul.pembinaan.hadir"
# The check-in QR works from this long before the start until this long after the end.
JENDELA_QR = timedelta(minutes=60)
HURUF_KODE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to type from paper
PANJANG_KODE = 12  # 12 x 5 bits = 60 random bits
MAKS_KAPASITAS = 100_000


# --- helpers ---------------------------------------------------------------------------------------
def _aktor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _event(kegiatan: Kegiatan, actor, jenis: str, data: dict | None = None) -> None:
    KegiatanEvent.objects.create(kegiatan=kegiatan, aktor=_aktor(actor), jenis=jenis, data=data or {})


def _periksa_kelola(actor, kegiatan: Kegiatan) -> None:
    if not scope.boleh(actor, Aksi.PEMBINAAN_KELOLA, wilayah_kode=kegiatan.wilayah_id):
        raise NotFound(_("Kegiatan tidak ditemukan."))


def _wilayah(actor, wilayah) -> Wilayah:
    kode = getattr(wilayah, "kode", wilayah) or ""
    w = Wilayah.objects.filter(kode=str(kode).strip()).first()
    if w is None:
        raise ValidationError(_("Pilih wilayah sasaran kegiatan."), field="wilayah")
    if not scope.boleh(actor, Aksi.PEMBINAAN_KELOLA, wilayah_kode=w.kode):
        raise ValidationError(_("%(nama)s di luar wilayah kerja Anda. Pilih wilayah di dalam wilayah kerja "
                                "Anda.") % {"nama": w.nama_lengkap}, field="wilayah")
    return w


def _waktu(mulai, selesai, tutup) -> None:
    if not isinstance(mulai, datetime):
        raise ValidationError(_("Isi tanggal dan jam mulai."), field="mulai")
    if not isinstance(selesai, datetime):
        raise ValidationError(_("Isi tanggal dan jam selesai."), field="selesai")
    if selesai <= mulai:
        raise ValidationError(_("Waktu selesai harus sesudah waktu mulai."), field="selesai")
    if selesai - mulai > timedelta(days=31):
        raise ValidationError(_("Satu kegiatan paling lama 31 hari."), field="selesai")
    if tutup is not None and tutup > selesai:
        raise ValidationError(_("Pendaftaran harus ditutup sebelum kegiatan selesai."), field="pendaftaran_tutup")


def _kim_sasaran(wilayah: Wilayah, sasaran_kim: Iterable) -> list[Kim]:
    ids = sorted({getattr(k, "pk", k) for k in sasaran_kim or ()})
    if not ids:
        return []
    kims = list(Kim.objects.filter(pk__in=ids).only("id", "nama", "desa_id"))
    if len(kims) != len(ids):
        raise ValidationError(_("Ada KIM sasaran yang tidak dikenal."), field="sasaran_kim")
    luar = [k.nama for k in kims if not di_dalam(k.desa_id, wilayah.kode)]
    if luar:
        raise ValidationError(_("KIM berikut tidak berada di wilayah sasaran: %(x)s.") % {"x": ", ".join(luar)},
                              field="sasaran_kim")
    return kims


def _data_kegiatan(actor, *, jenis, judul, wilayah, penyelenggara, mulai, selesai, program="", agenda="",
                   tempat="", tautan_daring="", kapasitas=None, pendaftaran_tutup=None, sasaran_jabatan=(),
                   bersertifikat=True) -> dict:
    if jenis not in JenisKegiatan.values:
        raise ValidationError(_("Pilih jenis kegiatan."), field="jenis")
    _waktu(mulai, selesai, pendaftaran_tutup)
    tempat = teks_masukan(tempat, field="tempat", label=_("Tempat"), maks=255)
    tautan = (tautan_daring or "").strip()
    if tautan and not selectors_url_aman(tautan):
        raise ValidationError(_("Tautan daring harus berupa alamat http(s) yang lengkap."), field="tautan_daring")
    if not tempat and not tautan:
        raise ValidationError(_("Isi tempat kegiatan atau tautan daring (boleh keduanya)."), field="tempat")
    if kapasitas is not None and (not isinstance(kapasitas, int) or not 1 <= kapasitas <= MAKS_KAPASITAS):
        raise ValidationError(_("Kapasitas harus bilangan bulat 1 sampai 100.000, atau kosong bila tidak "
                                "dibatasi."), field="kapasitas")
    jabatan = [j for j in Jabatan.values if j in set(sasaran_jabatan or ())]
    if set(sasaran_jabatan or ()) - set(jabatan):
        raise ValidationError(_("Jabatan sasaran tidak dikenal."), field="sasaran_jabatan")
    agenda = (agenda or "").strip()
    if len(agenda) > 8000:
        raise ValidationError(_("Agenda terlalu panjang (maksimal 8.000 karakter)."), field="agenda")
    return {
        "jenis": jenis, "judul": teks_masukan(judul, field="judul", label=_("Judul"), maks=200, wajib=True),
        "program": teks_masukan(program, field="program", label=_("Program"), maks=120),
        "agenda": agenda, "wilayah": _wilayah(actor, wilayah),
        "penyelenggara": teks_masukan(penyelenggara, field="penyelenggara", label=_("Penyelenggara"), maks=150, wajib=True),
        "mulai": mulai, "selesai": selesai, "tempat": tempat, "tautan_daring": tautan, "kapasitas": kapasitas,
        "pendaftaran_tutup": pendaftaran_tutup, "sasaran_jabatan": jabatan, "bersertifikat": bool(bersertifikat),
    }


def selectors_url_aman(url: str) -> bool:
    from simpul.kim.selectors import url_aman

    return url_aman(url)


def _tgl(dt: datetime) -> str:
    return formats.date_format(timezone.localtime(dt), "j F Y, H:i")


# --- organiser ---------------------------------------------------------------------------------------
def kegiatan_create(*, actor, sasaran_kim: Iterable = (), **data) -> Kegiatan:
    bersih = _data_kegiatan(actor, **data)
    kims = _kim_sasaran(bersih["wilayah"], sasaran_kim)
    with transaction.atomic():
        k = Kegiatan.objects.create(**bersih, kunci_qr=secrets.token_hex(8), dibuat_oleh=_aktor(actor))
        if kims:
            k.sasaran_kim.set(kims)
        _event(k, actor, KegiatanEvent.Jenis.DIBUAT, {"judul": k.judul})
    return k


def kegiatan_update(*, actor, kegiatan: Kegiatan, sasaran_kim: Iterable = (), **data) -> Kegiatan:
    _periksa_kelola(actor, kegiatan)
    bersih = _data_kegiatan(actor, **data)
    kims = _kim_sasaran(bersih["wilayah"], sasaran_kim)
    with transaction.atomic():
        k = Kegiatan.objects.select_for_update().get(pk=kegiatan.pk)
        if k.status == StatusKegiatan.BATAL:
            raise Conflict(_("Kegiatan sudah dibatalkan dan tidak dapat diubah."))
        if bersih["kapasitas"] is not None and bersih["kapasitas"] < k.terisi:
            raise ValidationError(_("Sudah ada %(n)d peserta terdaftar: kapasitas tidak dapat kurang dari itu.")
                                  % {"n": k.terisi}, field="kapasitas")
        sebelum = {f: str(getattr(k, f)) for f in ("judul", "mulai", "selesai", "tempat", "kapasitas")}
        for f, v in bersih.items():
            setattr(k, f, v)
        k.save()
        k.sasaran_kim.set(kims)
        sesudah = {f: str(getattr(k, f)) for f in sebelum}
        _event(k, actor, KegiatanEvent.Jenis.DIUBAH,
               {"sebelum": {f: v for f, v in sebelum.items() if sesudah[f] != v},
                "sesudah": {f: v for f, v in sesudah.items() if sebelum[f] != v}})
        _promosikan(k)
    return k


def kegiatan_umumkan(*, actor, kegiatan: Kegiatan) -> int:
    """Publish the event and invite its audience. Idempotent: announcing again invites only
    people who joined the audience since (the notification key is per event)."""
    _periksa_kelola(actor, kegiatan)
    with transaction.atomic():
        k = Kegiatan.objects.select_for_update().get(pk=kegiatan.pk)
        if k.status == StatusKegiatan.BATAL:
            raise Conflict(_("Kegiatan sudah dibatalkan."))
        # An event already held (recorded afterwards) is published without invitations.
        lewat = k.selesai <= timezone.now()
        pertama = k.status == StatusKegiatan.DRAF
        if pertama:
            k.status = StatusKegiatan.TERBIT
            k.diumumkan = timezone.now()
            k.save(update_fields=["status", "diumumkan", "diubah"])
        users = [] if lewat else selectors.pengguna_sasaran(k)
        terkirim = notifikasi_kirim(
            users=users, kunci=f"pembinaan.undangan.{k.pk}",
            judul=_("Undangan %(jenis)s: %(judul)s") % {"jenis": k.get_jenis_display(), "judul": k.judul},
            isi=_("%(penyelenggara)s mengundang Anda pada %(waktu)s di %(tempat)s. Daftar lewat Simpul.")
            % {"penyelenggara": k.penyelenggara, "waktu": _tgl(k.mulai), "tempat": k.tempat or _("daring")},
            url=reverse("pembinaan:detail", args=[k.pk]),
        )
        _event(k, actor, KegiatanEvent.Jenis.DIUMUMKAN, {"undangan": terkirim, "sasaran": len(users)})
    kegiatan.status, kegiatan.diumumkan = k.status, k.diumumkan
    return terkirim


def kegiatan_batalkan(*, actor, kegiatan: Kegiatan, alasan: str) -> Kegiatan:
    _periksa_kelola(actor, kegiatan)
    alasan = (alasan or "").strip()
    if len(alasan) < 5:
        raise ValidationError(_("Tuliskan alasan pembatalan (minimal 5 karakter)."), field="alasan")
    with transaction.atomic():
        k = Kegiatan.objects.select_for_update().get(pk=kegiatan.pk)
        if k.status == StatusKegiatan.BATAL:
            return k
        k.status = StatusKegiatan.BATAL
        k.save(update_fields=["status", "diubah"])
        _event(k, actor, KegiatanEvent.Jenis.DIBATALKAN, {"alasan": alasan[:2000]})
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(
            pk__in=Peserta.objects.filter(kegiatan=k).exclude(status=StatusPeserta.BATAL).values("user_id"))
        notifikasi_kirim(users=list(users), kunci=f"pembinaan.batal.{k.pk}",
                         judul=_("Dibatalkan: %(judul)s") % {"judul": k.judul}, isi=alasan[:500],
                         url=reverse("pembinaan:detail", args=[k.pk]))
    return k


def materi_upload(*, actor, kegiatan: Kegiatan, judul: str, berkas: File) -> Materi:
    _periksa_kelola(actor, kegiatan)
    judul = teks_masukan(judul, field="judul", label=_("Judul materi"), maks=150, wajib=True)
    jenis = periksa_berkas(berkas, field="berkas")
    with transaction.atomic():
        m = Materi(kegiatan=kegiatan, judul=judul, berkas_jenis=jenis.mime, berkas_ukuran=berkas.size or 0)
        m.berkas.save(f"materi.{jenis.ekstensi}", berkas, save=False)
        m.save()
        _event(kegiatan, actor, KegiatanEvent.Jenis.MATERI, {"judul": judul})
    return m


def qr_ganti(*, actor, kegiatan: Kegiatan) -> Kegiatan:
    _periksa_kelola(actor, kegiatan)
    with transaction.atomic():
        kegiatan.kunci_qr = secrets.token_hex(8)
        Kegiatan.objects.filter(pk=kegiatan.pk).update(kunci_qr=kegiatan.kunci_qr, diubah=timezone.now())
        _event(kegiatan, actor, KegiatanEvent.Jenis.QR_BARU)
    return kegiatan


def presensi_set(*, actor, kegiatan: Kegiatan, hadir_ids: Iterable[int]) -> int:
    """The organiser's list: the ticked registered participants are present (``manual``); an
    unticked one that was ticked by hand before is no longer present (QR check-ins and issued
    certificates stay). Returns how many rows changed."""
    _periksa_kelola(actor, kegiatan)
    if kegiatan.status == StatusKegiatan.BATAL:
        raise Conflict(_("Kegiatan sudah dibatalkan."))
    if timezone.now() < kegiatan.mulai - JENDELA_QR:
        raise Conflict(_("Presensi baru dapat diisi saat kegiatan berlangsung."))
    try:
        ids = {int(x) for x in hadir_ids}
    except (TypeError, ValueError):
        raise ValidationError(_("Daftar hadir tidak valid.")) from None
    with transaction.atomic():
        dasar = Peserta.objects.filter(kegiatan=kegiatan, status=StatusPeserta.TERDAFTAR)
        naik = dasar.filter(pk__in=ids, hadir_pada__isnull=True).update(
            hadir_pada=timezone.now(), cara_hadir=CaraHadir.MANUAL)
        turun = dasar.exclude(pk__in=ids).filter(cara_hadir=CaraHadir.MANUAL, hadir_pada__isnull=False,
                                                 sertifikat_kode__isnull=True).update(hadir_pada=None, cara_hadir="")
        if naik or turun:
            _event(kegiatan, actor, KegiatanEvent.Jenis.PRESENSI, {"hadir": naik, "dibatalkan": turun})
    return naik + turun


def walkin_add(*, actor, kegiatan: Kegiatan, nama: str, kim: Kim | int | None = None, instansi: str = "") -> Peserta:
    """Someone who came without registering (and maybe without a phone): present at once."""
    _periksa_kelola(actor, kegiatan)
    if kegiatan.status == StatusKegiatan.BATAL:
        raise Conflict(_("Kegiatan sudah dibatalkan."))
    if timezone.now() < kegiatan.mulai - JENDELA_QR:
        raise Conflict(_("Peserta langsung baru dapat ditambahkan saat kegiatan berlangsung."))
    nama = teks_masukan(nama, field="nama", label=_("Nama"), maks=150, wajib=True)
    instansi = teks_masukan(instansi, field="instansi", label=_("Asal/instansi"), maks=150)
    kim_obj = None
    if kim:
        kim_obj = Kim.objects.filter(pk=getattr(kim, "pk", kim)).first()
        if kim_obj is None or not di_dalam(kim_obj.desa_id, kegiatan.wilayah_id):
            raise ValidationError(_("KIM tidak ditemukan di wilayah kegiatan ini."), field="kim")
    with transaction.atomic():
        p = Peserta.objects.create(kegiatan=kegiatan, nama=nama, kim=kim_obj, instansi=instansi, walkin=True,
                                   hadir_pada=timezone.now(), cara_hadir=CaraHadir.MANUAL)
        _event(kegiatan, actor, KegiatanEvent.Jenis.WALKIN, {"nama": nama})
    return p


# --- registration -------------------------------------------------------------------------------------
def _ambil_kursi(kegiatan_id: int) -> bool:
    """Claim one seat atomically: one conditional UPDATE, so two people can never both take the
    last seat (the database serialises the two updates; the second sees the new count)."""
    return Kegiatan.objects.filter(pk=kegiatan_id).filter(
        Q(kapasitas__isnull=True) | Q(terisi__lt=F("kapasitas"))).update(terisi=F("terisi") + 1) == 1


def _lepas_kursi(kegiatan_id: int) -> None:
    Kegiatan.objects.filter(pk=kegiatan_id, terisi__gt=0).update(terisi=F("terisi") - 1)


def _promosikan(kegiatan: Kegiatan) -> list[Peserta]:
    """Move people from the waiting list to free seats, first come first served, and tell them."""
    naik: list[Peserta] = []
    while True:
        calon = (Peserta.objects.filter(kegiatan_id=kegiatan.pk, status=StatusPeserta.MENUNGGU)
                 .select_related("user").order_by("antre_sejak", "id").first())
        if calon is None or not _ambil_kursi(kegiatan.pk):
            break
        if not Peserta.objects.filter(pk=calon.pk, status=StatusPeserta.MENUNGGU).update(
                status=StatusPeserta.TERDAFTAR):
            _lepas_kursi(kegiatan.pk)  # someone else moved this row meanwhile: give the seat back
            continue
        naik.append(calon)
    for p in naik:
        notifikasi_kirim(users=[p.user], kunci=f"pembinaan.naik.{p.pk}.{p.antre_sejak:%Y%m%d%H%M%S%f}",
                         judul=_("Anda mendapat kursi: %(judul)s") % {"judul": kegiatan.judul},
                         isi=_("Ada peserta yang batal; Anda sekarang terdaftar."),
                         url=reverse("pembinaan:detail", args=[kegiatan.pk]))
    return naik


def pendaftaran_daftar(*, actor, kegiatan: Kegiatan) -> Peserta:
    """Register ``actor``: a seat if one is free, else the waiting list. Idempotent (registering
    twice returns the same row)."""
    if not getattr(actor, "is_authenticated", False):
        raise Forbidden(_("Masuk dulu untuk mendaftar."))
    sasaran = selectors.sasaran_untuk(kegiatan, actor)
    ada = Peserta.objects.filter(kegiatan=kegiatan, user=actor).first()
    if ada is not None and ada.status != StatusPeserta.BATAL:
        return ada
    if sasaran is None:
        raise NotFound(_("Kegiatan tidak ditemukan."))
    if kegiatan.status != StatusKegiatan.TERBIT:
        raise Conflict(_("Kegiatan ini tidak membuka pendaftaran."))
    if timezone.now() >= kegiatan.batas_daftar:
        raise Conflict(_("Pendaftaran sudah ditutup."))
    kim_id, jabatan = sasaran
    try:
        with transaction.atomic():
            dapat = _ambil_kursi(kegiatan.pk)
            status = StatusPeserta.TERDAFTAR if dapat else StatusPeserta.MENUNGGU
            if ada is None:
                p = Peserta.objects.create(kegiatan=kegiatan, user=actor, kim_id=kim_id, jabatan=jabatan,
                                           nama=(actor.nama or str(actor))[:150], status=status)
            else:
                p = ada
                p.status, p.antre_sejak, p.kim_id, p.jabatan = status, timezone.now(), kim_id, jabatan
                p.save(update_fields=["status", "antre_sejak", "kim", "jabatan", "diubah"])
            if not dapat:
                _promosikan(kegiatan)  # a seat freed between our claim and now goes to the queue
                p.refresh_from_db(fields=["status"])
    except IntegrityError:  # the same person registered twice at once: the other request won
        return Peserta.objects.get(kegiatan=kegiatan, user=actor)
    return p


def pendaftaran_batal(*, actor, kegiatan: Kegiatan) -> Peserta:
    """Cancel ``actor``'s registration (idempotent); a freed seat goes to the waiting list."""
    with transaction.atomic():
        p = Peserta.objects.select_for_update().filter(kegiatan=kegiatan, user=actor).first()
        if p is None:
            raise NotFound(_("Anda tidak terdaftar pada kegiatan ini."))
        if p.status == StatusPeserta.BATAL:
            return p
        if p.hadir:
            raise Conflict(_("Anda sudah tercatat hadir; pendaftaran tidak dapat dibatalkan."))
        if timezone.now() >= kegiatan.selesai:
            raise Conflict(_("Kegiatan sudah selesai."))
        punya_kursi = p.status == StatusPeserta.TERDAFTAR
        p.status = StatusPeserta.BATAL
        p.save(update_fields=["status", "diubah"])
        if punya_kursi:
            _lepas_kursi(kegiatan.pk)
            _promosikan(kegiatan)
    return p


# --- attendance by QR ------------------------------------------------------------------------------------
def token_qr(kegiatan: Kegiatan) -> str:
    """The signed part of the check-in URL (event id + the event's current QR key)."""
    return signing.dumps([kegiatan.pk, kegiatan.kunci_qr], salt=SALT_QR)


def url_hadir(kegiatan: Kegiatan) -> str:
    return reverse("pembinaan:hadir", args=[token_qr(kegiatan)])


def kegiatan_dari_token(token: str) -> Kegiatan:
    try:
        pk, kunci = signing.loads(token, salt=SALT_QR)
        kegiatan = Kegiatan.objects.get(pk=int(pk))
    except (signing.BadSignature, ValueError, TypeError, Kegiatan.DoesNotExist):
        raise ValidationError(_("Kode QR ini tidak sah. Pindai kode QR yang ditampilkan panitia.")) from None
    if not secrets.compare_digest(str(kunci), kegiatan.kunci_qr):
        raise ValidationError(_("Kode QR ini sudah diganti panitia. Pindai kode QR yang baru."))
    return kegiatan


def hadir_qr(*, actor, token: str) -> tuple[Peserta, bool]:
    """Mark ``actor`` present from the scanned QR. Idempotent: (participant, False) when already
    present. A person in the audience who did not register gets a free seat if there is one."""
    kegiatan = kegiatan_dari_token(token)
    if kegiatan.status != StatusKegiatan.TERBIT:
        raise Conflict(_("Kegiatan ini tidak sedang berlangsung."))
    sekarang = timezone.now()
    if sekarang < kegiatan.mulai - JENDELA_QR:
        raise Conflict(_("Presensi belum dibuka: dibuka 1 jam sebelum kegiatan mulai (%(waktu)s).")
                       % {"waktu": _tgl(kegiatan.mulai)})
    if sekarang > kegiatan.selesai + JENDELA_QR:
        raise Conflict(_("Presensi sudah ditutup: kegiatan ini sudah selesai."))
    p = Peserta.objects.filter(kegiatan=kegiatan, user=actor).first()
    if p is None or p.status == StatusPeserta.BATAL:
        if selectors.sasaran_untuk(kegiatan, actor) is None:
            raise NotFound(_("Anda tidak terdaftar pada kegiatan ini."))
        with transaction.atomic():
            if not _ambil_kursi(kegiatan.pk):
                raise Conflict(_("Anda belum terdaftar dan kursi sudah penuh. Hubungi panitia."))
            if p is None:
                sasaran = selectors.sasaran_untuk(kegiatan, actor)
                p = Peserta.objects.create(kegiatan=kegiatan, user=actor, kim_id=sasaran[0], jabatan=sasaran[1],
                                           nama=(actor.nama or str(actor))[:150])
            else:
                p.status = StatusPeserta.TERDAFTAR
                p.save(update_fields=["status", "diubah"])
    if p.status == StatusPeserta.MENUNGGU:
        raise Conflict(_("Anda masih di daftar tunggu. Tunjukkan layar ini kepada panitia."))
    baru = bool(Peserta.objects.filter(pk=p.pk, hadir_pada__isnull=True).update(
        hadir_pada=sekarang, cara_hadir=CaraHadir.QR))
    p.refresh_from_db(fields=["hadir_pada", "cara_hadir"])
    return p, baru


# --- evaluation and certificates ----------------------------------------------------------------------
def evaluasi_isi(*, actor, kegiatan: Kegiatan, nilai_materi: int, nilai_narasumber: int,
                 nilai_penyelenggaraan: int, nilai_manfaat: int, saran: str = "") -> Evaluasi:
    """Only a participant recorded present may evaluate; sending again updates the answers."""
    p = Peserta.objects.filter(kegiatan=kegiatan, user=actor).first() if getattr(actor, "is_authenticated",
                                                                                 False) else None
    if p is None or p.status == StatusPeserta.BATAL:
        raise NotFound(_("Anda tidak terdaftar pada kegiatan ini."))
    if not p.hadir:
        raise Forbidden(_("Evaluasi hanya untuk peserta yang tercatat hadir."))
    nilai = {"nilai_materi": nilai_materi, "nilai_narasumber": nilai_narasumber,
             "nilai_penyelenggaraan": nilai_penyelenggaraan, "nilai_manfaat": nilai_manfaat}
    for f, v in nilai.items():
        if not isinstance(v, int) or not 1 <= v <= 5:
            raise ValidationError(_("Pilih nilai 1 sampai 5."), field=f)
    saran = (saran or "").strip()
    if len(saran) > 2000:
        raise ValidationError(_("Saran terlalu panjang (maksimal 2.000 karakter)."), field="saran")
    with transaction.atomic():
        ev, _baru = Evaluasi.objects.update_or_create(peserta=p, defaults={**nilai, "saran": saran})
    return ev


def _kode_baru() -> str:
    acak = "".join(secrets.choice(HURUF_KODE) for _ in range(PANJANG_KODE))
    return "-".join(acak[i:i + 4] for i in range(0, PANJANG_KODE, 4))


def sertifikat_terbit(*, actor, peserta: Peserta) -> Peserta:
    """Give a present participant's certificate its verification code (idempotent). The
    participant must have filled the evaluation; the organiser may issue it regardless."""
    kegiatan = peserta.kegiatan
    panitia = scope.boleh(actor, Aksi.PEMBINAAN_KELOLA, wilayah_kode=kegiatan.wilayah_id)
    if not panitia and (peserta.user_id is None or peserta.user_id != getattr(actor, "pk", None)):
        raise NotFound(_("Sertifikat tidak ditemukan."))
    if kegiatan.status == StatusKegiatan.BATAL or not kegiatan.bersertifikat:
        raise Conflict(_("Kegiatan ini tidak memberikan sertifikat."))
    if not peserta.hadir:
        raise Forbidden(_("Sertifikat hanya untuk peserta yang tercatat hadir."))
    if not panitia and not Evaluasi.objects.filter(peserta=peserta).exists():
        raise Conflict(_("Isi evaluasi kegiatan dulu; sertifikat dapat diunduh sesudahnya."))
    if peserta.sertifikat_kode:
        return peserta
    for _coba in range(5):
        try:
            with transaction.atomic():
                Peserta.objects.filter(pk=peserta.pk, sertifikat_kode__isnull=True).update(
                    sertifikat_kode=_kode_baru(), sertifikat_terbit=timezone.now())
        except IntegrityError:  # the same code drawn twice (1 in 2^60): draw again
            continue
        break
    peserta.refresh_from_db(fields=["sertifikat_kode", "sertifikat_terbit"])
    return peserta


def wilayah_boleh_kelola(actor) -> list[str]:
    """Region codes the actor may organise events in (their minimal prefixes; [] = none,
    ["*"] = everywhere)."""
    ling = scope.lingkup(actor, Aksi.PEMBINAAN_KELOLA)
    return ["*"] if ling.semua else list(ling.prefixes)

