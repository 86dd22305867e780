"""Test settings: the real settings, with in-process tasks and a fast password hasher.

The database comes from DATABASE_URL as everywhere (SQLite by default, PostgreSQL in CI).
"""

import os
import tempfile

os.environ.setdefault("SIMPUL_TASKS", "immediate")

from .settings import *  # noqa: E402,F403
from .settings import CACHES, REDIS_URL, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="simpul-test-media-")
STORAGES["privat"] = {**STORAGES["privat"], "OPTIONS": {
    **STORAGES["privat"]["OPTIONS"], "location": tempfile.mkdtemp(prefix="simpul-test-privat-")}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SIMPUL_MFA_WAJIB = True
SIMPUL_DEMO = False

# Parallel test workers (pytest-xdist) must not share cache state (rate limits, throttles):
# each gets its own Redis database, so a per-test cache.clear() only touches its own.
if REDIS_URL:
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    _db = 1 + int(_worker[2:]) if _worker[2:].isdigit() else 1
    CACHES = {"default": {**CACHES["default"], "LOCATION": REDIS_URL.rsplit("/", 1)[0] + f"/{_db}"}}

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 (whitenoise warns when it is missing)
