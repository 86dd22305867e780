from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenilaianConfig(AppConfig):
    name = "simpul.penilaian"
    label = "penilaian"
    verbose_name = _("penilaian")
