"""The private calendar feed: a secret token, revocable; only the person's own meetings."""

from __future__ import annotations

import re

import icalendar
import pytest
import vobject
from django.urls import reverse

from ponte.meetings.services import calendar_feed_create, meeting_cancel
from ponte.pairs.models import Pair
from ponte.programs.models import Program, ProgramStatus
from tests.factories import PersonFactory

from .conftest import book, make_pair

pytestmark = pytest.mark.django_db


def _feed(token: str) -> str:
    return reverse("meetings:feed", kwargs={"token": token})


def _uids(content: bytes) -> set[str]:
    return {str(event["uid"]) for event in icalendar.Calendar.from_ical(content).walk("VEVENT")}


def test_the_feed_lists_only_my_not_cancelled_meetings(
    client, pair: Pair, program: Program, acme_junior, acme_senior, acme_participant, globex, globex_participant
) -> None:
    mine = book(pair, acme_junior)
    cancelled = book(pair, acme_junior)
    meeting_cancel(meeting=cancelled, by=acme_junior)
    other_pair = make_pair(program, PersonFactory(organization=program.organization), acme_participant)
    theirs = book(other_pair, acme_participant)
    globex_program = Program.objects.create(organization=globex, name="G", slug="g", status=ProgramStatus.RUNNING)
    foreign = book(
        make_pair(globex_program, PersonFactory(organization=globex), globex_participant), globex_participant
    )
    token = calendar_feed_create(user=acme_junior.user, organization=acme_junior.organization)

    response = client.get(_feed(token))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert _uids(response.content) == {f"{mine.uid}@ponte"}
    assert f"{theirs.uid}".encode() not in response.content
    assert f"{foreign.uid}".encode() not in response.content
    assert b"METHOD:" not in response.content
    assert vobject.readOne(response.content.decode()).vevent.uid.value == f"{mine.uid}@ponte"


def test_an_unknown_or_revoked_token_answers_404(client, login, pair: Pair, acme_junior) -> None:
    book(pair, acme_junior)
    assert client.get(_feed("made-up-token")).status_code == 404
    token = calendar_feed_create(user=acme_junior.user, organization=acme_junior.organization)
    assert client.get(_feed(token)).status_code == 200
    assert login(acme_junior).post(reverse("meetings:calendar-revoke")).status_code == 302
    assert client.get(_feed(token)).status_code == 404


def test_regenerating_stops_the_old_address_and_shows_the_new_one_once(client, login, acme_junior) -> None:
    old = calendar_feed_create(user=acme_junior.user, organization=acme_junior.organization)
    person = login(acme_junior)
    response = person.post(reverse("meetings:calendar-new"))
    assert response.status_code == 200
    match = re.search(r"/meetings/feed/([A-Za-z0-9_-]+)\.ics", response.content.decode())
    assert match is not None
    new = match.group(1)
    assert new != old
    assert client.get(_feed(old)).status_code == 404
    assert client.get(_feed(new)).status_code == 200
    assert new not in person.get(reverse("meetings:calendar")).content.decode()


def test_the_calendar_page_needs_a_login(client) -> None:
    assert client.get(reverse("meetings:calendar")).status_code == 302
