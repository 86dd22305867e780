from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeuanganConfig(AppConfig):
    name = "simpul.keuangan"
    label = "keuangan"
    verbose_name = _("keuangan")

    def ready(self) -> None:
        from simpul.core import menu

        menu.daftar("keuangan:daftar", _("Buku kas"), zona=menu.MASUK, urutan=60)
