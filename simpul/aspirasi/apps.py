from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AspirasiConfig(AppConfig):
    name = "simpul.aspirasi"
    label = "aspirasi"
    verbose_name = _("aspirasi")

    def ready(self):
        from simpul.core import menu

        menu.daftar("aspirasi:kirim", _("Sampaikan aspirasi"), zona=menu.PUBLIK, urutan=30)
        menu.daftar("aspirasi:kelola", _("Aspirasi"), zona=menu.MASUK, urutan=30)

        def _kantor(user):
            from .pengaturan import adalah_kantor

            return adalah_kantor(user)

        menu.daftar("aspirasi:pengaturan", _("Pengaturan aspirasi"), zona=menu.MASUK, urutan=31, syarat=_kantor)
