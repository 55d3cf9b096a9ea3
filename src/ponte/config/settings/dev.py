"""Local development and the demo: DEBUG on, emails to the console, SQLite by default."""

from ponte.config.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
