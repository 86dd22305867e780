"""Working days: Monday to Friday, minus national holidays, cuti bersama and the local holidays
of the aspiration's region (:class:`~simpul.aspirasi.models.HariLibur`).

The arithmetic is pure (:func:`tambah_hari_kerja`, :func:`hari_kerja_antara` take the holiday set);
:func:`libur_untuk` reads the holidays that apply to a region from the database.

Service levels (working days, from LAPOR! SP4N), overridable with
``settings.SIMPUL_ASPIRASI_TENGGAT`` (a dict with any of these keys)::

    verifikasi 3, respons_pertama 3, informasi 5, pengaduan 5, aspirasi 14, sengketa 14, lapangan 60
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q

from simpul.core.kode import leluhur

TENGGAT_BAKU: dict[str, int] = {
    "verifikasi": 3,
    "respons_pertama": 3,
    "informasi": 5,
    "pengaduan": 5,
    "aspirasi": 14,
    "sengketa": 14,
    "lapangan": 60,
}


def tenggat_hari(kunci: str) -> int:
    return int({**TENGGAT_BAKU, **getattr(settings, "SIMPUL_ASPIRASI_TENGGAT", {})}[kunci])


def hari_kerja(tanggal: date, libur: set[date] | frozenset[date]) -> bool:
    return tanggal.weekday() < 5 and tanggal not in libur


def tambah_hari_kerja(mulai: date, n: int, libur: Iterable[date] = ()) -> date:
    """The n-th working day after ``mulai`` (``mulai`` itself is not counted; n=0 -> ``mulai``
    moved forward to a working day if it is not one)."""
    libur = libur if isinstance(libur, (set, frozenset)) else set(libur)
    d = mulai
    if n <= 0:
        while not hari_kerja(d, libur):
            d += timedelta(days=1)
        return d
    sisa = n
    while sisa:
        d += timedelta(days=1)
        if hari_kerja(d, libur):
            sisa -= 1
    return d


def hari_kerja_antara(awal: date, akhir: date, libur: Iterable[date] = ()) -> int:
    """Working days in (awal, akhir]: how many working days after ``awal`` ``akhir`` is.
    Negative when ``akhir`` is before ``awal``."""
    if akhir < awal:
        return -hari_kerja_antara(akhir, awal, libur)
    libur = libur if isinstance(libur, (set, frozenset)) else set(libur)
    n = 0
    d = awal
    while d < akhir:
        d += timedelta(days=1)
        if hari_kerja(d, libur):
            n += 1
    return n


def libur_untuk(kode_wilayah: str | None, dari: date, sampai: date) -> frozenset[date]:
    """National holidays and cuti bersama, plus local holidays of ``kode_wilayah`` and its
    ancestors, between ``dari`` and ``sampai`` (inclusive). One query."""
    from .models import HariLibur

    q = Q(wilayah__isnull=True)
    pref = leluhur(kode_wilayah, termasuk_diri=True)
    if pref:
        q |= Q(wilayah_id__in=pref)
    return frozenset(HariLibur.objects.filter(q, tanggal__gte=dari, tanggal__lte=sampai)
                     .values_list("tanggal", flat=True))


def tenggat_dari(mulai: date, n: int, kode_wilayah: str | None) -> date:
    """The deadline ``n`` working days after ``mulai`` for an aspiration in ``kode_wilayah``."""
    # Generous window: n working days never span more than 2n + 45 calendar days in Indonesia
    # (the longest run of holidays + weekends is well under 45 days).
    libur = libur_untuk(kode_wilayah, mulai, mulai + timedelta(days=2 * n + 45))
    return tambah_hari_kerja(mulai, n, libur)
