"""Coverage reads: how far each region is from its targets.

Everything here is set-based. The figures of a region's children come from two grouped queries
(one over the region table, one over KIMs), grouping by the child's code prefix
(``Substr(desa_id, 1, len)``), whatever the number of desa below: no per-desa Python loop. See
``bench/cakupan.py`` for the timings at national scale (83,762 desa, 100,000 KIMs).

Definitions (kept here, in one place each, so they can be swapped):

- a desa/kelurahan is *covered* when it has at least one KIM with status ``aktif``
  (:func:`q_kim_mencakup`);
- a KIM is *mandiri* when its books say so (:func:`q_kim_mandiri`: ``keuangan.StatusMandiri``,
  derived from the cash book by a configurable rule), or, for a KIM that keeps no books in
  Simpul, when its declared funding has no APBD or dana desa (``Kim.mandiri``);
- only active regions count (a region dropped by a new decree is inactive, never deleted).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core import scope
from simpul.core.errors import NotFound
from simpul.core.kode import leluhur, subtree_q
from simpul.core.peran import Aksi
from simpul.kim.models import Kim, StatusKim
from simpul.wilayah.models import PANJANG_KODE, Tingkat, Wilayah, nama_lengkap

from .models import JenisTarget, Target, TargetEvent

PANJANG_KECAMATAN = PANJANG_KODE[Tingkat.KECAMATAN]
_KOLOM_WILAYAH = ("kode", "nama", "jenis", "tingkat", "induk_id", "lat", "lng", "aktif")


# --- definitions --------------------------------------------------------------------------------

def q_kim_mencakup(prefix: str = "") -> Q:
    """KIMs that make their desa count as covered."""
    return Q(**{f"{prefix}status": StatusKim.AKTIF})


def q_kim_mandiri(prefix: str = "") -> Q:
    """KIMs that are mandiri (not financed by APBD or dana desa). The one place that says so.

    Derived from the KIM's books (``keuangan.StatusMandiri``, maintained when the books change and
    recomputed nightly by the rule of ``keuangan.AturanMandiri``); a KIM never judged from books
    (no row) keeps its declared flag (``Kim.mandiri``). One LEFT JOIN on the KIM's primary key."""
    return Q(**{f"{prefix}status_mandiri__mandiri": True}) | Q(
        **{f"{prefix}status_mandiri__isnull": True, f"{prefix}mandiri": True})


def tingkat_dari_kode(kode: str) -> int | None:
    """The level of a well-formed code (``76.02`` -> 2), or None."""
    for tingkat, panjang in PANJANG_KODE.items():
        if len(kode) == panjang:
            return int(tingkat)
    return None


# --- figures ------------------------------------------------------------------------------------

@dataclass
class Angka:
    """The coverage figures of one region (or of the whole country)."""

    desa: int = 0  # active desa/kelurahan
    desa_tercakup: int = 0  # of which with >= 1 active KIM
    kecamatan: int = 0  # active kecamatan
    kecamatan_mandiri: int = 0  # of which with >= 1 active KIM mandiri
    kim_aktif: int = 0
    kim_mandiri: int = 0  # active KIMs that are mandiri

    def tambah(self, lain: Angka) -> None:
        self.desa += lain.desa
        self.desa_tercakup += lain.desa_tercakup
        self.kecamatan += lain.kecamatan
        self.kecamatan_mandiri += lain.kecamatan_mandiri
        self.kim_aktif += lain.kim_aktif
        self.kim_mandiri += lain.kim_mandiri

    @property
    def desa_belum(self) -> int:
        return self.desa - self.desa_tercakup

    @property
    def kecamatan_belum(self) -> int:
        return self.kecamatan - self.kecamatan_mandiri

    @property
    def rasio_desa(self) -> float | None:
        return self.desa_tercakup / self.desa if self.desa else None

    @property
    def rasio_mandiri(self) -> float | None:
        return self.kecamatan_mandiri / self.kecamatan if self.kecamatan else None

    @property
    def persen_desa(self) -> float | None:
        r = self.rasio_desa
        return None if r is None else _persen(r)

    @property
    def persen_mandiri(self) -> float | None:
        r = self.rasio_mandiri
        return None if r is None else _persen(r)


