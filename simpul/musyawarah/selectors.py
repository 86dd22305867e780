"""Every non-trivial read of musyawarah, scoped through the one scope engine.

Who may read what:
* a topic and its discussion, polls and meetings: the members of its KIM (``Aksi.MUSYAWARAH_IKUT``
  on the KIM), or, for a kecamatan forum, the members of any KIM in that kecamatan. Nobody else,
  not even a region office: internal discussion stays inside the KIM (404 for everyone else).
* decisions and their action items (the accountability view): the KIM's members, and region
  offices on their subtree (``Aksi.LIHAT``, a prefix filter on the denormalised region code).
* the public: decisions of topics marked ``publik`` of public KIMs (no discussion, no names of
  voters).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.text import slugify

from simpul.core import scope
from simpul.core.kode import subtree_q
from simpul.core.peran import Aksi
from simpul.kim.models import Anggota, Kim, StatusKim

from . import hitung
from .models import (
    STATUS_TL_AKTIF,
    JajakPendapat,
    JenisJajak,
    Keputusan,
    Komentar,
    Opsi,
    Posisi,
    Rapat,
    StatusTindakLanjut,
    Suara,
    SuaraOpsi,
    TindakLanjut,
    Topik,
)


def _kecamatan(kode_desa: str) -> str:
    return kode_desa.rsplit(".", 1)[0]


def jangkauan(user, aksi: str = Aksi.MUSYAWARAH_IKUT) -> tuple[frozenset[int], frozenset[str]]:
    """(KIM ids, kecamatan codes of those KIMs) where ``user`` may take part (or manage, with
    ``Aksi.MUSYAWARAH_KELOLA``). Read once per request (cached on the user)."""
    cache = getattr(user, "_simpul_musyawarah", None)
    if cache is None:
        cache = user._simpul_musyawarah = {} if getattr(user, "is_authenticated", False) else {}
    if aksi not in cache:
        kim_ids = scope.lingkup(user, aksi).kim_ids
        kec = frozenset(_kecamatan(k) for k in Kim.objects.filter(pk__in=kim_ids).values_list("desa_id", flat=True)) \
            if kim_ids else frozenset()
        cache[aksi] = (kim_ids, kec)
    return cache[aksi]


def _q_topik(user, aksi: str = Aksi.MUSYAWARAH_IKUT) -> Q:
    kim_ids, kec = jangkauan(user, aksi)
    return Q(kim_id__in=sorted(kim_ids)) | Q(kecamatan_id__in=sorted(kec))


def boleh_topik(user, topik: Topik, aksi: str = Aksi.MUSYAWARAH_IKUT) -> bool:
    kim_ids, kec = jangkauan(user, aksi)
    return topik.kim_id in kim_ids if topik.kim_id else topik.kecamatan_id in kec


def topik_list(*, user, kim_id: int | None = None, status: str = "") -> QuerySet[Topik]:
    """Topics the user takes part in, most recently active first (one query, KIM joined)."""
    qs = Topik.objects.filter(_q_topik(user)).select_related("kim", "kecamatan")
    if kim_id:
        qs = qs.filter(kim_id=kim_id)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        n_jajak_terbuka=Count("jajak", filter=Q(jajak__selesai__isnull=True, jajak__ditutup_pada__gt=timezone.now()),
                              distinct=True),
    ).order_by("-diubah", "-id")


def topik_get(*, user, pk: int) -> Topik:
    """One topic the user takes part in; ``Topik.DoesNotExist`` otherwise (views answer 404)."""
    return Topik.objects.filter(_q_topik(user)).select_related("kim__desa", "kecamatan", "dibuat_oleh").get(pk=pk)


def peserta_topik(topik: Topik) -> QuerySet:
    """The users who may take part: active members (with an account) of the KIM, or of the
    active KIMs of the forum's kecamatan."""
    User = get_user_model()
    anggota = Anggota.objects.filter(aktif=True, user__isnull=False).exclude(kim__status=StatusKim.DITOLAK)
    if topik.kim_id:
        anggota = anggota.filter(kim_id=topik.kim_id)
    else:
        anggota = anggota.filter(subtree_q("kim__desa__kode", topik.kecamatan_id), kim__status=StatusKim.AKTIF)
    return User.objects.filter(is_active=True, pk__in=anggota.values("user_id")).order_by("nama")


