"""The one region-scope engine.

Every list, page and API endpoint that shows non-public data filters through
:func:`for_user` (querysets) or :func:`get_for_user_or_404` (single objects).

A user's reach for an action (a :class:`Lingkup`) is:
- the region-code prefixes of their active grants whose role allows the action
  (Komdigi: everything), and
- the KIMs where their position allows the action.

Region codes are hierarchical (``76.02.02.2001`` starts with ``76.02``), so a prefix match is a
subtree match. Objects outside the reach answer 404, never 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .kode import di_dalam, subtree_q
from .peran import IZIN_JABATAN, IZIN_PERAN, Peran


@dataclass(frozen=True)
class Lingkup:
    semua: bool = False
    prefixes: tuple[str, ...] = ()
    kim_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def kosong(self) -> bool:
        return not (self.semua or self.prefixes or self.kim_ids)

    def mencakup_wilayah(self, kode: str | None) -> bool:
        if self.semua:
            return True
        return any(di_dalam(kode, p) for p in self.prefixes)

    def wilayah_utuh(self, panjang: int) -> bool:
        """True when the reach is national, or whole regions whose codes are at most ``panjang``
        characters long, with no KIM of its own: then figures kept per region of that level (a
        summary table) answer it exactly, and :meth:`q` on the summary's code selects them."""
        return self.semua or (not self.kim_ids and all(len(p) <= panjang for p in self.prefixes))

    def q(self, *, wilayah_field: str | None = None, kim_field: str | None = None) -> Q | None:
        """A Q selecting the rows in reach, or None for "everything"."""
        if self.semua and wilayah_field is not None:
            return None
        q = Q(pk__in=[])
        if wilayah_field is not None:
            for p in self.prefixes:
                q |= subtree_q(wilayah_field, p)
        if kim_field is not None and self.kim_ids:
            q |= Q(**{f"{kim_field}__in": sorted(self.kim_ids)})
        return q


def minimal_prefixes(codes: Iterable[str]) -> tuple[str, ...]:
    """Drop codes already covered by a shorter one: ("76", "76.02") -> ("76",)."""
    result: list[str] = []
    for code in sorted(set(codes), key=len):
        if not any(code.startswith(p) for p in result):
            result.append(code)
    return tuple(sorted(result))


def _grants(user) -> tuple[list[tuple[str, str | None]], list[tuple[int, str]]]:
    """(role, region) grants and (kim_id, position) memberships, cached on the user object."""
    cached = getattr(user, "_simpul_grants", None)
    if cached is None:
        from simpul.akun.selectors import penugasan_aktif_user
        from simpul.kim.selectors import jabatan_aktif_user

        cached = (penugasan_aktif_user(user), jabatan_aktif_user(user))
        user._simpul_grants = cached
    return cached


def penugasan_aktif(user) -> list[tuple[str, str | None]]:
    """The user's active (role, region code) grants, from the same per-request cache."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return _grants(user)[0]


def jabatan_aktif(user) -> list[tuple[int, str]]:
    """The user's live (kim_id, position) memberships, from the same per-request cache."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return _grants(user)[1]


def forget(user) -> None:
    """Drop the cached grants (after a grant or membership changes in the same request)."""
    if hasattr(user, "_simpul_grants"):
        del user._simpul_grants


def lingkup(user, aksi: str) -> Lingkup:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Lingkup()
    penugasan, jabatan = _grants(user)
    semua = False
    codes: list[str] = []
    for peran, kode in penugasan:
        if aksi not in IZIN_PERAN.get(peran, ()):
            continue
        if peran == Peran.KOMDIGI:
            semua = True
        elif kode:
            codes.append(kode)
    kim_ids = frozenset(kim_id for kim_id, jab in jabatan if aksi in IZIN_JABATAN.get(jab, ()))
    return Lingkup(semua=semua, prefixes=() if semua else minimal_prefixes(codes), kim_ids=kim_ids)


def _scope_fields(model: type[Model]) -> tuple[str | None, str | None]:
    scope = getattr(model, "Scope", None)
    if scope is None:
        raise TypeError(f"{model.__name__} has no Scope (wilayah_field / kim_field) declared")
    return getattr(scope, "wilayah_field", None), getattr(scope, "kim_field", None)


def for_user(qs: QuerySet, user, aksi: str) -> QuerySet:
    """Rows of ``qs`` that ``user`` may act on with ``aksi``. The model declares
    ``class Scope: wilayah_field = "..."; kim_field = "..."`` (paths to the region code and KIM id).
    """
    wilayah_field, kim_field = _scope_fields(qs.model)
    q = lingkup(user, aksi).q(wilayah_field=wilayah_field, kim_field=kim_field)
    return qs if q is None else qs.filter(q)


def get_for_user_or_404(qs: QuerySet, user, aksi: str, **lookup):
    try:
        return for_user(qs, user, aksi).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def boleh(user, aksi: str, *, wilayah_kode: str | None = None, kim_id: int | None = None) -> bool:
    """May ``user`` do ``aksi`` on something in region ``wilayah_kode`` / belonging to ``kim_id``?"""
    ling = lingkup(user, aksi)
    if wilayah_kode is not None and ling.mencakup_wilayah(wilayah_kode):
        return True
    return kim_id is not None and kim_id in ling.kim_ids


def punya_peran_pemerintah(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(_grants(user)[0])
