"""Simpul settings. Everything that differs between machines comes from the environment.

Embedded default (no variables set): SQLite in ``var/``, database-backed task worker,
local-memory cache. National scale: ``DATABASE_URL=postgres://...``, ``REDIS_URL=redis://...``.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SIMPUL_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


DEBUG = env_bool("SIMPUL_DEBUG", False)
SECRET_KEY = os.environ.get("SIMPUL_SECRET_KEY", "")
if not SECRET_KEY:
    # Development and tests only; production sets SIMPUL_SECRET_KEY (checked by `check --deploy`).
    SECRET_KEY = "simpul-insecure-dev-key-set-SIMPUL_SECRET_KEY-in-production"
ALLOWED_HOSTS = env_list("SIMPUL_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("SIMPUL_CSRF_TRUSTED_ORIGINS")
# Demo mode: shows a banner and relaxes MFA enrolment so the demo personas can sign in at once.
SIMPUL_DEMO = env_bool("SIMPUL_DEMO", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "ninja",
    "django_tasks_db",
    # Simpul's own apps, one per domain
    "simpul.core",
    "simpul.wilayah",
    "simpul.akun",
    "simpul.kim",
    "simpul.cakupan",
    "simpul.notifikasi",
    "simpul.diseminasi",
    "simpul.aspirasi",
    "simpul.musyawarah",
    "simpul.kegiatan",
    "simpul.berita",
    "simpul.potensi",
    "simpul.cari",
    "simpul.portal",
    "simpul.pembinaan",
    "simpul.fasilitas",
    "simpul.keuangan",
    "simpul.penilaian",
    "simpul.demo",
    "simpul.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "simpul.portal.cache.CacheCepatMiddleware",  # cached anonymous public pages, before the rest (docs/portal.md)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "simpul.core.middleware.BahasaMiddleware",
    "django.middleware.common.CommonMiddleware",
    "simpul.portal.middleware.DomainSitusMiddleware",  # a KIM's or region's own domain (docs/portal.md)
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simpul.akun.middleware.MfaWajibMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "simpul.core.context_processors.simpul",
                "simpul.core.context_processors.menu",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'simpul.sqlite3'}"),
        conn_max_age=int(os.environ.get("SIMPUL_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: Simpul's queries are short and index-driven; when the planner over-estimates one,
    # JIT compilation alone costs ~30 ms (measured on search, docs/cari.md). SIMPUL_PG_OPTIONS
    # adds or overrides server settings (libpq "options" syntax).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = os.environ.get("SIMPUL_PG_OPTIONS", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "simpul.core.cache.RedisCache", "LOCATION": REDIS_URL}}  # one client per pool
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background work (django.tasks) ---------------------------------------------------------
# "db": django-tasks-db worker (embedded default, `manage.py db_worker`);
# "celery": Celery + Redis (national scale, `celery -A config.celery worker -Q default`);
# "immediate": run in-process (tests). docs/decisions/0004-task-backends.md
SIMPUL_TASKS = os.environ.get("SIMPUL_TASKS", "db")
TASKS = {
    "default": {
        "BACKEND": {
            "db": "django_tasks_db.DatabaseBackend",
            "celery": "config.celery.CeleryBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }[SIMPUL_TASKS],
    }
}
CELERY_BROKER_URL = os.environ.get("SIMPUL_CELERY_BROKER_URL", REDIS_URL or "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = os.environ.get("SIMPUL_CELERY_RESULT_BACKEND", CELERY_BROKER_URL)

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "akun.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "beranda"
# (the akun app owns the allauth / axes / MFA section below)
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# One "Email atau nomor HP" field: allauth's own phone login method, with the adapter normalising
# Indonesian numbers to User.telepon (docs/decisions/0002-login-email-atau-telepon.md).
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
# Signup asks for a name, an email and/or a phone (simpul.akun.forms.DaftarForm adds nama and
# telepon), so email is optional here; allauth warns (account.W001) that no login method is
# required, which is intended: the form requires one of the two.
ACCOUNT_SIGNUP_FIELDS = ["email", "password1*", "password2*"]
SILENCED_SYSTEM_CHECKS = ["account.W001"]
ACCOUNT_FORMS = {"login": "simpul.akun.forms.MasukForm", "signup": "simpul.akun.forms.DaftarForm"}
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PHONE_VERIFICATION_ENABLED = False  # no SMS gateway
ACCOUNT_MAX_EMAIL_ADDRESSES = 1  # edited on the profile page, kept equal to User.email
ACCOUNT_ADAPTER = "simpul.akun.adapter.AkunAdapter"
MFA_ADAPTER = "simpul.akun.adapter.MfaAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Simpul"
AXES_FAILURE_LIMIT = int(os.environ.get("SIMPUL_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
# allauth passes email=/phone= to the backends: this normalises whichever was typed.
AXES_USERNAME_CALLABLE = "simpul.akun.kunci.username_axes"
AXES_LOCKOUT_TEMPLATE = "akun/terkunci.html"
# Per-IP limits on sign-in and signup (allauth). The per-account lockout is django-axes' job, so
# allauth's per-account limit sits above it (it still bounds MFA code guessing per account).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": f"20/m/ip,{max(10, 2 * AXES_FAILURE_LIMIT)}/5m/key",
    "signup": "10/m/ip,60/h/ip",
}
SIMPUL_MFA_WAJIB = env_bool("SIMPUL_MFA_WAJIB", not SIMPUL_DEMO)

# --- Email (Django 6.1 MAILERS) -------------------------------------------------------------
_EMAIL_BACKEND = os.environ.get(
    "SIMPUL_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
_SMTP_OPTIONS = {
    "host": os.environ.get("SIMPUL_EMAIL_HOST", "127.0.0.1"),
    "port": int(os.environ.get("SIMPUL_EMAIL_PORT", "25")),
    "username": os.environ.get("SIMPUL_EMAIL_USER", ""),
    "password": os.environ.get("SIMPUL_EMAIL_PASSWORD", ""),
    "use_tls": env_bool("SIMPUL_EMAIL_TLS", False),
    "timeout": 20,
}
MAILERS = {
    "default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _SMTP_OPTIONS if _EMAIL_BACKEND.endswith("smtp.EmailBackend") else {}},
}
DEFAULT_FROM_EMAIL = os.environ.get("SIMPUL_FROM_EMAIL", "Simpul <noreply@simpul.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Notification channels (simpul.notifikasi, docs/notifikasi.md) -------------------------
# A channel without its token/URL is off. Base URLs are settable so tests use 127.0.0.1.
SIMPUL_WHATSAPP = {
    "BASE_URL": os.environ.get("SIMPUL_WA_BASE_URL", "https://graph.facebook.com"),
    "VERSION": os.environ.get("SIMPUL_WA_VERSION", "v21.0"),
    "PHONE_NUMBER_ID": os.environ.get("SIMPUL_WA_PHONE_NUMBER_ID", ""),
    "TOKEN": os.environ.get("SIMPUL_WA_TOKEN", ""),
    "TEMPLATE": os.environ.get("SIMPUL_WA_TEMPLATE", ""),  # approved template for out-of-window sends
    "TEMPLATE_LANG": os.environ.get("SIMPUL_WA_TEMPLATE_LANG", "id"),
}
SIMPUL_TELEGRAM = {
    "BASE_URL": os.environ.get("SIMPUL_TELEGRAM_BASE_URL", "https://api.telegram.org"),
    "TOKEN": os.environ.get("SIMPUL_TELEGRAM_TOKEN", ""),
}
SIMPUL_SMS = {
    "URL": os.environ.get("SIMPUL_SMS_URL", ""),
    "METHOD": os.environ.get("SIMPUL_SMS_METHOD", "POST"),
    "FORMAT": os.environ.get("SIMPUL_SMS_FORMAT", "form"),  # form | json
    "PARAM_TO": os.environ.get("SIMPUL_SMS_PARAM_TO", "to"),
    "PARAM_TEXT": os.environ.get("SIMPUL_SMS_PARAM_TEXT", "text"),
    "PARAM_REF": os.environ.get("SIMPUL_SMS_PARAM_REF", ""),
    "IDEMPOTEN": env_bool("SIMPUL_SMS_IDEMPOTEN", False),  # the gateway drops repeats of PARAM_REF
    "NOMOR": os.environ.get("SIMPUL_SMS_NOMOR", "e164"),  # e164 (+62...) | digit (62...) | lokal (08...)
    # fixed parameters, e.g. "user=simpul&key=..." (an API key the gateway wants)
    "EXTRA": dict(p.split("=", 1) for p in os.environ.get("SIMPUL_SMS_EXTRA", "").split("&") if "=" in p),
    "AUTH_HEADER": os.environ.get("SIMPUL_SMS_AUTH_HEADER", ""),
    "RESP_ID": os.environ.get("SIMPUL_SMS_RESP_ID", ""),
}
SIMPUL_RINGKASAN_JAM = int(os.environ.get("SIMPUL_RINGKASAN_JAM", "7"))  # daily digest, local hour

# --- I18N -----------------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("SIMPUL_MEDIA_ROOT", VAR_DIR / "media"))
# Private uploads (KIM decrees, founding minutes): outside MEDIA_ROOT, never under a public URL;
# served only by views that check the scope engine.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("SIMPUL_PRIVATE_MEDIA_ROOT", VAR_DIR / "privat"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "privat": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/privat-tidak-dilayani/"},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not env_bool("SIMPUL_PLAIN_STATIC", DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = 3600
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security -------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *env_list("SIMPUL_CSP_IMG_EXTRA")],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SIMPUL_HTTPS", False)
CSRF_COOKIE_SECURE = env_bool("SIMPUL_HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SIMPUL_HTTPS", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SIMPUL_BEHIND_PROXY") else None
# Client address for API throttling: trust X-Forwarded-For only behind our own proxy.
NINJA_NUM_PROXIES = 1 if env_bool("SIMPUL_BEHIND_PROXY") else 0
SECURE_HSTS_SECONDS = 31536000 if env_bool("SIMPUL_HTTPS", False) else 0

# --- Simpul ---------------------------------------------------------------------------------
# Tile URL for the interactive map. No tile server is reachable offline; with an empty value the
# map shows our own region points on a plain background.
SIMPUL_MAP_TILE_URL = os.environ.get("SIMPUL_MAP_TILE_URL", "")
SIMPUL_MAP_TILE_ATTRIBUTION = os.environ.get("SIMPUL_MAP_TILE_ATTRIBUTION", "")
if SIMPUL_MAP_TILE_URL:
    from urllib.parse import urlsplit

    _tiles = urlsplit(SIMPUL_MAP_TILE_URL.replace("{s}", "a"))
    SECURE_CSP["img-src"].append(f"{_tiles.scheme}://*.{_tiles.hostname.split('.', 1)[-1]}")
    SECURE_CSP["img-src"].append(f"{_tiles.scheme}://{_tiles.hostname}")
SIMPUL_SK_MAX_BYTES = int(os.environ.get("SIMPUL_SK_MAX_BYTES", str(5 * 1024 * 1024)))
SIMPUL_SK_REMINDER_DAYS = [60, 30, 7]
SIMPUL_SITE_URL = os.environ.get("SIMPUL_SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SIMPUL_LOG_LEVEL", "WARNING")},
}
