"""Background work of pairs. Tasks take ids (or nothing), reload, and are safe to run twice.

``sweep_pairs`` is periodic: django-crontask's scheduler (``ponte manage crontask``) enqueues it
every five minutes and the task worker runs it; ``ponte manage pairs_sweep`` runs the same sweep
once, for a plain cron line or by hand.
"""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from ponte.programs.models import Program

from . import publishing
from .services import pairs_expire_overdue, pairs_remind_due


@task()
def rematch_program(program_id: int) -> None:
    """Propose new partners to the program's people left without one (accepted pairs stay fixed)."""
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        return
    publishing.rematch_and_publish(program=program)


@cron("*/5 * * * *", sentry_monitor_config=None)
@task()
def sweep_pairs() -> None:
    """Expire overdue proposals and send the reminders that are due."""
    pairs_expire_overdue()
    pairs_remind_due()
