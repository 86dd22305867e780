"""Reads of the facility register, every one through the scope engine.

Who sees what: offices see the facilities of their subtree (``Aksi.LIHAT`` or
``Aksi.FASILITAS_KELOLA``), KIM members their own KIM's (``Aksi.KIM_INTERNAL``). The public sees
nothing (costs and locations are internal).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from simpul.core import scope
from simpul.core.kode import subtree_q
from simpul.core.peran import Aksi

from .models import Fasilitas, FasilitasEvent, StatusFasilitas


def _terlihat(user) -> QuerySet[Fasilitas]:
    semua = Fasilitas.objects.all()
    return (scope.for_user(semua, user, Aksi.FASILITAS_KELOLA) | scope.for_user(semua, user, Aksi.LIHAT)
            | scope.for_user(semua, user, Aksi.KIM_INTERNAL))


def boleh_lihat_daftar(user) -> bool:
    return any(not scope.lingkup(user, a).kosong for a in (Aksi.FASILITAS_KELOLA, Aksi.LIHAT, Aksi.KIM_INTERNAL))


def fasilitas_list(*, user, wilayah: str = "", jenis: str = "", status: str = "", kim_id: int | None = None,
                   q: str = "") -> QuerySet[Fasilitas]:
    """The facilities the user may see, filtered, with KIM, desa and kecamatan joined (one query)."""
    qs = _terlihat(user)
    if wilayah:
        qs = qs.filter(subtree_q("kim__desa__kode", wilayah))
    if jenis:
        qs = qs.filter(jenis=jenis)
    if status:
        qs = qs.filter(status=status)
    if kim_id:
        qs = qs.filter(kim_id=kim_id)
    if q:
        qs = qs.filter(Q(nama__icontains=q[:100]) | Q(kim__nama__icontains=q[:100]))
    return qs.select_related("kim__desa__induk").order_by("kim__desa_id", "kim__nama", "jenis", "nama", "id")


def fasilitas_get(*, user, pk) -> Fasilitas:
    """One facility the user may see, or Http404."""
    from django.http import Http404

    try:
        return _terlihat(user).select_related("kim__desa__induk", "dibuat_oleh").get(pk=pk)
    except (Fasilitas.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def riwayat(fasilitas: Fasilitas, batas: int = 50) -> list[FasilitasEvent]:
    return list(FasilitasEvent.objects.filter(fasilitas=fasilitas).select_related("aktor")[:batas])


@dataclass
class Ringkasan:
    jumlah: int = 0
    wifi: int = 0
    wifi_aktif: int = 0
    biaya_bulanan: int = 0
    pengguna_per_bulan: int = 0


def ringkasan(qs: QuerySet[Fasilitas]) -> Ringkasan:
    """Totals over a filtered list (one aggregate query): wifi points, working ones, monthly cost
    and users of the working wifi points."""
    aktif_wifi = Q(jenis="wifi", status=StatusFasilitas.AKTIF)
    agg = qs.order_by().aggregate(
        jumlah=Count("pk"), wifi=Count("pk", filter=Q(jenis="wifi")), wifi_aktif=Count("pk", filter=aktif_wifi),
        biaya=Sum("biaya_bulanan", filter=aktif_wifi), pengguna=Sum("pengguna_per_bulan", filter=aktif_wifi))
    return Ringkasan(jumlah=agg["jumlah"], wifi=agg["wifi"], wifi_aktif=agg["wifi_aktif"],
                     biaya_bulanan=agg["biaya"] or 0, pengguna_per_bulan=agg["pengguna"] or 0)
