"""Reads of the dissemination app. Every figure is aggregated in SQL, scoped by the one engine.

The office's figures come from the per-kecamatan summary rows (``RingkasanWilayah``, kept
current by the services in the same transaction as each act), so a national campaign's
dashboard is one GROUP BY over a few thousand rows whatever the number of deliveries and
reports. Below the kecamatan (its desa, a desa's KIMs) and for a reach narrower than a
kecamatan, the figures come from the deliveries (``Penerimaan``, one per KIM; they carry the desa
code, the number of reports and the summed reach) and the reports table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404

from simpul.core import scope
from simpul.core.kode import di_dalam, leluhur, subtree_q
from simpul.core.peran import Aksi
from simpul.wilayah.models import PANJANG_KODE, Wilayah
from simpul.wilayah.selectors import kode_normal

from .models import (
    PANJANG_KEC,
    Kampanye,
    LaporanJangkauan,
    Penerimaan,
    RingkasanWilayah,
    Saluran,
    StatusKampanye,
)

_ANGKA = ("total", "diakui", "melapor", "laporan", "jangkauan")


# --- office -------------------------------------------------------------------------------------
def kampanye_kantor_list(*, user, status: str = "") -> QuerySet[Kampanye]:
    qs = scope.for_user(Kampanye.objects.all(), user, Aksi.DISEMINASI_KELOLA)
    if status in StatusKampanye.values:
        qs = qs.filter(status=status)
    return qs.order_by("-dibuat", "-id")


def ringkasan_per_kampanye(kampanye_ids: list[int]) -> dict[int, dict]:
    """{campaign id: {"total", "diakui", "melapor", "jangkauan"}} in one GROUP BY over the
    campaigns' summary rows (a few thousand per national campaign, not its deliveries)."""
    rows = (RingkasanWilayah.objects.filter(kampanye_id__in=kampanye_ids).order_by().values("kampanye_id")
            .annotate(total=Sum("total"), diakui=Sum("diakui"), melapor=Sum("melapor"), jangkauan=Sum("jangkauan")))
    return {r["kampanye_id"]: r for r in rows}


def kampanye_kantor_get(*, user, pk: int) -> Kampanye:
    return scope.get_for_user_or_404(Kampanye.objects.select_related("dibuat_oleh"), user,
                                     Aksi.DISEMINASI_KELOLA, pk=pk)


def target_kampanye(kampanye: Kampanye) -> list[Wilayah]:
    return list(Wilayah.objects.filter(kode__in=kampanye.target.values("wilayah_id")).order_by("kode"))


def penerimaan_scoped(kampanye: Kampanye, user) -> QuerySet[Penerimaan]:
    """The campaign's deliveries the user may see as an office."""
    return scope.for_user(Penerimaan.objects.filter(kampanye=kampanye), user, Aksi.DISEMINASI_KELOLA)


def _persen(n: int, total: int) -> float:
    return round(100.0 * n / total, 1) if total else 0.0


@dataclass
class Statistik:
    total: int
    diakui: int
    melapor: int
    jangkauan: int
    laporan: int
    per_saluran: list[dict]

    @property
    def persen_diakui(self) -> float:
        return _persen(self.diakui, self.total)

    @property
    def persen_melapor(self) -> float:
        return _persen(self.melapor, self.total)


def _lingkup_q(user, field: str) -> Q | None:
    return scope.lingkup(user, Aksi.DISEMINASI_KELOLA).q(wilayah_field=field)


def _di_wilayah(qs: QuerySet, kode: str, field: str = "desa_kode") -> QuerySet:
    """Deliveries inside region ``kode``. Inside a kecamatan, by the list of its desa codes (an
    index lookup on (campaign, desa code); the pattern match of ``subtree_q`` cannot use that
    index on PostgreSQL and would read every delivery of a national campaign)."""
    if not kode:
        return qs
    if len(kode) == PANJANG_KEC:
        desa = list(Wilayah.objects.filter(subtree_q("kode", kode, termasuk_diri=False)).values_list("kode", flat=True))
        return qs.filter(**{f"{field}__in": desa})
    return qs.filter(subtree_q(field, kode))


def _ringkasan_qs(kampanye: Kampanye, user, kode: str | None) -> QuerySet[RingkasanWilayah] | None:
    """The campaign's summary rows inside ``kode`` in the user's reach, or None when the summary
    cannot answer exactly (a region below the kecamatan, or a reach narrower than a kecamatan)."""
    if kode and len(kode) > PANJANG_KEC:
        return None
    ling = scope.lingkup(user, Aksi.DISEMINASI_KELOLA)
    if not ling.wilayah_utuh(PANJANG_KEC):
        return None
    qs = RingkasanWilayah.objects.filter(kampanye=kampanye)
    q = ling.q(wilayah_field="kode")
    if q is not None:
        qs = qs.filter(q)
    if kode:
        qs = qs.filter(subtree_q("kode", kode))
    return qs


