from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifikasiConfig(AppConfig):
    name = "simpul.notifikasi"
    label = "notifikasi"
    verbose_name = _("notifikasi")

    def ready(self):
        from simpul.core import menu

        menu.daftar("notifikasi:daftar", _("Notifikasi"), zona=menu.MASUK, urutan=90)
