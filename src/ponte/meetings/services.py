"""Meeting writes: schedule, reschedule, cancel, reminders, and calendar feed tokens.

Every change of a scheduled meeting is a conditional UPDATE (``filter(status=SCHEDULED)``) that
bumps SEQUENCE, so calendar apps replace the event instead of adding a second one. Events are
sent after commit and only by the caller that won the change: a task run twice sends nothing new.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.core.errors import DomainError
from ponte.pairs.models import Pair, PairStatus
from ponte.people.models import Person

from . import events
from .models import CalendarFeed, Meeting, MeetingChannel, MeetingStatus

if TYPE_CHECKING:
    from ponte.accounts.models import User
    from ponte.organizations.models import Organization

#: How long before a meeting its one reminder goes out.
REMINDER_BEFORE = timedelta(hours=24)

MIN_MINUTES = 5
MAX_MINUTES = 480
JITSI_BASE = "https://meet.jit.si/"


def jitsi_room_url() -> str:
    """A fresh, unguessable Jitsi room for one meeting."""
    return f"{JITSI_BASE}Ponte-{secrets.token_hex(10)}"


def _after_commit(send: Callable[[], object]) -> None:
    transaction.on_commit(send, robust=True)


def _check_person(pair: Pair, by: Person) -> None:
    if by.pk not in {pair.junior_id, pair.senior_id}:
        raise DomainError(_("Only the two people of a pair can plan its meetings."), code="not_in_pair")
    if pair.status != PairStatus.ACTIVE:
        raise DomainError(_("Meetings can be planned only while the pair is active."), code="not_active")
    if pair.paused_at is not None:
        raise DomainError(_("This pair is paused: resume it to plan meetings."), code="paused")


def _details(
    *,
    starts_at: datetime,
    duration: int,
    channel: str,
    location: str,
    video_url: str,
    phone_note: str,
    agenda: str,
    now: datetime,
    keep_video_url: str = "",
) -> dict[str, object]:
    """Validated fields of a meeting, or a DomainError naming what is wrong."""
    if timezone.is_naive(starts_at):
        raise DomainError(_("The meeting time needs a time zone."), code="naive")
    if starts_at <= now:
        raise DomainError(_("Choose a date and time in the future."), code="past")
    if not MIN_MINUTES <= duration <= MAX_MINUTES:
        raise DomainError(
            _("A meeting lasts between %(min)d and %(max)d minutes.") % {"min": MIN_MINUTES, "max": MAX_MINUTES},
            code="duration",
        )
    if channel not in MeetingChannel.values:
        raise DomainError(_("Choose a channel from the list."), code="channel")
    location = location.strip()
    video_url = video_url.strip()
    if channel == MeetingChannel.IN_PERSON and not location:
        raise DomainError(_("Say where you will meet in person."), code="location")
    if channel == MeetingChannel.VIDEO:
        if video_url:
            try:
                URLValidator(schemes=["https"])(video_url)
            except ValidationError:
                raise DomainError(_("Enter a video link that starts with https://."), code="video_url") from None
            if not urlsplit(video_url).hostname:
                raise DomainError(_("Enter a video link that starts with https://."), code="video_url")
        else:
            video_url = keep_video_url if keep_video_url.startswith(JITSI_BASE) else jitsi_room_url()
    else:
        video_url = ""
    return {
        "starts_at": starts_at,
        "duration_minutes": duration,
        "channel": channel,
        "location": location[:200] if channel == MeetingChannel.IN_PERSON else "",
        "video_url": video_url,
        "phone_note": phone_note.strip()[:200] if channel == MeetingChannel.PHONE else "",
        "agenda": agenda.strip()[:2000],
    }


def meeting_schedule(
    *,
    pair: Pair,
    by: Person,
    starts_at: datetime,
    duration: int,
    channel: str,
    location: str = "",
    video_url: str = "",
    phone_note: str = "",
    agenda: str = "",
    now: datetime | None = None,
) -> Meeting:
    """Book a meeting of an active pair. A video meeting without a link gets its own Jitsi room."""
    now = now or timezone.now()
    _check_person(pair, by)
    fields = _details(
        starts_at=starts_at,
        duration=duration,
        channel=channel,
        location=location,
        video_url=video_url,
        phone_note=phone_note,
        agenda=agenda,
        now=now,
    )
    with transaction.atomic():
        meeting = Meeting.objects.create(organization=pair.organization, pair=pair, created_by=by, **fields)
        _after_commit(lambda: events.meeting_scheduled.send(sender=Meeting, meeting_id=meeting.pk))
    return meeting


def meeting_reschedule(
    *,
    meeting: Meeting,
    by: Person,
    starts_at: datetime,
    duration: int,
    channel: str,
    location: str = "",
    video_url: str = "",
    phone_note: str = "",
    agenda: str = "",
    now: datetime | None = None,
) -> Meeting:
    """Change a scheduled meeting: same UID, SEQUENCE + 1, a new reminder for the new time."""
    now = now or timezone.now()
    _check_person(meeting.pair, by)
    fields = _details(
        starts_at=starts_at,
        duration=duration,
        channel=channel,
        location=location,
        video_url=video_url,
        phone_note=phone_note,
        agenda=agenda,
        now=now,
        keep_video_url=meeting.video_url,
    )
    with transaction.atomic():
        won = Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.SCHEDULED).update(
            **fields, sequence=F("sequence") + 1, reminder_sent_at=None, updated_at=now
        )
        if not won:
            raise DomainError(_("This meeting is no longer scheduled: it cannot be changed."), code="closed")
        _after_commit(lambda: events.meeting_rescheduled.send(sender=Meeting, meeting_id=meeting.pk))
    meeting.refresh_from_db()
    return meeting


def meeting_cancel(*, meeting: Meeting, by: Person, now: datetime | None = None) -> Meeting:
    """Cancel a scheduled meeting; both people get a CANCEL for their calendar."""
    now = now or timezone.now()
    _check_person_may_cancel(meeting.pair, by)
    with transaction.atomic():
        won = Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.SCHEDULED).update(
            status=MeetingStatus.CANCELLED, sequence=F("sequence") + 1, cancelled_at=now, updated_at=now
        )
        if not won:
            raise DomainError(_("This meeting is no longer scheduled: it cannot be cancelled."), code="closed")
        _after_commit(lambda: events.meeting_cancelled.send(sender=Meeting, meeting_id=meeting.pk))
    meeting.refresh_from_db()
    return meeting


def _check_person_may_cancel(pair: Pair, by: Person) -> None:
    # A pair that ended may still cancel what it had booked.
    if by.pk not in {pair.junior_id, pair.senior_id}:
        raise DomainError(_("Only the two people of a pair can plan its meetings."), code="not_in_pair")


def meetings_cancel_upcoming(*, pair_id: int, now: datetime | None = None) -> list[int]:
    """Cancel a pair's meetings still to come (it paused or ended): both people get a CANCEL."""
    now = now or timezone.now()
    upcoming = Meeting.objects.filter(pair_id=pair_id, status=MeetingStatus.SCHEDULED, starts_at__gt=now)
    cancelled: list[int] = []
    for meeting_id in list(upcoming.values_list("pk", flat=True)):
        with transaction.atomic():
            won = Meeting.objects.filter(pk=meeting_id, status=MeetingStatus.SCHEDULED).update(
                status=MeetingStatus.CANCELLED, sequence=F("sequence") + 1, cancelled_at=now, updated_at=now
            )
            if won:
                cancelled.append(meeting_id)
                _after_commit(partial(events.meeting_cancelled.send, sender=Meeting, meeting_id=meeting_id))
    return cancelled


