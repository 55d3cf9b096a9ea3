"""Background work of check-ins, safe to run twice.

``sweep_checkins`` is periodic: django-crontask's scheduler enqueues it every hour and the task
worker runs it. Check-ins are unique per pair, person and due date, and each is claimed by a
conditional update before it is announced, so a second run creates and sends nothing.
"""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from .services import checkins_sweep


@cron("17 * * * *", sentry_monitor_config=None)
@task()
def sweep_checkins() -> None:
    """Create and send the check-ins that are due."""
    checkins_sweep()