def _jumlah_ringkasan() -> dict:
    """The SUMs of a summary GROUP BY: the five figures and every channel's reports and people."""
    agg = {k: Sum(k) for k in _ANGKA}
    for s in Saluran:
        agg[f"lap_{s.value}"] = Sum(f"lap_{s.value}")
        agg[f"orang_{s.value}"] = Sum(f"orang_{s.value}")
    return agg


def _per_saluran(jumlah: dict[str, int]) -> list[dict]:
    return [{"kode": s.value, "label": s.label, "laporan": jumlah.get(f"lap_{s.value}") or 0,
             "orang": jumlah.get(f"orang_{s.value}") or 0} for s in Saluran]


def statistik(kampanye: Kampanye, user, *, kode: str | None = None, rincian: list[dict] | None = None) -> Statistik:
    """Headline figures (optionally inside region ``kode``): no query when the drill-down rows of
    the same region are given and carry the channels (the headline is their sum), else one query
    on the summary rows, or two on the raw rows below the kecamatan."""
    per_saluran = None
    if rincian is not None:
        agg = {k: sum(r[k] for r in rincian) for k in _ANGKA}
        if all("saluran" in r for r in rincian):
            per_saluran = _per_saluran({k: sum(r["saluran"].get(k, 0) for r in rincian)
                                        for k in (f"{a}_{s.value}" for s in Saluran for a in ("lap", "orang"))})
    else:
        ringkas = _ringkasan_qs(kampanye, user, kode)
        if ringkas is not None:
            jumlah = ringkas.aggregate(**_jumlah_ringkasan())
            agg, per_saluran = jumlah, _per_saluran(jumlah)
        else:
            qs = _di_wilayah(penerimaan_scoped(kampanye, user), kode or "")
            agg = qs.aggregate(
                total=Count("id"), diakui=Count("id", filter=Q(diakui_pada__isnull=False)),
                melapor=Count("id", filter=Q(jumlah_laporan__gt=0)), jangkauan=Sum("jangkauan"),
                laporan=Sum("jumlah_laporan"),
            )
    if per_saluran is None and rincian is not None:  # below the kecamatan: the kecamatan's row answers
        ringkas = _ringkasan_qs(kampanye, user, kode) if kode and len(kode) == PANJANG_KEC else None
        if ringkas is not None:
            per_saluran = _per_saluran(ringkas.aggregate(**_jumlah_ringkasan()))
    if per_saluran is None:
        lap = LaporanJangkauan.objects.filter(kampanye=kampanye)
        q = _lingkup_q(user, "penerimaan__desa_kode")
        if q is not None:
            lap = lap.filter(q)
        lap = _di_wilayah(lap, kode or "", "penerimaan__desa_kode")
        per = {r["saluran"]: r for r in lap.order_by().values("saluran").annotate(n=Count("id"), orang=Sum("jumlah_orang"))}
        per_saluran = _per_saluran({k: v for s, r in per.items() for k, v in
                                    ((f"lap_{s}", r["n"]), (f"orang_{s}", r["orang"]))})
    return Statistik(total=agg["total"] or 0, diakui=agg["diakui"] or 0, melapor=agg["melapor"] or 0,
                     jangkauan=agg["jangkauan"] or 0, laporan=agg["laporan"] or 0, per_saluran=per_saluran)


def kode_rincian(kampanye: Kampanye, kode: str | None) -> str:
    """The region the drill-down shows: ``kode`` if well-formed and inside the campaign's office
    region, else the office region itself."""
    kode = kode_normal(kode) if kode else None
    induk = kampanye.kantor_kode
    if kode and not di_dalam(kode, induk):
        return induk
    return kode or induk


