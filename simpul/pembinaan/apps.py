from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _kantor(user) -> bool:
    from simpul.core import scope
    from simpul.core.peran import Aksi

    return not scope.lingkup(user, Aksi.PEMBINAAN_KELOLA).kosong


class PembinaanConfig(AppConfig):
    name = "simpul.pembinaan"
    label = "pembinaan"
    verbose_name = _("pembinaan")

    def ready(self) -> None:
        from simpul.core import menu

        menu.daftar("pembinaan:beranda", _("Pelatihan & sosialisasi"), zona=menu.MASUK, urutan=60)
        menu.daftar("pembinaan:kelola", _("Kelola pembinaan"), zona=menu.MASUK, urutan=61, syarat=_kantor)
