from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WilayahConfig(AppConfig):
    name = "simpul.wilayah"
    label = "wilayah"
    verbose_name = _("wilayah")
