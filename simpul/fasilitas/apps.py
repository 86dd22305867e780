from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _boleh(user) -> bool:
    from .selectors import boleh_lihat_daftar

    return boleh_lihat_daftar(user)


class FasilitasConfig(AppConfig):
    name = "simpul.fasilitas"
    label = "fasilitas"
    verbose_name = _("fasilitas")

    def ready(self) -> None:
        from simpul.core import menu

        menu.daftar("fasilitas:daftar", _("Fasilitas"), zona=menu.MASUK, urutan=65, syarat=_boleh)
