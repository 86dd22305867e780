"""Every write to accounts and grants.

Rules for officers (``Aksi.AKUN_KELOLA``): a grant's region must lie inside one of the officer's
own ``AKUN_KELOLA`` subtrees, the role must be held on a region of its level (``TINGKAT_PERAN``:
a kab/kota role on a kab/kota code...) and may not be above the officer's own level there.
Every official act writes an :class:`AkunEvent` (who, when, what, why).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core import scope
from simpul.core.errors import Conflict, NotFound, ValidationError
from simpul.core.peran import TINGKAT_PERAN, Peran
from simpul.core.telepon import normalize_telepon
from simpul.wilayah.models import Wilayah

from .models import AkunEvent, Penugasan, User
from .selectors import kewenangan_akun, penugasan_dalam_lingkup

_ALFABET_SANDI = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or copied by hand


def buat_sandi_sementara() -> str:
    """A random temporary password such as ``k7qm-x3ta-9wnd`` (about 74 bits)."""
    return "-".join("".join(secrets.choice(_ALFABET_SANDI) for _ in range(4)) for _ in range(3))


@dataclass(frozen=True)
class AkunBaru:
    user: User
    penugasan: Penugasan
    # Shown once to the officer when the account has no email to send a link to.
    sandi_sementara: str | None


# --- validation helpers -------------------------------------------------------------------------
def _bersihkan_nama(nama: str) -> str:
    nama = " ".join((nama or "").split())
    if not nama:
        raise ValidationError(_("Nama wajib diisi."), field="nama")
    if len(nama) > 150:
        raise ValidationError(_("Nama terlalu panjang (maksimal 150 karakter)."), field="nama")
    return nama


def _bersihkan_kontak(
    *, email: str | None, telepon: str | None, kecuali: User | None = None
) -> tuple[str | None, str | None]:
    """Normalised (email, phone); at least one, neither used by another account."""
    email = (email or "").strip().lower() or None
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            raise ValidationError(_("Alamat email tidak valid."), field="email") from None
    telepon = normalize_telepon(telepon) if (telepon or "").strip() else None
    if not email and not telepon:
        raise ValidationError(_("Isi alamat email atau nomor HP (salah satu wajib)."), field="email")
    lain = User.objects.exclude(pk=kecuali.pk) if kecuali else User.objects.all()
    if email and (
        lain.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exclude(user=kecuali).exists()
    ):
        raise ValidationError(_("Alamat email ini sudah dipakai akun lain."), field="email")
    if telepon and lain.filter(telepon=telepon).exists():
        raise ValidationError(_("Nomor HP ini sudah dipakai akun lain."), field="telepon")
    return email, telepon


def _wilayah_untuk_peran(peran: str, wilayah_kode: str | None) -> Wilayah | None:
    if peran not in Peran.values:
        raise ValidationError(_("Peran tidak dikenal."), field="peran")
    kode = (wilayah_kode or "").strip()
    if peran == Peran.KOMDIGI:
        if kode:
            raise ValidationError(
                _("Peran Komdigi berlaku nasional: kosongkan isian wilayah."), field="wilayah"
            )
        return None
    if not kode:
        raise ValidationError(_("Pilih wilayah untuk peran ini."), field="wilayah")
    wilayah = Wilayah.objects.filter(kode=kode, aktif=True).first()
    if wilayah is None:
        raise ValidationError(
            _("Kode wilayah %(kode)s tidak dikenal.") % {"kode": kode}, field="wilayah"
        )
    if wilayah.tingkat != TINGKAT_PERAN[peran]:
        raise ValidationError(
            _("Peran %(peran)s hanya dapat diberikan pada wilayah tingkat %(tingkat)s, "
              "sedangkan %(nama)s adalah %(jenis)s.")
            % {
                "peran": Peran(peran).label,
                "tingkat": _tingkat_label(TINGKAT_PERAN[peran]),
                "nama": wilayah.nama,
                "jenis": wilayah.get_jenis_display().lower(),
            },
            field="wilayah",
        )
    return wilayah


def _tingkat_label(tingkat: int) -> str:
    from simpul.wilayah.models import Tingkat

    return str(Tingkat(tingkat).label).lower()


def _periksa_kewenangan(actor, peran: str, wilayah: Wilayah | None) -> None:
    """Raise unless ``actor`` may give ``peran`` on ``wilayah``."""
    kewenangan = kewenangan_akun(actor)
    if kewenangan.kosong:
        raise NotFound(_("Anda tidak berwenang mengelola akun."))
    if TINGKAT_PERAN[peran] < kewenangan.tingkat_tertinggi:
        raise ValidationError(
            _("Anda tidak dapat memberikan peran %(peran)s karena tingkatnya di atas peran Anda.")
            % {"peran": Peran(peran).label},
            field="peran",
        )
    kode = wilayah.kode if wilayah else None
    if not kewenangan.mencakup(kode):
        raise ValidationError(
            _("%(nama)s (%(kode)s) berada di luar wilayah kewenangan Anda. "
              "Anda hanya dapat memberi penugasan di wilayah Anda sendiri.")
            % {"nama": wilayah.nama, "kode": wilayah.kode},
            field="wilayah",
        )
    if not kewenangan.boleh_memberi(peran, kode):
        raise ValidationError(
            _("Anda tidak dapat memberikan peran %(peran)s di %(nama)s karena tingkatnya di atas "
              "peran Anda di wilayah itu.") % {"peran": Peran(peran).label, "nama": wilayah.nama},
            field="peran",
        )


def _bersihkan_jabatan(jabatan_teks: str) -> str:
    jabatan_teks = " ".join((jabatan_teks or "").split())
    if len(jabatan_teks) > 120:
        raise ValidationError(_("Jabatan/unit terlalu panjang (maksimal 120 karakter)."),
                              field="jabatan_teks")
    return jabatan_teks


def _event(*, aktor, jenis: str, user: User, wilayah: Wilayah | None = None, alasan: str = "",
           **data) -> AkunEvent:
    return AkunEvent.objects.create(
        aktor=aktor, jenis=jenis, user=user, wilayah_kode=wilayah.kode if wilayah else "",
        alasan=alasan, data=data,
    )


# --- services -----------------------------------------------------------------------------------
def akun_daftar(*, nama: str, email: str | None, telepon: str | None, password: str) -> User:
    """Self-signup (a citizen who wants to form or join a KIM). allauth then records the email
    address (``setup_user_email``), so no ``EmailAddress`` row is created here."""
    nama = _bersihkan_nama(nama)
    with transaction.atomic():
        email, telepon = _bersihkan_kontak(email=email, telepon=telepon)
        user = User(nama=nama, email=email, telepon=telepon)
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise ValidationError(_("Email atau nomor HP ini sudah dipakai akun lain."),
                                  field="email") from None
    return user


def akun_create(
    *, actor, nama: str, email: str | None = None, telepon: str | None = None, peran: str,
    wilayah_kode: str | None, jabatan_teks: str = "",
) -> AkunBaru:
    """An office creates an account with a first grant inside its subtree.

    With an email the account gets an unusable password and a set-password link by email; without
    one a temporary password is returned (to show once) and must be changed at first sign-in.
    """
    nama = _bersihkan_nama(nama)
    jabatan_teks = _bersihkan_jabatan(jabatan_teks)
    wilayah = _wilayah_untuk_peran(peran, wilayah_kode)
    _periksa_kewenangan(actor, peran, wilayah)
    with transaction.atomic():
        email, telepon = _bersihkan_kontak(email=email, telepon=telepon)
        user = User(nama=nama, email=email, telepon=telepon, dibuat_oleh=actor)
        sandi = None
        if email:
            user.set_unusable_password()
        else:
            sandi = buat_sandi_sementara()
            user.set_password(sandi)
            user.sandi_sementara = True
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise ValidationError(_("Email atau nomor HP ini sudah dipakai akun lain."),
                                  field="email") from None
        if email:
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        penugasan = Penugasan.objects.create(
            user=user, peran=peran, wilayah=wilayah, jabatan_teks=jabatan_teks, diberikan_oleh=actor,
        )
        _event(aktor=actor, jenis=AkunEvent.Jenis.AKUN_DIBUAT, user=user, wilayah=wilayah,
               lewat_email=bool(email))
        _event(aktor=actor, jenis=AkunEvent.Jenis.PENUGASAN_DIBERIKAN, user=user, wilayah=wilayah,
               penugasan_id=penugasan.pk, peran=peran)
        if email:
            from .tasks import kirim_tautan_sandi

            transaction.on_commit(lambda: kirim_tautan_sandi.enqueue(user.pk))
    return AkunBaru(user=user, penugasan=penugasan, sandi_sementara=sandi)


def penugasan_grant(
    *, actor, user: User, peran: str, wilayah_kode: str | None, jabatan_teks: str = ""
) -> Penugasan:
    if user.pk == getattr(actor, "pk", None):
        raise ValidationError(_("Anda tidak dapat memberi penugasan kepada diri sendiri."),
                              field="peran")
    if not user.is_active:
        raise ValidationError(_("Akun ini tidak aktif."), field="peran")
    jabatan_teks = _bersihkan_jabatan(jabatan_teks)
    wilayah = _wilayah_untuk_peran(peran, wilayah_kode)
    _periksa_kewenangan(actor, peran, wilayah)
    sudah = _("%(nama)s sudah memegang peran ini di wilayah tersebut.") % {"nama": user.nama}
    with transaction.atomic():
        if Penugasan.objects.aktif().filter(user=user, peran=peran, wilayah=wilayah).exists():
            raise Conflict(sudah, field="peran")
        try:
            with transaction.atomic():
                penugasan = Penugasan.objects.create(
                    user=user, peran=peran, wilayah=wilayah, jabatan_teks=jabatan_teks,
                    diberikan_oleh=actor,
                )
        except IntegrityError:
            raise Conflict(sudah, field="peran") from None
        _event(aktor=actor, jenis=AkunEvent.Jenis.PENUGASAN_DIBERIKAN, user=user, wilayah=wilayah,
               penugasan_id=penugasan.pk, peran=peran)
    scope.forget(user)
    return penugasan


def penugasan_revoke(*, actor, penugasan: Penugasan, alasan: str) -> Penugasan:
    alasan = " ".join((alasan or "").split())
    if not alasan:
        raise ValidationError(_("Tuliskan alasan pencabutan."), field="alasan")
    if len(alasan) > 300:
        raise ValidationError(_("Alasan terlalu panjang (maksimal 300 karakter)."), field="alasan")
    if penugasan.user_id == getattr(actor, "pk", None):
        raise ValidationError(
            _("Anda tidak dapat mencabut penugasan Anda sendiri. Mintalah instansi di atas Anda."),
            field="alasan",
        )
    asli = penugasan
    with transaction.atomic():
        try:
            penugasan = penugasan_dalam_lingkup(actor).select_for_update().get(pk=penugasan.pk)
        except Penugasan.DoesNotExist:
            raise NotFound(_("Penugasan tidak ditemukan.")) from None
        if penugasan.dicabut is not None:
            raise Conflict(_("Penugasan ini sudah dicabut."), field="alasan")
        if not kewenangan_akun(actor).boleh_memberi(penugasan.peran, penugasan.wilayah_id):
            raise ValidationError(
                _("Anda tidak dapat mencabut peran %(peran)s karena tingkatnya di atas peran Anda.")
                % {"peran": penugasan.get_peran_display()},
                field="alasan",
            )
        penugasan.dicabut = timezone.now()
        penugasan.dicabut_oleh = actor
        penugasan.alasan_cabut = alasan
        penugasan.save(update_fields=["dicabut", "dicabut_oleh", "alasan_cabut", "diubah"])
        _event(aktor=actor, jenis=AkunEvent.Jenis.PENUGASAN_DICABUT, user=penugasan.user,
               wilayah=penugasan.wilayah, alasan=alasan, penugasan_id=penugasan.pk,
               peran=penugasan.peran)
    scope.forget(penugasan.user)
    if Penugasan.user.is_cached(asli):
        scope.forget(asli.user)  # the caller's copy of the user may carry cached grants
    return penugasan


def akun_reset_password(*, actor, user: User) -> str:
    """Give ``user`` a new temporary password (returned, to show once). Only for accounts whose
    every active grant lies within the officer's authority, so a lower office can never take over
    an account that also serves a higher or a neighbouring office."""
    if user.pk == getattr(actor, "pk", None):
        raise ValidationError(_("Untuk akun Anda sendiri, gunakan halaman ganti kata sandi."))
    terlihat = list(penugasan_dalam_lingkup(actor).filter(user=user).select_related("wilayah"))
    if not terlihat:
        raise NotFound(_("Pengguna tidak ditemukan."))
    kewenangan = kewenangan_akun(actor)
    aktif = Penugasan.objects.aktif().filter(user=user).values_list("peran", "wilayah_id")
    if user.is_superuser or user.is_staff or not all(
        kewenangan.boleh_memberi(peran, kode) for peran, kode in aktif
    ):
        raise ValidationError(
            _("Akun ini juga memegang peran di luar kewenangan Anda. Mintalah instansi yang lebih "
              "tinggi untuk mengatur ulang kata sandinya.")
        )
    sandi = buat_sandi_sementara()
    with transaction.atomic():
        user.set_password(sandi)
        user.sandi_sementara = True
        user.save(update_fields=["password", "sandi_sementara"])
        _event(aktor=actor, jenis=AkunEvent.Jenis.SANDI_DIRESET, user=user,
               wilayah=terlihat[0].wilayah)
    _buka_kunci(user)
    return sandi


def _buka_kunci(user: User) -> None:
    """Clear django-axes lockouts of this account's sign-in names."""
    from axes.utils import reset

    for nama in (user.email, user.telepon):
        if nama:
            reset(username=nama)


def profil_update(*, user: User, nama: str, email: str | None, telepon: str | None) -> list[str]:
    """A person edits their own name, email and phone. Returns the names of changed fields."""
    nama = _bersihkan_nama(nama)
    with transaction.atomic():
        email, telepon = _bersihkan_kontak(email=email, telepon=telepon, kecuali=user)
        berubah = [k for k, v in (("nama", nama), ("email", email), ("telepon", telepon))
                   if getattr(user, k) != v]
        if not berubah:
            return []
        if "telepon" in berubah:
            user.telepon_terverifikasi = False
        user.nama, user.email, user.telepon = nama, email, telepon
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise ValidationError(_("Email atau nomor HP ini sudah dipakai akun lain."),
                                  field="email") from None
        if "email" in berubah:
            # One address per account (ACCOUNT_MAX_EMAIL_ADDRESSES = 1): the old one stops
            # working for sign-in and password reset at once.
            EmailAddress.objects.filter(user=user).delete()
            if email:
                EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        # Field names only: the audit trail keeps no copy of the personal data itself.
        _event(aktor=user, jenis=AkunEvent.Jenis.PROFIL_DIUBAH, user=user, kolom=berubah)
    return berubah
