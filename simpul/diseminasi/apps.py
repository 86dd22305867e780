from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiseminasiConfig(AppConfig):
    name = "simpul.diseminasi"
    label = "diseminasi"
    verbose_name = _("diseminasi")
