"""Reads of the cash book: entries with their running balance, summaries, mandiri status.

The running balance is computed by the database with a window function over the KIM's valid
(not voided) entries in booking order (date, then id): a correction or a void changes every later
balance at once, nothing stored can go stale.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from simpul.core import scope
from simpul.core.kode import subtree_q
from simpul.core.peran import Aksi
from simpul.kim.models import Kim, SumberDana

from .models import AturanMandiri, JenisTransaksi, StatusMandiri, Transaksi, TransaksiEvent

_BERTANDA = Case(When(jenis=JenisTransaksi.MASUK, then=F("jumlah")), default=-F("jumlah"),
                 output_field=IntegerField())


# --- books --------------------------------------------------------------------------------------

def kim_buku_list(*, user) -> QuerySet[Kim]:
    """KIMs whose books ``user`` may read, by name: the ids and the order of the list (count and
    page from the KIM table alone); a page's rows come from :func:`kim_buku_baris`."""
    return scope.for_user(Kim.objects.exclude(status="ditolak"), user, Aksi.KIM_INTERNAL).order_by("nama", "id")


def kim_buku_baris(ids) -> QuerySet[Kim]:
    """The KIMs ``ids`` (a subquery: one page of :func:`kim_buku_list`) by name, with their desa,
    mandiri status and ``saldo`` (balance of the valid entries). One statement: the page's 30 ids
    are chosen first (a top-N of the KIMs in reach, no join), and only those 30 rows are joined
    and have their books summed, each from the ``transaksi_kim_tanggal`` index range of its KIM.
    (It was one join of every KIM in reach with every entry, grouped, then sorted: 480 ms
    nationally before the first row.)"""
    saldo = (Transaksi.objects.filter(kim=OuterRef("pk"), batal=False).order_by().values("kim")
             .annotate(s=Sum(_BERTANDA)).values("s"))
    return (Kim.objects.filter(pk__in=ids).select_related("desa", "status_mandiri")
            .annotate(saldo=Coalesce(Subquery(saldo, output_field=BigIntegerField()), Value(0),
                                     output_field=BigIntegerField()))
            .order_by("nama", "id"))


BATAS_HALAMAN = 100  # pages the finance overview counts at most (3,000 KIMs of 30): "of more than 100"


_BERTANDA_BERLAKU = Case(When(batal=True, then=Value(0)), When(jenis=JenisTransaksi.MASUK, then=F("jumlah")),
                         default=-F("jumlah"), output_field=IntegerField())


def transaksi_buku(kim: Kim, *, tahun: int | None = None, bulan: int | None = None) -> tuple[QuerySet, int]:
    """The book of a KIM for a period (all time, a year or a month): the entries newest first,
    each annotated ``saldo_periode`` (the running total of the period's valid entries up to and
    including it, in booking order), and the opening balance to add to it. Voided entries stay
    in the list (they add nothing). One query for the opening balance; the list is one query,
    paginated by the caller (the window is computed before LIMIT)."""
    qs = Transaksi.objects.filter(kim=kim)
    saldo_awal = 0
    if tahun:
        awal, akhir = _rentang(tahun, bulan)
        qs = qs.filter(tanggal__range=(awal, akhir))
        saldo_awal = saldo(kim, sampai=awal - timedelta(days=1))
    qs = qs.annotate(saldo_periode=Window(Sum(_BERTANDA_BERLAKU), order_by=[F("tanggal").asc(), F("id").asc()]))
    return qs.select_related("dicatat_oleh").order_by("-tanggal", "-id"), saldo_awal


def dengan_saldo(baris, saldo_awal: int) -> list[Transaksi]:
    """Set ``saldo`` (balance after the entry; None for a voided one) on a page of entries."""
    hasil = list(baris)
    for t in hasil:
        t.saldo = None if t.batal else saldo_awal + t.saldo_periode
    return hasil


def _rentang(tahun: int, bulan: int | None) -> tuple[date, date]:
    if bulan:
        return date(tahun, bulan, 1), date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])
    return date(tahun, 1, 1), date(tahun, 12, 31)


def saldo(kim: Kim, *, sampai: date | None = None) -> int:
    qs = Transaksi.objects.filter(kim=kim, batal=False)
    if sampai:
        qs = qs.filter(tanggal__lte=sampai)
    return qs.aggregate(s=Coalesce(Sum(_BERTANDA), Value(0)))["s"]


@dataclass
class Ringkasan:
    """Income, expenses and balance of one period (a month or a year)."""

    tahun: int
    bulan: int | None = None
    saldo_awal: int = 0
    masuk: int = 0
    keluar: int = 0
    per_sumber: dict[str, int] = field(default_factory=dict)
    jumlah_transaksi: int = 0

    @property
    def selisih(self) -> int:
        return self.masuk - self.keluar

    @property
    def saldo_akhir(self) -> int:
        return self.saldo_awal + self.selisih

    @property
    def sumber_label(self) -> list[tuple[str, int]]:
        return [(SumberDana(k).label, v) for k, v in self.per_sumber.items() if v]


def _agregat() -> dict:
    hasil = {
        "masuk": Coalesce(Sum("jumlah", filter=Q(jenis=JenisTransaksi.MASUK)), Value(0)),
        "keluar": Coalesce(Sum("jumlah", filter=Q(jenis=JenisTransaksi.KELUAR)), Value(0)),
        "n": Count("pk"),
    }
    for s in SumberDana.values:
        hasil[f"s_{s}"] = Coalesce(Sum("jumlah", filter=Q(jenis=JenisTransaksi.MASUK, sumber=s)), Value(0))
    return hasil


