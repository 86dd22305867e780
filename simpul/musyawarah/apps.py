from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MusyawarahConfig(AppConfig):
    name = "simpul.musyawarah"
    label = "musyawarah"
    verbose_name = _("musyawarah")
