"""Meeting emails: both people, each in their language and time zone, with their .ics attached;
reminders once per meeting time, even when the task runs twice, and again after a reschedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import vobject
from django.core import mail
from django.utils import timezone

from ponte.meetings.services import meeting_cancel, meeting_reschedule
from ponte.meetings.tasks import sweep_meetings
from ponte.notifications.models import Notification
from ponte.pairs.models import Pair

from .conftest import NOW, book

pytestmark = pytest.mark.django_db


def _by_recipient() -> dict[str, mail.EmailMultiAlternatives]:
    return {message.to[0]: message for message in mail.outbox}  # type: ignore[misc]


def _ics(message: mail.EmailMessage) -> tuple[bytes, str]:
    (attachment,) = message.attachments
    filename, content, mimetype = attachment  # type: ignore[misc]
    assert filename.endswith(".ics")
    return (content.encode() if isinstance(content, str) else content), mimetype


def test_booking_mails_both_people_in_their_language_and_zone_with_the_invite(
    pair: Pair, acme_junior, acme_senior, django_capture_on_commit_callbacks
) -> None:
    acme_junior.user.language = "it"
    acme_junior.user.save()
    acme_senior.user.language = "en"
    acme_senior.user.save()
    acme_senior.time_zone = "America/New_York"
    acme_senior.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = book(pair, acme_junior, starts_at=datetime(2027, 3, 30, 8, 0, tzinfo=UTC), now=NOW)

    italian, english = _by_recipient()["junior@acme.test"], _by_recipient()["senior@acme.test"]
    assert len(mail.outbox) == 2
    assert "marzo" in italian.subject.lower() and "10:00" in italian.subject  # Rome, summer time
    assert "March" in english.subject and "04:00" in english.subject  # New York
    assert 'lang="it"' in italian.alternatives[0][0]  # type: ignore[index]
    for message, zone, hour in ((italian, "Europe/Rome", 10), (english, "America/New_York", 4)):
        data, mimetype = _ics(message)
        assert mimetype.startswith("text/calendar") and "method=REQUEST" in mimetype
        event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
        assert event["dtstart"].params["TZID"] == zone
        assert event.decoded("dtstart").hour == hour
        assert vobject.readOne(data.decode()).vevent.dtstart.value.hour == hour
    assert Notification.objects.filter(kind="meeting_scheduled").count() == 2
    assert str(meeting.pk) in Notification.objects.filter(kind="meeting_scheduled").first().url  # type: ignore[union-attr]


def test_a_reschedule_and_a_cancel_send_updates_of_the_same_event(
    pair: Pair, acme_junior, acme_senior, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        meeting = book(pair, acme_junior)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_reschedule(
            meeting=meeting,
            by=acme_senior,
            starts_at=meeting.starts_at + timedelta(hours=2),
            duration=30,
            channel="phone",
            phone_note="+39 02 1234",
        )
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, by=acme_junior)

    to_junior = [m for m in mail.outbox if m.to == ["junior@acme.test"]]
    assert len(to_junior) == 3
    assert ["method=CANCEL" in _ics(message)[1] for message in to_junior] == [False, False, True]
    calendars = [icalendar.Calendar.from_ical(_ics(message)[0]) for message in to_junior]
    assert [str(c["method"]) for c in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
    events = [c.walk("VEVENT")[0] for c in calendars]
    assert len({str(e["uid"]) for e in events}) == 1
    assert [int(e["sequence"]) for e in events] == [0, 1, 2]
    assert str(events[2]["status"]) == "CANCELLED"
    assert vobject.readOne(_ics(to_junior[2])[0].decode()).vevent.status.value == "CANCELLED"


def test_reminders_go_out_once_even_when_the_task_runs_twice(
    pair: Pair, acme_junior, django_capture_on_commit_callbacks
) -> None:
    meeting = book(pair, acme_junior, starts_at=timezone.now() + timedelta(hours=20))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sweep_meetings.call()
    with django_capture_on_commit_callbacks(execute=True):
        sweep_meetings.call()
    assert sorted(m.to[0] for m in mail.outbox) == ["junior@acme.test", "senior@acme.test"]
    assert Notification.objects.filter(kind="meeting_reminder").count() == 2
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is not None


def test_no_reminder_for_a_meeting_far_away_or_cancelled(
    pair: Pair, acme_junior, django_capture_on_commit_callbacks
) -> None:
    book(pair, acme_junior, starts_at=timezone.now() + timedelta(days=3))
    soon = book(pair, acme_junior, starts_at=timezone.now() + timedelta(hours=3))
    meeting_cancel(meeting=soon, by=acme_junior)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sweep_meetings.call()
    assert mail.outbox == []


def test_a_rescheduled_meeting_gets_a_reminder_for_its_new_time(
    pair: Pair, acme_junior, django_capture_on_commit_callbacks
) -> None:
    meeting = book(pair, acme_junior, starts_at=timezone.now() + timedelta(hours=20))
    with django_capture_on_commit_callbacks(execute=True):
        sweep_meetings.call()
    meeting = meeting_reschedule(
        meeting=meeting,
        by=acme_junior,
        starts_at=meeting.starts_at + timedelta(hours=2),
        duration=60,
        channel="video",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sweep_meetings.call()
    with django_capture_on_commit_callbacks(execute=True):
        sweep_meetings.call()
    assert sorted(m.to[0] for m in mail.outbox) == ["junior@acme.test", "senior@acme.test"]
    assert all("Reminder" in m.subject for m in mail.outbox)
    assert Notification.objects.filter(kind="meeting_reminder").count() == 4
