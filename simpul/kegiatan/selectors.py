"""Reads of the activity log. Activities marked public of public KIMs are for everyone; the
rest (and the internal list) for the KIM's members and the region offices above it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from simpul.core import scope
from simpul.core.kode import subtree_q
from simpul.core.peran import Aksi
from simpul.kim.models import Kim, StatusKim
from simpul.wilayah.models import Tingkat, Wilayah

from .models import JenisKegiatan, Kegiatan

# Length of a region code at each level ("76", "76.02", "76.02.02", "76.02.02.2003").
PANJANG_KODE = {Tingkat.PROVINSI: 2, Tingkat.KABKOTA: 5, Tingkat.KECAMATAN: 8, Tingkat.DESA: 13}


def jumlah_kegiatan_per_kim(since: date, until: date) -> dict[int, int]:
    """{kim_id: number of activities dated since <= tanggal <= until}, one grouped query
    (KIMs without activities are absent). Used by the assessment's activity indicator."""
    return dict(Kegiatan.objects.filter(tanggal__gte=since, tanggal__lte=until).order_by()
                .values("kim_id").annotate(n=Count("id")).values_list("kim_id", "n"))


def kegiatan_terbaru_publik(kim: Kim, *, batas: int = 5) -> list[Kegiatan]:
    """The latest public activities of a public KIM (for its profile), first photo included."""
    if kim.status not in (StatusKim.AKTIF, StatusKim.DIBEKUKAN):
        return []
    rows = list(Kegiatan.objects.filter(kim=kim, publik=True).order_by("-tanggal", "-id")[:batas])
    _foto_pertama(rows)
    return rows


def _foto_pertama(rows: list[Kegiatan]) -> None:
    from .models import FotoKegiatan

    pertama: dict[int, FotoKegiatan] = {}
    for f in FotoKegiatan.objects.filter(kegiatan__in=[k.pk for k in rows]).order_by("kegiatan_id", "id"):
        pertama.setdefault(f.kegiatan_id, f)
    for k in rows:
        k.foto_pertama = pertama.get(k.pk)


def boleh_lihat_internal(user, kim: Kim) -> bool:
    return scope.boleh(user, Aksi.KIM_INTERNAL, wilayah_kode=kim.desa_id, kim_id=kim.pk)


def boleh_catat(user, kim: Kim) -> bool:
    return scope.boleh(user, Aksi.KEGIATAN_CATAT, kim_id=kim.pk)


def kegiatan_kim(kim: Kim, *, internal: bool, tahun: int | None = None, bulan: int | None = None) -> QuerySet[Kegiatan]:
    qs = Kegiatan.objects.filter(kim=kim)
    if not internal:
        qs = qs.filter(publik=True)
    if tahun:
        qs = qs.filter(tanggal__year=tahun)
    if bulan:
        qs = qs.filter(tanggal__month=bulan)
    return qs.annotate(n_foto=Count("foto")).order_by("-tanggal", "-id")


def kegiatan_get(*, pk: int, user) -> Kegiatan:
    """One activity: public ones of public KIMs for anyone, the others for those who may see the
    KIM's internal data. ``Kegiatan.DoesNotExist`` otherwise."""
    k = Kegiatan.objects.select_related("kim__desa", "dicatat_oleh").prefetch_related("foto", "peserta").get(pk=pk)
    if k.publik and k.kim.status in (StatusKim.AKTIF, StatusKim.DIBEKUKAN):
        return k
    if boleh_lihat_internal(user, k.kim):
        return k
    raise Kegiatan.DoesNotExist


@dataclass
class LaporanBulanan:
    kim: Kim
    tahun: int
    bulan: int
    kegiatan: list[Kegiatan]
    per_jenis: list[tuple[str, int]]
    total_peserta: int


def laporan_bulanan(kim: Kim, tahun: int, bulan: int) -> LaporanBulanan:
    rows = list(Kegiatan.objects.filter(kim=kim, tanggal__year=tahun, tanggal__month=bulan)
                .prefetch_related("foto", "peserta").order_by("tanggal", "id"))
    per = defaultdict(int)
    for k in rows:
        per[k.jenis] += 1
    label = dict(JenisKegiatan.choices)
    return LaporanBulanan(kim=kim, tahun=tahun, bulan=bulan, kegiatan=rows,
                          per_jenis=[(str(label[j]), n) for j, n in sorted(per.items(), key=lambda x: -x[1])],
                          total_peserta=sum(k.jumlah_peserta for k in rows))


@dataclass
class BarisRekap:
    wilayah: Wilayah
    kim_aktif: int
    kim_berkegiatan: int
    kegiatan: int
    peserta: int


def rekap_wilayah(kode: str, since: date, until: date) -> list[BarisRekap]:
    """Per child region of ``kode``: active KIMs, KIMs with at least one activity, activities
    and participants in the period. Two grouped queries (grouping by code prefix)."""
    if not kode:  # national: one row per province
        anak = list(Wilayah.objects.filter(tingkat=Tingkat.PROVINSI, aktif=True).order_by("nama"))
        panjang, saring_kim, saring_keg = 2, Q(), Q()
    else:
        induk = Wilayah.objects.get(kode=kode)
        if induk.tingkat >= Tingkat.DESA:
            anak, panjang = [induk], PANJANG_KODE[Tingkat.DESA]
        else:
            anak = list(Wilayah.objects.filter(induk_id=kode, aktif=True).order_by("nama"))
            panjang = PANJANG_KODE[Tingkat(induk.tingkat + 1)]
        saring_kim, saring_keg = subtree_q("desa__kode", kode), subtree_q("kim__desa__kode", kode)
    kim_per = dict(Kim.objects.filter(saring_kim, status=StatusKim.AKTIF)
                   .annotate(k=Substr("desa_id", 1, panjang)).order_by().values("k").annotate(n=Count("id"))
                   .values_list("k", "n"))
    keg = {r["k"]: r for r in Kegiatan.objects.filter(saring_keg, tanggal__gte=since,
                                                          tanggal__lte=until)
           .annotate(k=Substr("kim__desa_id", 1, panjang)).order_by().values("k")
           .annotate(n=Count("id"), kim=Count("kim_id", distinct=True), peserta=Sum("jumlah_peserta"))}
    return [BarisRekap(wilayah=w, kim_aktif=kim_per.get(w.kode, 0), kim_berkegiatan=(keg.get(w.kode) or {}).get("kim", 0),
                       kegiatan=(keg.get(w.kode) or {}).get("n", 0), peserta=(keg.get(w.kode) or {}).get("peserta") or 0)
            for w in anak]


def boleh_rekap(user, kode: str) -> bool:
    return scope.boleh(user, Aksi.LIHAT, wilayah_kode=kode)


def q_wilayah_user(user) -> Q | None:
    ling = scope.lingkup(user, Aksi.LIHAT)
    return None if ling.semua else ling.q(wilayah_field="kim__desa__kode")
