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
from .lifecycle import pairs_complete_for_program, pairs_resume_due
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
    """Expire overdue proposals, send the reminders that are due, resume pairs whose pause ended."""
    pairs_expire_overdue()
    pairs_remind_due()
    pairs_resume_due()


@task()
def complete_program_pairs(program_id: int) -> None:
    """The program closed: complete its active pairs (a second run finds none left)."""
    pairs_complete_for_program(program_id=program_id)
