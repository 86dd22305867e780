from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "simpul.core"
    label = "core"
    verbose_name = "Simpul"
