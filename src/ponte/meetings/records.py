"""What the pair records around a meeting: whether it took place, shared and private notes, action items.

Only the pair's two people write here. Records stay possible after the pair is paused or has
ended, because they are its history; a pair that never became active has no meetings to record.
Shared notes use optimistic concurrency (a version number in the UPDATE's condition), so a stale
save fails instead of silently overwriting what the partner wrote meanwhile.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.core.errors import DomainError
from ponte.pairs.models import Pair, PairStatus
from ponte.people.models import Person

from . import events
from .models import ActionItem, Meeting, MeetingStatus, PrivateNote

NOTES_MAX_LENGTH = 10000
ACTION_MAX_LENGTH = 300

#: Pairs that never became active: they have no history to record.
NEVER_STARTED = frozenset({PairStatus.PROPOSED, PairStatus.DECLINED, PairStatus.EXPIRED})

#: The statuses a meeting's outcome moves between (a cancelled meeting has no outcome).
OUTCOME_STATUSES = (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)


def _check_person(pair: Pair, by: Person) -> None:
    if by.pk not in {pair.junior_id, pair.senior_id}:
        raise DomainError(_("Only the two people of a pair can write about its meetings."), code="not_in_pair")
    if pair.status in NEVER_STARTED:
        raise DomainError(_("This pair never started: its meetings cannot be recorded."), code="not_started")


def _check_not_cancelled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_("This meeting was cancelled: there is nothing to record."), code="cancelled")


def _clean_notes(text: str) -> str:
    text = text.strip()
    if len(text) > NOTES_MAX_LENGTH:
        raise DomainError(
            _("Notes can be at most %(max)d characters long.") % {"max": NOTES_MAX_LENGTH}, code="too_long"
        )
    return text


def local_today(person: Person, now: datetime | None = None) -> date:
    """Today's date on the person's clock."""
    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(person.zone_name)).date()


def meeting_outcome_record(*, meeting: Meeting, by: Person, held: bool, now: datetime | None = None) -> Meeting:
    """Say whether a meeting that started took place; the other answer corrects a previous one.

    Giving the recorded answer again changes nothing and announces nothing.
    """
    now = now or timezone.now()
    _check_person(meeting.pair, by)
    _check_not_cancelled(meeting)
    if not meeting.has_started(now):
        raise DomainError(_("You can say whether a meeting took place once it has started."), code="not_yet")
    status = MeetingStatus.HELD if held else MeetingStatus.NO_SHOW
    changeable = [value for value in OUTCOME_STATUSES if value != status]
    with transaction.atomic():
        # A cancel in between or the same answer from the partner leaves nothing to change.
        won = Meeting.objects.filter(pk=meeting.pk, status__in=changeable).update(
            status=status, outcome_by=by, outcome_at=now, updated_at=now
        )
        if won:
            transaction.on_commit(
                partial(events.meeting_outcome_recorded.send, sender=Meeting, meeting_id=meeting.pk), robust=True
            )
    meeting.refresh_from_db()
    _check_not_cancelled(meeting)
    return meeting


def meeting_shared_notes_save(
    *, meeting: Meeting, by: Person, text: str, version: int, now: datetime | None = None
) -> Meeting:
    """Save the notes both people share, if nobody changed them since ``version`` was read."""
    now = now or timezone.now()
    _check_person(meeting.pair, by)
    _check_not_cancelled(meeting)
    text = _clean_notes(text)
    with transaction.atomic():
        won = (
            Meeting.objects.filter(pk=meeting.pk, shared_notes_version=version)
            .exclude(status=MeetingStatus.CANCELLED)
            .update(
                shared_notes=text,
                shared_notes_version=F("shared_notes_version") + 1,
                shared_notes_by=by,
                shared_notes_at=now,
                updated_at=now,
            )
        )
    meeting.refresh_from_db()
    if not won:
        _check_not_cancelled(meeting)
        raise DomainError(
            _(
                "Your partner changed the shared notes meanwhile: read their version below, "
                "then save yours again (your text is kept in the form)."
            ),
            code="stale",
        )
    return meeting


def private_note_save(*, meeting: Meeting, by: Person, text: str, now: datetime | None = None) -> PrivateNote:
    """Write the person's own notes on a meeting (one per person and meeting)."""
    now = now or timezone.now()
    _check_person(meeting.pair, by)
    text = _clean_notes(text)
    mine = PrivateNote.objects.filter(meeting=meeting, author=by)
    with transaction.atomic():
        if not mine.update(text=text, updated_at=now):
            try:
                with transaction.atomic():
                    PrivateNote.objects.create(organization=meeting.organization, meeting=meeting, author=by, text=text)
            except IntegrityError:  # the same person saved from a second tab in between
                mine.update(text=text, updated_at=now)
    return mine.get()


def _check_item(pair: Pair, meeting: Meeting, by: Person) -> None:
    _check_person(pair, by)
    _check_not_cancelled(meeting)


def action_item_add(
    *,
    meeting: Meeting,
    by: Person,
    owner: Person,
    text: str,
    due_on: date | None = None,
    now: datetime | None = None,
) -> ActionItem:
    """Agree that one of the two will do something, optionally by a day that has not passed yet."""
    pair = meeting.pair
    _check_item(pair, meeting, by)
    if owner.pk not in {pair.junior_id, pair.senior_id}:
        raise DomainError(_("An action belongs to one of the two people of the pair."), code="owner")
    text = text.strip()
    if not text:
        raise DomainError(_("Say what needs to be done."), code="text_required")
    if len(text) > ACTION_MAX_LENGTH:
        raise DomainError(
            _("An action can be at most %(max)d characters long.") % {"max": ACTION_MAX_LENGTH}, code="too_long"
        )
    if due_on is not None and due_on < local_today(by, now):
        raise DomainError(_("Choose today or a later day."), code="past")
    with transaction.atomic():
        if not Meeting.objects.filter(pk=meeting.pk).exclude(status=MeetingStatus.CANCELLED).exists():
            raise DomainError(_("This meeting was cancelled: there is nothing to record."), code="cancelled")
        return ActionItem.objects.create(
            organization=meeting.organization,
            pair=pair,
            meeting=meeting,
            owner=owner,
            text=text,
            due_on=due_on,
            created_by=by,
        )


def action_item_set_done(*, item: ActionItem, by: Person, done: bool, now: datetime | None = None) -> ActionItem:
    """Tick or untick an action; either person may, and ticking twice keeps the first time."""
    now = now or timezone.now()
    _check_item(item.pair, item.meeting, by)
    rows = ActionItem.objects.filter(pk=item.pk)
    if done:
        rows.filter(done_at__isnull=True).update(done_at=now, updated_at=now)
    else:
        rows.filter(done_at__isnull=False).update(done_at=None, updated_at=now)
    item.refresh_from_db()
    return item


def action_item_delete(*, item: ActionItem, by: Person) -> None:
    """Remove an action either person no longer wants on the list."""
    _check_item(item.pair, item.meeting, by)
    ActionItem.objects.filter(pk=item.pk).delete()
