"""The pair page and its pause / resume / end / complete actions, for each persona."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ponte.pairs.models import Pair, PairStatus
from ponte.people.models import AvailabilityWindow, Person

pytestmark = pytest.mark.django_db

END_NOTE = "Zxqend private reason"


def _url(name: str, pair: Pair) -> str:
    return reverse(f"pairs:{name}", args=[pair.pk])


def test_the_junior_pauses_the_pair_from_its_page(login, active: Pair, acme_junior) -> None:
    until = timezone.localdate() + timedelta(days=14)
    response = login(acme_junior).post(_url("pair-pause", active), {"until": until.isoformat()})
    assert response.status_code == 302
    pair = Pair.objects.get(pk=active.pk)
    assert pair.is_paused and pair.paused_until == until
    page = login(acme_junior).get(_url("pair-detail", active)).content.decode()
    assert "Resume the pair" in page and "Pause the pair" not in page


def test_a_bad_resume_date_pauses_nothing(login, active: Pair, acme_junior) -> None:
    response = login(acme_junior).post(_url("pair-pause", active), {"until": "31/02/2027"}, follow=True)
    assert "Enter a valid date to resume" in response.content.decode()
    assert not Pair.objects.get(pk=active.pk).is_paused


def test_the_senior_resumes_a_pair_the_junior_paused(login, active: Pair, acme_junior, acme_senior) -> None:
    login(acme_junior).post(_url("pair-pause", active))
    login(acme_senior).post(_url("pair-resume", active))
    assert not Pair.objects.get(pk=active.pk).is_paused


def test_ending_asks_for_a_reason_then_ends_the_pair(login, active: Pair, acme_senior) -> None:
    client = login(acme_senior)
    page = client.get(_url("pair-end", active))
    assert page.status_code == 200 and "Propose me a new partner" in page.content.decode()
    refused = client.post(_url("pair-end", active), {"reason": "because", "note": END_NOTE})
    assert refused.status_code == 400
    assert Pair.objects.get(pk=active.pk).status == PairStatus.ACTIVE
    client.post(_url("pair-end", active), {"reason": "no_time", "note": END_NOTE, "new_partner": "on"})
    pair = Pair.objects.get(pk=active.pk)
    assert (pair.status, pair.end_reason, pair.end_note) == (PairStatus.ENDED_EARLY, "no_time", END_NOTE)


def test_the_partner_never_reads_why_the_pair_ended(login, active: Pair, acme_junior, acme_senior) -> None:
    login(acme_senior).post(_url("pair-end", active), {"reason": "not_working", "note": END_NOTE})
    for url in (_url("pair-detail", active), reverse("pairs:my-pairs"), reverse("notifications:notification-list")):
        body = login(acme_junior).get(url).content.decode()
        assert END_NOTE not in body and "isn&#x27;t working" not in body and "isn't working" not in body


def test_the_program_team_reads_why_and_by_whom(login, active: Pair, acme_senior, acme_manager) -> None:
    login(acme_senior).post(_url("pair-end", active), {"reason": "not_working", "note": END_NOTE})
    body = login(acme_manager).get(_url("pair-detail", active)).content.decode()
    assert END_NOTE in body and "Sergio Senior" in body
    listing = login(acme_manager).get(reverse("pairs:program-pairs", args=[active.program_id])).content.decode()
    assert END_NOTE in listing


def test_only_program_managers_complete_a_pair(login, active: Pair, acme_junior, acme_manager) -> None:
    assert login(acme_junior).post(_url("pair-complete", active)).status_code == 403
    assert Pair.objects.get(pk=active.pk).status == PairStatus.ACTIVE
    assert login(acme_manager).post(_url("pair-complete", active)).status_code == 302
    assert Pair.objects.get(pk=active.pk).status == PairStatus.COMPLETED


def test_a_manager_pauses_and_ends_a_pair_for_the_program_team(login, active: Pair, acme_manager) -> None:
    client = login(acme_manager)
    client.post(_url("pair-pause", active))
    assert Pair.objects.get(pk=active.pk).is_paused
    page = client.get(_url("pair-end", active)).content.decode()
    assert "Propose me a new partner" not in page
    client.post(_url("pair-end", active), {"reason": "other"})
    assert Pair.objects.get(pk=active.pk).ended_by is None


@pytest.mark.parametrize("name", ["pair-pause", "pair-resume", "pair-end", "pair-complete"])
def test_a_colleague_outside_the_pair_finds_nothing(login, active: Pair, acme_participant, name: str) -> None:
    assert login(acme_participant).post(_url(name, active), {"reason": "other"}).status_code == 404
    assert Pair.objects.get(pk=active.pk).status == PairStatus.ACTIVE


@pytest.mark.parametrize("name", ["pair-pause", "pair-resume", "pair-end", "pair-complete"])
def test_another_organisation_finds_nothing(login, active: Pair, globex_admin, name: str) -> None:
    assert login(globex_admin).post(_url(name, active), {"reason": "other"}).status_code == 404
    assert Pair.objects.get(pk=active.pk).status == PairStatus.ACTIVE


def test_getting_an_action_url_changes_nothing(login, active: Pair, acme_junior) -> None:
    client = login(acme_junior)
    for name in ("pair-pause", "pair-resume", "pair-complete"):
        assert client.get(_url(name, active)).status_code == 405
    assert Pair.objects.get(pk=active.pk).status == PairStatus.ACTIVE and not active.is_paused


def test_the_pair_page_shows_when_both_are_free_on_the_viewers_clock(login, active: Pair, acme_junior, acme_senior):
    Person.objects.filter(pk=acme_senior.pk).update(time_zone="Europe/London")
    AvailabilityWindow.objects.create(person=acme_junior, weekday=1, start=time(9), end=time(12))
    AvailabilityWindow.objects.create(person=acme_senior, weekday=1, start=time(9), end=time(12))
    body = login(acme_junior).get(_url("pair-detail", active)).content.decode()
    # 09:00–12:00 in London is 10:00–13:00 in Rome: they share 10:00–12:00 on Giulia's clock.
    assert "Tuesday: 10:00–12:00" in body
    assert "Europe/London" in body


def test_the_program_team_sees_a_pair_at_risk_with_its_reason(login, active: Pair, acme_manager, acme_junior) -> None:
    Pair.objects.filter(pk=active.pk).update(
        at_risk_since=timezone.now(), risk_reason="no_meeting", risk_details={"days": 45, "cadence_days": 14}
    )
    body = login(acme_manager).get(_url("pair-detail", active)).content.decode()
    assert "No meeting for 45 days; they agreed to meet every 14 days." in body
    listing = login(acme_manager).get(reverse("pairs:program-pairs", args=[active.program_id]), {"status": "at_risk"})
    assert "Giulia Junior" in listing.content.decode()
    assert "At risk" not in login(acme_junior).get(_url("pair-detail", active)).content.decode()


def test_the_program_pairs_filter_for_paused_pairs_leaves_the_others_out(
    login, active: Pair, acme_manager, acme_junior
) -> None:
    listing = login(acme_manager).get(reverse("pairs:program-pairs", args=[active.program_id]), {"status": "paused"})
    assert "Giulia Junior" not in listing.content.decode()
    login(acme_junior).post(_url("pair-pause", active))
    listing = login(acme_manager).get(reverse("pairs:program-pairs", args=[active.program_id]), {"status": "paused"})
    assert "Giulia Junior" in listing.content.decode()