def _isi(r: Ringkasan, row: dict) -> Ringkasan:
    r.masuk, r.keluar, r.jumlah_transaksi = row["masuk"], row["keluar"], row["n"]
    r.per_sumber = {s: row[f"s_{s}"] for s in SumberDana.values}
    return r


def ringkasan_bulanan(kim: Kim, tahun: int) -> list[Ringkasan]:
    """Twelve monthly summaries of ``tahun`` (months without entries included), each with its
    opening and closing balance. Two queries."""
    awal = saldo(kim, sampai=date(tahun - 1, 12, 31))
    rows = {r["b"]: r for r in Transaksi.objects.filter(kim=kim, batal=False, tanggal__year=tahun)
            .annotate(b=ExtractMonth("tanggal")).values("b").annotate(**_agregat()).order_by()}
    hasil = []
    for b in range(1, 13):
        r = Ringkasan(tahun=tahun, bulan=b, saldo_awal=awal)
        if b in rows:
            _isi(r, rows[b])
        hasil.append(r)
        awal = r.saldo_akhir
    return hasil


def ringkasan_tahunan(kim: Kim) -> list[Ringkasan]:
    """One summary per year with entries, oldest first, balances carried over. One query."""
    rows = (Transaksi.objects.filter(kim=kim, batal=False).annotate(t=ExtractYear("tanggal"))
            .values("t").annotate(**_agregat()).order_by("t"))
    hasil, awal = [], 0
    for row in rows:
        r = _isi(Ringkasan(tahun=row["t"], saldo_awal=awal), row)
        hasil.append(r)
        awal = r.saldo_akhir
    return hasil


def tahun_tersedia(kim: Kim) -> list[int]:
    tahun = set(Transaksi.objects.filter(kim=kim).annotate(t=ExtractYear("tanggal"))
                .values_list("t", flat=True).distinct().order_by())
    tahun.add(timezone.localdate().year)
    return sorted(tahun, reverse=True)


def riwayat_transaksi(transaksi: Transaksi) -> QuerySet[TransaksiEvent]:
    return transaksi.riwayat.select_related("aktor").order_by("-waktu", "-id")


def ekspor_baris(kim: Kim, *, tahun: int | None = None):
    """Rows for the CSV/Excel export (oldest first, with the running balance; voided entries
    listed with their reason and no balance)."""
    qs, saldo_awal = transaksi_buku(kim, tahun=tahun)
    for t in qs.order_by("tanggal", "id").iterator(chunk_size=500):
        yield [t.tanggal.isoformat(), t.get_jenis_display(), t.get_sumber_display() if t.sumber else "",
               t.uraian, t.jumlah if t.jenis == JenisTransaksi.MASUK else "",
               t.jumlah if t.jenis == JenisTransaksi.KELUAR else "",
               "" if t.batal else saldo_awal + t.saldo_periode, t.versi, t.alasan_batal if t.batal else ""]


# --- mandiri ------------------------------------------------------------------------------------

def mundur_bulan(d: date, bulan: int) -> date:
    """``d`` minus ``bulan`` months, the day clamped to the month's length."""
    m = d.year * 12 + d.month - 1 - bulan
    t, b = divmod(m, 12)
    b += 1
    return date(t, b, min(d.day, calendar.monthrange(t, b)[1]))


def periode_aturan(aturan: AturanMandiri, hari_ini: date) -> tuple[date, date]:
    """The period a rule looks at: the last ``aturan.bulan`` months up to ``hari_ini`` inclusive
    (12 months to 23 Nov 2026: 24 Nov 2025 .. 23 Nov 2026)."""
    return mundur_bulan(hari_ini, aturan.bulan) + timedelta(days=1), hari_ini


def aturan_nasional() -> AturanMandiri:
    return AturanMandiri.objects.filter(wilayah__isnull=True).first() or AturanMandiri(
        sumber_pemerintah=[])


def aturan_untuk(kode_desa: str) -> AturanMandiri:
    """The rule applying to a KIM in ``kode_desa``: the most specific region's, else national."""
    kandidat = [k for k in (kode_desa[:n] for n in (2, 5, 8, 13)) if k]
    terpilih = (AturanMandiri.objects.filter(wilayah_id__in=kandidat).order_by("-wilayah_id").first())
    return terpilih or aturan_nasional()


def kelompok_aturan() -> list[tuple[AturanMandiri, Q]]:
    """Every rule with the ``Q`` (on ``Kim``) of the KIMs it governs: its subtree minus the
    subtrees of more specific rules. A handful of rules, never a per-KIM loop."""
    regional = list(AturanMandiri.objects.filter(wilayah__isnull=False).order_by("wilayah_id"))
    hasil = []
    for r in regional:
        q = subtree_q("desa__kode", r.wilayah_id)
        for lain in regional:
            if lain is not r and lain.wilayah_id.startswith(r.wilayah_id + "."):
                q &= ~subtree_q("desa__kode", lain.wilayah_id)
        hasil.append((r, q))
    q_nasional = Q()
    for r in regional:
        q_nasional &= ~subtree_q("desa__kode", r.wilayah_id)
    hasil.insert(0, (aturan_nasional(), q_nasional))
    return hasil


def status_mandiri(kim: Kim) -> StatusMandiri | None:
    return StatusMandiri.objects.filter(kim=kim).first()


def kim_mandiri_efektif(kim: Kim) -> bool:
    """What the coverage figures count for this KIM (the derived status, or the declared flag for
    a KIM never judged from books)."""
    s = status_mandiri(kim)
    return s.mandiri if s is not None else kim.mandiri
