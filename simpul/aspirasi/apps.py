from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AspirasiConfig(AppConfig):
    name = "simpul.aspirasi"
    label = "aspirasi"
    verbose_name = _("aspirasi")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from simpul.core import menu

        from .kalender import lupakan_libur
        from .models import HariLibur

        # The holiday table is cached (kalender._tabel_libur): any write forgets it.
        post_save.connect(lupakan_libur, sender=HariLibur, dispatch_uid="aspirasi.libur.simpan")
        post_delete.connect(lupakan_libur, sender=HariLibur, dispatch_uid="aspirasi.libur.hapus")

        menu.daftar("aspirasi:kirim", _("Sampaikan aspirasi"), zona=menu.PUBLIK, urutan=30)
        menu.daftar("aspirasi:kelola", _("Aspirasi"), zona=menu.MASUK, urutan=30)

        def _kantor(user):
            from .pengaturan import adalah_kantor

            return adalah_kantor(user)

        menu.daftar("aspirasi:pengaturan", _("Pengaturan aspirasi"), zona=menu.MASUK, urutan=31, syarat=_kantor)
