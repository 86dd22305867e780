"""Reads of kegiatan pembinaan. Every list goes through the scope engine; the aggregates are
set-based (grouped queries on region-code prefixes, no per-row Python loop).

For other apps (penilaian):

    pelatihan_dihadiri_per_kim(since, until, *, kim_ids=None, jenis=JENIS_PELATIHAN) -> dict[int, int]
        KIM id -> number of distinct trainings (pelatihan and bimtek by default) that at least one
        participant from that KIM attended (present by QR or on the organiser's list), for events
        starting in [since, until). Cancelled events do not count. One grouped query. KIMs with no
        training are absent from the dict (read it with ``.get(kim_id, 0)``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.utils import timezone

from simpul.core import scope
from simpul.core.kode import di_dalam, subtree_q
from simpul.core.peran import Aksi
from simpul.wilayah.models import PANJANG_KODE, Tingkat, Wilayah

from .models import (
    JENIS_PELATIHAN,
    Evaluasi,
    Kegiatan,
    KegiatanEvent,
    Materi,
    Peserta,
    StatusKegiatan,
    StatusPeserta,
)

PANJANG_KECAMATAN = PANJANG_KODE[Tingkat.KECAMATAN]


def _saat(x: date | datetime) -> datetime:
    if isinstance(x, datetime):
        return x if timezone.is_aware(x) else timezone.make_aware(x)
    return timezone.make_aware(datetime.combine(x, time.min))


# --- for penilaian -----------------------------------------------------------------------------

def pelatihan_dihadiri_per_kim(since: date | datetime, until: date | datetime, *,
                               kim_ids: Iterable[int] | None = None,
                               jenis: Iterable[str] = JENIS_PELATIHAN) -> dict[int, int]:
    """KIM id -> distinct trainings attended by at least one of its participants, for events that
    start in ``[since, until)`` (dates mean midnight, local time). See the module docstring."""
    qs = Peserta.objects.filter(
        kim_id__isnull=False, hadir_pada__isnull=False,
        kegiatan__jenis__in=list(jenis), kegiatan__mulai__gte=_saat(since), kegiatan__mulai__lt=_saat(until),
    ).exclude(kegiatan__status=StatusKegiatan.BATAL)
    if kim_ids is not None:
        qs = qs.filter(kim_id__in=list(kim_ids))
    rows = qs.order_by().values("kim_id").annotate(n=Count("kegiatan_id", distinct=True))
    return {r["kim_id"]: r["n"] for r in rows}


# --- office side ---------------------------------------------------------------------------------

def kegiatan_kelola_list(*, user, jenis: str = "", tahun: int | None = None, q: str = "") -> QuerySet[Kegiatan]:
    """Events the user manages (their subtree), newest first, with registration counts annotated.
    One query per page."""
    qs = scope.for_user(Kegiatan.objects.all(), user, Aksi.PEMBINAAN_KELOLA).select_related("wilayah")
    if jenis:
        qs = qs.filter(jenis=jenis)
    if tahun:
        qs = qs.filter(mulai__year=tahun)
    if q:
        qs = qs.filter(judul__icontains=q[:100])
    return qs.annotate(
        jumlah_hadir=Count("peserta", filter=Q(peserta__hadir_pada__isnull=False)),
        jumlah_tunggu=Count("peserta", filter=Q(peserta__status=StatusPeserta.MENUNGGU)),
    ).order_by("-mulai", "-id")


def kegiatan_kelola_get(*, user, pk) -> Kegiatan:
    """One event the user manages, or Http404."""
    return scope.get_for_user_or_404(Kegiatan.objects.select_related("wilayah", "dibuat_oleh"), user,
                                     Aksi.PEMBINAAN_KELOLA, pk=pk)


def peserta_kegiatan(kegiatan: Kegiatan) -> list[Peserta]:
    """Every non-cancelled participant: registered first (by registration time), then the waiting
    list in order, with their KIM and whether they evaluated. One query."""
    ada_evaluasi = Exists(Evaluasi.objects.filter(peserta_id=OuterRef("pk")))
    return list(
        Peserta.objects.filter(kegiatan=kegiatan).exclude(status=StatusPeserta.BATAL)
        .select_related("kim").annotate(sudah_evaluasi=ada_evaluasi)
        .order_by("-status", "dibuat", "id")  # "terdaftar" > "menunggu"
    )


def materi_kegiatan(kegiatan: Kegiatan) -> list[Materi]:
    return list(Materi.objects.filter(kegiatan=kegiatan).only(
        "id", "judul", "berkas_jenis", "berkas_ukuran", "kegiatan_id", "dibuat"))


def riwayat_kegiatan(kegiatan: Kegiatan, batas: int = 20) -> list[KegiatanEvent]:
    return list(KegiatanEvent.objects.filter(kegiatan=kegiatan).select_related("aktor")[:batas])


@dataclass
class RingkasanEvaluasi:
    jumlah: int = 0
    rata: dict[str, float | None] = field(default_factory=dict)
    saran: list[str] = field(default_factory=list)


def ringkasan_evaluasi(kegiatan: Kegiatan) -> RingkasanEvaluasi:
    qs = Evaluasi.objects.filter(peserta__kegiatan=kegiatan)
    kolom = ("nilai_materi", "nilai_narasumber", "nilai_penyelenggaraan", "nilai_manfaat")
    agg = qs.aggregate(jumlah=Count("pk"), **{k: Avg(k) for k in kolom})
    saran = list(qs.exclude(saran="").order_by("-dibuat").values_list("saran", flat=True)[:20])
    return RingkasanEvaluasi(jumlah=agg.pop("jumlah"), rata={k: (round(v, 2) if v is not None else None)
                                                            for k, v in agg.items()}, saran=saran)


# --- participant side ------------------------------------------------------------------------------

def _keanggotaan(user) -> list[tuple[int, str, str]]:
    """(kim_id, desa code, position) of the user's live memberships (from the scope engine's
    per-request cache plus one query for the desa codes)."""
    from simpul.kim.models import Kim

    jabatan = scope.jabatan_aktif(user)
    if not jabatan:
        return []
    desa = dict(Kim.objects.filter(pk__in={k for k, _ in jabatan}).values_list("pk", "desa_id"))
    return [(kim_id, desa[kim_id], jab) for kim_id, jab in jabatan if kim_id in desa]


def _cocok(kegiatan: Kegiatan, kim_id: int, desa: str, jab: str, kim_sasaran: set[int]) -> bool:
    return (di_dalam(desa, kegiatan.wilayah_id)
            and (not kim_sasaran or kim_id in kim_sasaran)
            and (not kegiatan.sasaran_jabatan or jab in kegiatan.sasaran_jabatan))


_URUTAN_JABATAN = ("ketua", "sekretaris", "bendahara", "seksi", "anggota")


def sasaran_untuk(kegiatan: Kegiatan, user) -> tuple[int, str] | None:
    """(kim_id, position) by which ``user`` belongs to the event's audience (their KIM lies in the
    event's region, is in its KIM list if there is one, and the position is targeted), or None.
    The highest position wins when several memberships match."""
    keanggotaan = _keanggotaan(user)
    if not keanggotaan:
        return None
    kim_sasaran = set(kegiatan.sasaran_kim.values_list("pk", flat=True)) if kegiatan.pk else set()
    cocok = [(k, j) for k, d, j in keanggotaan if _cocok(kegiatan, k, d, j, kim_sasaran)]
    if not cocok:
        return None
    return min(cocok, key=lambda c: _URUTAN_JABATAN.index(c[1]) if c[1] in _URUTAN_JABATAN else 9)


def kegiatan_untuk_user(user, *, sejak_hari: int = 400) -> list[Kegiatan]:
    """Announced (or cancelled) events the user is invited to or registered for, from the last
    ``sejak_hari`` days on, soonest first. Candidates are the events held in one of the regions
    above the user's KIMs (a handful); the audience rules are then applied to them. A fixed
    number of queries."""
    keanggotaan = _keanggotaan(user)
    leluhur = {desa[:n] for _, desa, _ in keanggotaan for n in (2, 5, 8, 13)}
    sendiri = set(Peserta.objects.filter(user=user).exclude(status=StatusPeserta.BATAL)
                  .values_list("kegiatan_id", flat=True))
    batas = timezone.now() - timedelta(days=sejak_hari)
    qs = (Kegiatan.objects.filter(status__in=[StatusKegiatan.TERBIT, StatusKegiatan.BATAL], selesai__gte=batas)
          .filter(Q(wilayah_id__in=leluhur) | Q(pk__in=sendiri))
          .select_related("wilayah").prefetch_related("sasaran_kim").order_by("mulai", "id"))
    hasil = []
    for k in qs:
        kim_sasaran = {x.pk for x in k.sasaran_kim.all()}
        k.terdaftar = k.pk in sendiri
        if k.terdaftar or any(_cocok(k, a, d, j, kim_sasaran) for a, d, j in keanggotaan):
            hasil.append(k)
    return hasil


def kegiatan_peserta_get(*, user, pk) -> Kegiatan:
    """An announced event as its audience (or a registered person, or an office in scope) sees
    it. Raises Kegiatan.DoesNotExist otherwise (the view answers 404)."""
    k = Kegiatan.objects.select_related("wilayah").get(pk=pk)
    if scope.boleh(user, Aksi.PEMBINAAN_KELOLA, wilayah_kode=k.wilayah_id):
        return k
    if k.status == StatusKegiatan.DRAF:
        raise Kegiatan.DoesNotExist
    if Peserta.objects.filter(kegiatan=k, user=user).exists() or sasaran_untuk(k, user):
        return k
    raise Kegiatan.DoesNotExist


def peserta_milik(kegiatan: Kegiatan, user) -> Peserta | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Peserta.objects.filter(kegiatan=kegiatan, user=user).select_related("kim").first()


def pengguna_sasaran(kegiatan: Kegiatan) -> list:
    """Every active user in the event's audience (set-based: one query over memberships)."""
    from simpul.kim.models import Anggota, Pengurus, StatusKim

    kim_q = subtree_q("kim__desa__kode", kegiatan.wilayah_id) & Q(kim__status=StatusKim.AKTIF)
    kim_ids = list(kegiatan.sasaran_kim.values_list("pk", flat=True))
    if kim_ids:
        kim_q &= Q(kim_id__in=kim_ids)
    jabatan = [j for j in kegiatan.sasaran_jabatan if j != "anggota"]
    if kegiatan.sasaran_jabatan and "anggota" not in kegiatan.sasaran_jabatan:
        hari_ini = timezone.localdate()
        user_ids = Pengurus.objects.filter(kim_q, jabatan__in=jabatan, diberhentikan__isnull=True,
                                           anggota__aktif=True, anggota__user__isnull=False).filter(
            Q(selesai__isnull=True) | Q(selesai__gte=hari_ini)).values("anggota__user_id")
    else:
        user_ids = Anggota.objects.filter(kim_q, aktif=True, user__isnull=False).values("user_id")
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))


