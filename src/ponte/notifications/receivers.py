"""Turn domain events into messages. Connected in ``NotificationsConfig.ready()``.

Receivers reload by id: events carry ids only, and a pair may have changed since; a receiver
whose event no longer holds (the pair resumed before its pause message went out) sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ponte.feedback import events as feedback_events
from ponte.feedback.models import CheckIn, ClosingSurvey, MeetingFeedback
from ponte.library import events as library_events
from ponte.library.models import OrgStatus, Pill
from ponte.matching.events import pairs_proposed
from ponte.meetings import events as meeting_events
from ponte.meetings.models import Meeting
from ponte.pairs import events as pair_events
from ponte.pairs.models import Pair, PairStatus
from ponte.people.models import Person
from ponte.programs.events import people_invited
from ponte.programs.models import Program

from . import messages
from .messages.library import review_managers
from .selectors import managers_to_alert


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


def on_feedback_given(sender: Any, *, feedback_id: int, **kwargs: Any) -> None:
    feedback = (
        MeetingFeedback.objects.filter(pk=feedback_id)
        .exclude(kudos="")
        .select_related("organization", "meeting", "pair__program", "author", "recipient__user")
        .first()
    )
    if feedback is not None:
        messages.kudos_received(feedback=feedback)


def on_pair_nudged(sender: Any, *, pair_id: int, **kwargs: Any) -> None:
    for pair in _pairs([pair_id]):
        if pair.status == PairStatus.ACTIVE and not pair.is_paused and pair.nudged_at is not None:
            for person in (pair.junior, pair.senior):
                messages.pair_nudge(pair=pair, person=person)


def on_pair_flagged(sender: Any, *, pair_id: int, **kwargs: Any) -> None:
    for pair in _pairs([pair_id]):
        if pair.is_at_risk:
            for manager in managers_to_alert(pair):
                messages.pair_at_risk(pair=pair, person=manager)


def on_pair_paused(sender: Any, *, pair_id: int, by_person_id: int | None = None, **kwargs: Any) -> None:
    for pair in _pairs([pair_id]):
        if pair.is_paused:
            for person in (pair.junior, pair.senior):
                if person.pk != by_person_id:
                    messages.pair_paused(pair=pair, person=person, by_manager=by_person_id is None)


def on_pair_resumed(sender: Any, *, pair_id: int, **kwargs: Any) -> None:
    for pair in _pairs([pair_id]):
        if pair.status == PairStatus.ACTIVE and not pair.is_paused and pair.resumed_at is not None:
            for person in (pair.junior, pair.senior):
                messages.pair_resumed(pair=pair, person=person)


def on_pair_ended(sender: Any, *, pair_id: int, ended_by_id: int | None = None, **kwargs: Any) -> None:
    for pair in _pairs([pair_id]):
        if pair.status == PairStatus.ENDED_EARLY:
            for person in (pair.junior, pair.senior):
                if person.pk != ended_by_id:
                    messages.pair_ended_for_you(pair=pair, person=person)


def on_closure_requested(sender: Any, *, survey_id: int, **kwargs: Any) -> None:
    survey = (
        ClosingSurvey.objects.filter(pk=survey_id, answered_at__isnull=True)
        .select_related("organization", "pair__program", "pair__junior__user", "pair__senior__user", "person__user")
        .first()
    )
    if survey is not None:
        messages.closure_due(survey=survey)


def _pill(pill_id: int) -> Pill | None:
    return (
        Pill.objects.filter(pk=pill_id)
        .select_related("organization", "author__user", "recipient__user", "pair__junior__user", "pair__senior__user")
        .first()
    )


def on_pill_published(sender: Any, *, pill_id: int, **kwargs: Any) -> None:
    """The person a pill was made for and the author's partner in its pair; a program's
    participants are not messaged one by one."""
    pill = _pill(pill_id)
    if pill is None:
        return
    people = [pill.recipient] if pill.recipient is not None else []
    if pill.pair is not None:
        people += [pill.pair.junior, pill.pair.senior]
    seen: set[int] = {pill.author_id}
    for person in people:
        if person.pk not in seen:
            seen.add(person.pk)
            messages.pill_recorded_for_you(pill=pill, person=person)


def on_pill_shared_widely(sender: Any, *, pill_id: int, **kwargs: Any) -> None:
    pill = _pill(pill_id)
    if pill is not None and pill.org_status == OrgStatus.PENDING:
        for manager in review_managers(pill):
            messages.pill_review_requested(pill=pill, person=manager)


def on_pill_reviewed(sender: Any, *, pill_id: int, approved: bool, **kwargs: Any) -> None:
    pill = _pill(pill_id)
    if pill is None:
        return
    if approved and pill.org_status == OrgStatus.APPROVED:
        messages.pill_approved(pill=pill)
    elif not approved and pill.org_status == OrgStatus.DECLINED:
        messages.pill_not_approved(pill=pill)


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
    feedback_events.feedback_given.connect(on_feedback_given, dispatch_uid=f"{uid}.feedback_given")
    feedback_events.pair_nudged.connect(on_pair_nudged, dispatch_uid=f"{uid}.pair_nudged")
    feedback_events.pair_flagged.connect(on_pair_flagged, dispatch_uid=f"{uid}.pair_flagged")
    feedback_events.closure_requested.connect(on_closure_requested, dispatch_uid=f"{uid}.closure_requested")
    pair_events.pair_paused.connect(on_pair_paused, dispatch_uid=f"{uid}.pair_paused")
    pair_events.pair_resumed.connect(on_pair_resumed, dispatch_uid=f"{uid}.pair_resumed")
    pair_events.pair_ended.connect(on_pair_ended, dispatch_uid=f"{uid}.pair_ended")
    library_events.pill_published.connect(on_pill_published, dispatch_uid=f"{uid}.pill_published")
    library_events.pill_shared_widely.connect(on_pill_shared_widely, dispatch_uid=f"{uid}.pill_shared_widely")
    library_events.pill_reviewed.connect(on_pill_reviewed, dispatch_uid=f"{uid}.pill_reviewed")
