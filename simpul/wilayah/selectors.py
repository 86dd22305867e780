"""Reads of the region hierarchy. Other apps use these, never the table directly.

Region data is public: none of these functions filter by user.

- :func:`kode_normal` ``("7602022003") -> "76.02.02.2003"``: a typed code in canonical form, or None.
- :func:`wilayah_get` ``(kode) -> Wilayah``: one region (active or not), :class:`NotFound` otherwise.
- :func:`leluhur` ``(wilayah) -> list[Wilayah]``: its ancestors, province first (one query).
- :func:`anak` ``(kode) -> QuerySet``: the direct children of a region (``None``: the provinces).
- :func:`anak_dengan_jumlah` ``(kode) -> list[Wilayah]``: the children, each with ``jumlah_anak``
  (active child regions) and ``jumlah_desa`` (active desa/kelurahan below it); two queries.
- :func:`label_lengkap` ``(wilayah) -> str``: "Desa Orobatu — Kec. Tapalang, Kab. Mamuju,
  Sulawesi Barat", so namesakes can be told apart; :func:`pasang_label` sets ``.label`` (and
  ``.label_induk``) on many regions with one query.
- :func:`wilayah_cari` ``(q, *, tingkat=None, dalam=None, limit=20) -> list[Wilayah]``: the name
  (or code) search, ranked, each result labelled (two queries); :func:`wilayah_cari_qs` is the
  ranked queryset behind it, for pagination.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from simpul.core.errors import NotFound
from simpul.core.kode import awalan_q
from simpul.core.teks import normalisasi

from .models import PANJANG_KODE, Jenis, Tingkat, Wilayah

KODE_RE = re.compile(r"[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?")
_KODE_KETIK_RE = re.compile(r"[0-9][0-9.\s]*")
# Leading words a user may type before a name: they narrow the level ("desa orobatu").
_AWALAN_JENIS = (
    ("kelurahan ", Q(jenis=Jenis.KELURAHAN)), ("kel. ", Q(jenis=Jenis.KELURAHAN)),
    ("desa ", Q(tingkat=Tingkat.DESA)), ("kecamatan ", Q(tingkat=Tingkat.KECAMATAN)),
    ("kec. ", Q(tingkat=Tingkat.KECAMATAN)), ("provinsi ", Q(tingkat=Tingkat.PROVINSI)),
    ("prov. ", Q(tingkat=Tingkat.PROVINSI)),
)
# Kabupaten/kota names carry their kind: "mamuju" is a name prefix of "kabupaten mamuju".
_AWALAN_NAMA = ("", "kabupaten ", "kota ", "kabupaten administrasi ", "kota administrasi ")


def kode_normal(teks: str | None) -> str | None:
    """A region code as typed ("76.02.02", "7602022003", " 76 . 02 ") in canonical dotted
    form, or None if it is not shaped like a code. Does not check that the code exists."""
    if not teks:
        return None
    kode = "".join(str(teks).split())
    if "." not in kode and kode.isdigit() and len(kode) in (2, 4, 6, 10):
        kode = ".".join(p for p in (kode[:2], kode[2:4], kode[4:6], kode[6:]) if p)
    return kode if KODE_RE.fullmatch(kode) else None


def wilayah_get(kode: str | None) -> Wilayah:
    """The region with this code (active or not); :class:`NotFound` for an unknown or malformed
    code."""
    kode_ok = kode_normal(kode)
    wilayah = Wilayah.objects.filter(pk=kode_ok).first() if kode_ok else None
    if wilayah is None:
        raise NotFound(_("Kode wilayah tidak dikenal: %(kode)s") % {"kode": kode or ""})
    return wilayah


def leluhur(wilayah: Wilayah) -> list[Wilayah]:
    """The ancestors of a region, province first, derived from its code (one query, none for a
    province)."""
    kodes = wilayah.kode_leluhur()
    if not kodes:
        return []
    return list(Wilayah.objects.filter(kode__in=kodes).order_by("tingkat"))


def anak(kode: str | None) -> QuerySet[Wilayah]:
    """The direct children of a region, by code; ``None`` gives the provinces. Inactive ones
    included (``.filter(aktif=True)`` to drop them)."""
    if kode is None:
        return Wilayah.objects.filter(tingkat=Tingkat.PROVINSI).order_by("kode")
    return Wilayah.objects.filter(induk_id=kode).order_by("kode")


def jumlah_di_bawah(kode: str | None) -> dict[str, tuple[int, int]]:
    """``{child_code: (active child regions of it, active desa/kelurahan under it)}`` for each
    child of ``kode`` (``None``: the provinces), in one grouped query."""
    tingkat_anak = 1 if kode is None else len(kode.split(".")) + 1
    if tingkat_anak >= Tingkat.DESA:
        return {}
    panjang = PANJANG_KODE[tingkat_anak]
    qs = Wilayah.objects.filter(aktif=True, tingkat__gt=tingkat_anak)
    if kode is not None:
        qs = qs.filter(awalan_q("kode", kode + "."))
    rows = (qs.annotate(p=Substr("kode", 1, panjang)).order_by().values("p")
            .annotate(n_anak=Count("kode", filter=Q(tingkat=tingkat_anak + 1)),
                      n_desa=Count("kode", filter=Q(tingkat=Tingkat.DESA)))
            .values_list("p", "n_anak", "n_desa"))
    return {p: (n_anak, n_desa) for p, n_anak, n_desa in rows}


def anak_dengan_jumlah(kode: str | None) -> list[Wilayah]:
    """The children of a region (``None``: the provinces), each with ``jumlah_anak`` and
    ``jumlah_desa`` set (0 for desa/kelurahan). Two queries, whatever the number of children."""
    children = list(anak(kode))
    jumlah = jumlah_di_bawah(kode) if children and children[0].tingkat < Tingkat.DESA else {}
    for w in children:
        w.jumlah_anak, w.jumlah_desa = jumlah.get(w.kode, (0, 0))
    return children


# --- Labels -------------------------------------------------------------------------------------

def nama_pendek(wilayah: Wilayah) -> str:
    """The name as shown among the parents: "Kec. Tapalang", "Kab. Mamuju", "Kota Makassar"."""
    if wilayah.jenis == Jenis.KECAMATAN:
        return _("Kec. %(nama)s") % {"nama": wilayah.nama}
    if wilayah.jenis == Jenis.KABUPATEN and wilayah.nama.startswith("Kabupaten "):
        return _("Kab. %(nama)s") % {"nama": wilayah.nama.removeprefix("Kabupaten ")}
    return wilayah.nama


def nama_judul(wilayah: Wilayah) -> str:
    """The name with its kind: "Desa Orobatu", "Kecamatan Tapalang", "Provinsi Sulawesi Barat"."""
    if wilayah.jenis == Jenis.PROVINSI:
        return _("Provinsi %(nama)s") % {"nama": wilayah.nama}
    return wilayah.nama_lengkap


def _label(wilayah: Wilayah, ancestors: Sequence[Wilayah]) -> tuple[str, str]:
    induk = ", ".join(nama_pendek(a) for a in reversed(ancestors))
    head = nama_judul(wilayah)
    return (f"{head} — {induk}" if induk else head), induk


def label_lengkap(wilayah: Wilayah, ancestors: Sequence[Wilayah] | None = None) -> str:
    """"Desa Orobatu — Kec. Tapalang, Kab. Mamuju, Sulawesi Barat" (one query unless the
    ancestors are given or already labelled)."""
    if getattr(wilayah, "label", None) and ancestors is None:
        return wilayah.label
    return _label(wilayah, leluhur(wilayah) if ancestors is None else ancestors)[0]


def pasang_label(regions: Iterable[Wilayah]) -> list[Wilayah]:
    """Set ``label`` (full name with parents), ``label_nama`` (the name with its kind) and
    ``label_induk`` (the parents only) on each region, with one query for all their ancestors."""
    regions = list(regions)
    kodes = {k for w in regions for k in w.kode_leluhur()}
    names = {w.kode: w for w in Wilayah.objects.filter(kode__in=kodes).only("kode", "nama", "jenis")} \
        if kodes else {}
    for w in regions:
        w.label, w.label_induk = _label(w, [names[k] for k in w.kode_leluhur() if k in names])
        w.label_nama = nama_judul(w)
    return regions


# --- Search -------------------------------------------------------------------------------------

def _tingkat_q(tingkat: int | Iterable[int] | None) -> Q:
    if tingkat is None:
        return Q()
    if isinstance(tingkat, int):
        return Q(tingkat=tingkat)
    return Q(tingkat__in=list(tingkat))


def _dalam_q(dalam: str | None) -> Q:
    return awalan_q("kode", dalam + ".") if dalam else Q()


def _awalan_q(term: str) -> Q:
    """Names starting with ``term`` (also after "kabupaten "/"kota "), from the name index."""
    q = Q(pk__in=[])
    for a in _AWALAN_NAMA:
        q |= awalan_q("nama_cari", a + term)
    return q


def _berisi_q(pola: str) -> Q:
    """Names containing ``pola`` (3 characters or more), from the trigram index: pg_trgm's GIN
    index on PostgreSQL (migration 0002), the FTS5 trigram table on SQLite (migration 0003)."""
    if connection.vendor == "sqlite":
        return Q(kode__in=RawSQL("SELECT kode FROM wilayah_fts WHERE nama_cari LIKE %s",
                                 [f"%{pola}%"]))
    return Q(nama_cari__contains=pola)


def _nama_cocok(term: str) -> Q:
    if len(term) >= 3:
        return _berisi_q(term)
    if len(term) == 2:
        return _awalan_q(term) | _berisi_q(" " + term)
    return _awalan_q(term)


MAKS_INDUK = 50  # matching regions whose children are offered (rank 2)


def wilayah_cari_qs(q: str, *, tingkat: int | Iterable[int] | None = None, dalam: str | None = None,
                    aktif: bool | None = True) -> QuerySet[Wilayah]:
    """The ranked search queryset behind :func:`wilayah_cari` (for slicing and pagination; it
    may be a UNION, so filter through the arguments, not afterwards).

    A code (or the start of one) typed directly gives that region and those below it, by code.
    Otherwise names are matched case- and accent-free on ``nama_cari``, ranked (``peringkat``):

    0. the name starts with the text ("tapalang"; "mamuju" for "Kabupaten Mamuju");
    1. a word of the name starts with it ("barat" in "Tapalang Barat");
    2. the region lies directly under a region of rank 0 (the desa of Kecamatan Tapalang);
    3. the name contains it elsewhere (texts of 3 characters or more).

    Within a rank, higher levels first, then by name. A leading "desa", "kelurahan",
    "kecamatan" or "provinsi" narrows the level ("kecamatan tapalang"). Every branch is answered
    from an index (trigram, name or parent), so the search stays fast at national scale.
    """
    qs = Wilayah.objects.filter(_tingkat_q(tingkat), _dalam_q(dalam))
    if aktif is not None:
        qs = qs.filter(aktif=aktif)
    teks = (q or "").strip()
    if _KODE_KETIK_RE.fullmatch(teks):
        kode = "".join(teks.split())
        if "." not in kode and len(kode) in (4, 6, 10):
            kode = kode_normal(kode) or kode
        return (qs.filter(awalan_q("kode", kode))
                .annotate(peringkat=Value(0, IntegerField()), kelompok=Value("", CharField()))
                .order_by("tingkat", "kode"))
    # No region name holds a LIKE wildcard: dropping them keeps both databases' answers equal.
    nama = normalisasi(teks.replace("%", " ").replace("_", " "))
    if not nama:
        return qs.none()
    # (term, extra filter): the text as typed, and without a leading kind word.
    terms: list[tuple[str, Q]] = [(nama, Q())]
    for awalan, jenis_q in _AWALAN_JENIS:
        if nama.startswith(awalan) and len(nama) > len(awalan):
            terms.append((nama.removeprefix(awalan), jenis_q))
            break
    kosong = Q(pk__in=[])
    cocok, awal, kata, bawah = kosong, kosong, kosong, kosong
    for term, extra in terms:
        cocok |= extra & _nama_cocok(term)
        awal |= extra & _awalan_q(term)
        kata |= extra & Q(nama_cari__contains=" " + term)
        if len(term) >= 3:
            # A separate small query: as a subquery inside the UNION it defeats the planner.
            induk = list(Wilayah.objects.filter(_awalan_q(term), tingkat__lt=Tingkat.DESA, aktif=True)
                         .order_by("tingkat", "kode").values_list("kode", flat=True)[:MAKS_INDUK])
            if induk:
                bawah |= extra & Q(induk_id__in=induk)
    urutan = ("peringkat", "tingkat", "kelompok", "nama_cari", "kode")
    nama_qs = qs.filter(cocok).annotate(
        peringkat=Case(When(awal, then=Value(0)), When(kata, then=Value(1)), default=Value(3),
                       output_field=IntegerField()),
        kelompok=Value("", CharField()))
    if bawah == kosong:
        return nama_qs.order_by(*urutan)
    # The children of matching regions, as a second index-driven branch (an OR inside one
    # WHERE would defeat the indexes on both databases).
    anak_qs = qs.filter(bawah).exclude(cocok).annotate(
        peringkat=Value(2, IntegerField()), kelompok=F("induk_id"))
    return nama_qs.order_by().union(anak_qs.order_by(), all=True).order_by(*urutan)


def wilayah_cari(q: str, *, tingkat: int | Iterable[int] | None = None, dalam: str | None = None,
                 limit: int = 20) -> list[Wilayah]:
    """Find active regions by name or code, best first, each labelled with its parents
    (``.label``, ``.label_induk``). ``tingkat`` keeps one level (or several); ``dalam`` keeps a
    subtree ("76.02"). Three queries at most."""
    return pasang_label(wilayah_cari_qs(q, tingkat=tingkat, dalam=dalam)[:limit])
