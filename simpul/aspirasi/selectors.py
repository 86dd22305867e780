"""Reads of the aspiration service: the public list, the handlers' and agencies' queues, the
dashboard figures and the exports. Every internal read goes through the scope engine
(``Aksi.ASPIRASI_TANGANI``) or the user's agencies (:func:`services.instansi_user`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404

from simpul.core import scope
from simpul.core.kode import leluhur, subtree_q
from simpul.core.peran import Aksi
from simpul.wilayah.models import PANJANG_KODE, Tingkat

from .models import (
    STATUS_INSTANSI,
    STATUS_PUBLIK,
    STATUS_TERBUKA,
    Aspirasi,
    AspirasiEvent,
    Instansi,
    Kategori,
    RingkasanAspirasi,
    RingkasanAspirasiStatus,
    Status,
    TemplatTanggapan,
)
from .services import instansi_user, normal_kode


def kategori_aktif() -> QuerySet[Kategori]:
    return Kategori.objects.filter(aktif=True)


# --- public -------------------------------------------------------------------------------------
def publik_qs() -> QuerySet[Aspirasi]:
    """Verified, non-confidential, not hidden: the only rows the public ever sees."""
    return Aspirasi.objects.filter(status__in=STATUS_PUBLIK, rahasia=False, disembunyikan=False)


def aspirasi_publik_list(*, wilayah: str = "", kategori: str = "", jenis: str = "") -> QuerySet[Aspirasi]:
    qs = publik_qs().select_related("desa__induk", "kategori", "instansi")
    if wilayah:
        qs = qs.filter(subtree_q("desa__kode", wilayah))
    if kategori:
        qs = qs.filter(kategori__kode=kategori)
    if jenis:
        qs = qs.filter(jenis=jenis)
    return qs.order_by("-diverifikasi_pada", "-id")


def aspirasi_publik_get(pk: int) -> Aspirasi:
    try:
        return publik_qs().select_related("desa__induk", "kategori", "instansi").get(pk=pk)
    except (Aspirasi.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def aspirasi_dari_kode(kode: str) -> Aspirasi | None:
    kode = normal_kode(kode)
    if not kode:
        return None
    return (Aspirasi.objects.select_related("desa__induk", "kategori", "instansi", "digabung_ke")
            .filter(kode=kode).first())


def riwayat_publik(a: Aspirasi) -> list[AspirasiEvent]:
    """The citizen's timeline: what happened and when, never who inside the office did it."""
    return list(AspirasiEvent.objects.filter(aspirasi=a).only("waktu", "jenis", "ke_status", "aspirasi_id")
                .order_by("waktu", "id"))


def tanggapan_list(a: Aspirasi):
    return list(a.tanggapan.select_related("instansi").order_by("dibuat", "id"))


# --- internal -----------------------------------------------------------------------------------
def _kelola_q(user) -> Q:
    q = scope.lingkup(user, Aksi.ASPIRASI_TANGANI).q(wilayah_field="wilayah_tangani__kode", kim_field="kim_id")
    if q is None:  # national reach
        return Q()
    inst = instansi_user(user)
    if inst:
        q |= Q(instansi_id__in=inst)
    return q


def aspirasi_kelola_qs(user) -> QuerySet[Aspirasi]:
    """Everything the user handles (scope) or answers for (their agencies)."""
    if not getattr(user, "is_authenticated", False):
        return Aspirasi.objects.none()
    return Aspirasi.objects.filter(_kelola_q(user))


def aspirasi_kelola_list(*, user, status: str = "", terlambat: bool = False, q: str = "") -> QuerySet[Aspirasi]:
    qs = aspirasi_kelola_qs(user).select_related("desa", "kategori", "instansi")
    if status == "terbuka":
        qs = qs.filter(status__in=STATUS_TERBUKA)
    elif status:
        qs = qs.filter(status=status)
    if terlambat:
        qs = qs.filter(terlambat=True, status__in=STATUS_TERBUKA)
    if q:
        kode = normal_kode(q)
        qs = qs.filter(Q(kode=kode) | Q(judul__icontains=q[:100]))
    return qs.order_by("tenggat", "-id")


