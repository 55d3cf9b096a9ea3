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

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file rather than Django's shared in-memory database: the browser tests' live server
    # answers several requests at once (a video's range requests beside the page), and threads
    # sharing one in-memory connection roll back one another's writes — a session vanished.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-ponte.sqlite3")}  # noqa: F405
