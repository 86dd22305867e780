from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AkunConfig(AppConfig):
    name = "simpul.akun"
    label = "akun"
    verbose_name = _("akun")

    def ready(self):
        from simpul.core import menu

        menu.daftar("akun:profil", _("Akun"), zona=menu.MASUK, urutan=95)
