"""Meeting pages: the pair's two people plan and see everything; program managers see times
only; anyone else in the organisation gets 404; bad input answers 400 and writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from ponte.meetings.models import Meeting, MeetingStatus
from ponte.pairs.models import Pair

from .conftest import AGENDA_CANARY, book

pytestmark = pytest.mark.django_db


def _page(pair: Pair) -> str:
    return reverse("meetings:pair-meetings", kwargs={"pair_id": pair.pk})


def _form(when: datetime, **fields: object) -> dict[str, object]:
    return {
        "date": when.strftime("%Y-%m-%d"),
        "time": when.strftime("%H:%M"),
        "duration": 45,
        "channel": "video",
        "location": "",
        "video_url": "",
        "phone_note": "",
        "agenda": "Spreadsheets",
    } | fields


def test_a_person_of_the_pair_books_a_meeting_on_their_own_clock(login, pair: Pair, acme_senior) -> None:
    acme_senior.time_zone = "America/New_York"
    acme_senior.save()
    when = datetime(2031, 3, 30, 9, 30)
    response = login(acme_senior).post(reverse("meetings:meeting-create", kwargs={"pair_id": pair.pk}), _form(when))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.starts_at == when.replace(tzinfo=ZoneInfo("America/New_York"))
    assert meeting.starts_at.astimezone(UTC).hour == 13
    assert (meeting.duration_minutes, meeting.created_by) == (45, acme_senior)


def test_the_page_shows_my_time_and_my_partners_when_they_differ(login, pair: Pair, acme_junior, acme_senior) -> None:
    acme_senior.time_zone = "Europe/London"
    acme_senior.save()
    book(pair, acme_junior, starts_at=datetime(2031, 6, 10, 13, 0, tzinfo=UTC))
    body = login(acme_junior).get(_page(pair)).content.decode()
    assert "15:00 for you" in body
    assert "14:00 for Sergio (Europe/London)" in body
    assert AGENDA_CANARY in body
    assert "https://meet.jit.si/Ponte-" in body


def test_the_form_suggests_the_programs_length_and_a_shared_channel(
    login, pair: Pair, acme_junior, acme_senior
) -> None:
    acme_junior.channels = ["chat", "phone", "video"]
    acme_junior.save()
    acme_senior.channels = ["in_person", "phone"]
    acme_senior.save()
    form = login(acme_junior).get(_page(pair)).context["form"]
    assert form.initial == {"duration": 45, "channel": "phone"}


def test_a_program_manager_sees_meeting_times_but_not_the_agenda_or_link(login, pair: Pair, acme_junior, acme_manager):
    meeting = book(pair, acme_junior)
    client = login(acme_manager)
    response = client.get(_page(pair))
    assert response.status_code == 200
    body = response.content.decode()
    assert AGENDA_CANARY not in body and meeting.video_url not in body
    assert response.context["form"] is None
    assert client.get(reverse("meetings:meeting-ics", args=[meeting.pk])).status_code == 403
    assert client.post(reverse("meetings:meeting-cancel", args=[meeting.pk])).status_code == 403
    create = reverse("meetings:meeting-create", kwargs={"pair_id": pair.pk})
    assert client.post(create, _form(datetime(2031, 1, 1, 10))).status_code == 403
    assert Meeting.objects.get().status == MeetingStatus.SCHEDULED


def test_a_colleague_outside_the_pair_gets_404_everywhere(login, pair: Pair, acme_junior, acme_participant) -> None:
    meeting = book(pair, acme_junior)
    client = login(acme_participant)
    urls = [
        _page(pair),
        reverse("meetings:meeting-ics", args=[meeting.pk]),
        reverse("meetings:meeting-change", args=[meeting.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404
        assert AGENDA_CANARY not in response.content.decode()
    assert client.post(reverse("meetings:meeting-cancel", args=[meeting.pk])).status_code == 404
    assert (
        client.post(reverse("meetings:meeting-create", args=[pair.pk]), _form(datetime(2031, 1, 1))).status_code == 404
    )
    assert Meeting.objects.get().status == MeetingStatus.SCHEDULED


@pytest.mark.parametrize(
    "fields",
    [
        {"date": "2020-01-01"},
        {"video_url": "not a link"},
        {"video_url": "http://zoom.us/j/1"},
        {"duration": 0},
        {"duration": 1000},
        {"channel": "fax"},
        {"channel": "in_person", "location": ""},
        {"date": ""},
        {"time": "25:99"},
    ],
)
def test_bad_input_answers_400_with_a_message_and_writes_nothing(login, pair: Pair, acme_junior, fields) -> None:
    response = login(acme_junior).post(
        reverse("meetings:meeting-create", kwargs={"pair_id": pair.pk}), _form(datetime(2031, 1, 1, 10), **fields)
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Meeting.objects.exists()


def test_rescheduling_through_the_form_updates_the_meeting(login, pair: Pair, acme_junior, acme_senior) -> None:
    meeting = book(pair, acme_junior)
    client = login(acme_senior)
    url = reverse("meetings:meeting-change", args=[meeting.pk])
    form = client.get(url).context["form"]
    assert form.initial["duration"] == 60
    response = client.post(url, _form(datetime(2031, 2, 2, 11, 0), channel="in_person", location="Room 4"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.sequence, meeting.location, meeting.video_url) == (1, "Room 4", "")
    assert meeting.starts_at == datetime(2031, 2, 2, 11, 0, tzinfo=ZoneInfo("Europe/Rome"))


def test_rescheduling_into_the_past_answers_400(login, pair: Pair, acme_junior) -> None:
    meeting = book(pair, acme_junior)
    url = reverse("meetings:meeting-change", args=[meeting.pk])
    response = login(acme_junior).post(url, _form(timezone.now() - timedelta(days=2)))
    assert response.status_code == 400
    assert "Choose a date and time in the future." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_cancelling_through_the_page(login, pair: Pair, acme_junior) -> None:
    meeting = book(pair, acme_junior)
    client = login(acme_junior)
    assert client.post(reverse("meetings:meeting-cancel", args=[meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert client.post(reverse("meetings:meeting-cancel", args=[meeting.pk])).status_code == 400


def test_one_meeting_downloads_as_ics_in_my_zone(login, pair: Pair, acme_junior, acme_senior) -> None:
    acme_senior.time_zone = "America/New_York"
    acme_senior.save()
    meeting = book(pair, acme_junior, starts_at=datetime(2031, 3, 26, 9, 0, tzinfo=UTC))
    response = login(acme_senior).get(reverse("meetings:meeting-ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event["dtstart"].params["TZID"] == "America/New_York"
    assert event.decoded("dtstart").hour == 5


def test_the_pair_page_and_my_profile_link_to_meetings_and_my_calendar(login, pair: Pair, acme_junior) -> None:
    client = login(acme_junior)
    assert _page(pair) in client.get(reverse("pairs:pair-detail", args=[pair.pk])).content.decode()
    assert reverse("meetings:calendar") in client.get(reverse("people:profile")).content.decode()
