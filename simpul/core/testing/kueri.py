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
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from django.core.cache import cache

OK = (200,)


def _bentuk(sql: str) -> str:
    """A statement without its literal values, to group repeats of one query."""
    return re.sub(r"'[^']*'|\b\d+\b|%s|\?", "?", sql)[:300]


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

    def ukur():
        if dingin:
            cache.clear()
        with assert_max(batas) as ctx:
            resp = minta()
            if getattr(resp, "streaming", False):  # exports: the rows are read while streaming
                resp.streaming_content = [b"".join(resp.streaming_content)]
        kode = getattr(resp, "status_code", 200)
        assert kode in status, f"status {kode}"
        return resp, [q["sql"] for q in ctx.captured_queries]

    minta()
    _, kecil = ukur()
    tambah()
    resp, besar = ukur()
    if len(besar) != len(kecil):
        lebih = Counter(map(_bentuk, besar)) - Counter(map(_bentuk, kecil))
        rincian = "\n".join(f"  +{n}x {sql}" for sql, n in lebih.most_common(5))
        raise AssertionError(f"queries grew with the rows: {len(kecil)} -> {len(besar)}\n{rincian}")
    return resp
