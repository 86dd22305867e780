from .models import Penugasan


def penugasan_aktif_user(user) -> list[tuple[str, str | None]]:
    """(role, region code) of the user's active grants. Used by the scope engine."""
    return list(Penugasan.objects.aktif().filter(user=user).values_list("peran", "wilayah_id"))
