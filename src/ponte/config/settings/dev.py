"""Local development and the demo: DEBUG on, emails to the console, SQLite by default."""

from ponte.config.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)

# Serve static files straight from the apps: no collectstatic step for development or tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
