"""The navigation, assembled from what each app registers.

An app adds its entries in its ``AppConfig.ready()``::

    from simpul.core import menu
    menu.daftar("berita:daftar", _("Berita"), zona=menu.PUBLIK, urutan=20)
    menu.daftar("diseminasi:kotak_masuk", _("Diseminasi"), zona=menu.MASUK, urutan=30)

``PUBLIK`` entries are in the top bar for everyone; ``MASUK`` entries only for signed-in users
(the pages themselves still check scope: a menu entry is a convenience, never a permission).
``syarat(user) -> bool`` hides an entry from users it does not concern (e.g. office-only pages).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

PUBLIK = "publik"
MASUK = "masuk"


@dataclass(frozen=True)
class Entri:
    url_name: str
    label: str
    zona: str
    urutan: int
    syarat: Callable | None = None


_ENTRI: dict[str, Entri] = {}


def daftar(url_name: str, label, *, zona: str = PUBLIK, urutan: int = 50,
           syarat: Callable | None = None) -> None:
    _ENTRI[url_name] = Entri(url_name, label, zona, urutan, syarat)


def untuk(user) -> dict[str, list[dict]]:
    """The entries ``user`` sees, by zone, in order: ``{"publik": [...], "masuk": [...]}``."""
    hasil: dict[str, list[dict]] = {PUBLIK: [], MASUK: []}
    masuk = bool(user and user.is_authenticated)
    for e in sorted(_ENTRI.values(), key=lambda e: (e.urutan, e.url_name)):
        if e.zona == MASUK and not masuk:
            continue
        if e.syarat is not None and not e.syarat(user):
            continue
        hasil[e.zona].append({"url": reverse(e.url_name), "label": e.label, "nama": e.url_name})
    return hasil
