"""Working days: Monday to Friday, minus national holidays, cuti bersama and the local holidays
of the aspiration's region (:class:`~simpul.aspirasi.models.HariLibur`).

The arithmetic is pure (:func:`tambah_hari_kerja`, :func:`hari_kerja_antara` take the holiday set);
:func:`libur_untuk` gives the holidays that apply to a region. The holiday table is small and
changes a few times a year while every submission computes a deadline, so it is read once into
the shared cache (:func:`_tabel_libur`, one key) and forgotten whenever a ``HariLibur`` row is
saved or deleted (:func:`lupakan_libur`, connected in ``apps.py``; again after commit).

Service levels (working days, from LAPOR! SP4N), overridable with
``settings.SIMPUL_ASPIRASI_TENGGAT`` (a dict with any of these keys)::

    verifikasi 3, respons_pertama 3, informasi 5, pengaduan 5, aspirasi 14, sengketa 14, lapangan 60
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

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


KUNCI_CACHE_LIBUR = "aspirasi:libur:v1"
# A safety net: every write forgets the cached table at once, in a shared cache (Redis) for every
# process; a per-process cache (LocMemCache, the embedded setup) is only forgotten in the process
# that wrote, so the others keep it a minute at most.
UMUR_CACHE_LIBUR = 3600
UMUR_CACHE_LIBUR_LOKAL = 60


def _umur_cache() -> int:
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    return UMUR_CACHE_LIBUR_LOKAL if isinstance(caches["default"], LocMemCache) else UMUR_CACHE_LIBUR


def _tabel_libur() -> dict[str | None, frozenset[date]]:
    """Region code (None: national, cuti bersama included) -> its holiday dates, all years. One
    cache read; one query when the cache is cold."""
    tabel = cache.get(KUNCI_CACHE_LIBUR)
    if tabel is None:
        from .models import HariLibur

        kumpul: dict[str | None, set[date]] = {}
        for kode, tanggal in HariLibur.objects.values_list("wilayah_id", "tanggal"):
            kumpul.setdefault(kode, set()).add(tanggal)
        tabel = {k: frozenset(v) for k, v in kumpul.items()}
        cache.set(KUNCI_CACHE_LIBUR, tabel, _umur_cache())
    return tabel


def lupakan_libur(**_kwargs) -> None:
    """Forget the cached holiday table (now, and again when the writing transaction commits, so
    a reader in between cannot put the old table back for long)."""
    cache.delete(KUNCI_CACHE_LIBUR)
    transaction.on_commit(lambda: cache.delete(KUNCI_CACHE_LIBUR))


def libur_untuk(kode_wilayah: str | None, dari: date, sampai: date) -> frozenset[date]:
    """National holidays and cuti bersama, plus local holidays of ``kode_wilayah`` and its
    ancestors, between ``dari`` and ``sampai`` (inclusive). From the cached table."""
    tabel = _tabel_libur()
    hasil: set[date] = set()
    for kode in (None, *leluhur(kode_wilayah, termasuk_diri=True)):
        hasil.update(d for d in tabel.get(kode, ()) if dari <= d <= sampai)
    return frozenset(hasil)


def tenggat_dari(mulai: date, n: int, kode_wilayah: str | None) -> date:
    """The deadline ``n`` working days after ``mulai`` for an aspiration in ``kode_wilayah``."""
    # Generous window: n working days never span more than 2n + 45 calendar days in Indonesia
    # (the longest run of holidays + weekends is well under 45 days).
    libur = libur_untuk(kode_wilayah, mulai, mulai + timedelta(days=2 * n + 45))
    return tambah_hari_kerja(mulai, n, libur)