class PaginatorAntrean(Paginator):
    """Pages of a queue in two steps: the page's ids first (``ORDER BY tenggat, id DESC LIMIT
    25 OFFSET n`` answered from the ``aspirasi_antrean_terbuka`` index alone, so a deep page
    or an agency with units reads no table rows for the rows it skips), then those 25 rows with
    their joins by primary key. Same rows and order as slicing the queryset; one query more."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        baris = self.object_list.order_by().in_bulk(ids) if ids else {}
        return self._get_page([baris[i] for i in ids if i in baris], number, self)


def antrean_instansi(*, user, status: str = "") -> QuerySet[Aspirasi]:
    """An agency's queue: what was routed to the user's agencies, oldest deadline first."""
    qs = Aspirasi.objects.filter(instansi_id__in=instansi_user(user))
    qs = qs.filter(status=status) if status else qs.filter(status__in=STATUS_INSTANSI)
    return qs.select_related("desa", "kategori").order_by("tenggat", "id")


def aspirasi_kelola_get(*, user, pk: int) -> Aspirasi:
    try:
        return aspirasi_kelola_qs(user).select_related(
            "desa__induk", "kategori", "instansi", "kim", "wilayah_tangani", "digabung_ke").get(pk=pk)
    except (Aspirasi.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def riwayat_internal(a: Aspirasi) -> list[AspirasiEvent]:
    return list(AspirasiEvent.objects.filter(aspirasi=a).select_related("aktor").order_by("waktu", "id"))


def instansi_pilihan(user, a: Aspirasi) -> QuerySet[Instansi]:
    """Agencies an aspiration can be routed to: those serving its desa's region (any ancestor)
    or inside the user's reach."""


    ling = scope.lingkup(user, Aksi.ASPIRASI_TANGANI)
    q = Q(wilayah_id__in=leluhur(a.desa_id, termasuk_diri=True))
    lq = ling.q(wilayah_field="wilayah__kode")
    if lq is None:
        q = Q()
    else:
        q |= lq
    return Instansi.objects.filter(q, aktif=True).select_related("induk").order_by("nama")


def templat_untuk(a: Aspirasi) -> QuerySet[TemplatTanggapan]:
    return TemplatTanggapan.objects.filter(Q(instansi__isnull=True) | Q(instansi_id=a.instansi_id))


# --- dashboard ----------------------------------------------------------------------------------
def dari_efektif(dari: str | None) -> date | None:
    """The dashboard's ``?dari=`` filter (``YYYY-MM-DD``) as a date; None when it is empty or not
    a real date (the filter is then not applied, and the page says so)."""
    try:
        return date.fromisoformat(dari.strip()[:10]) if dari and dari.strip() else None
    except ValueError:
        return None


@dataclass(frozen=True)
class SumberRingkasan:
    """Where a dashboard reads the summary: these provinces (None: all) from this month on."""

    provinsi: tuple[str, ...] | None
    bulan_dari: date | None
    per: datetime


def sumber_ringkasan(user, dari: str | None = "") -> SumberRingkasan | None:
    """The one decision whether ``user``'s dashboard (filtered by ``dari``) may be served from the
    summary (:class:`RingkasanAspirasi`) instead of the raw rows: only when that gives the same
    rows, i.e. the handling reach is national, or whole provinces with no KIM and no agency of
    the user's own (those add rows outside the provinces); ``dari`` empty or the first day of a
    month; and the summary has been computed. None: read the raw rows."""
    if not getattr(user, "is_authenticated", False):
        return None
    ling = scope.lingkup(user, Aksi.ASPIRASI_TANGANI)
    # National: the agencies and KIMs are inside anyway (see _kelola_q); else whole provinces,
    # and no agency of the user's own (its rows may lie outside them).
    if not ling.wilayah_utuh(PANJANG_KODE[Tingkat.PROVINSI]) or (not ling.semua and instansi_user(user)):
        return None
    provinsi = None if ling.semua else ling.prefixes
    bulan = dari_efektif(dari)
    if (dari and bulan is None) or (bulan is not None and bulan.day != 1):
        return None
    per = RingkasanAspirasiStatus.objects.filter(pk=1).values_list("dihitung_pada", flat=True).first()
    if per is None:
        return None
    return SumberRingkasan(provinsi=provinsi, bulan_dari=bulan, per=per)


