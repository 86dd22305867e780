from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MusyawarahConfig(AppConfig):
    name = "simpul.musyawarah"
    label = "musyawarah"
    verbose_name = _("musyawarah")

    def ready(self) -> None:
        from simpul.core import menu

        menu.daftar("musyawarah:beranda", _("Musyawarah"), zona=menu.MASUK, urutan=40)
        menu.daftar("musyawarah:akuntabilitas", _("Akuntabilitas keputusan"), zona=menu.MASUK, urutan=41)
