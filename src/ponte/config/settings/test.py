"""Hermetic, fast test settings."""

from .base import *  # noqa: F403
from .base import DATA_DIR

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"
# Hashing cost is not what the tests check; Argon2 is exercised in its own test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests build their data and read it at once: figures computed on every request.
REPORTS_CACHE_SECONDS = 0
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = DATA_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "library": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

# Serve static files straight from the apps: no collectstatic step for development or tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