def _persen(rasio: float) -> float:
    """One decimal, never rounding up to 100 (or down to 0) when not all (or some) are covered."""
    p = round(rasio * 100, 1)
    if p == 100 and rasio < 1:
        return 99.9
    if p == 0 and rasio > 0:
        return 0.1
    return p


def _wilayah_per_kelompok(kode: str | None, panjang: int | None, *, termasuk_diri: bool):
    qs = Wilayah.objects.filter(
        subtree_q("kode", kode, termasuk_diri=termasuk_diri),
        aktif=True, tingkat__in=[Tingkat.KECAMATAN, Tingkat.DESA],
    ).order_by()
    hitung = {
        "desa": Count("pk", filter=Q(tingkat=Tingkat.DESA)),
        "kecamatan": Count("pk", filter=Q(tingkat=Tingkat.KECAMATAN)),
    }
    if panjang is None:
        return {None: qs.aggregate(**hitung)}
    rows = qs.annotate(k=Substr("kode", 1, panjang)).values("k").annotate(**hitung)
    return {r.pop("k"): r for r in rows}


def kim_aktif_per_desa(kode: str | None = None) -> QuerySet:
    """Active KIMs per active desa under ``kode``: ``desa_id``, ``n`` (active KIMs), ``m`` (of
    which mandiri). The one query combining the definitions above; every KIM figure is built
    from it. A KIM whose desa a new decree dropped counts again once moved to its new desa."""
    desa_nonaktif = Wilayah.objects.filter(tingkat=Tingkat.DESA, aktif=False).values("kode")
    return (
        Kim.objects.filter(q_kim_mencakup(), subtree_q("desa__kode", kode, termasuk_diri=False))
        .exclude(desa__in=desa_nonaktif)
        .values("desa_id")
        .annotate(n=Count("pk"), m=Count("pk", filter=q_kim_mandiri()))
        .order_by()
    )


# KIM figures per group in two hash-aggregation steps over the per-desa counts: per kecamatan (or
# per desa, for groups finer than a kecamatan), then per group. Avoids COUNT(DISTINCT ...), which
# sorts every active KIM, and any join to the region table: about 2x faster than the
# straightforward SQL at national scale (bench/cakupan.py).
_SQL_KIM_PER_KELOMPOK = """
SELECT SUBSTR(x.k, 1, %s), SUM(x.t), SUM(CASE WHEN x.m > 0 THEN 1 ELSE 0 END), SUM(x.n), SUM(x.m)
FROM (
    SELECT SUBSTR(p.desa_id, 1, %s) AS k, COUNT(*) AS t, SUM(p.n) AS n, SUM(p.m) AS m
    FROM ({per_desa}) p
    GROUP BY 1
) x
GROUP BY 1
"""


def _kim_per_kelompok(kode: str | None, panjang: int) -> dict[str, dict[str, int]]:
    """{group code: KIM figures} for the subtree of ``kode``, grouped by ``panjang`` characters
    (0: a single group ``""``)."""
    per_desa, params = kim_aktif_per_desa(kode).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_SQL_KIM_PER_KELOMPOK.format(per_desa=per_desa),
                       [panjang, max(panjang, PANJANG_KECAMATAN), *params])
        return {
            k: {"desa_tercakup": int(t), "kecamatan_mandiri": int(km), "kim_aktif": int(n),
                "kim_mandiri": int(m)}
            for k, t, km, n, m in cursor.fetchall()
        }


def angka_per_kelompok(kode: str | None, panjang: int) -> dict[str, Angka]:
    """Figures of the subtree of ``kode`` (None: the whole country) grouped by the first
    ``panjang`` characters of the codes (2: per province, 5: per kab/kota, 8: per kecamatan,
    13: per desa). Two grouped queries."""
    hasil: dict[str, Angka] = {}
    for k, d in _wilayah_per_kelompok(kode, panjang, termasuk_diri=False).items():
        hasil[k] = Angka(desa=d["desa"], kecamatan=d["kecamatan"])
    for k, d in _kim_per_kelompok(kode, panjang).items():
        hasil.setdefault(k, Angka()).tambah(Angka(**d))
    return hasil


def angka_wilayah(kode: str | None) -> Angka:
    """Figures of one region's whole subtree, itself included (a kecamatan counts itself)."""
    w = _wilayah_per_kelompok(kode, None, termasuk_diri=True)[None]
    k = _kim_per_kelompok(kode, len(kode or "")).get(kode or "", {})
    return Angka(desa=w["desa"], kecamatan=w["kecamatan"], **k)


