from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CariConfig(AppConfig):
    name = "simpul.cari"
    label = "cari"
    verbose_name = _("pencarian")

    def ready(self):
        from simpul.core import menu

        menu.daftar("cari:cari", _("Cari"), zona=menu.PUBLIK, urutan=90)
