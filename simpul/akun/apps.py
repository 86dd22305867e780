from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AkunConfig(AppConfig):
    name = "simpul.akun"
    label = "akun"
    verbose_name = _("akun")