# --- public --------------------------------------------------------------------------------------

def sertifikat_get(kode: str) -> Peserta | None:
    """The certificate with this code (issued, event not cancelled), or None."""
    kode = (kode or "").strip().upper()
    if not kode or len(kode) > 24:
        return None
    return (Peserta.objects.filter(sertifikat_kode=kode, hadir_pada__isnull=False)
            .exclude(kegiatan__status=StatusKegiatan.BATAL).select_related("kegiatan", "kim").first())


# --- coverage ------------------------------------------------------------------------------------

@dataclass
class JangkauanProgram:
    jenis: str
    program: str
    kegiatan: int = 0
    peserta_hadir: int = 0
    kim: int = 0
    desa: int = 0
    kecamatan: int = 0

    @property
    def label(self) -> str:
        from .models import JenisKegiatan

        return str(JenisKegiatan(self.jenis).label) if self.jenis in JenisKegiatan.values else self.jenis


@dataclass
class JangkauanAnak:
    kode: str
    nama: str
    kegiatan: int = 0
    kim: int = 0
    peserta_hadir: int = 0


def _kegiatan_tahun(qs: QuerySet, tahun: int, wilayah: str | None, prefix: str = "") -> QuerySet:
    awal = _saat(date(tahun, 1, 1))
    akhir = _saat(date(tahun + 1, 1, 1))
    qs = qs.filter(**{f"{prefix}mulai__gte": awal, f"{prefix}mulai__lt": akhir,
                      f"{prefix}status": StatusKegiatan.TERBIT})
    if wilayah:
        qs = qs.filter(subtree_q(f"{prefix}wilayah__kode", wilayah))
    return qs


