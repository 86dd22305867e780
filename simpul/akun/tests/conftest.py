import uuid

import pytest


@pytest.fixture(autouse=True)
def cache_terpisah(settings):
    """Each test gets its own empty cache: allauth's rate limits and used-TOTP-code marks live
    there, and on the PostgreSQL + Redis run the shared Redis would carry them across tests
    (and across other people's runs)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"akun-{uuid.uuid4()}"}}
