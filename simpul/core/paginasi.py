"""Pages of lists the size of the country, without counting all of them.

:class:`PaginatorTerbatas` is a Django ``Paginator`` whose ``count`` reads at most
``max(batas, nomor + depan)`` pages (``SELECT COUNT(*) FROM (... LIMIT n)``, no joined columns):

- ``batas`` pages whatever the page asked (the finance overview: "page 1 of more than 100");
- ``depan`` pages past the page asked (the potensi catalogue: every page counts a little
  further, so Next always leads on).

Below the bound the figures are exact, as with ``Paginator``. Above it ``lebih`` is True and
``count``/``num_pages`` are lower bounds; ``batas_tetap`` says whether that lower bound is the
fixed ``batas`` (worth showing: "of more than 100") or moves with the page asked (not shown:
"Page 3"). ``core/_halaman.html`` renders both. A page number that is not a number is page 1; a
huge one is clamped before it reaches a ``LIMIT``, so bad input never becomes a database error.

``baris(ids)``, when given, turns a page's ids (a sliced ``values("pk")`` subquery of
``object_list``) into the rows shown, so ``object_list`` stays a plain ordered, filtered queryset
the database can page without the joins and annotations of the rows.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

NOMOR_MAKS = 1_000_000  # a page number past this is read as this (a valid LIMIT)


class PaginatorTerbatas(Paginator):
    def __init__(self, object_list, per_page, *, batas: int = 0, depan: int = 10, baris=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.batas = batas
        self.depan = depan
        self.baris = baris
        self.nomor = 1
        self.lebih = False

    def get_page(self, number):
        try:
            nomor = min(max(int(number), 1), NOMOR_MAKS)
        except (TypeError, ValueError, OverflowError):
            nomor = 1
        if nomor != self.nomor:  # counted for another page: count again
            self.nomor = nomor
            self.__dict__.pop("count", None)
            self.__dict__.pop("num_pages", None)
        return super().get_page(nomor)

    @cached_property
    def count(self) -> int:
        n_baris = max(self.batas, self.nomor + self.depan) * self.per_page
        n = self.object_list.order_by().values("pk")[: n_baris + 1].count()
        self.lebih = n > n_baris
        return min(n, n_baris)

    @property
    def batas_tetap(self) -> bool:
        """``lebih`` and the lower bound is the fixed ``batas``, not one that moves with the page."""
        return self.lebih and self.nomor + self.depan <= self.batas

    def page(self, number):
        if self.baris is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(list(self.baris(self.object_list.values("pk")[bottom:top])), number, self)
