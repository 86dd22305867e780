"""Reads of accounts and grants. Every list an officer sees goes through the scope engine."""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from simpul.core import errors, scope
from simpul.core.kode import di_dalam, subtree_q
from simpul.core.peran import IZIN_PERAN, TINGKAT_PERAN, Aksi, Peran
from simpul.core.telepon import looks_like_telepon, normalize_telepon

from .models import AkunEvent, Penugasan, User


def penugasan_aktif_user(user) -> list[tuple[str, str | None]]:
    """(role, region code) of the user's active grants. Used by the scope engine."""
    return list(Penugasan.objects.aktif().filter(user=user).values_list("peran", "wilayah_id"))


@dataclass(frozen=True)
class Kewenangan:
    """What an officer may grant: the (role level, region prefix) pairs of their own
    ``AKUN_KELOLA`` grants. Komdigi's prefix is ``""`` (the whole country)."""

    hak: tuple[tuple[int, str], ...]

    @property
    def kosong(self) -> bool:
        return not self.hak

    def mencakup(self, kode: str | None) -> bool:
        return any(di_dalam(kode, prefix) for _, prefix in self.hak)

    def boleh_memberi(self, peran: str, kode: str | None) -> bool:
        """A grant of ``peran`` on ``kode`` is inside one of the officer's subtrees and not above
        the level of the officer's grant there."""
        tingkat = TINGKAT_PERAN[peran]
        return any(di_dalam(kode, prefix) and tingkat >= t for t, prefix in self.hak)

    @property
    def tingkat_tertinggi(self) -> int:
        """The highest (smallest number) level this officer holds; roles above it are off limits."""
        return min((t for t, _ in self.hak), default=99)

    def peran_boleh(self) -> list[tuple[str, str]]:
        return [(p.value, p.label) for p in Peran if TINGKAT_PERAN[p] >= self.tingkat_tertinggi]


def kewenangan_akun(actor) -> Kewenangan:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return Kewenangan(())
    hak = []
    for peran, kode in scope.penugasan_aktif(actor):
        if Aksi.AKUN_KELOLA not in IZIN_PERAN.get(peran, ()):
            continue
        if peran == Peran.KOMDIGI:
            hak.append((TINGKAT_PERAN[peran], ""))
        elif kode:
            hak.append((TINGKAT_PERAN[peran], kode))
    return Kewenangan(tuple(hak))


def penugasan_dalam_lingkup(actor) -> QuerySet[Penugasan]:
    """Every grant (active or revoked) on a region the officer manages accounts for."""
    return scope.for_user(Penugasan.objects.all(), actor, Aksi.AKUN_KELOLA)


def pengguna_terlihat(actor) -> QuerySet[User]:
    """Users holding (or having held) a grant inside the officer's subtree."""
    return User.objects.filter(pk__in=penugasan_dalam_lingkup(actor).values("user_id"))


def pengguna_list_for_user(
    *, actor, q: str = "", peran: str = "", wilayah: str = "", termasuk_dicabut: bool = False
) -> QuerySet[User]:
    """Users with grants in the officer's subtree, each with ``penugasan_terlihat`` (the grants
    the officer may see), filtered by text, role and region prefix."""
    grants = penugasan_dalam_lingkup(actor)
    if not termasuk_dicabut:
        grants = grants.aktif()
    if peran:
        grants = grants.filter(peran=peran)
    if wilayah:
        grants = grants.filter(subtree_q("wilayah__kode", wilayah))
    users = User.objects.filter(pk__in=grants.values("user_id"))
    q = (q or "").strip()
    if q:
        cond = Q(nama__icontains=q) | Q(email__icontains=q)
        if looks_like_telepon(q):
            with suppress(errors.ValidationError):  # a partial number is matched below
                cond |= Q(telepon=normalize_telepon(q))
            digits = re.sub(r"\D", "", q).removeprefix("62").lstrip("0")
            if len(digits) >= 3:
                cond |= Q(telepon__contains=digits)
        users = users.filter(cond)
    terlihat = grants.select_related("wilayah").order_by("dicabut", "peran", "wilayah_id")
    return users.order_by("nama", "pk").prefetch_related(
        Prefetch("penugasan", queryset=terlihat, to_attr="penugasan_terlihat")
    )


def penugasan_user_terlihat(*, actor, user) -> list[Penugasan]:
    return list(
        penugasan_dalam_lingkup(actor).filter(user=user)
        .select_related("wilayah", "diberikan_oleh", "dicabut_oleh")
        .order_by("dicabut", "-dibuat")
    )


def riwayat_user_terlihat(*, actor, user, batas: int = 50) -> list[AkunEvent]:
    qs = scope.for_user(AkunEvent.objects.filter(user=user), actor, Aksi.AKUN_KELOLA)
    return list(qs.select_related("aktor")[:batas])


def penugasan_saya(user) -> list[Penugasan]:
    return list(Penugasan.objects.aktif().filter(user=user).select_related("wilayah").order_by("peran"))


def pengguna_dengan_peran_di(peran: str, kode: str | list[str] | tuple[str, ...] | set[str]) -> dict:
    """Region code -> active users holding an active ``peran`` grant on exactly that region (not
    on an ancestor or a descendant), e.g. the desa's officials for the desa of a KIM. One query
    for any number of codes."""
    kodes = [kode] if isinstance(kode, str) else list(kode)
    hasil: dict = {}
    rows = (
        Penugasan.objects.aktif()
        .filter(peran=peran, wilayah_id__in=kodes, user__is_active=True)
        .select_related("user")
        .order_by("wilayah_id", "user_id")
    )
    for p in rows:
        hasil.setdefault(p.wilayah_id, []).append(p.user)
    return hasil


def pengguna_aktif_dengan_telepon(telepon: str) -> User | None:
    """The active account whose (E.164) phone number is ``telepon``, if any. Used by the KIM
    registry to link a member added by phone number to their account. Added by the KIM work."""
    if not telepon:
        return None
    return User.objects.filter(telepon=telepon, is_active=True).first()
