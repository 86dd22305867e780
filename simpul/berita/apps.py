from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeritaConfig(AppConfig):
    name = "simpul.berita"
    label = "berita"
    verbose_name = _("berita")

    def ready(self):
        from simpul.core import menu

        menu.daftar("berita:daftar", _("Berita"), zona=menu.PUBLIK, urutan=5)
        menu.daftar("berita:kelola", _("Berita"), zona=menu.MASUK, urutan=40)
