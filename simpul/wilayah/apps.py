from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WilayahConfig(AppConfig):
    name = "simpul.wilayah"
    label = "wilayah"
    verbose_name = _("wilayah")

    def ready(self):
        from simpul.core import menu

        menu.daftar("wilayah:daftar", _("Wilayah"), zona=menu.PUBLIK, urutan=70)
