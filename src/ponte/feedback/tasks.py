"""Background work of check-ins and risk, safe to run twice.

Both sweeps are periodic: django-crontask's scheduler enqueues them every hour and the task
worker runs them. Check-ins are unique per pair, person and due date, and each is claimed by a
conditional update before it is announced; nudges and risk flags are conditional updates too.
So a second run creates and sends nothing.
"""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from .risk import pairs_check_activity
from .services import checkins_sweep


@cron("17 * * * *", sentry_monitor_config=None)
@task()
def sweep_checkins() -> None:
    """Create and send the check-ins that are due."""
    checkins_sweep()


@cron("41 * * * *", sentry_monitor_config=None)
@task()
def sweep_activity() -> None:
    """Nudge quiet pairs, flag the ones at risk and clear the ones that met again."""
    pairs_check_activity()
