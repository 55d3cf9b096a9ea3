"""Pair writes: answering a proposal, reminders before the deadline, expiry after it.

Every status change is a conditional UPDATE (``filter(status=PROPOSED).update(...)``) inside a
transaction: whoever changes the row first wins, the loser changes nothing and sends no event.
That is what keeps concurrent answers, a task run twice and a sweep racing a person's answer
from double-activating a pair or mailing anyone twice. The database constraints on open pairs
(one per senior, one per junior place) keep a person from ever holding two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.core.errors import DomainError

from . import events
from .models import Pair, PairStatus, Response

if TYPE_CHECKING:
    from ponte.accounts.models import User
    from ponte.people.models import Person

#: How long before the deadline the one automatic reminder goes out.
REMINDER_BEFORE = timedelta(hours=48)

NOTE_MAX_LENGTH = 1000


@dataclass(frozen=True)
class Side:
    """Which fields of a pair hold one person's answer."""

    response: str
    responded_at: str


JUNIOR = Side("junior_response", "junior_responded_at")
SENIOR = Side("senior_response", "senior_responded_at")


def _side_of(pair: Pair, person: Person) -> Side:
    if person.pk == pair.junior_id:
        return JUNIOR
    if person.pk == pair.senior_id:
        return SENIOR
    raise DomainError(_("Only the two people of a proposal can answer it."), code="not_in_pair")


def _after_commit(send: Callable[[], object]) -> None:
    transaction.on_commit(send, robust=True)


def enqueue_rematch(program_id: int) -> None:
    # Imported here: tasks import services, and the task module pulls in the scheduler.
    from .tasks import rematch_program

    transaction.on_commit(lambda: rematch_program.enqueue(program_id))


def pair_respond(*, pair: Pair, person: Person, accept: bool, note: str = "", now: datetime | None = None) -> Pair:
    """Record one person's answer to a proposal.

    Both accepted → the pair becomes active. One declines → the proposal closes (no-fault: the
    partner is only told it is closed) and both people go back to matching. Answering the same
    way twice changes nothing; an accepted proposal may still be declined while it is open.
    """
    now = now or timezone.now()
    side = _side_of(pair, person)
    answer = Response.ACCEPTED if accept else Response.DECLINED
    note = note.strip()[:NOTE_MAX_LENGTH] if not accept else ""
    with transaction.atomic():
        current = Pair.objects.filter(pk=pair.pk).values("status", "respond_by", "junior_response", "senior_response")[
            0
        ]
        if current["status"] != PairStatus.PROPOSED:
            if current[side.response] == answer:
                pair.refresh_from_db()
                return pair
            raise DomainError(_("This proposal is closed: it can no longer be answered."), code="closed")
        if current[side.response] == answer:
            pair.refresh_from_db()
            return pair
        if current["respond_by"] is not None and now >= current["respond_by"]:
            raise DomainError(_("The time to answer this proposal has ended."), code="too_late")

        changes: dict[str, object] = {side.response: answer, side.responded_at: now}
        if not accept:
            changes |= {"status": PairStatus.DECLINED, "decline_note": note}
        won = Pair.objects.filter(pk=pair.pk, status=PairStatus.PROPOSED).update(**changes)
        if not won:
            raise DomainError(_("This proposal is closed: it can no longer be answered."), code="closed")

        if not accept:
            _after_commit(lambda: events.pair_declined.send(sender=Pair, pair_id=pair.pk, declined_by_id=person.pk))
            enqueue_rematch(pair.program_id)
        elif _activate_if_both_accepted(pair.pk, today=timezone.localdate(now)):
            _after_commit(lambda: events.pair_activated.send(sender=Pair, pair_id=pair.pk))
    pair.refresh_from_db()
    return pair


def _activate_if_both_accepted(pair_id: int, *, today: date) -> bool:
    """PROPOSED → ACTIVE when both answers are in; only one caller can ever win this."""
    return bool(
        Pair.objects.filter(
            pk=pair_id,
            status=PairStatus.PROPOSED,
            junior_response=Response.ACCEPTED,
            senior_response=Response.ACCEPTED,
        ).update(status=PairStatus.ACTIVE, started_on=today)
    )


def pairs_expire_overdue(*, now: datetime | None = None) -> list[int]:
    """Close the proposals whose deadline has passed; their people go back to matching."""
    now = now or timezone.now()
    overdue = list(Pair.objects.filter(status=PairStatus.PROPOSED, respond_by__lte=now).values_list("pk", "program_id"))
    expired: list[int] = []
    programs: set[int] = set()
    for pair_id, program_id in overdue:
        with transaction.atomic():
            if Pair.objects.filter(pk=pair_id, status=PairStatus.PROPOSED, respond_by__lte=now).update(
                status=PairStatus.EXPIRED
            ):
                expired.append(pair_id)
                programs.add(program_id)
                _after_commit(partial(events.pair_expired.send, sender=Pair, pair_id=pair_id))
    for program_id in sorted(programs):
        with transaction.atomic():
            enqueue_rematch(program_id)
    return expired


def _reminder_due(pair: Pair, now: datetime) -> bool:
    """Due from 48 h before the deadline, but never in the first half of a short answer window."""
    assert pair.respond_by is not None
    window = pair.respond_by - pair.created_at
    return now >= pair.respond_by - min(REMINDER_BEFORE, window / 2)


def _still_to_answer(pair: Pair) -> list[int]:
    waiting = []
    if pair.junior_response != Response.ACCEPTED:
        waiting.append(pair.junior_id)
    if pair.senior_response != Response.ACCEPTED:
        waiting.append(pair.senior_id)
    return waiting


def _remind(pair: Pair, now: datetime, *, once: bool) -> list[int]:
    """Mark the reminder sent (only once when ``once``) and announce it to the people still to answer."""
    waiting = _still_to_answer(pair)
    if not waiting:
        return []
    open_pair = Pair.objects.filter(pk=pair.pk, status=PairStatus.PROPOSED)
    if once:
        open_pair = open_pair.filter(reminder_sent_at__isnull=True)
    if not open_pair.update(reminder_sent_at=now):
        return []
    _after_commit(lambda: events.pair_reminded.send(sender=Pair, pair_id=pair.pk, person_ids=waiting))
    return waiting


def pairs_remind_due(*, now: datetime | None = None) -> list[int]:
    """The one automatic reminder per proposal, to whoever has not answered yet. Returns pair ids."""
    now = now or timezone.now()
    candidates = Pair.objects.filter(
        status=PairStatus.PROPOSED,
        reminder_sent_at__isnull=True,
        respond_by__gt=now,
        respond_by__lte=now + REMINDER_BEFORE,
    ).filter(Q(junior_response="") | Q(senior_response=""))
    reminded: list[int] = []
    for pair in candidates:
        if not _reminder_due(pair, now):
            continue
        with transaction.atomic():
            if _remind(pair, now, once=True):
                reminded.append(pair.pk)
    return reminded


def pair_remind(*, pair: Pair, by: User | None = None, now: datetime | None = None) -> list[int]:
    """A program manager's "send a reminder now": to the people of an open proposal still to answer."""
    now = now or timezone.now()
    if pair.status != PairStatus.PROPOSED:
        raise DomainError(_("Only open proposals can be reminded."), code="closed")
    if pair.respond_by is not None and now >= pair.respond_by:
        raise DomainError(_("The time to answer this proposal has ended."), code="too_late")
    with transaction.atomic():
        waiting = _remind(pair, now, once=False)
    if not waiting:
        raise DomainError(_("Both people have already answered."), code="answered")
    return waiting
