"""Query-count checks for list pages and list endpoints: an N+1 regression fails the suite.

The pattern (``docs/architecture.md``, "Query budgets")::

    from simpul.core.testing.kueri import kueri_tetap

    def test_directory_queries_do_not_grow(client, django_assert_max_num_queries):
        KimFactory.create_batch(3)
        kueri_tetap(django_assert_max_num_queries, lambda: client.get("/kim/"),
                    tambah=lambda: KimFactory.create_batch(10), batas=8)

``kueri_tetap`` requests once to warm up (session, content types), measures the request with the
small set, calls ``tambah()`` to add more rows (with the related objects a page could fetch one
by one: members, photos, regions, authors...), measures again, and asserts that both counts are
equal and within ``batas``. On failure it names the statements that were repeated.
``kueri_tetap_semua`` does the same for several requests over one set of rows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from importlib import import_module

from django.core.cache import cache

OK = (200,)


def _bentuk(sql: str) -> str:
    """A statement without its literal values, to group repeats of one query."""
    return re.sub(r"'[^']*'|\b\d+\b|%s|\?", "?", sql)[:300]


def _cache_dingin() -> None:
    """Empty the shared cache and any per-process copy of it (the portal keeps the last pages
    served in memory: ``simpul.portal.cache.lupakan_lokal``, when it exists)."""
    cache.clear()
    lupakan = getattr(import_module("simpul.portal.cache"), "lupakan_lokal", None)
    if lupakan is not None:
        lupakan()


def kueri_tetap(
    assert_max,
    minta: Callable,
    *,
    tambah: Callable,
    batas: int,
    dingin: bool = False,
    status: tuple[int, ...] = OK,
):
    """Assert that ``minta()`` (a request) costs the same number of queries, at most ``batas``,
    before and after ``tambah()`` adds rows. ``dingin=True`` clears the cache before each
    measurement (pages cached for anonymous visitors, cached figures). A streamed response
    (CSV, Excel) is read inside the measurement. Returns the last response.
    """
    hasil = kueri_tetap_semua(
        assert_max, {"": (minta, batas)}, tambah=tambah, dingin=dingin, status=status
    )
    return hasil[""]


def kueri_tetap_semua(
    assert_max,
    daftar: dict[str, tuple[Callable, int]],
    *,
    tambah: Callable,
    dingin: bool = False,
    status: tuple[int, ...] = OK,
) -> dict:
    """:func:`kueri_tetap` for several requests over the same rows (``{label: (minta, batas)}``),
    so that the rows are made once. Returns ``{label: last response}``."""

    def ukur(label, minta, batas):
        if dingin:
            _cache_dingin()
        with assert_max(batas) as ctx:
            resp = minta()
            if getattr(resp, "streaming", False):  # exports: the rows are read while streaming
                resp.streaming_content = [b"".join(resp.streaming_content)]
        kode = getattr(resp, "status_code", 200)
        assert kode in status, f"{label}: status {kode}"
        return resp, [q["sql"] for q in ctx.captured_queries]

    kecil = {}
    for label, (minta, batas) in daftar.items():
        minta()  # warm up: session, content types, the user's grants
        kecil[label] = ukur(label, minta, batas)[1]
    tambah()
    hasil = {}
    for label, (minta, batas) in daftar.items():
        hasil[label], besar = ukur(label, minta, batas)
        if len(besar) != len(kecil[label]):
            lebih = Counter(map(_bentuk, besar)) - Counter(map(_bentuk, kecil[label]))
            rincian = "\n".join(f"  +{n}x {sql}" for sql, n in lebih.most_common(5))
            raise AssertionError(
                f"{label}: queries grew with the rows: {len(kecil[label])} -> {len(besar)}\n"
                f"{rincian}"
            )
    return hasil
