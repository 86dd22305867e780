"""Reads of the local-potential catalogue.

For the portal (public listings only, newest first, each with ``foto_utama`` set or None, the
KIM and the desa selected; two queries whatever the limit):

- :func:`terbaru` ``(wilayah_kode=None, limit=6) -> list[Potensi]``: the newest published
  listings inside a region's subtree (``None``: the whole country).
- :func:`untuk_kim` ``(kim, limit=12) -> list[Potensi]``: the newest published listings of one KIM.

The catalogue and the management pages:

- :func:`katalog` ``(*, wilayah=None, kategori=None, usaha_kim=None, harga_maks=None, q="")
  -> QuerySet``: published listings matching the filters (paginate it, then
  :func:`pasang_foto_utama` on the page).
- :func:`potensi_publik_get` ``(slug) -> Potensi``: one published listing, :class:`NotFound`
  otherwise (drafts and hidden listings are never public).
- :func:`kelola_list` ``(user) -> QuerySet``: the listings of the KIMs where the user has
  ``Aksi.POTENSI_KELOLA``, with their open reports counted.
- :func:`kontak` ``(potensi) -> Kontak | None``: the number orders go to and the wa.me link.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from simpul.core import scope
from simpul.core.errors import NotFound
from simpul.core.kode import subtree_q
from simpul.core.peran import Aksi

from .models import FotoPotensi, Kategori, Potensi, StatusPotensi


def _publik() -> QuerySet[Potensi]:
    return Potensi.objects.publik().select_related("kim", "desa")


def pasang_foto_utama(listings) -> list[Potensi]:
    """Set ``foto_utama`` (the first photo, or None) on each listing with one query."""
    listings = list(listings)
    ids = [p.pk for p in listings]
    pertama: dict[int, FotoPotensi] = {}
    if ids:
        for f in FotoPotensi.objects.filter(potensi_id__in=ids).order_by("potensi_id", "urutan", "id"):
            pertama.setdefault(f.potensi_id, f)
    for p in listings:
        p.foto_utama = pertama.get(p.pk)
    return listings


def terbaru(wilayah_kode: str | None = None, limit: int = 6) -> list[Potensi]:
    qs = _publik()
    if wilayah_kode:
        qs = qs.filter(subtree_q("desa__kode", wilayah_kode))
    return pasang_foto_utama(qs.order_by("-diterbitkan_pada", "-id")[:limit])


def untuk_kim(kim, limit: int = 12) -> list[Potensi]:
    kim_id = getattr(kim, "pk", kim)
    return pasang_foto_utama(_publik().filter(kim_id=kim_id).order_by("-diterbitkan_pada", "-id")[:limit])


def katalog(*, wilayah: str | None = None, kategori: str | None = None, usaha_kim: bool | None = None,
            harga_maks: int | None = None, q: str = "") -> QuerySet[Potensi]:
    qs = _publik()
    if wilayah:
        qs = qs.filter(subtree_q("desa__kode", wilayah))
    if kategori in Kategori.values:
        qs = qs.filter(kategori=kategori)
    if usaha_kim is not None:
        qs = qs.filter(usaha_kim=usaha_kim)
    if harga_maks is not None:
        qs = qs.filter(harga_min__isnull=False, harga_min__lte=harga_maks)
    if q:
        qs = qs.filter(Q(nama__icontains=q) | Q(kim__nama__icontains=q))
    return qs.order_by("-diterbitkan_pada", "-id")


def potensi_publik_get(slug: str) -> Potensi:
    p = _publik().filter(slug=slug).prefetch_related(
        Prefetch("foto", queryset=FotoPotensi.objects.order_by("urutan", "id"))).first()
    if p is None:
        raise NotFound(_("Potensi tidak ditemukan."))
    return p


def kelola_list(user, *, status: str = "") -> QuerySet[Potensi]:
    qs = scope.for_user(Potensi.objects.select_related("kim", "desa"), user, Aksi.POTENSI_KELOLA)
    if status in StatusPotensi.values:
        qs = qs.filter(status=status)
    return qs.annotate(laporan_terbuka=Count("laporan", filter=Q(laporan__ditangani_pada__isnull=True))) \
        .order_by("status", "-diubah")


def kelola_get(user, pk: int) -> Potensi:
    """A listing the user manages (POTENSI_KELOLA) or moderates (Diskominfo, KIM_VERIFIKASI)."""
    qs = Potensi.objects.select_related("kim", "desa", "izin_kontak_oleh")
    p = scope.for_user(qs, user, Aksi.POTENSI_KELOLA).filter(pk=pk).first() \
        or scope.for_user(qs, user, Aksi.KIM_VERIFIKASI).filter(pk=pk).first()
    if p is None:
        raise NotFound(_("Potensi tidak ditemukan."))
    return p


@dataclass(frozen=True)
class Kontak:
    telepon: str        # +62...
    wa_url: str         # https://wa.me/62...?text=...
    milik_penjual: bool  # False: the KIM's public number


def wa_url(telepon: str, pesan: str) -> str:
    """``https://wa.me/62812...?text=...`` for a number already normalised to +62."""
    nomor = "".join(c for c in telepon if c.isdigit())
    return f"https://wa.me/{nomor}?text={quote(pesan)}"


def kontak(potensi: Potensi, *, url_halaman: str = "") -> Kontak | None:
    """Where orders go: the seller's number when their consent is recorded, else the KIM's
    public number, else None."""
    pesan = _("Halo, saya ingin memesan “%(nama)s” dari katalog Simpul. %(url)s") % {
        "nama": potensi.nama, "url": url_halaman}
    if potensi.izin_kontak:
        return Kontak(potensi.penjual_telepon, wa_url(potensi.penjual_telepon, pesan.strip()), True)
    telepon = potensi.kim.telepon
    if telepon and telepon.startswith("+62"):
        return Kontak(telepon, wa_url(telepon, pesan.strip()), False)
    return None


def riwayat(potensi: Potensi, batas: int = 50):
    return list(potensi.peristiwa.select_related("aktor")[:batas])


def laporan_terbuka(potensi: Potensi):
    return list(potensi.laporan.filter(ditangani_pada__isnull=True).order_by("-dibuat"))
