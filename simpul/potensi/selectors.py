"""Reads of the local-potential catalogue.

For the portal (public listings only, newest first, the KIM and the desa selected with the
columns a card shows (:data:`KOLOM_KARTU`), each with ``foto_utama`` set or None; two queries
whatever the limit, one with ``foto=False`` when the photos are not shown):

- :func:`terbaru` ``(wilayah_kode=None, limit=6, *, foto=True) -> list[Potensi]``: the newest
  published listings inside a region's subtree (``None``: the whole country).
- :func:`untuk_kim` ``(kim, limit=12, *, foto=True) -> list[Potensi]``: the newest published
  listings of one KIM.

Every "newest N" read walks the partial index ``potensi_terbit_baru`` (published listings by
``-diterbitkan_pada, -id``) and stops after N rows, instead of sorting all of them.

The catalogue and the management pages:

- :func:`katalog` ``(*, wilayah=None, kategori=None, usaha_kim=None, harga_maks=None, q="")
  -> QuerySet``: published listings matching the filters, newest first (paginate it with
  :class:`PaginatorTerbatas`, then :func:`siapkan_kartu` on the page: first photo, address,
  labels).
- :class:`PaginatorTerbatas` (``simpul.core.paginasi``, re-exported here): a ``Paginator`` that
  counts the matches only up to a few pages past the page asked for (``lebih`` says whether
  there are more), so a page never counts all 170,000 listings of the country.
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
from django.urls import reverse
from django.utils.translation import gettext as _

from simpul.core import scope
from simpul.core.errors import NotFound
from simpul.core.kode import subtree_q
from simpul.core.paginasi import PaginatorTerbatas  # noqa: F401 (the catalogue's paginator, see above)
from simpul.core.peran import Aksi

from .models import FotoPotensi, Kategori, Potensi, StatusPotensi

# What a card, a portal list and an API item show: the listing's own short fields, the KIM's name
# and slug, the desa's name and kind. Lists load only these (not the description, the seller's
# contact, nor the KIM's and the desa's twenty other columns).
KOLOM_KARTU = ("id", "slug", "nama", "kategori", "harga_min", "harga_maks", "satuan", "usaha_kim", "status",
               "diterbitkan_pada", "kim_id", "desa_id", "kim__id", "kim__nama", "kim__slug",
               "desa__kode", "desa__nama", "desa__jenis", "desa__tingkat")


def _publik() -> QuerySet[Potensi]:
    return Potensi.objects.publik().select_related("kim", "desa")


def _daftar() -> QuerySet[Potensi]:
    return _publik().only(*KOLOM_KARTU)


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


def siapkan_kartu(listings, *, foto: bool = True) -> list[Potensi]:
    """Ready a page of listings for its cards (catalogue, API): ``foto_utama`` (one query, when
    ``foto``), and, computed once per page rather than once per card, ``url`` (the listing's
    page), ``kategori_label`` (``get_kategori_display()`` rebuilds every choice label on each
    call, ~20 us: a third of a 24-card page's rendering) and ``lokasi`` (the desa's full name)."""
    listings = pasang_foto_utama(listings) if foto else list(listings)
    label = {nilai: str(teks) for nilai, teks in Kategori.choices}
    pola = reverse("potensi:detail", args=["__slug__"])  # slugs are [-a-zA-Z0-9_]: nothing to escape
    for p in listings:
        p.url = pola.replace("__slug__", p.slug)
        p.kategori_label = label.get(p.kategori, p.kategori)
        p.lokasi = p.desa.nama_lengkap
    return listings


def terbaru(wilayah_kode: str | None = None, limit: int = 6, *, foto: bool = True) -> list[Potensi]:
    qs = _daftar()
    if wilayah_kode:
        qs = qs.filter(subtree_q("desa__kode", wilayah_kode))
    return siapkan_kartu(qs.order_by("-diterbitkan_pada", "-id")[:limit], foto=foto)


def untuk_kim(kim, limit: int = 12, *, foto: bool = True) -> list[Potensi]:
    kim_id = getattr(kim, "pk", kim)
    return siapkan_kartu(_daftar().filter(kim_id=kim_id).order_by("-diterbitkan_pada", "-id")[:limit], foto=foto)


def katalog(*, wilayah: str | None = None, kategori: str | None = None, usaha_kim: bool | None = None,
            harga_maks: int | None = None, q: str = "") -> QuerySet[Potensi]:
    qs = _daftar()
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
