"""The public, read-only JSON API (/api/v1/). Each domain app contributes a router in its
``api.py``; this module only assembles them."""

from ninja import NinjaAPI

from simpul.kim.api import router as kim_router

api = NinjaAPI(
    title="Simpul API",
    version="1",
    description="API terbuka Simpul: wilayah, KIM, dan cakupan. Read-only, JSON.",
    urls_namespace="api",
)

api.add_router("/wilayah", "simpul.wilayah.api.router", tags=["wilayah"])
api.add_router("/kim", kim_router, tags=["kim"])
api.add_router("/cakupan", "simpul.cakupan.api.router", tags=["cakupan"])
