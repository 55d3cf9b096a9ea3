"""Meeting rules: only the two people of an active pair plan meetings, never in the past;
changes bump SEQUENCE and reset the reminder; cancelling twice is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ponte.core.errors import DomainError
from ponte.meetings.models import Meeting, MeetingStatus
from ponte.meetings.services import meeting_cancel, meeting_reschedule
from ponte.pairs.models import Pair, PairStatus

from .conftest import book

pytestmark = pytest.mark.django_db


def test_a_video_meeting_without_a_link_gets_its_own_jitsi_room(pair: Pair, acme_junior) -> None:
    first = book(pair, acme_junior)
    second = book(pair, acme_junior)
    assert first.video_url.startswith("https://meet.jit.si/Ponte-")
    assert first.video_url != second.video_url
    assert (first.status, first.sequence, first.created_by) == (MeetingStatus.SCHEDULED, 0, acme_junior)


def test_an_external_https_link_is_kept(pair: Pair, acme_senior) -> None:
    meeting = book(pair, acme_senior, video_url="https://teams.microsoft.com/l/meetup-join/abc")
    assert meeting.video_url == "https://teams.microsoft.com/l/meetup-join/abc"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"video_url": "http://zoom.us/j/1"}, "video_url"),
        ({"video_url": "javascript:alert(1)"}, "video_url"),
        ({"duration": 0}, "duration"),
        ({"duration": 1000}, "duration"),
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"channel": "in_person", "location": "  "}, "location"),
    ],
)
def test_bad_details_are_refused_and_nothing_is_written(pair: Pair, acme_junior, fields: dict, code: str) -> None:
    with pytest.raises(DomainError) as refused:
        book(pair, acme_junior, **fields)
    assert refused.value.code == code
    assert not Meeting.objects.exists()


def test_a_meeting_in_the_past_is_refused(pair: Pair, acme_junior) -> None:
    with pytest.raises(DomainError) as refused:
        book(pair, acme_junior, starts_at=timezone.now() - timedelta(minutes=5))
    assert refused.value.code == "past"


def test_someone_outside_the_pair_cannot_plan_its_meetings(pair: Pair, acme_participant) -> None:
    with pytest.raises(DomainError) as refused:
        book(pair, acme_participant)
    assert refused.value.code == "not_in_pair"


@pytest.mark.parametrize("status", [PairStatus.PROPOSED, PairStatus.DECLINED, PairStatus.COMPLETED])
def test_only_an_active_pair_plans_meetings(pair: Pair, acme_junior, status: str) -> None:
    Pair.objects.filter(pk=pair.pk).update(status=status)
    pair.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        book(pair, acme_junior)
    assert refused.value.code == "not_active"


def test_rescheduling_bumps_the_sequence_keeps_the_uid_and_resets_the_reminder(
    pair: Pair, acme_junior, acme_senior
) -> None:
    meeting = book(pair, acme_junior)
    Meeting.objects.filter(pk=meeting.pk).update(reminder_sent_at=timezone.now())
    uid = meeting.uid
    later = meeting.starts_at + timedelta(days=1)

    changed = meeting_reschedule(meeting=meeting, by=acme_senior, starts_at=later, duration=30, channel="video")

    assert (changed.uid, changed.sequence, changed.starts_at, changed.duration_minutes) == (uid, 1, later, 30)
    assert changed.reminder_sent_at is None
    assert changed.video_url == meeting.video_url  # the same Jitsi room
    assert Meeting.objects.count() == 1


def test_cancelling_bumps_the_sequence_and_cannot_happen_twice(pair: Pair, acme_junior, acme_senior) -> None:
    meeting = book(pair, acme_junior)
    cancelled = meeting_cancel(meeting=meeting, by=acme_senior)
    assert (cancelled.status, cancelled.sequence) == (MeetingStatus.CANCELLED, 1)
    assert cancelled.cancelled_at is not None
    with pytest.raises(DomainError):
        meeting_cancel(meeting=meeting, by=acme_junior)
    with pytest.raises(DomainError):
        meeting_reschedule(meeting=meeting, by=acme_junior, starts_at=meeting.starts_at, duration=30, channel="phone")
    assert Meeting.objects.get(pk=meeting.pk).sequence == 1
