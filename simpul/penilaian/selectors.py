"""Reads of the assessment: rounds and schemes in reach, rankings, one KIM's breakdown and history."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from simpul.core import scope
from simpul.core.peran import Aksi

from . import indikator as reg
from .models import NilaiJuri, Peserta, Putaran, Skema, SumberNilai


def putaran_list(*, user) -> QuerySet[Putaran]:
    """Rounds the user runs (region in reach) or judges."""
    kelola = scope.for_user(Putaran.objects.all(), user, Aksi.PENILAIAN_KELOLA)
    return (Putaran.objects.filter(Q(pk__in=kelola.values("pk")) | Q(juri=user)).distinct()
            .select_related("skema", "wilayah").order_by("-sampai", "-id"))


def putaran_get(*, user, pk) -> Putaran:
    try:
        return putaran_list(user=user).get(pk=pk)
    except (Putaran.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def boleh_kelola(user, putaran: Putaran) -> bool:
    return scope.boleh(user, Aksi.PENILAIAN_KELOLA, wilayah_kode=putaran.wilayah_id)


def skema_list(*, user) -> QuerySet[Skema]:
    """National schemes plus the schemes of regions in reach (latest versions first)."""
    dalam = scope.for_user(Skema.objects.filter(wilayah__isnull=False), user, Aksi.PENILAIAN_KELOLA)
    return (Skema.objects.filter(Q(wilayah__isnull=True) | Q(pk__in=dalam.values("pk")))
            .select_related("wilayah").order_by("kode", "-versi"))


def skema_get(*, user, pk) -> Skema:
    try:
        return skema_list(user=user).get(pk=pk)
    except (Skema.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def skema_struktur(skema: Skema) -> list:
    """Dimensions with their indicators (two queries), indicators labelled with their data source."""
    dimensi = list(skema.dimensi.prefetch_related("indikator"))
    for d in dimensi:
        for i in d.indikator.all():
            i.def_data = reg.REGISTRY.get(i.kode_data) if i.sumber == SumberNilai.OTOMATIS else None
    return dimensi


def peringkat(putaran: Putaran, *, kategori: str | None = None) -> QuerySet[Peserta]:
    qs = Peserta.objects.filter(putaran=putaran).select_related("kim__desa")
    if kategori is not None:
        qs = qs.filter(kategori=kategori)
    return qs.order_by("kategori", "peringkat", "kim__nama")


def peserta_get(*, user, putaran_pk, pk) -> Peserta:
    """A participant's result: for the round's managers and jurors, and for the KIM's own people."""
    qs = Peserta.objects.select_related("putaran__skema", "putaran__wilayah", "kim__desa")
    p = qs.filter(putaran_id=putaran_pk, pk=pk).first()
    if p is None:
        raise Http404
    if putaran_list(user=user).filter(pk=putaran_pk).exists():
        return p
    if scope.boleh(user, Aksi.KIM_INTERNAL, kim_id=p.kim_id):
        return p
    raise Http404


def rincian(peserta: Peserta, *, juri=None) -> list[dict]:
    """The breakdown per dimension and indicator: automatic values as computed, jurors' scores
    averaged, each indicator's 0..100 score (three queries)."""
    from .services import skor_indikator
    nilai = {int(k): v for k, v in (peserta.rincian or {}).get("n", {}).items()}
    skor_juri: dict[int, list[NilaiJuri]] = {}
    for n in NilaiJuri.objects.filter(peserta=peserta).select_related("juri"):
        skor_juri.setdefault(n.indikator_id, []).append(n)
    for ind_id, semua in skor_juri.items():
        nilai[ind_id] = sum(n.skor for n in semua) / len(semua)
    hasil = []
    skor_d = (peserta.rincian or {}).get("d", {})
    for d in skema_struktur(peserta.putaran.skema):
        baris = []
        for i in d.indikator.all():
            semua = skor_juri.get(i.pk, [])
            v = nilai.get(i.pk)
            baris.append({"indikator": i, "nilai": v, "skor": skor_indikator(i, v) if v is not None else None,
                          "juri": semua, "skor_saya": next((n for n in semua if juri and n.juri_id == juri.pk), None)})
        hasil.append({"dimensi": d, "skor": skor_d.get(str(d.pk)), "baris": baris})
    return hasil


def riwayat_kim(*, user, kim_id: int) -> QuerySet[Peserta]:
    """A KIM's results across rounds (newest first), those the user may see."""
    putaran_ids = putaran_list(user=user).values("pk")
    qs = Peserta.objects.filter(kim_id=kim_id, putaran__dihitung__isnull=False).select_related("putaran")
    if not scope.boleh(user, Aksi.KIM_INTERNAL, kim_id=kim_id):
        qs = qs.filter(putaran_id__in=putaran_ids)
    return qs.order_by("-putaran__sampai", "-putaran_id")
