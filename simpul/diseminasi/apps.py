from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _kim(user) -> bool:
    from simpul.core import scope
    from simpul.core.peran import Aksi

    return bool(scope.lingkup(user, Aksi.DISEMINASI_LAPOR).kim_ids)


def _kantor(user) -> bool:
    from simpul.core import scope
    from simpul.core.peran import Aksi

    return not scope.lingkup(user, Aksi.DISEMINASI_KELOLA).kosong


class DiseminasiConfig(AppConfig):
    name = "simpul.diseminasi"
    label = "diseminasi"
    verbose_name = _("diseminasi")

    def ready(self):
        from simpul.core import menu
        from simpul.kim.signals import kim_aktif

        from .signals import saat_kim_aktif

        kim_aktif.connect(saat_kim_aktif, dispatch_uid="diseminasi.saat_kim_aktif")

        menu.daftar("diseminasi:kotak_masuk", _("Kotak diseminasi"), zona=menu.MASUK, urutan=30, syarat=_kim)
        menu.daftar("diseminasi:kampanye_daftar", _("Kampanye diseminasi"), zona=menu.MASUK, urutan=31,
                    syarat=_kantor)
