"""Settings shared by every environment. Environment-specific modules import from here."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ponte.config.env import env_bool, env_choice, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
# Runtime state (SQLite file, uploads, email files) lives outside the package, in the checkout's
# var/ folder unless PONTE_DATA_DIR points elsewhere.
DATA_DIR = Path(env_str("PONTE_DATA_DIR", str(PACKAGE_DIR.parent.parent / "var"))).resolve()

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "crontask",
    "allauth",
    "allauth.account",
    "ponte.core",
    "ponte.accounts",
    "ponte.organizations",
    "ponte.skills",
    "ponte.people",
    "ponte.programs",
    "ponte.matching",
    "ponte.pairs",
    "ponte.meetings",
    "ponte.feedback",
    "ponte.library",
    "ponte.notifications",
    "ponte.reports",
    "ponte.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ponte.organizations.middleware.TenantMiddleware",
    "ponte.people.middleware.UserPreferencesMiddleware",
]

ROOT_URLCONF = "ponte.config.urls"
WSGI_APPLICATION = "ponte.config.wsgi.application"
ASGI_APPLICATION = "ponte.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ponte.notifications.context_processors.notifications",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0))}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "ponte.sqlite3"),
            "OPTIONS": {
                # WAL lets readers proceed while the worker writes; IMMEDIATE takes the write lock at
                # BEGIN so two writers queue on busy_timeout instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
                    "PRAGMA foreign_keys=ON; PRAGMA cache_size=-64000;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "reports:home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: email is the login, nobody signs up on their own (people are imported or
# invited by their organisation), failed logins are rate limited, never locked out for good.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "ponte.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "reset_password": "5/5m/ip,3/5m/key",
}
ACCOUNT_PREVENT_ENUMERATION = True

LANGUAGE_CODE = "it"
FORMAT_MODULE_PATH = ["ponte.formats"]
LANGUAGES = [("it", _("Italian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "it")
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT: Path | None = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded files are private: no MEDIA_URL is served; downloads go through authorised views.
MEDIA_URL = "/media-not-served/"


def library_storage_from_env(location: Path, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The storage of pills' media: a private folder by default, an S3-compatible bucket on request.

    PONTE_LIBRARY_STORAGE=s3 needs PONTE_S3_BUCKET; PONTE_S3_ENDPOINT_URL (MinIO, Ceph, another
    cloud), PONTE_S3_REGION, PONTE_S3_ACCESS_KEY_ID + PONTE_S3_SECRET_ACCESS_KEY (both or neither:
    without them boto3 uses its own chain, e.g. an instance role) and PONTE_S3_ADDRESSING_STYLE are
    optional. Objects are private and never get a public URL: views redirect to links signed for
    PONTE_S3_URL_EXPIRE seconds. Checksums only "when_required", because most S3-compatible
    servers refuse the CRC headers newer boto3 releases send by default.
    """
    backend = env_choice("PONTE_LIBRARY_STORAGE", ("filesystem", "s3"), "filesystem", environ=environ)
    if backend == "filesystem":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": "/media-not-served/library/"},
        }
    from botocore.config import Config

    bucket = env_str("PONTE_S3_BUCKET", environ=environ)
    if not bucket:
        raise ImproperlyConfigured("PONTE_LIBRARY_STORAGE=s3 needs PONTE_S3_BUCKET, the bucket's name.")
    endpoint = env_str("PONTE_S3_ENDPOINT_URL", environ=environ)
    if endpoint and urlsplit(endpoint).scheme not in {"http", "https"}:
        raise ImproperlyConfigured(f"PONTE_S3_ENDPOINT_URL must start with https:// or http://, got {endpoint!r}.")
    access_key = env_str("PONTE_S3_ACCESS_KEY_ID", environ=environ)
    secret_key = env_str("PONTE_S3_SECRET_ACCESS_KEY", environ=environ)
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured("Set both PONTE_S3_ACCESS_KEY_ID and PONTE_S3_SECRET_ACCESS_KEY, or neither.")
    addressing = env_choice("PONTE_S3_ADDRESSING_STYLE", ("auto", "path", "virtual"), "auto", environ=environ)
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint or None,
            "region_name": env_str("PONTE_S3_REGION", environ=environ) or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("PONTE_S3_URL_EXPIRE", 300, minimum=10, maximum=3600, environ=environ),
            "file_overwrite": False,
            "custom_domain": None,
            "client_config": Config(
                signature_version="s3v4",
                s3={"addressing_style": addressing},
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Experience pills' media, thumbnails and captions: private, served by library.player_views.
    "library": library_storage_from_env(MEDIA_ROOT / "library"),
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PONTE_IMPORT_MAX_BYTES = env_int("PONTE_IMPORT_MAX_BYTES", 50 * 1024 * 1024, minimum=1024)


def library_limits_from_env(environ: Mapping[str, str] | None = None) -> dict[str, int]:
    """The largest pill file of each kind, in bytes, from PONTE_LIBRARY_MAX_<KIND>_MB."""
    defaults = (("video", 200), ("audio", 50), ("image", 10), ("pdf", 20), ("captions", 1))
    return {
        kind: env_int(f"PONTE_LIBRARY_MAX_{kind.upper()}_MB", megabytes, minimum=1, maximum=10240, environ=environ)
        * 1024
        * 1024
        for kind, megabytes in defaults
    }


# Experience pills: the largest file of each kind (library.media checks them, declared size first).
PONTE_LIBRARY_MAX_BYTES = library_limits_from_env()
# Pictures larger than this are refused before they are decoded (a "decompression bomb").
PONTE_LIBRARY_MAX_MEGAPIXELS = env_int("PONTE_LIBRARY_MAX_MEGAPIXELS", 40, minimum=1, maximum=200)

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}


def mailers_from_env(default_backend: str) -> dict[str, dict[str, object]]:
    """Email delivery from EMAIL_* variables: console by default, a file folder, or SMTP."""
    backend = env_choice("EMAIL_BACKEND", ("console", "file", "smtp"), default_backend)
    options: dict[str, object] = {  # type: ignore[assignment]
        "console": {},
        "file": {"file_path": str(DATA_DIR / "mail")},
        "smtp": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 587, minimum=1, maximum=65535),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            "timeout": env_int("EMAIL_TIMEOUT", 20, minimum=1),
        },
    }[backend]
    module = "filebased" if backend == "file" else backend
    return {"default": {"BACKEND": f"django.core.mail.backends.{module}.EmailBackend", "OPTIONS": options}}


MAILERS = mailers_from_env("console")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Ponte <ponte@localhost>")
PONTE_BASE_URL = env_str("PONTE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
PONTE_INVITATION_DAYS = env_int("PONTE_INVITATION_DAYS", 14, minimum=1, maximum=90)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How long a dashboard's figures are kept (seconds; 0 computes them on every request). Months of
# history do not change by the minute, and for 10,000 participants they take seconds to compute.
REPORTS_CACHE_SECONDS = env_int("REPORTS_CACHE_SECONDS", 300, minimum=0)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Strict CSP: no inline script or style anywhere; htmx gets the nonce through {% htmx_script %}.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # blob: plays back a recording made in the browser before it is uploaded.
    "media-src": [CSP.SELF, "blob:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every layout step at INFO: one PDF would fill the log.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
