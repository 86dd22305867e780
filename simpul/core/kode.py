"""Region codes as query filters, in one place.

Kemendagri codes are hierarchical and fixed-width per level ("76", "76.02", "76.02.02",
"76.02.02.2003"), so "inside region R" is a prefix test. These helpers build that test so it is
answered from a B-tree index on both databases.
"""

from django.db import connection
from django.db.models import Q

PANJANG_KODE_DESA = 13  # "76.02.02.2003"


def awalan_q(field: str, awal: str) -> Q:
    """``field`` starts with ``awal``: a byte range on SQLite (its LIKE is case-insensitive and
    cannot use the index), ``LIKE 'x%'`` on PostgreSQL (Django's ``varchar_pattern_ops`` index; a
    range would follow the collation, which ignores dots)."""
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": awal, f"{field}__lt": awal[:-1] + chr(ord(awal[-1]) + 1)})
    return Q(**{f"{field}__startswith": awal})


def subtree_q(field: str, kode: str | None, *, termasuk_diri: bool = True) -> Q:
    """Rows whose region code ``field`` lies inside ``kode`` (all rows for None / national).

    Bounded by the dot, so "76.0" never matches "76.02"; ``termasuk_diri`` adds ``kode`` itself
    (a desa code always means the desa itself). ``field`` is a path ending in the code column
    (``"desa__kode"``, not ``"desa_id"``: text lookups do not apply to a foreign key's attname).
    """
    if not kode:
        return Q()
    if len(kode) >= PANJANG_KODE_DESA:  # a desa has no subtree: itself
        return Q(**{field: kode})
    q = awalan_q(field, kode + ".")
    return q | Q(**{field: kode}) if termasuk_diri else q


def di_dalam(kode: str | None, induk: str | None) -> bool:
    """Is region ``kode`` inside region ``induk`` (itself included)? ``induk`` None or "" is the
    whole country. The same dot-bounded test as :func:`subtree_q`, for codes already in hand."""
    if not induk:
        return True
    return bool(kode) and (kode == induk or kode.startswith(induk + "."))


def leluhur(kode: str | None, *, termasuk_diri: bool = False) -> list[str]:
    """The codes above ``kode``, top first, derived from the code itself (no query):
    ``leluhur("76.02.02")`` -> ``["76", "76.02"]``; ``termasuk_diri`` appends ``kode``."""
    if not kode:
        return []
    parts = kode.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + (1 if termasuk_diri else 0))]