def _urut(rows: list[dict], field: str) -> list[dict]:
    """Most first; ties by the value (None last), the same on both databases and both paths."""
    return sorted(rows, key=lambda r: (-r["n"], r[field] is None, str(r[field] or "")))


def _urut_liga(liga: list[dict]) -> None:
    for row in liga:
        row["persen_tepat"] = round(100 * row["tepat"] / row["dijawab"], 1) if row["dijawab"] else None
    liga.sort(key=lambda r: (-(r["persen_tepat"] or 0), -(r["nilai"] or 0), r["instansi__nama"], r["instansi_id"]))


def statistik(qs: QuerySet[Aspirasi], ringkasan: SumberRingkasan | None = None) -> dict:
    """Counts by status, type, category, kecamatan and agency; on-time share; median hours to
    the first response; the agency league table. A fixed number of grouped queries over ``qs``,
    or, given ``ringkasan`` (see :func:`sumber_ringkasan`), the same figures from the summary
    rows (``qs`` is then not read). ``per``: the time of the summary (None from the raw rows)."""
    if ringkasan is not None:
        return _statistik_ringkasan(ringkasan)
    per = lambda field: _urut(list(qs.values(field).annotate(n=Count("id")).order_by()), field)  # noqa: E731
    total = qs.count()
    dijawab = qs.filter(tepat_waktu__isnull=False)
    n_dijawab = dijawab.count()
    n_tepat = dijawab.filter(tepat_waktu=True).count()
    durasi = [(r - d).total_seconds() / 3600 for d, r in qs.filter(
        respons_pertama_pada__isnull=False, didisposisi_pada__isnull=False)
        .values_list("didisposisi_pada", "respons_pertama_pada")[:100_000]]
    liga = list(
        qs.filter(instansi__isnull=False).values("instansi_id", "instansi__nama").annotate(
            n=Count("id"), terbuka=Count("id", filter=Q(status__in=STATUS_INSTANSI)),
            dijawab=Count("id", filter=Q(tepat_waktu__isnull=False)),
            tepat=Count("id", filter=Q(tepat_waktu=True)),
            terlambat=Count("id", filter=Q(terlambat=True, status__in=STATUS_INSTANSI)),
            nilai=Avg("penilaian"),
        )
    )
    _urut_liga(liga)
    status_label = dict(Status.choices)
    return {
        "total": total,
        "per_status": [{"kunci": r["status"], "label": status_label.get(r["status"], r["status"]), "n": r["n"]}
                       for r in per("status")],
        "per_jenis": per("jenis"),
        "per_kategori": per("kategori__nama"),
        "per_kecamatan": list(qs.annotate(kec=Substr("desa_id", 1, 8)).values("kec").annotate(n=Count("id"))
                              .order_by("-n", "kec")[:30]),
        "per_instansi": per("instansi__nama"),
        "persen_tepat": round(100 * n_tepat / n_dijawab, 1) if n_dijawab else None,
        "n_dijawab": n_dijawab,
        "median_jam_respons": round(median(durasi), 1) if durasi else None,
        "terlambat": qs.filter(terlambat=True, status__in=STATUS_TERBUKA).count(),
        "liga": liga,
        "per": None,
    }


def _median_histogram(histogram: dict[int, int]) -> float | None:
    """The median of values given as {value: how many}."""
    total = sum(histogram.values())
    if not total:
        return None
    bawah, atas = (total - 1) // 2, total // 2  # 0-based positions of the middle value(s)
    a = b = None
    dilewati = 0
    for nilai in sorted(histogram):
        dilewati += histogram[nilai]
        if a is None and dilewati > bawah:
            a = nilai
        if dilewati > atas:
            b = nilai
            break
    return (a + b) / 2


