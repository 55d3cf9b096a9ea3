"""Production: refuses to start with unsafe configuration."""

from django.core.exceptions import ImproperlyConfigured

from ponte.config.env import env_bool, env_int

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DEBUG, SECRET_KEY, mailers_from_env

_WEAK_KEY_MARKERS = ("insecure", "changeme", "secret", "django")


def _check_secret_key(key: str) -> None:
    if len(key) < 50 or len(set(key)) < 10 or any(marker in key.lower() for marker in _WEAK_KEY_MARKERS):
        raise ImproperlyConfigured(
            "SECRET_KEY is weak: use at least 50 random characters "
            '(python -c "import secrets; print(secrets.token_urlsafe(64))").'
        )


if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")
_check_secret_key(SECRET_KEY)
if not ALLOWED_HOSTS or any(host in {"*", ".*"} or host.startswith("*") for host in ALLOWED_HOSTS):
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the real host names; wildcards are refused.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
MAILERS = mailers_from_env("smtp")
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
