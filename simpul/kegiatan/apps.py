from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KegiatanConfig(AppConfig):
    name = "simpul.kegiatan"
    label = "kegiatan"
    verbose_name = _("kegiatan")

    def ready(self) -> None:
        from simpul.core import menu

        menu.daftar("kegiatan:beranda", _("Kegiatan KIM"), zona=menu.MASUK, urutan=42)
