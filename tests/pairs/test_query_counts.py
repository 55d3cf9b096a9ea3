"""The pairs pages read a constant number of queries whatever the number of pairs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ponte.programs.models import Program
from tests.factories import PersonFactory
from tests.pairs.conftest import propose

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_pairs(program: Program, count: int, junior=None) -> None:
    for _ in range(count):
        senior = PersonFactory(organization=program.organization)
        propose(program, junior or PersonFactory(organization=program.organization), senior)


def test_managers_pairs_page_does_not_grow_with_pairs(login, running: Program, acme_manager) -> None:
    client = login(acme_manager)
    url = reverse("pairs:program-pairs", args=[running.pk])
    _more_pairs(running, 2)
    few = _queries(client, url)
    _more_pairs(running, 20)
    assert _queries(client, url) == few


def test_my_partners_page_does_not_grow_with_proposals(login, running: Program, acme_junior) -> None:
    running.junior_capacity = 3
    running.save()
    client = login(acme_junior)
    url = reverse("pairs:my-pairs")
    propose(running, acme_junior, PersonFactory(organization=running.organization), slot=1)
    few = _queries(client, url)
    propose(running, acme_junior, PersonFactory(organization=running.organization), slot=2)
    propose(running, acme_junior, PersonFactory(organization=running.organization), slot=3)
    assert _queries(client, url) == few


def _active_with_history(program: Program, junior, senior, meetings: int):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from ponte.feedback.models import MeetingFeedback
    from ponte.meetings.models import Meeting
    from ponte.pairs.models import Pair, PairStatus

    pair = Pair.objects.filter(program=program, junior=junior, senior=senior).first() or Pair.objects.create(
        organization=program.organization,
        program=program,
        junior=junior,
        senior=senior,
        status=PairStatus.ACTIVE,
        started_on=timezone.localdate() - timedelta(days=60),
    )
    for number in range(meetings):
        meeting = Meeting.objects.create(
            organization=program.organization,
            pair=pair,
            starts_at=timezone.now() - timedelta(days=number + 1),
            duration_minutes=30,
            channel="phone",
            status="held",
        )
        MeetingFeedback.objects.create(
            organization=program.organization,
            meeting=meeting,
            pair=pair,
            author=senior,
            recipient=junior,
            rating=5,
            kudos=f"Thanks {number}",
        )
    return pair


@pytest.mark.parametrize("persona", ["acme_junior", "acme_manager"])
def test_the_pair_page_does_not_grow_with_meetings_and_kudos(
    request, login, running: Program, acme_junior, acme_senior, persona: str
) -> None:
    pair = _active_with_history(running, acme_junior, acme_senior, 1)
    client = login(request.getfixturevalue(persona))
    url = reverse("pairs:pair-detail", args=[pair.pk])
    few = _queries(client, url)
    _active_with_history(running, acme_junior, acme_senior, 15)
    assert _queries(client, url) == few