def jangkauan_per_program(*, user, tahun: int, wilayah: str | None = None) -> list[JangkauanProgram]:
    """Per (kind, programme), for announced events starting in ``tahun`` inside ``wilayah`` and
    the user's reach: events held, participants present, distinct KIMs and desa reached (a KIM is
    reached when one of its participants attended) and kecamatan reached (the kecamatan of an
    event held at kecamatan or desa level, or of a KIM reached). Three grouped queries."""
    kegiatan = _kegiatan_tahun(scope.for_user(Kegiatan.objects.all(), user, Aksi.PEMBINAAN_KELOLA), tahun, wilayah)
    hasil: dict[tuple[str, str], JangkauanProgram] = {}
    for r in kegiatan.order_by().values("jenis", "program").annotate(n=Count("pk")):
        hasil[(r["jenis"], r["program"])] = JangkauanProgram(r["jenis"], r["program"], kegiatan=r["n"])
    hadir = Peserta.objects.filter(kegiatan__in=kegiatan.values("pk"), hadir_pada__isnull=False)
    for r in hadir.order_by().values("kegiatan__jenis", "kegiatan__program").annotate(
            n=Count("pk"), n_kim=Count("kim_id", distinct=True), n_desa=Count("kim__desa", distinct=True)):
        p = hasil[(r["kegiatan__jenis"], r["kegiatan__program"])]
        p.peserta_hadir, p.kim, p.desa = r["n"], r["n_kim"], r["n_desa"]
    kec: dict[tuple[str, str], set[str]] = defaultdict(set)
    rows = (hadir.filter(kim__isnull=False).annotate(kec=Substr("kim__desa", 1, PANJANG_KECAMATAN))
            .order_by().values_list("kegiatan__jenis", "kegiatan__program", "kec").distinct())
    for j, p, k in rows:
        kec[(j, p)].add(k)
    rows = (kegiatan.annotate(n=Length("wilayah_id")).filter(n__gte=PANJANG_KECAMATAN)
            .annotate(kec=Substr("wilayah_id", 1, PANJANG_KECAMATAN))
            .order_by().values_list("jenis", "program", "kec").distinct())
    for j, p, k in rows:
        kec[(j, p)].add(k)
    for key, kode in kec.items():
        hasil[key].kecamatan = len(kode)
    urutan = {v: i for i, v in enumerate(("sosialisasi", "pelatihan", "bimtek", "rapat_koordinasi"))}
    return sorted(hasil.values(), key=lambda p: (urutan.get(p.jenis, 9), p.program))


