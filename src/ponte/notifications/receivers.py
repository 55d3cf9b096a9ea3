"""Turn pair events into messages. Connected in ``NotificationsConfig.ready()``.

Receivers reload the pair by id: events carry ids only, and a pair may have changed since.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ponte.feedback import events as feedback_events
from ponte.feedback.models import CheckIn
from ponte.matching.events import pairs_proposed
from ponte.meetings import events as meeting_events
from ponte.meetings.models import Meeting
from ponte.pairs import events as pair_events
from ponte.pairs.models import Pair
from ponte.people.models import Person
from ponte.programs.events import people_invited
from ponte.programs.models import Program

from . import messages


def _pairs(pair_ids: Iterable[int]) -> list[Pair]:
    return list(
        Pair.objects.filter(pk__in=list(pair_ids)).select_related(
            "organization", "program", "junior__user", "senior__user"
        )
    )


def on_pairs_proposed(sender: Any, *, pair_ids: Iterable[int], **kwargs: Any) -> None:
    for pair in _pairs(pair_ids):
        if pair.status != "proposed":
            continue
        for person in (pair.junior, pair.senior):
            messages.pair_proposed(pair=pair, person=person)


def on_pair_reminded(sender: Any, *, pair_id: int, person_ids: Iterable[int], **kwargs: Any) -> None:
    wanted = set(person_ids)
    for pair in _pairs([pair_id]):
        for person in (pair.junior, pair.senior):
            if person.pk in wanted:
                messages.pair_reminder(pair=pair, person=person)


def on_pair_activated(sender: Any, *, pair_id: int, **kwargs: Any) -> None:
    for pair in _pairs([pair_id]):
        for person in (pair.junior, pair.senior):
            messages.pair_activated(pair=pair, person=person)


def on_pair_declined(sender: Any, *, pair_id: int, declined_by_id: int, **kwargs: Any) -> None:
    for pair in _pairs([pair_id]):
        for person in (pair.junior, pair.senior):
            if person.pk != declined_by_id:
                messages.pair_closed_for_you(pair=pair, person=person)


def on_pair_expired(sender: Any, *, pair_id: int, **kwargs: Any) -> None:
    for pair in _pairs([pair_id]):
        for person in (pair.junior, pair.senior):
            messages.pair_expired(pair=pair, person=person)


def on_people_invited(sender: Any, *, program_id: int, person_ids: Iterable[int], **kwargs: Any) -> None:
    program = Program.objects.filter(pk=program_id).select_related("organization").first()
    if program is None:
        return
    for person in Person.objects.filter(pk__in=list(person_ids), organization=program.organization).select_related(
        "user"
    ):
        messages.program_invitation(program=program, person=person)


def _meeting(meeting_id: int) -> Meeting | None:
    return (
        Meeting.objects.filter(pk=meeting_id)
        .select_related("organization", "pair__program", "pair__junior__user", "pair__senior__user")
        .first()
    )


def on_meeting_scheduled(sender: Any, *, meeting_id: int, **kwargs: Any) -> None:
    meeting = _meeting(meeting_id)
    if meeting is not None:
        for person in (meeting.pair.junior, meeting.pair.senior):
            messages.meeting_scheduled(meeting=meeting, person=person)


def on_meeting_rescheduled(sender: Any, *, meeting_id: int, **kwargs: Any) -> None:
    meeting = _meeting(meeting_id)
    if meeting is not None:
        for person in (meeting.pair.junior, meeting.pair.senior):
            messages.meeting_rescheduled(meeting=meeting, person=person)


def on_meeting_cancelled(sender: Any, *, meeting_id: int, **kwargs: Any) -> None:
    meeting = _meeting(meeting_id)
    if meeting is not None:
        for person in (meeting.pair.junior, meeting.pair.senior):
            messages.meeting_cancelled(meeting=meeting, person=person)


def on_meeting_reminded(sender: Any, *, meeting_id: int, **kwargs: Any) -> None:
    meeting = _meeting(meeting_id)
    if meeting is not None and meeting.status == "scheduled":
        for person in (meeting.pair.junior, meeting.pair.senior):
            messages.meeting_reminder(meeting=meeting, person=person)


def on_checkin_sent(sender: Any, *, checkin_id: int, **kwargs: Any) -> None:
    checkin = (
        CheckIn.objects.filter(pk=checkin_id, answered_at__isnull=True)
        .select_related("organization", "pair__program", "person__user")
        .first()
    )
    if checkin is not None:
        messages.checkin_due(checkin=checkin, person=checkin.person)


def connect() -> None:
    uid = "ponte.notifications"
    pairs_proposed.connect(on_pairs_proposed, dispatch_uid=f"{uid}.pairs_proposed")
    pair_events.pair_reminded.connect(on_pair_reminded, dispatch_uid=f"{uid}.pair_reminded")
    pair_events.pair_activated.connect(on_pair_activated, dispatch_uid=f"{uid}.pair_activated")
    pair_events.pair_declined.connect(on_pair_declined, dispatch_uid=f"{uid}.pair_declined")
    pair_events.pair_expired.connect(on_pair_expired, dispatch_uid=f"{uid}.pair_expired")
    people_invited.connect(on_people_invited, dispatch_uid=f"{uid}.people_invited")
    meeting_events.meeting_scheduled.connect(on_meeting_scheduled, dispatch_uid=f"{uid}.meeting_scheduled")
    meeting_events.meeting_rescheduled.connect(on_meeting_rescheduled, dispatch_uid=f"{uid}.meeting_rescheduled")
    meeting_events.meeting_cancelled.connect(on_meeting_cancelled, dispatch_uid=f"{uid}.meeting_cancelled")
    meeting_events.meeting_reminded.connect(on_meeting_reminded, dispatch_uid=f"{uid}.meeting_reminded")
    feedback_events.checkin_sent.connect(on_checkin_sent, dispatch_uid=f"{uid}.checkin_sent")
