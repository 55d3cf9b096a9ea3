"""Invites and feeds are valid iCalendar, read the same by two independent parsers, with the
right local times across DST changes, stable UIDs and growing SEQUENCE numbers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from ponte.meetings.calendar import Attendee, EventData, build_calendar
from ponte.meetings.invites import invite_ics
from ponte.meetings.services import meeting_cancel, meeting_reschedule
from ponte.pairs.models import Pair

from .conftest import NOW, book

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
NEW_YORK = ZoneInfo("America/New_York")


def _event(starts_at: datetime) -> EventData:
    return EventData(
        uid="abc@ponte",
        sequence=0,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        summary="Meeting",
        organizer=Attendee("Ponte", "ponte@example.org"),
        attendees=(Attendee("Giulia Junior", "junior@acme.test"),),
    )


def _one_event(data: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return events[0]


@pytest.mark.parametrize(
    ("local", "utc_hour"),
    [(datetime(2027, 3, 26, 10, 0, tzinfo=ROME), 9), (datetime(2027, 3, 30, 10, 0, tzinfo=ROME), 8)],
)
def test_rome_times_keep_their_local_hour_across_the_dst_change(local: datetime, utc_hour: int) -> None:
    data = build_calendar([_event(local)], tzid="Europe/Rome", method="REQUEST")

    start = _one_event(data).decoded("dtstart")
    assert start.tzinfo is not None and start.hour == 10
    assert start.astimezone(UTC).hour == utc_hour
    assert b"DTSTART;TZID=Europe/Rome:" in data
    assert b"BEGIN:VTIMEZONE" in data and b"TZID:Europe/Rome" in data

    parsed = vobject.readOne(data.decode())
    other = parsed.vevent.dtstart.value
    assert (other.hour, other.astimezone(UTC).hour) == (10, utc_hour)
    assert parsed.method.value == "REQUEST"


def test_a_new_york_recipient_gets_their_own_zone_and_local_time() -> None:
    # 2027-03-30 10:00 in Rome is 08:00 UTC: 04:00 in New York (already on summer time).
    data = build_calendar([_event(datetime(2027, 3, 30, 10, 0, tzinfo=ROME))], tzid="America/New_York")

    start = _one_event(data).decoded("dtstart")
    assert b"DTSTART;TZID=America/New_York:20270330T040000" in data
    assert start.hour == 4 and start.astimezone(UTC).hour == 8
    other = vobject.readOne(data.decode()).vevent.dtstart.value
    assert other.hour == 4 and other.astimezone(UTC) == datetime(2027, 3, 30, 8, 0, tzinfo=UTC)
    assert b"METHOD" not in data


def test_a_rescheduled_meeting_keeps_its_uid_and_bumps_its_sequence(pair: Pair, acme_junior, acme_senior) -> None:
    meeting = book(pair, acme_junior, starts_at=datetime(2027, 3, 26, 9, 0, tzinfo=UTC), now=NOW)
    first = _one_event(invite_ics(meeting, acme_senior))

    meeting = meeting_reschedule(
        meeting=meeting,
        by=acme_senior,
        starts_at=datetime(2027, 3, 30, 8, 0, tzinfo=UTC),
        duration=45,
        channel="video",
        now=NOW,
    )
    second_data = invite_ics(meeting, acme_senior)
    second = _one_event(second_data)

    assert str(first["uid"]) == str(second["uid"]) == f"{meeting.uid}@ponte"
    assert (int(first["sequence"]), int(second["sequence"])) == (0, 1)
    assert second.decoded("dtstart").hour == 10  # Rome, summer time
    parsed = vobject.readOne(second_data.decode())
    assert parsed.vevent.uid.value == str(first["uid"]) and parsed.vevent.sequence.value == "1"
    assert icalendar.Calendar.from_ical(second_data)["method"] == "REQUEST"


def test_a_cancellation_has_method_cancel_and_status_cancelled(pair: Pair, acme_junior, acme_senior) -> None:
    meeting = book(pair, acme_junior, starts_at=datetime(2027, 3, 26, 9, 0, tzinfo=UTC), now=NOW)
    meeting = meeting_cancel(meeting=meeting, by=acme_senior, now=NOW)

    data = invite_ics(meeting, acme_junior)
    calendar = icalendar.Calendar.from_ical(data)
    event = _one_event(data)
    assert calendar["method"] == "CANCEL"
    assert event["status"] == "CANCELLED"
    assert int(event["sequence"]) == 1
    parsed = vobject.readOne(data.decode())
    assert parsed.method.value == "CANCEL" and parsed.vevent.status.value == "CANCELLED"


def test_an_invite_names_the_partner_the_video_link_and_both_attendees(pair: Pair, acme_junior, acme_senior) -> None:
    meeting = book(pair, acme_junior, starts_at=datetime(2027, 3, 26, 9, 0, tzinfo=UTC), now=NOW)
    event = _one_event(invite_ics(meeting, acme_junior))

    assert "Sergio Senior" in str(event["summary"])
    assert str(event["url"]).startswith("https://meet.jit.si/Ponte-")
    assert str(event["location"]) == meeting.video_url
    attendees = sorted(str(value) for value in event["attendee"])
    assert attendees == ["mailto:junior@acme.test", "mailto:senior@acme.test"]
    assert str(event["organizer"]).startswith("mailto:")
