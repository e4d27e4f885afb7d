"""Boucle's one settings module, configured by environment variables.

Every variable is read through a small typed helper that refuses a bad value with a message
naming the variable. `BOUCLE_ENV` picks the defaults: `development` (the default: debug on,
SQLite under the data directory, e-mails printed to the console) or `production` (debug off;
refuses to start without `BOUCLE_SECRET_KEY` and `BOUCLE_ALLOWED_HOSTS`).

Test speed-ups (fast hasher, immediate tasks, in-memory e-mail) live in `tests/conftest.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use 1/0, true/false, yes/no.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
BOUCLE_ENV = env_str("BOUCLE_ENV", "development")
if BOUCLE_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"BOUCLE_ENV={BOUCLE_ENV!r} is unknown: use 'development' or 'production'."
    )
PRODUCTION = BOUCLE_ENV == "production"

DATA_DIR = Path(env_str("BOUCLE_DATA_DIR", str(Path.cwd() / "var"))).resolve()

if PRODUCTION:
    SECRET_KEY = env_str("BOUCLE_SECRET_KEY")
    ALLOWED_HOSTS = env_list("BOUCLE_ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "BOUCLE_ALLOWED_HOSTS must list the host names Boucle answers to in production."
        )
    DEBUG = env_bool("BOUCLE_DEBUG", False)
else:
    # A fixed key is fine outside production: it signs nothing anyone relies on.
    SECRET_KEY = env_str(
        "BOUCLE_SECRET_KEY", "development-only-key-not-for-production-use-0123456789"
    )
    ALLOWED_HOSTS = env_list("BOUCLE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
    DEBUG = env_bool("BOUCLE_DEBUG", True)

SITE_URL = env_str("BOUCLE_SITE_URL", "http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env_list("BOUCLE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "boucle.core",
    "boucle.geo",
    "boucle.accounts",
    "boucle.audit",
    "boucle.territory",
    "boucle.marketplace",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "template_partials",
    "csp",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "boucle.accounts.middleware.ActingOrganisationMiddleware",
]

ROOT_URLCONF = "boucle.urls"
WSGI_APPLICATION = "boucle.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "boucle.accounts.context_processors.acting_organisation",
            ],
        },
    }
]

# Database: SQLite under the data directory unless DATABASE_URL says otherwise.
_database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'boucle.sqlite3'}"
# Each web process keeps its connection this many seconds (0: one per request) and checks it
# before reusing it: opening one costs more than a whole search on SQLite (pragmas, schema).
DATABASES = {
    "default": dj_database_url.parse(
        _database_url,
        conn_max_age=env_int("BOUCLE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis_url = os.environ.get("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"

# django-allauth: e-mail is the login; an address must be verified before the person acts.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = False  # signup names a duplicate e-mail, as the issue asks
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Boucle] "
# Login throttling: allauth counts failures in the cache, per IP and per account.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Background work: Django 6's tasks API through its backport, queued in the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

EMAIL_BACKEND = env_str(
    "BOUCLE_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("BOUCLE_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("BOUCLE_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("BOUCLE_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("BOUCLE_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("BOUCLE_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("BOUCLE_FROM_EMAIL", "Boucle <no-reply@boucle.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# How long an invitation to join an organisation stays valid.
BOUCLE_INVITATION_DAYS = env_int("BOUCLE_INVITATION_DAYS", 7)

# How long a placed order holds its units while the seller has not accepted it; then the
# reservation expires and the units return to the lot.
ORDER_RESERVATION_HOURS = env_int("BOUCLE_ORDER_RESERVATION_HOURS", 72)

# Content Security Policy: every asset is served by Boucle itself; inline scripts need a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # csp's NONCE sentinel, not the string "'nonce'" (which browsers reject as invalid):
        # the middleware swaps it for this response's nonce, or drops it when none was used.
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("BOUCLE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("BOUCLE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "boucle.core.logging.StderrHandler"}},
    "root": {"handlers": ["console"], "level": env_str("BOUCLE_LOG_LEVEL", "INFO")},
}
