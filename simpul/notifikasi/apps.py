from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifikasiConfig(AppConfig):
    name = "simpul.notifikasi"
    label = "notifikasi"
    verbose_name = _("notifikasi")

    def ready(self):
        from simpul.core import menu

        from .selectors import boleh_kelola_outbox

        menu.daftar("notifikasi:daftar", _("Notifikasi"), zona=menu.MASUK, urutan=90)
        menu.daftar("notifikasi:gagal", _("Pesan gagal"), zona=menu.MASUK, urutan=95, syarat=boleh_kelola_outbox)