def sebutan(nama: str) -> str:
    """A member's @mention handle: their name as a slug ("Siti Rahma" -> "siti-rahma")."""
    return slugify(nama)[:60]


_SEBUT = re.compile(r"(?<![\w@])@([a-z0-9][a-z0-9_-]{1,59})", re.IGNORECASE)


def disebut(teks: str, peserta) -> list:
    """The participants @mentioned in ``teks`` (by :func:`sebutan`)."""
    handles = {h.lower() for h in _SEBUT.findall(teks or "")}
    if not handles:
        return []
    return [u for u in peserta if sebutan(u.nama) in handles]


def komentar_topik(topik: Topik) -> list[Komentar]:
    return list(Komentar.objects.filter(topik=topik).select_related("penulis").prefetch_related("lampiran"))


def lampiran_topik(topik: Topik):
    return topik.lampiran.filter(komentar__isnull=True, pembaruan__isnull=True)


# --- polls ---------------------------------------------------------------------------------------
@dataclass
class BarisHasil:
    label: str
    nilai: float
    teks: str
    persen: int
    unggul: bool = False


@dataclass
class HasilJajak:
    pemilih: int
    kuorum_tercapai: bool
    baris: list[BarisHasil]
    catatan: list[str]
    data: dict


def _persen(n: float, total: float) -> int:
    return round(100 * n / total) if total else 0


def hasil_jajak(jajak: JajakPendapat, opsi: list[Opsi] | None = None) -> HasilJajak:
    """The tally of a poll (a fixed number of queries, whatever the number of votes)."""
    from django.utils.translation import gettext as _

    opsi = opsi if opsi is not None else list(jajak.opsi.all())
    pemilih = Suara.objects.filter(jajak=jajak).count()
    kuorum = pemilih >= jajak.kuorum
    baris: list[BarisHasil] = []
    catatan: list[str] = []
    data: dict = {"pemilih": pemilih, "jenis": jajak.jenis}
    label = {o.pk: o.label for o in opsi}
    if jajak.jenis == JenisJajak.PERSETUJUAN:
        hitung_posisi = dict(Suara.objects.filter(jajak=jajak).values("posisi").annotate(n=Count("id"))
                             .values_list("posisi", "n"))
        for p in Posisi:
            n = hitung_posisi.get(p.value, 0)
            baris.append(BarisHasil(str(p.label), n, str(n), _persen(n, pemilih)))
        data["posisi"] = {p.value: hitung_posisi.get(p.value, 0) for p in Posisi}
        if hitung_posisi.get(Posisi.BLOKIR, 0):
            catatan.append(_("Ada anggota yang memblokir usulan ini: baca alasannya sebelum memutuskan."))
    elif jajak.jenis == JenisJajak.PERINGKAT:
        surat: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for suara_id, opsi_id, nilai in SuaraOpsi.objects.filter(suara__jajak=jajak).values_list(
                "suara_id", "opsi_id", "nilai"):
            surat[suara_id].append((nilai, opsi_id))
        ballots = [[o for _n, o in sorted(v)] for v in surat.values()]
        h = hitung.irv(ballots, [o.pk for o in opsi])
        akhir = h.putaran[-1].suara if h.putaran else {}
        sah = sum(akhir.values())
        for o in opsi:
            n = akhir.get(o.pk)
            baris.append(BarisHasil(o.label, n or 0, str(n) if n is not None else "—",
                                    _persen(n or 0, sah), unggul=o.pk == h.pemenang))
        for i, p in enumerate(h.putaran, 1):
            if p.tersingkir:
                catatan.append(_("Putaran %(i)d: %(opsi)s tersingkir.") % {"i": i, "opsi": label[p.tersingkir]})
        data.update(pemenang=h.pemenang, putaran=[{"suara": {str(k): v for k, v in p.suara.items()},
                                                   "tersingkir": p.tersingkir} for p in h.putaran])
    else:
        agg = {r["opsi_id"]: r for r in SuaraOpsi.objects.filter(suara__jajak=jajak).values("opsi_id")
               .annotate(jumlah=Sum("nilai"), n=Count("id"), bisa=Count("id", filter=Q(nilai=2)))}
        if jajak.jenis == JenisJajak.SKOR:
            urutan = {o.pk: i for i, o in enumerate(opsi)}
            skor = []
            for o in opsi:
                jumlah = (agg.get(o.pk) or {}).get("jumlah") or 0
                skor.append(hitung.SkorOpsi(o.pk, jumlah, round(jumlah / pemilih, 2) if pemilih else 0.0))
            skor.sort(key=lambda s: (-s.jumlah, urutan[s.opsi]))
            for s in skor:
                baris.append(BarisHasil(label[s.opsi], s.rata, f"{s.rata:.2f}".replace(".", ","),
                                        _persen(s.rata, jajak.skor_maks)))
            data["skor"] = [{"opsi": s.opsi, "jumlah": s.jumlah, "rata": s.rata} for s in skor]
        elif jajak.jenis == JenisJajak.WAKTU_RAPAT:
            for o in opsi:
                r = agg.get(o.pk) or {}
                bisa, total = r.get("bisa", 0), r.get("n", 0)
                baris.append(BarisHasil(o.label, bisa + (total - bisa) / 2,
                                        _("%(bisa)d bisa, %(mungkin)d mungkin") % {"bisa": bisa, "mungkin": total - bisa},
                                        _persen(bisa, pemilih)))
            data["waktu"] = {str(o.pk): (agg.get(o.pk) or {}).get("bisa", 0) for o in opsi}
        else:  # single choice, dot vote
            total = sum((r.get("jumlah") or 0) for r in agg.values())
            for o in opsi:
                n = (agg.get(o.pk) or {}).get("jumlah") or 0
                baris.append(BarisHasil(o.label, n, str(n), _persen(n, total)))
            data["jumlah"] = {str(o.pk): (agg.get(o.pk) or {}).get("jumlah") or 0 for o in opsi}
        if baris:
            puncak = max(b.nilai for b in baris)
            for b in baris:
                b.unggul = puncak > 0 and b.nilai == puncak
    if not kuorum:
        catatan.append(_("Kuorum belum tercapai (%(n)d dari %(k)d pemberi suara).") % {"n": pemilih, "k": jajak.kuorum})
    return HasilJajak(pemilih=pemilih, kuorum_tercapai=kuorum, baris=baris, catatan=catatan, data=data)