def rincian_wilayah(kampanye: Kampanye, user, *, kode: str = "") -> list[dict]:
    """One row per child region of ``kode`` ("" = provinces) holding deliveries: totals,
    acknowledged, reported and reach, grouped in SQL on the code prefix. A desa lists its KIMs."""
    tingkat = len(kode.split(".")) if kode else 0
    qs = _di_wilayah(penerimaan_scoped(kampanye, user), kode)
    if tingkat >= 4:
        return [
            {"kode": p.kim.slug, "nama": p.kim.nama, "total": 1, "diakui": int(p.diakui_pada is not None),
             "melapor": int(p.jumlah_laporan > 0), "jangkauan": p.jangkauan, "laporan": p.jumlah_laporan, "kim": True,
             "persen_diakui": 100.0 if p.diakui_pada else 0.0, "persen_melapor": 100.0 if p.jumlah_laporan else 0.0}
            for p in qs.select_related("kim").order_by("kim__nama")
        ]
    panjang = PANJANG_KODE[tingkat + 1]
    ringkas = _ringkasan_qs(kampanye, user, kode) if panjang <= PANJANG_KEC else None
    if ringkas is not None:
        rows = [r for r in ringkas.annotate(k=Substr("kode", 1, panjang)).order_by().values("k")
                .annotate(**_jumlah_ringkasan()) if r["total"]]
    else:
        rows = list(
            qs.annotate(k=Substr("desa_kode", 1, panjang)).order_by().values("k")
            .annotate(total=Count("id"), diakui=Count("id", filter=Q(diakui_pada__isnull=False)),
                      melapor=Count("id", filter=Q(jumlah_laporan__gt=0)), jangkauan=Sum("jangkauan"),
                      laporan=Sum("jumlah_laporan"))
        )
    nama = dict(Wilayah.objects.filter(kode__in=[r["k"] for r in rows]).values_list("kode", "nama"))
    hasil = []
    for r in rows:
        baris = {
            "kode": r["k"], "nama": nama.get(r["k"], r["k"]), "total": r["total"], "diakui": r["diakui"],
            "melapor": r["melapor"], "jangkauan": r["jangkauan"] or 0, "laporan": r["laporan"] or 0, "kim": False,
            "persen_diakui": _persen(r["diakui"], r["total"]), "persen_melapor": _persen(r["melapor"], r["total"]),
        }
        if ringkas is not None:  # the channels too, so the headline needs no query of its own
            baris["saluran"] = {k: r[k] or 0 for k in r if k.startswith(("lap_", "orang_"))}
        hasil.append(baris)
    hasil.sort(key=lambda r: (r["persen_melapor"], r["kode"]))
    return hasil


def jalur_wilayah(kode: str, batas: str) -> list[Wilayah]:
    """The breadcrumb from the office region ``batas`` down to ``kode``."""
    if not kode:
        return []
    kodes = leluhur(kode, termasuk_diri=True)
    kodes = [k for k in kodes if not batas or len(k) >= len(batas)]
    return list(Wilayah.objects.filter(kode__in=kodes).order_by("kode"))


def belum_lapor(kampanye: Kampanye, user, *, kode: str = "") -> QuerySet[Penerimaan]:
    qs = _di_wilayah(penerimaan_scoped(kampanye, user).filter(jumlah_laporan=0), kode)
    return qs.select_related("kim__desa__induk").order_by("desa_kode", "kim__nama")


def baris_ekspor(kampanye: Kampanye, user):
    """Rows of the export: one per delivery in scope (streamed)."""
    qs = (penerimaan_scoped(kampanye, user).select_related("kim__desa__induk__induk")
          .order_by("desa_kode", "kim_id"))
    for p in qs.iterator(chunk_size=2000):
        desa = p.kim.desa
        kec = desa.induk
        kab = kec.induk if kec else None
        yield [
            p.kim.nama, p.desa_kode, desa.nama, kec.nama if kec else "", kab.nama if kab else "",
            p.diakui_pada.strftime("%Y-%m-%d %H:%M") if p.diakui_pada else "",
            p.jumlah_laporan, p.jangkauan,
            p.dilaporkan_pada.strftime("%Y-%m-%d %H:%M") if p.dilaporkan_pada else "",
        ]


def riwayat(kampanye: Kampanye, batas: int = 50):
    return list(kampanye.riwayat.select_related("aktor")[:batas])


# --- KIM ----------------------------------------------------------------------------------------
def kotak_masuk(*, user) -> QuerySet[Penerimaan]:
    """The deliveries of the KIMs where the user may report (members and officers)."""
    ling = scope.lingkup(user, Aksi.DISEMINASI_LAPOR)
    if not ling.kim_ids:
        return Penerimaan.objects.none()
    return (Penerimaan.objects.filter(kim_id__in=sorted(ling.kim_ids))
            .exclude(kampanye__status=StatusKampanye.DRAF)
            .select_related("kampanye", "kim").order_by("-kampanye__diterbitkan_pada", "-id"))


def penerimaan_kim_get(*, user, pk: int) -> Penerimaan:
    """A delivery for its KIM's members; 404 for anyone else (offices use the dashboard)."""
    ling = scope.lingkup(user, Aksi.DISEMINASI_LAPOR)
    try:
        return (Penerimaan.objects.select_related("kampanye", "kim", "diakui_oleh")
                .get(pk=pk, kim_id__in=sorted(ling.kim_ids)))
    except (Penerimaan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def laporan_penerimaan(penerimaan: Penerimaan) -> list[LaporanJangkauan]:
    return list(penerimaan.laporan.select_related("dilaporkan_oleh").order_by("-tanggal", "-id"))


# --- public (API) -------------------------------------------------------------------------------
def kampanye_publik_list() -> QuerySet[Kampanye]:
    return Kampanye.objects.exclude(status=StatusKampanye.DRAF).order_by("-diterbitkan_pada", "-id")
