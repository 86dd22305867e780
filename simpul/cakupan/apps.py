from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CakupanConfig(AppConfig):
    name = "simpul.cakupan"
    label = "cakupan"
    verbose_name = _("cakupan")

    def ready(self):
        from simpul.core import menu

        menu.daftar("cakupan:nasional", _("Cakupan"), zona=menu.PUBLIK, urutan=60)
