from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CariConfig(AppConfig):
    name = "simpul.cari"
    label = "cari"
    verbose_name = _("pencarian")