def meetings_remind_due(*, now: datetime | None = None) -> list[int]:
    """Mark and announce the reminders due now: one per meeting time, however often this runs."""
    now = now or timezone.now()
    due = Meeting.objects.filter(
        status=MeetingStatus.SCHEDULED,
        pair__status=PairStatus.ACTIVE,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_BEFORE,
    ).values_list("pk", "starts_at")
    sent: list[int] = []
    for meeting_id, starts_at in due:
        with transaction.atomic():
            # The start time in the condition: a reschedule in between means a different reminder.
            won = Meeting.objects.filter(
                pk=meeting_id, status=MeetingStatus.SCHEDULED, reminder_sent_at__isnull=True, starts_at=starts_at
            ).update(reminder_sent_at=now)
            if won:
                sent.append(meeting_id)
                _after_commit(partial(events.meeting_reminded.send, sender=Meeting, meeting_id=meeting_id))
    return sent


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_create(*, user: User, organization: Organization, now: datetime | None = None) -> str:
    """Revoke the person's feeds in this organisation and return a new secret token (shown once)."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        calendar_feed_revoke(user=user, organization=organization, now=now)
        CalendarFeed.objects.create(organization=organization, user=user, token_hash=_hash(token))
    return token


def calendar_feed_revoke(*, user: User, organization: Organization, now: datetime | None = None) -> int:
    """Stop every feed of the person in this organisation: their URLs answer 404 from now on."""
    return CalendarFeed.objects.filter(organization=organization, user=user, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )


def calendar_feed_find(token: str) -> CalendarFeed | None:
    """The live feed of a token, or None (unknown or revoked)."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.filter(token_hash=_hash(token), revoked_at__isnull=True)
        .select_related("organization", "user")
        .first()
    )
