from django.db.models import Q

from simpul.core.peran import Jabatan

from .models import Anggota, Pengurus, StatusKim


def jabatan_aktif_user(user) -> list[tuple[int, str]]:
    """(kim_id, position) for the user's live memberships. Used by the scope engine.

    Every active member holds "anggota"; officers also hold their position while in office.
    Memberships of rejected KIMs grant nothing.
    """
    hidup = ~Q(kim__status=StatusKim.DITOLAK)
    rows: list[tuple[int, str]] = [
        (kim_id, Jabatan.ANGGOTA)
        for kim_id in Anggota.objects.filter(hidup, user=user, aktif=True).values_list("kim_id", flat=True)
    ]
    rows += list(
        Pengurus.objects.filter(hidup, anggota__user=user, anggota__aktif=True, diberhentikan__isnull=True)
        .values_list("kim_id", "jabatan")
    )
    return rows