def rollup(angka: dict[str, Angka], panjang: int) -> dict[str, Angka]:
    """Sum finer groups (e.g. per kab/kota) into coarser ones (e.g. per province). Exact only
    for groups at kecamatan level or above (a kecamatan lies within one group)."""
    hasil: dict[str, Angka] = {}
    for k, a in angka.items():
        hasil.setdefault(k[:panjang], Angka()).tambah(a)
    return hasil


def jumlah(angka: Iterable[Angka]) -> Angka:
    total = Angka()
    for a in angka:
        total.tambah(a)
    return total


# --- pages --------------------------------------------------------------------------------------

@dataclass
class Baris:
    """A region with its figures: a row of the children table (a ``Wilayah``), or a point of the
    map (a ``TitikWilayah``)."""

    wilayah: Wilayah | TitikWilayah
    angka: Angka
    peringkat: int = 0

    @property
    def kode(self) -> str:
        return self.wilayah.kode


@dataclass
class TargetBerlaku:
    """A target that applies to a region (set on it or on an ancestor), with where it stands."""

    target: Target
    sendiri: bool  # set on this region itself (else inherited from an ancestor or national)
    sisa_hari: int  # days to the deadline; negative once it has passed
    total: int  # desa (or kecamatan) that must be covered
    tercapai: int
    kekurangan: int  # desa still without an active KIM / kecamatan still without a KIM mandiri

    @property
    def lewat_hari(self) -> int:
        return -self.sisa_hari

    @property
    def selesai(self) -> bool:
        return self.kekurangan == 0


@dataclass
class Cakupan:
    wilayah: Wilayah | None  # None: national
    jalur: list[Wilayah]  # ancestors, top first (without the region itself)
    angka: Angka
    anak: list[Baris]  # ranked: furthest behind first
    tingkat_anak: int | None
    target: list[TargetBerlaku] = field(default_factory=list)
    peta: list[Baris] | None = None
    tingkat_peta: int | None = None

    @property
    def kode(self) -> str | None:
        return self.wilayah.kode if self.wilayah else None

    @property
    def tingkat(self) -> int:
        return self.wilayah.tingkat if self.wilayah else 0


def wilayah_dan_leluhur(kode: str) -> tuple[Wilayah, list[Wilayah]]:
    """The active region ``kode`` and its ancestors (top first), in one query. NotFound if the
    code is unknown or inactive."""
    if tingkat_dari_kode(kode) is None:
        raise NotFound(_("Wilayah tidak ditemukan."))
    kodes = leluhur(kode, termasuk_diri=True)
    rows = {w.kode: w for w in Wilayah.objects.filter(kode__in=kodes).only(*_KOLOM_WILAYAH)}
    wilayah = rows.get(kode)
    if wilayah is None or not wilayah.aktif:
        raise NotFound(_("Wilayah tidak ditemukan."))
    return wilayah, [rows[k] for k in kodes[:-1] if k in rows]


def _tingkat_qs(kode: str | None, tingkat: int):
    """The active regions of ``tingkat`` under ``kode`` (None: the country), by code."""
    qs = Wilayah.objects.filter(tingkat=tingkat, aktif=True).order_by("kode")
    return qs if kode is None else qs.filter(kode__startswith=kode + ".")


def _wilayah_tingkat(kode: str | None, tingkat: int) -> list[Wilayah]:
    return list(_tingkat_qs(kode, tingkat).only(*_KOLOM_WILAYAH))


@dataclass(frozen=True, slots=True)
class TitikWilayah:
    """A region as a map point needs it (code, name, level, coordinates): read as plain rows, no
    model instance, since a kab/kota map has hundreds of desa and the national one 514 kab/kota."""

    kode: str
    nama: str
    jenis: str
    lat: float | None
    lng: float | None

    @property
    def nama_lengkap(self) -> str:
        return nama_lengkap(self.jenis, self.nama)


def _titik_tingkat(kode: str | None, tingkat: int) -> list[TitikWilayah]:
    """The active regions of ``tingkat`` under ``kode`` as map points, by code."""
    return [TitikWilayah(*r) for r in _tingkat_qs(kode, tingkat).values_list("kode", "nama", "jenis", "lat", "lng")]


