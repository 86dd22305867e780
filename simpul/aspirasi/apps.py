from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AspirasiConfig(AppConfig):
    name = "simpul.aspirasi"
    label = "aspirasi"
    verbose_name = _("aspirasi")
