"""Background work of meetings, safe to run twice.

``sweep_meetings`` is periodic: django-crontask's scheduler enqueues it every five minutes and
the task worker runs it. Each reminder is claimed by a conditional update, so a second run (or a
second worker) finds nothing left to send.
"""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from .services import meetings_remind_due


@cron("*/5 * * * *", sentry_monitor_config=None)
@task()
def sweep_meetings() -> None:
    """Send the meeting reminders that are due."""
    meetings_remind_due()