def _kunci_peringkat(b: Baris):
    a = b.angka
    return (a.rasio_desa is None, a.rasio_desa or 0, a.rasio_mandiri or 0, -a.desa_belum, b.wilayah.nama)


def peringkat(baris: list[Baris]) -> list[Baris]:
    """Furthest behind first: lowest share of desa covered, then of kecamatan with a KIM
    mandiri, then most desa still to cover."""
    hasil = sorted(baris, key=_kunci_peringkat)
    for i, b in enumerate(hasil, start=1):
        b.peringkat = i
    return hasil


def _baris(wilayah: list[Wilayah], angka: dict[str, Angka]) -> list[Baris]:
    return [Baris(w, angka.get(w.kode) or Angka()) for w in wilayah]


def cakupan_wilayah(kode: str | None, *, peta: bool = False, hari_ini: date | None = None) -> Cakupan:
    """Everything the coverage page (or API) of a region shows. ``kode`` None is national.

    With ``peta``, also the map points: kab/kota aggregates for the national page, kecamatan
    aggregates for a province, desa for a kab/kota or a kecamatan. Where the map's groups are
    kab/kota or kecamatan, the children's figures are summed from them (no second pair of
    grouped queries). Raises NotFound for an unknown or inactive code.
    """
    if kode is None:
        wilayah, jalur, tingkat = None, [], 0
    else:
        wilayah, jalur = wilayah_dan_leluhur(kode)
        tingkat = wilayah.tingkat
    tingkat_anak = tingkat + 1 if tingkat < Tingkat.DESA else None
    tingkat_peta = min(tingkat + 2, Tingkat.DESA) if peta and tingkat < Tingkat.DESA else None

    anak_wilayah = _wilayah_tingkat(kode, tingkat_anak) if tingkat_anak else []
    baris_peta: list[Baris] | None = None
    if tingkat_anak is None:
        angka_anak: dict[str, Angka] = {}
    elif tingkat_peta is not None and tingkat_peta != tingkat_anak and tingkat_peta <= Tingkat.KECAMATAN:
        angka_peta = angka_per_kelompok(kode, PANJANG_KODE[tingkat_peta])
        baris_peta = _baris(_titik_tingkat(kode, tingkat_peta), angka_peta)
        angka_anak = rollup(angka_peta, PANJANG_KODE[tingkat_anak])
    else:
        angka_anak = angka_per_kelompok(kode, PANJANG_KODE[tingkat_anak])
    anak = _baris(anak_wilayah, angka_anak)
    if tingkat_peta is not None and baris_peta is None:
        if tingkat_peta == tingkat_anak:
            baris_peta = anak
        else:
            baris_peta = _baris(_titik_tingkat(kode, tingkat_peta),
                                angka_per_kelompok(kode, PANJANG_KODE[tingkat_peta]))

    # Summing the children is exact down to kab/kota (each kecamatan lies within one child).
    angka = jumlah(angka_anak.values()) if tingkat <= Tingkat.KABKOTA else angka_wilayah(kode)

    return Cakupan(
        wilayah=wilayah, jalur=jalur, angka=angka, anak=peringkat(anak), tingkat_anak=tingkat_anak,
        target=target_berlaku(wilayah, angka, hari_ini=hari_ini), peta=baris_peta,
        tingkat_peta=tingkat_peta,
    )


# --- targets ------------------------------------------------------------------------------------

