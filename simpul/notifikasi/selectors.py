"""Reads of the notification app."""

from __future__ import annotations

from django.db.models import Count, Q

from simpul.core import scope
from simpul.core.peran import Aksi

from .models import STATUS_MASALAH, Mode, Pesan, Preferensi
from .services import MODE_BAWAAN


def boleh_kelola_outbox(user) -> bool:
    """The failed-messages page is national: whoever holds ``Aksi.OUTBOX_KELOLA`` everywhere (Komdigi)."""
    return scope.lingkup(user, Aksi.OUTBOX_KELOLA).semua


def preferensi_user(user) -> dict[tuple[str, str], str]:
    """(kanal, jenis) -> mode as stored, with the channel defaults filled in for ``jenis=""``."""
    hasil = {(k.value, ""): m.value if isinstance(m, Mode) else m for k, m in MODE_BAWAAN.items()}
    for p in Preferensi.objects.filter(user=user):
        hasil[(p.kanal, p.jenis)] = p.mode
    return hasil


def pesan_bermasalah():
    return (Pesan.objects.filter(status__in=STATUS_MASALAH)
            .only("id", "kanal", "alamat", "status", "percobaan", "galat_terakhir", "kunci_acara", "diubah",
                  "muatan").order_by("-diubah", "-id"))


def ringkasan_outbox() -> dict[str, int]:
    return Pesan.objects.aggregate(
        antri=Count("id", filter=Q(status="antri")), tahan=Count("id", filter=Q(status="tahan")),
        gagal=Count("id", filter=Q(status="gagal")), tidak_pasti=Count("id", filter=Q(status="tidak_pasti")),
    )


def samarkan(alamat: str) -> str:
    """Show only enough of an address to recognise it (UU PDP: minimal personal data)."""
    if "@" in alamat:
        lokal, _at, domain = alamat.partition("@")
        return f"{lokal[:2]}***@{domain}"
    return alamat[:5] + "***" + alamat[-3:] if len(alamat) > 8 else "***" + alamat[-2:]
