from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PotensiConfig(AppConfig):
    name = "simpul.potensi"
    label = "potensi"
    verbose_name = _("potensi")

    def ready(self):
        from simpul.core import menu

        menu.daftar("potensi:katalog", _("Potensi lokal"), zona=menu.PUBLIK, urutan=30)
        menu.daftar("potensi:kelola", _("Potensi lokal"), zona=menu.MASUK, urutan=30)
