from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeritaConfig(AppConfig):
    name = "simpul.berita"
    label = "berita"
    verbose_name = _("berita")
