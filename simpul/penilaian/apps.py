from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _kantor(user) -> bool:
    """Offices only (read from the cached grants: no query). Jurors open their rounds at /penilaian/."""
    from simpul.core import scope
    from simpul.core.peran import Aksi

    return not scope.lingkup(user, Aksi.PENILAIAN_KELOLA).kosong


class PenilaianConfig(AppConfig):
    name = "simpul.penilaian"
    label = "penilaian"
    verbose_name = _("penilaian")

    def ready(self) -> None:
        from simpul.core import menu

        menu.daftar("penilaian:daftar", _("Penilaian"), zona=menu.MASUK, urutan=70, syarat=_kantor)
