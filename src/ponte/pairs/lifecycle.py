"""An active pair's life after both accepted: pausing, resuming, ending early and completing.

Like every pair write, each change is a conditional UPDATE (on ``status=ACTIVE`` and the pause
state read): whoever changes the row first wins, and only the winner sends the event, so a
double click, two people at once or a sweep run twice change and announce things once.

Ending is no-fault: the reason and note are for program managers only. The people of an ended
pair go back to matching (a re-match is enqueued while the program runs) unless the person who
ended it said they want no new partner, which withdraws their enrolment.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.core.errors import DomainError
from ponte.programs.models import Enrolment, EnrolmentStatus, Program, ProgramStatus

from . import events
from .models import EndReason, Pair, PairStatus
from .services import NOTE_MAX_LENGTH, enqueue_rematch

if TYPE_CHECKING:
    from ponte.accounts.models import User
    from ponte.people.models import Person

#: The longest pause one can set in one go: a longer break is better ended and re-matched later.
MAX_PAUSE_DAYS = 120

#: What a resumed, ended or completed pair no longer carries: its pause and its risk flag.
NO_PAUSE_NOR_RISK: dict[str, object] = {
    "paused_at": None,
    "paused_until": None,
    "paused_by": None,
    "at_risk_since": None,
    "risk_reason": "",
    "risk_details": {},
}


def _require_active(pair: Pair) -> None:
    if pair.status != PairStatus.ACTIVE:
        raise DomainError(_("Only an active pair can do this."), code="not_active")


def _require_member_or_manager(pair: Pair, person: Person | None, *, manager: bool) -> None:
    in_pair = person is not None and person.pk in {pair.junior_id, pair.senior_id}
    if not (in_pair or manager):
        raise DomainError(_("Only the two people of the pair or a program manager can do this."), code="not_in_pair")


def pair_pause(
    *,
    pair: Pair,
    by: User,
    person: Person | None,
    manager: bool = False,
    until: date | None = None,
    now: datetime | None = None,
) -> Pair:
    """Pause an active pair: no nudges, check-ins or new meetings; its upcoming meetings are cancelled.

    ``person`` is the pair's person pausing it (None or a non-member when ``manager``). With ``until``
    the pair resumes by itself on that day.
    """
    now = now or timezone.now()
    _require_member_or_manager(pair, person, manager=manager)
    _require_active(pair)
    today = timezone.localdate(now)
    if until is not None and not today < until <= today + timedelta(days=MAX_PAUSE_DAYS):
        raise DomainError(
            _("Choose a date to resume after today and within %(days)d days.") % {"days": MAX_PAUSE_DAYS},
            code="until",
        )
    by_person_id = person.pk if person is not None and person.pk in {pair.junior_id, pair.senior_id} else None
    with transaction.atomic():
        won = Pair.objects.filter(pk=pair.pk, status=PairStatus.ACTIVE, paused_at__isnull=True).update(
            paused_at=now, paused_until=until, paused_by=by, updated_at=now
        )
        if not won:
            pair.refresh_from_db()
            if pair.is_paused:
                raise DomainError(_("This pair is already paused."), code="paused")
            raise DomainError(_("Only an active pair can do this."), code="not_active")
        transaction.on_commit(
            partial(events.pair_paused.send, sender=Pair, pair_id=pair.pk, by_person_id=by_person_id), robust=True
        )
    pair.refresh_from_db()
    return pair


def _resume(pair_id: int, now: datetime, *, due_only: bool = False) -> bool:
    rows = Pair.objects.filter(pk=pair_id, status=PairStatus.ACTIVE, paused_at__isnull=False)
    if due_only:
        rows = rows.filter(paused_until__lte=timezone.localdate(now))
    won = rows.update(**NO_PAUSE_NOR_RISK, resumed_at=now, nudged_at=None, updated_at=now)
    if won:
        transaction.on_commit(partial(events.pair_resumed.send, sender=Pair, pair_id=pair_id), robust=True)
    return bool(won)


def pair_resume(*, pair: Pair, person: Person | None, manager: bool = False, now: datetime | None = None) -> Pair:
    """Resume a paused pair now. The inactivity clock starts again from today."""
    now = now or timezone.now()
    _require_member_or_manager(pair, person, manager=manager)
    _require_active(pair)
    with transaction.atomic():
        if not _resume(pair.pk, now):
            raise DomainError(_("This pair is not paused."), code="not_paused")
    pair.refresh_from_db()
    return pair


def pairs_resume_due(*, now: datetime | None = None) -> list[int]:
    """Resume the pairs whose pause date has come. Returns their ids; a second run finds none."""
    now = now or timezone.now()
    due = Pair.objects.filter(
        status=PairStatus.ACTIVE, paused_at__isnull=False, paused_until__lte=timezone.localdate(now)
    ).values_list("pk", flat=True)
    resumed = []
    for pair_id in list(due):
        with transaction.atomic():
            if _resume(pair_id, now, due_only=True):
                resumed.append(pair_id)
    return resumed


def pair_end(
    *,
    pair: Pair,
    person: Person | None,
    manager: bool = False,
    reason: str,
    note: str = "",
    new_partner: bool = True,
    now: datetime | None = None,
) -> Pair:
    """End an active pair before the program does. No fault: the partner is never told why.

    ``new_partner`` is the wish of the person ending it (ignored when a manager ends it): without
    it their enrolment is withdrawn so matching leaves them alone; the partner is always offered one.
    """
    now = now or timezone.now()
    _require_member_or_manager(pair, person, manager=manager)
    if reason not in EndReason.values:
        raise DomainError(_("Choose a reason from the list."), code="reason")
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise DomainError(_("The note to HR is too long."), code="note")
    ender = person if person is not None and person.pk in {pair.junior_id, pair.senior_id} else None
    with transaction.atomic():
        won = Pair.objects.filter(pk=pair.pk, status=PairStatus.ACTIVE).update(
            status=PairStatus.ENDED_EARLY,
            ended_on=timezone.localdate(now),
            ended_by=ender,
            end_reason=reason,
            end_note=note,
            **NO_PAUSE_NOR_RISK,
            updated_at=now,
        )
        if not won:
            raise DomainError(_("Only an active pair can do this."), code="not_active")
        if ender is not None and not new_partner:
            Enrolment.objects.filter(program_id=pair.program_id, person=ender, status=EnrolmentStatus.APPROVED).update(
                status=EnrolmentStatus.WITHDRAWN, updated_at=now
            )
        transaction.on_commit(
            partial(events.pair_ended.send, sender=Pair, pair_id=pair.pk, ended_by_id=ender.pk if ender else None),
            robust=True,
        )
        if Program.objects.filter(pk=pair.program_id, status=ProgramStatus.RUNNING).exists():
            enqueue_rematch(pair.program_id)
    pair.refresh_from_db()
    return pair


def _complete(pair_id: int, today: date, now: datetime) -> bool:
    won = Pair.objects.filter(pk=pair_id, status=PairStatus.ACTIVE).update(
        status=PairStatus.COMPLETED, ended_on=today, **NO_PAUSE_NOR_RISK, updated_at=now
    )
    if won:
        transaction.on_commit(partial(events.pair_completed.send, sender=Pair, pair_id=pair_id), robust=True)
    return bool(won)


def pair_complete(*, pair: Pair, now: datetime | None = None) -> Pair:
    """A program manager marks an active pair as done: its people are asked for the closing assessment."""
    now = now or timezone.now()
    with transaction.atomic():
        if not _complete(pair.pk, timezone.localdate(now), now):
            raise DomainError(_("Only an active pair can do this."), code="not_active")
    pair.refresh_from_db()
    return pair


def pairs_complete_for_program(*, program_id: int, now: datetime | None = None) -> list[int]:
    """The program closed: every active pair completes and open proposals close quietly.

    Proposals are closed without the "we'll find someone else" message: the program is over.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    completed = []
    active = Pair.objects.filter(program_id=program_id, status=PairStatus.ACTIVE).values_list("pk", flat=True)
    for pair_id in list(active):
        with transaction.atomic():
            if _complete(pair_id, today, now):
                completed.append(pair_id)
    Pair.objects.filter(program_id=program_id, status=PairStatus.PROPOSED).update(
        status=PairStatus.EXPIRED, updated_at=now
    )
    return completed