def target_berlaku(wilayah: Wilayah | None, angka: Angka, *, hari_ini: date | None = None
                   ) -> list[TargetBerlaku]:
    """The active targets that apply to ``wilayah``: its own and its ancestors' (and the
    national one); for each kind, the nearest wins. One query."""
    hari_ini = hari_ini or timezone.localdate()
    kodes = [*wilayah.kode_leluhur(), wilayah.kode] if wilayah else []
    qs = Target.objects.filter(aktif=True).filter(Q(wilayah__isnull=True) | Q(wilayah_id__in=kodes))
    if wilayah is not None and wilayah.tingkat == Tingkat.DESA:
        qs = qs.exclude(jenis=JenisTarget.MANDIRI_PER_KECAMATAN)  # a desa has no kecamatan below
    terdekat: dict[str, Target] = {}
    for t in qs.select_related("wilayah"):
        lama = terdekat.get(t.jenis)
        if lama is None or len(t.wilayah_id or "") > len(lama.wilayah_id or ""):
            terdekat[t.jenis] = t
    hasil = []
    for jenis in JenisTarget.values:
        t = terdekat.get(jenis)
        if t is None:
            continue
        if jenis == JenisTarget.KIM_PER_DESA:
            total, tercapai = angka.desa, angka.desa_tercakup
        else:
            total, tercapai = angka.kecamatan, angka.kecamatan_mandiri
        hasil.append(TargetBerlaku(
            target=t, sendiri=wilayah is not None and t.wilayah_id == wilayah.kode,
            sisa_hari=(t.tenggat - hari_ini).days, total=total, tercapai=tercapai,
            kekurangan=total - tercapai,
        ))
    return hasil


def target_list_for_user(user, *, riwayat: bool = False) -> QuerySet[Target]:
    """Targets the user manages (their ``TARGET_KELOLA`` subtree), active ones only unless
    ``riwayat``, nearest deadline first."""
    qs = scope.for_user(Target.objects.all(), user, Aksi.TARGET_KELOLA)
    if not riwayat:
        qs = qs.filter(aktif=True)
    return qs.select_related("wilayah", "dibuat_oleh").order_by("-aktif", "tenggat", "wilayah_id", "jenis")


def target_get_for_user(user, pk) -> Target:
    """A target in the user's reach, or NotFound (the views answer 404)."""
    qs = scope.for_user(Target.objects.select_related("wilayah", "dibuat_oleh"), user, Aksi.TARGET_KELOLA)
    try:
        return qs.get(pk=pk)
    except (Target.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Target tidak ditemukan.")) from None


def target_riwayat(target: Target) -> list[TargetEvent]:
    """The audit trail of a target's region and kind: every act on this and earlier targets."""
    return list(
        TargetEvent.objects.filter(target__wilayah_id=target.wilayah_id, target__jenis=target.jenis)
        .select_related("aktor", "target").order_by("-waktu", "-id")[:100]
    )


def boleh_kelola_target(user) -> bool:
    return not scope.lingkup(user, Aksi.TARGET_KELOLA).kosong


# --- desa without an active KIM -----------------------------------------------------------------

def desa_tanpa_kim(kode: str | None) -> QuerySet[Wilayah]:
    """Active desa/kelurahan under ``kode`` (None: all) without an active KIM, by code."""
    ada_kim = Kim.objects.filter(q_kim_mencakup(), desa_id=OuterRef("pk"))
    return (
        Wilayah.objects.filter(subtree_q("kode", kode, termasuk_diri=True), tingkat=Tingkat.DESA, aktif=True)
        .filter(~Exists(ada_kim))
        .order_by("kode")
    )


KOLOM_EKSPOR = ("kode", "desa", "jenis", "kecamatan", "kabupaten_kota", "provinsi")


def desa_tanpa_kim_baris(kode: str | None) -> QuerySet:
    """Tuples with the columns :data:`KOLOM_EKSPOR` (parents' names by join, no extra query
    per row), for the paginated list and, with ``.iterator()``, the streamed exports."""
    return desa_tanpa_kim(kode).values_list(
        "kode", "nama", "jenis", "induk__nama", "induk__induk__nama", "induk__induk__induk__nama",
    )


# --- map ----------------------------------------------------------------------------------------

def titik_peta(kode: str | None) -> tuple[Wilayah | None, int | None, list[Baris]]:
    """(region, level of the points, points) for the interactive map: the same points as the
    page's SVG map (kab/kota for the nation, kecamatan for a province, desa below). Two grouped
    queries and one for the points' coordinates."""
    if kode is None:
        wilayah, tingkat = None, 0
    else:
        wilayah, _jalur = wilayah_dan_leluhur(kode)
        tingkat = wilayah.tingkat
    if tingkat >= Tingkat.DESA:
        return wilayah, None, []
    tingkat_peta = min(tingkat + 2, Tingkat.DESA)
    angka = angka_per_kelompok(kode, PANJANG_KODE[tingkat_peta])
    return wilayah, tingkat_peta, _baris(_titik_tingkat(kode, tingkat_peta), angka)
