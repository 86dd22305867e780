"""The public JSON API (/api/v1/). Each domain app contributes a ``router`` in its ``api.py``;
this module only assembles them, mounted at ``/api/v1/<app label>/``, in INSTALLED_APPS order."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from ninja import NinjaAPI

api = NinjaAPI(
    title="Simpul API",
    version="1",
    description="API terbuka Simpul: wilayah, KIM, cakupan, dan domain lain. JSON.",
    urls_namespace="api",
)

for config in apps.get_app_configs():
    if not config.name.startswith("simpul.") or find_spec(f"{config.name}.api") is None:
        continue
    modul = import_module(f"{config.name}.api")
    if getattr(modul, "router", None) is not None:
        api.add_router(f"/{config.label}", modul.router, tags=[config.label])