def jangkauan_per_anak(*, user, tahun: int, wilayah: Wilayah | None) -> list[JangkauanAnak]:
    """For each child region of ``wilayah`` (provinces when None): events held there and KIMs
    from there that attended an event this year. Two grouped queries on code prefixes."""
    kode = wilayah.kode if wilayah else None
    tingkat_anak = (wilayah.tingkat + 1) if wilayah else Tingkat.PROVINSI
    if tingkat_anak > Tingkat.DESA:
        return []
    panjang = PANJANG_KODE[tingkat_anak]
    anak = Wilayah.objects.filter(tingkat=tingkat_anak, aktif=True)
    anak = anak.filter(induk_id=kode) if kode else anak
    hasil = {w.kode: JangkauanAnak(w.kode, w.nama_lengkap) for w in anak.only("kode", "nama", "jenis")}
    kegiatan = _kegiatan_tahun(scope.for_user(Kegiatan.objects.all(), user, Aksi.PEMBINAAN_KELOLA), tahun, kode)
    for r in (kegiatan.annotate(n=Length("wilayah_id")).filter(n__gte=panjang)
              .annotate(k=Substr("wilayah_id", 1, panjang)).order_by().values("k").annotate(c=Count("pk"))):
        if r["k"] in hasil:
            hasil[r["k"]].kegiatan = r["c"]
    hadir = Peserta.objects.filter(kegiatan__in=kegiatan.values("pk"), hadir_pada__isnull=False, kim__isnull=False)
    if kode:
        hadir = hadir.filter(subtree_q("kim__desa__kode", kode))
    for r in (hadir.annotate(k=Substr("kim__desa", 1, panjang)).order_by().values("k")
              .annotate(n_kim=Count("kim_id", distinct=True), n=Count("pk"))):
        if r["k"] in hasil:
            hasil[r["k"]].kim, hasil[r["k"]].peserta_hadir = r["n_kim"], r["n"]
    return sorted(hasil.values(), key=lambda a: a.kode)