def _statistik_ringkasan(r: SumberRingkasan) -> dict:
    """:func:`statistik` from the summary rows: one grouped query over them, one for the top 30
    kecamatan, then the names of the categories and agencies they mention."""
    qs = RingkasanAspirasi.objects.all()
    if r.bulan_dari is not None:  # month rows of the provinces (the rollups have no month)
        qs = qs.filter(bulan__gte=r.bulan_dari)
        if r.provinsi is not None:
            qs = qs.filter(provinsi__in=r.provinsi)
    else:  # the all-time rollup of the provinces, or of the country
        qs = qs.filter(bulan__isnull=True, provinsi__in=r.provinsi if r.provinsi is not None else [""])
    ukuran = RingkasanAspirasi.UKURAN
    baris: dict[str, list[dict]] = {d: [] for d in RingkasanAspirasi.DIMENSI}
    # Every dimension but the kecamatan (thousands of rows nationally, of which the page shows
    # 30): those come ordered and cut by the database.
    for dimensi, nilai, *angka in (qs.exclude(dimensi="kecamatan").order_by().values("dimensi", "nilai")
                                   .annotate(**{f"s_{k}": Sum(k) for k in ukuran})
                                   .values_list("dimensi", "nilai", *(f"s_{k}" for k in ukuran))):
        baris[dimensi].append({"nilai": nilai, **dict(zip(ukuran, angka, strict=True))})
    kecamatan = list(qs.filter(dimensi="kecamatan").order_by().values("nilai").annotate(s_n=Sum("n"))
                     .order_by("-s_n", "nilai").values_list("nilai", "s_n")[:30])

    def gabung(rows: list[dict], field: str, nama: dict[str, str | None]) -> list[dict]:
        # Grouped by name, as the raw path groups by ``kategori__nama`` / ``instansi__nama``.
        n: dict[str | None, int] = {}
        for row in rows:
            kunci = nama.get(row["nilai"])
            n[kunci] = n.get(kunci, 0) + row["n"]
        return _urut([{field: k, "n": v} for k, v in n.items()], field)

    def nama_dari(model, rows: list[dict]) -> dict[str, str | None]:
        ids = [int(row["nilai"]) for row in rows if row["nilai"]]
        return {str(pk): nm for pk, nm in model.objects.filter(pk__in=ids).order_by().values_list("pk", "nama")} if ids else {}

    nama_kategori = nama_dari(Kategori, baris["kategori"])
    nama_instansi = nama_dari(Instansi, baris["instansi"])
    total = baris["total"]
    n_total = sum(row["n"] for row in total)
    n_dijawab = sum(row["dijawab"] for row in total)
    n_tepat = sum(row["tepat"] for row in total)
    status_label = dict(Status.choices)
    liga = [{"instansi_id": int(row["nilai"]), "instansi__nama": nama_instansi.get(row["nilai"]), "n": row["n"],
             "terbuka": row["terbuka"], "dijawab": row["dijawab"], "tepat": row["tepat"],
             "terlambat": row["terlambat"],
             "nilai": row["penilaian_jumlah"] / row["penilaian_n"] if row["penilaian_n"] else None}
            for row in baris["instansi"] if row["nilai"]]
    _urut_liga(liga)
    median_jam = _median_histogram({int(row["nilai"]): row["n"] for row in baris["respons"]})
    return {
        "total": n_total,
        "per_status": [{"kunci": x["status"], "label": status_label.get(x["status"], x["status"]), "n": x["n"]}
                       for x in _urut([{"status": row["nilai"], "n": row["n"]} for row in baris["status"]], "status")],
        "per_jenis": _urut([{"jenis": row["nilai"], "n": row["n"]} for row in baris["jenis"]], "jenis"),
        "per_kategori": gabung(baris["kategori"], "kategori__nama", nama_kategori),
        "per_kecamatan": [{"kec": kec, "n": n} for kec, n in kecamatan],
        "per_instansi": gabung(baris["instansi"], "instansi__nama", nama_instansi),
        "persen_tepat": round(100 * n_tepat / n_dijawab, 1) if n_dijawab else None,
        "n_dijawab": n_dijawab,
        "median_jam_respons": round(median_jam, 1) if median_jam is not None else None,
        "terlambat": sum(row["terlambat"] for row in total),
        "liga": liga,
        "per": r.per,
    }
