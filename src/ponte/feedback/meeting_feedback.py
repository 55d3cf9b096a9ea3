"""Feedback after a meeting: a rating, what the author learned, kudos for the partner, and the
levels the author now confirms on what they are learning.

Confirming a level is what moves the partner's progress bar, so it happens in the same
transaction as the feedback: a refused level leaves no feedback behind, and no feedback leaves
no half-recorded progress.
"""

from __future__ import annotations

import uuid
import zoneinfo
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from ponte.core.errors import DomainError
from ponte.meetings.models import Meeting, MeetingStatus
from ponte.pairs.agreements import objective_progress_confirm
from ponte.people.models import Person

from . import events
from .models import MeetingFeedback

LEARNED_MAX_LENGTH = 2000
KUDOS_MAX_LENGTH = 500


def _already() -> DomainError:
    return DomainError(_("You have already given your feedback on this meeting."), code="already")


def _meeting_day(meeting: Meeting, person: Person) -> str:
    local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(person.zone_name))
    return formats.date_format(local, "DATE_FORMAT")


def meeting_feedback_give(
    *,
    meeting: Meeting,
    by: Person,
    rating: int,
    learned: str,
    kudos: str,
    progress: dict[uuid.UUID, int],
) -> MeetingFeedback:
    """Record one person's only feedback on a meeting that took place, and their progress steps."""
    pair = meeting.pair
    if by.pk not in {pair.junior_id, pair.senior_id}:
        raise DomainError(_("Only the two people of a pair can give feedback on its meetings."), code="not_in_pair")
    if meeting.status != MeetingStatus.HELD:
        raise DomainError(_("Feedback opens once the meeting is recorded as held."), code="not_held")
    if not 1 <= rating <= 5:
        raise DomainError(_("Choose a value from 1 to 5."), code="rating")
    learned, kudos = learned.strip(), kudos.strip()
    if len(learned) > LEARNED_MAX_LENGTH:
        raise DomainError(
            _("What you learned can be at most %(max)d characters long.") % {"max": LEARNED_MAX_LENGTH},
            code="learned",
        )
    if len(kudos) > KUDOS_MAX_LENGTH:
        raise DomainError(_("Kudos can be at most %(max)d characters long.") % {"max": KUDOS_MAX_LENGTH}, code="kudos")
    if MeetingFeedback.objects.filter(meeting=meeting, author=by).exists():
        raise _already()
    note = _("After the meeting of %(date)s") % {"date": _meeting_day(meeting, by)}
    with transaction.atomic():
        if not Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.HELD).exists():
            raise DomainError(_("Feedback opens once the meeting is recorded as held."), code="not_held")
        try:
            with transaction.atomic():
                feedback = MeetingFeedback.objects.create(
                    organization=meeting.organization,
                    meeting=meeting,
                    pair=pair,
                    author=by,
                    recipient=pair.partner_of(by),
                    rating=rating,
                    learned=learned,
                    kudos=kudos,
                )
        except IntegrityError as error:  # the same person sent it from a second tab in between
            raise _already() from error
        for key, level in progress.items():
            try:
                objective_progress_confirm(pair=pair, objective_key=key, person=by, level=level, note=note)
            except IntegrityError as error:  # that level was confirmed in between
                raise DomainError(
                    _("Progress only moves forward: choose a level above the one already confirmed."), code="back"
                ) from error
        transaction.on_commit(
            partial(events.feedback_given.send, sender=MeetingFeedback, feedback_id=feedback.pk), robust=True
        )
    return feedback
