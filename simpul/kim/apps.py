from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KimConfig(AppConfig):
    name = "simpul.kim"
    label = "kim"
    verbose_name = _("kim")

    def ready(self):
        from simpul.core import menu

        menu.daftar("kim:direktori", _("Direktori KIM"), zona=menu.PUBLIK, urutan=10)
        menu.daftar("kim:kelola", _("KIM"), zona=menu.MASUK, urutan=10)
