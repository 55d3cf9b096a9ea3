"""Writes of check-ins: scheduling and sending them, answering, and logging managers' reads.

Scheduling: each person of an active pair gets a check-in ``checkin_first_days`` after the pair
started, then one every ``checkin_every_days``. A sweep creates only the latest one that is due
(a pair that started long ago is not flooded with past check-ins), and the unique (pair,
person, due date) plus a conditional update make a second run create and send nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.accounts.models import User
from ponte.core.errors import DomainError
from ponte.organizations.models import Organization
from ponte.pairs.models import Pair, PairStatus
from ponte.people.models import Person
from ponte.programs.models import Program

from . import events
from .models import AuditLog, CheckIn

AUDIT_READ_CHECKIN = "read_checkin_answer"
AUDIT_READ_PAIR_NOTE = "read_pair_note"


def checkin_due_dates(program: Program, started_on: date, *, until: date) -> list[date]:
    """Every check-in date of a pair that started on ``started_on``, up to ``until`` included."""
    first = started_on + timedelta(days=program.checkin_first_days)
    every = timedelta(days=max(1, program.checkin_every_days))
    dates: list[date] = []
    due = first
    while due <= until:
        dates.append(due)
        due += every
    return dates


def _latest_due(pair: Pair, today: date) -> date | None:
    if pair.started_on is None:
        return None
    dates = checkin_due_dates(pair.program, pair.started_on, until=today)
    return dates[-1] if dates else None


def checkins_sweep(*, today: date | None = None, now: datetime | None = None) -> list[int]:
    """Create and send the check-ins due today for both people of every active pair.

    Returns the ids of the check-ins sent by this run; running it again returns nothing new.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    # Paused pairs get none: the person asked for a break.
    running = Pair.objects.running().filter(started_on__isnull=False)
    wanted: dict[tuple[int, int, date], int] = {}
    for pair in running.select_related("program"):
        due_on = _latest_due(pair, today)
        if due_on is not None:
            for person_id in (pair.junior_id, pair.senior_id):
                wanted[(pair.pk, person_id, due_on)] = pair.organization_id
    if wanted:
        # One read of what exists, one insert of what is missing: an hourly run over thousands of
        # pairs stays a handful of queries. A row another worker inserted meanwhile is skipped.
        first_due = min(due for _pair, _person, due in wanted)
        existing = set(
            CheckIn.objects.filter(pair__in=running, due_on__gte=first_due).values_list(
                "pair_id", "person_id", "due_on"
            )
        )
        CheckIn.objects.bulk_create(
            [
                CheckIn(organization_id=organization_id, pair_id=pair_id, person_id=person_id, due_on=due_on)
                for (pair_id, person_id, due_on), organization_id in wanted.items()
                if (pair_id, person_id, due_on) not in existing
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
    return _send_unsent(now=now)


def _send_unsent(*, now: datetime) -> list[int]:
    sent: list[int] = []
    unsent = CheckIn.objects.filter(
        sent_at__isnull=True, pair__status=PairStatus.ACTIVE, pair__paused_at__isnull=True
    ).values_list("pk", flat=True)
    for checkin_id in unsent:
        with transaction.atomic():
            won = CheckIn.objects.filter(pk=checkin_id, sent_at__isnull=True).update(sent_at=now)
            if won:
                sent.append(checkin_id)
                transaction.on_commit(
                    partial(events.checkin_sent.send, sender=CheckIn, checkin_id=checkin_id), robust=True
                )
    return sent


def checkin_answer(
    *,
    checkin: CheckIn,
    by: Person,
    satisfaction: int,
    learning: int,
    comment: str,
    contact_hr: bool,
    now: datetime | None = None,
) -> CheckIn:
    """Record the person's only answer to their check-in."""
    if checkin.person_id != by.pk:
        raise DomainError(_("Only the person a check-in was sent to can answer it."), code="not_yours")
    if not (1 <= satisfaction <= 5 and 1 <= learning <= 5):
        raise DomainError(_("Choose a value from 1 to 5."), code="out_of_range")
    now = now or timezone.now()
    with transaction.atomic():
        won = CheckIn.objects.filter(pk=checkin.pk, person=by, answered_at__isnull=True).update(
            answered_at=now,
            satisfaction=satisfaction,
            learning=learning,
            comment=comment.strip(),
            contact_hr=contact_hr,
        )
    if not won:
        raise DomainError(_("You have already answered this check-in."), code="already_answered")
    checkin.refresh_from_db()
    return checkin


def audit_record(
    *, organization: Organization, actor: User | None, action: str, object_type: str, object_id: int
) -> AuditLog:
    """Write one row of the audit log: who did what to which confidential record."""
    return AuditLog.objects.create(
        organization=organization,
        actor=actor if actor is not None and actor.pk is not None else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
    )


def checkin_read_by_manager(*, checkin: CheckIn, actor: User) -> AuditLog:
    """Log that a manager opened one person's check-in answer."""
    return audit_record(
        organization=checkin.organization,
        actor=actor,
        action=AUDIT_READ_CHECKIN,
        object_type="checkin",
        object_id=checkin.pk,
    )


def pair_notes_read_by_manager(*, organization_id: int, pair_ids: list[int], actor_id: int | None) -> None:
    """Log that a program manager was shown these pairs' private notes to HR, one row per pair."""
    AuditLog.objects.bulk_create(
        AuditLog(
            organization_id=organization_id,
            actor_id=actor_id,
            action=AUDIT_READ_PAIR_NOTE,
            object_type="pair",
            object_id=pair_id,
        )
        for pair_id in pair_ids
    )