def suara_saya(jajak: JajakPendapat, user) -> Suara | None:
    return Suara.objects.filter(jajak=jajak, pemilih=user).prefetch_related("nilai").first()


def jajak_topik(topik: Topik) -> list[JajakPendapat]:
    return list(topik.jajak.prefetch_related("opsi").select_related("keputusan"))


def alasan_blokir(jajak: JajakPendapat) -> list[Suara]:
    return list(Suara.objects.filter(jajak=jajak, posisi__in=[Posisi.BLOKIR, Posisi.TIDAK_SETUJU])
                .select_related("pemilih").order_by("posisi", "dibuat"))


# --- decisions, actions, accountability ----------------------------------------------------------
def keputusan_topik(topik: Topik) -> list[Keputusan]:
    return list(Keputusan.objects.filter(topik=topik).select_related("jajak", "rapat").prefetch_related(
        Prefetch("tindak_lanjut", queryset=TindakLanjut.objects.select_related("penanggung_jawab"))))


def rapat_topik(topik: Topik) -> list[Rapat]:
    return list(Rapat.objects.filter(topik=topik).prefetch_related("hadir"))


def _akuntabilitas_q(user) -> Q:
    """Decisions/actions the user may follow: their KIMs' (and their kecamatan forums'), plus the
    region subtree of a government grant (``Aksi.LIHAT``)."""
    kim_ids, kec = jangkauan(user)
    q = Q(kim_id__in=sorted(kim_ids)) | Q(kim__isnull=True, wilayah_kode__in=sorted(kec))
    ling = scope.lingkup(user, Aksi.LIHAT)
    if ling.semua:
        return Q()
    for p in ling.prefixes:
        q |= subtree_q("wilayah_kode", p)
    return q


def keputusan_list(*, user, wilayah: str = "", kim_id: int | None = None) -> QuerySet[Keputusan]:
    """Decisions in the user's reach with their implementation progress, aggregated in SQL."""
    qs = Keputusan.objects.filter(_akuntabilitas_q(user))
    if wilayah:
        qs = qs.filter(subtree_q("wilayah_kode", wilayah))
    if kim_id:
        qs = qs.filter(kim_id=kim_id)
    hari_ini = timezone.localdate()
    aktif = Q(tindak_lanjut__status__in=STATUS_TL_AKTIF)
    return qs.select_related("topik", "kim").annotate(
        n_tl=Count("tindak_lanjut", filter=~Q(tindak_lanjut__status=StatusTindakLanjut.BATAL)),
        n_selesai=Count("tindak_lanjut", filter=Q(tindak_lanjut__status=StatusTindakLanjut.SELESAI)),
        n_terlambat=Count("tindak_lanjut", filter=aktif & Q(tindak_lanjut__tenggat__lt=hari_ini)),
        total_progres=Sum("tindak_lanjut__progres", filter=~Q(tindak_lanjut__status=StatusTindakLanjut.BATAL)),
    ).order_by("-tanggal", "-id")


