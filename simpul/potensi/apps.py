from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PotensiConfig(AppConfig):
    name = "simpul.potensi"
    label = "potensi"
    verbose_name = _("potensi")