def tindak_lanjut_list(*, user, wilayah: str = "", kim_id: int | None = None, terlambat: bool = False,
                       penanggung_jawab=None) -> QuerySet[TindakLanjut]:
    qs = TindakLanjut.objects.filter(_akuntabilitas_q(user))
    if wilayah:
        qs = qs.filter(subtree_q("wilayah_kode", wilayah))
    if kim_id:
        qs = qs.filter(kim_id=kim_id)
    if terlambat:
        qs = qs.filter(status__in=STATUS_TL_AKTIF, tenggat__lt=timezone.localdate())
    if penanggung_jawab is not None:
        qs = qs.filter(penanggung_jawab=penanggung_jawab, status__in=STATUS_TL_AKTIF)
    return qs.select_related("penanggung_jawab", "keputusan__topik", "kim").order_by("tenggat", "id")


def tindak_lanjut_get(*, user, pk: int) -> TindakLanjut:
    return (TindakLanjut.objects.filter(_akuntabilitas_q(user))
            .select_related("penanggung_jawab", "keputusan__topik__kim", "kim").get(pk=pk))


@dataclass
class Ringkasan:
    keputusan: int
    tindak_lanjut: int
    selesai: int
    terlambat: int
    rata_progres: int


def ringkasan_akuntabilitas(*, user, wilayah: str = "", kim_id: int | None = None) -> Ringkasan:
    qs = tindak_lanjut_list(user=user, wilayah=wilayah, kim_id=kim_id).exclude(status=StatusTindakLanjut.BATAL)
    hari_ini = timezone.localdate()
    agg = qs.order_by().aggregate(
        n=Count("id"), selesai=Count("id", filter=Q(status=StatusTindakLanjut.SELESAI)),
        terlambat=Count("id", filter=Q(status__in=STATUS_TL_AKTIF, tenggat__lt=hari_ini)),
        progres=Sum("progres"),
    )
    n_kep = keputusan_list(user=user, wilayah=wilayah, kim_id=kim_id).order_by().values("id").count()
    return Ringkasan(keputusan=n_kep, tindak_lanjut=agg["n"], selesai=agg["selesai"], terlambat=agg["terlambat"],
                     rata_progres=round((agg["progres"] or 0) / agg["n"]) if agg["n"] else 0)


def boleh_akuntabilitas_wilayah(user, kode: str) -> bool:
    return scope.lingkup(user, Aksi.LIHAT).mencakup_wilayah(kode)


def keputusan_publik(*, kim: Kim, batas: int = 10) -> list[Keputusan]:
    """Decisions of the KIM's topics marked public (no discussion, no voter names), each with its
    topic joined (the API shows the topic's title)."""
    return list(Keputusan.objects.filter(kim=kim, topik__publik=True).select_related("topik").annotate(
        n_tl=Count("tindak_lanjut"), total_progres=Sum("tindak_lanjut__progres"),
    ).order_by("-tanggal", "-id")[:batas])


# --- for the periodic reminders ------------------------------------------------------------------
def jajak_segera_ditutup(now=None, *, jam: int = 24) -> QuerySet[JajakPendapat]:
    now = now or timezone.now()
    return JajakPendapat.objects.filter(selesai__isnull=True, pengingat_terkirim=False,
                                        ditutup_pada__gt=now, ditutup_pada__lte=now + timezone.timedelta(hours=jam))


def tindak_lanjut_perlu_pengingat(hari_ini: date | None = None, *, hari: int = 3) -> QuerySet[TindakLanjut]:
    hari_ini = hari_ini or timezone.localdate()
    return TindakLanjut.objects.filter(status__in=STATUS_TL_AKTIF,
                                       tenggat__lte=hari_ini + timezone.timedelta(days=hari)).select_related(
        "penanggung_jawab", "keputusan__topik")
