"""Pair pages: the two people answer; managers follow answers; nobody else sees anything."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from ponte.pairs.models import Pair, PairStatus, Response
from ponte.pairs.services import pair_respond
from ponte.people.models import Person
from ponte.programs.models import Program

from .conftest import NOTE_CANARY

pytestmark = pytest.mark.django_db

MY_PAIRS = reverse("pairs:my-pairs")


def _detail(pair: Pair) -> str:
    return reverse("pairs:pair-detail", args=[pair.pk])


def _answer(pair: Pair) -> str:
    return reverse("pairs:pair-answer", args=[pair.pk])


def test_my_partners_explains_a_proposal_and_asks_for_an_answer(login, proposal: Pair, acme_junior) -> None:
    response = login(acme_junior).get(MY_PAIRS)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sergio Senior" in body and "CFO" in body and "Finance" in body
    assert "Video call" in body  # the partner's preferred channels
    assert "4 hours a week" in body
    # Giulia is the junior: the explanation speaks to her, not about her.
    assert "You can take Sergio from level 2 to 5" in body
    assert "Sergio can coach you on" in body
    assert "Giulia can take" not in body
    assert "Please answer by" in body
    assert 'value="accept"' in body and 'value="decline"' in body
    # Nothing about generations (the year as text, not inside an id such as "pair-1962").
    assert not re.search(r"(?<![\w/#-])1962(?!\d)", body) and "Baby Boomers" not in body
    assert "wish" not in body.lower()  # a private wish is never put into words


def test_the_senior_reads_the_explanation_addressed_to_them(login, proposal: Pair, acme_senior) -> None:
    body = login(acme_senior).get(MY_PAIRS).content.decode()
    assert "Giulia can take you from level 2 to 5" in body
    assert "You can coach Giulia on" in body
    assert "Sergio can coach" not in body
    detail = login(acme_senior).get(_detail(proposal)).content.decode()
    assert "Giulia can take you from level 2 to 5" in detail


def test_accepting_shows_my_answer_and_waits_for_the_partner(login, proposal: Pair, acme_junior) -> None:
    response = login(acme_junior).post(_answer(proposal), {"answer": "accept"}, follow=True)
    body = response.content.decode()
    assert Pair.objects.get(pk=proposal.pk).junior_response == Response.ACCEPTED
    assert "Waiting for Sergio" in body
    assert 'value="accept"' not in body  # no second accept button


def test_htmx_answer_returns_only_the_updated_card(login, proposal: Pair, acme_junior) -> None:
    response = login(acme_junior).post(_answer(proposal), {"answer": "accept"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith("<article")
    assert "You accepted" in body and "Thank you" in body


def test_both_accepting_through_the_page_makes_an_active_pair(
    login, proposal: Pair, acme_junior, acme_senior, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        login(acme_junior).post(_answer(proposal), {"answer": "accept"})
        login(acme_senior).post(_answer(proposal), {"answer": "accept"})
    assert Pair.objects.get(pk=proposal.pk).status == PairStatus.ACTIVE
    assert "have been a pair since" in login(acme_junior).get(MY_PAIRS).content.decode()
    assert len(mail.outbox) == 2


def test_the_partner_of_a_decliner_sees_only_that_the_proposal_closed(
    login, proposal: Pair, acme_junior, acme_senior, rematches, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = login(acme_senior).post(_answer(proposal), {"answer": "decline", "note": NOTE_CANARY})
    assert response.status_code == 302
    assert Pair.objects.get(pk=proposal.pk).status == PairStatus.DECLINED
    client = login(acme_junior)
    for url in (MY_PAIRS, _detail(proposal), reverse("notifications:notification-list")):
        body = client.get(url).content.decode()
        assert NOTE_CANARY not in body
        assert "declined" not in body.lower()
    assert "This proposal is closed; we'll propose someone else." in client.get(MY_PAIRS).content.decode()
    assert "You declined this proposal" in login(acme_senior).get(MY_PAIRS).content.decode()
    assert rematches == [proposal.program_id]


def test_answering_too_late_is_refused_with_a_message(login, proposal: Pair, acme_junior) -> None:
    Pair.objects.filter(pk=proposal.pk).update(respond_by=proposal.created_at)
    response = login(acme_junior).post(_answer(proposal), {"answer": "accept"})
    assert response.status_code == 400
    assert "The time to answer this proposal has ended." in response.content.decode()
    assert Pair.objects.get(pk=proposal.pk).junior_response == ""


def test_a_bad_answer_is_a_400_not_a_500(login, proposal: Pair, acme_junior) -> None:
    response = login(acme_junior).post(_answer(proposal), {"answer": "maybe"})
    assert response.status_code == 400
    assert Pair.objects.get(pk=proposal.pk).junior_response == ""


def test_answering_by_get_is_not_allowed(login, proposal: Pair, acme_junior) -> None:
    assert login(acme_junior).get(_answer(proposal)).status_code == 405


def test_a_colleague_outside_the_pair_gets_404(login, proposal: Pair, acme_participant: Person) -> None:
    client = login(acme_participant)
    assert client.get(_detail(proposal)).status_code == 404
    assert client.post(_answer(proposal), {"answer": "decline"}).status_code == 404
    assert "Sergio" not in client.get(MY_PAIRS).content.decode()
    assert Pair.objects.get(pk=proposal.pk).status == PairStatus.PROPOSED


def test_another_organisation_gets_404(login, proposal: Pair, globex_admin, globex_participant) -> None:
    for intruder in (globex_admin, globex_participant):
        client = login(intruder)
        assert client.get(_detail(proposal)).status_code == 404
        assert client.post(_answer(proposal), {"answer": "decline"}).status_code == 404
        assert client.post(reverse("pairs:pair-remind", args=[proposal.pk])).status_code == 404
        assert client.get(reverse("pairs:program-pairs", args=[proposal.program_id])).status_code == 404
    assert Pair.objects.get(pk=proposal.pk).status == PairStatus.PROPOSED


def test_a_manager_sees_a_pair_but_cannot_answer_for_its_people(login, proposal: Pair, acme_manager) -> None:
    client = login(acme_manager)
    assert client.get(_detail(proposal)).status_code == 200
    assert client.post(_answer(proposal), {"answer": "accept"}).status_code == 403


def test_managers_follow_answers_and_read_the_note_to_hr(
    login, proposal: Pair, running: Program, acme_manager, acme_senior, rematches
) -> None:
    pair_respond(pair=proposal, person=acme_senior, accept=False, note=NOTE_CANARY)
    response = login(acme_manager).get(reverse("pairs:program-pairs", args=[running.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Giulia Junior" in body and "Sergio Senior" in body
    assert NOTE_CANARY in body
    assert "Declined" in body
    # The junior owes no answer to a closed proposal: no "Waiting" next to a declined pair.
    assert "Waiting" not in body
    assert NOTE_CANARY in login(acme_manager).get(_detail(proposal)).content.decode()


def test_the_status_filter_narrows_the_managers_table(login, proposal: Pair, running: Program, acme_manager) -> None:
    url = reverse("pairs:program-pairs", args=[running.pk])
    assert "Giulia Junior" not in login(acme_manager).get(url + "?status=active").content.decode()
    assert "Giulia Junior" in login(acme_manager).get(url + "?status=proposed").content.decode()
    assert login(acme_manager).get(url + "?status=nonsense").status_code == 200


def test_participants_cannot_open_the_managers_table(login, proposal: Pair, running: Program, acme_junior) -> None:
    assert login(acme_junior).get(reverse("pairs:program-pairs", args=[running.pk])).status_code == 403


def test_a_manager_sends_a_reminder_now(
    login, proposal: Pair, acme_manager, acme_junior, django_capture_on_commit_callbacks
) -> None:
    pair_respond(pair=proposal, person=acme_junior, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(acme_manager).post(reverse("pairs:pair-remind", args=[proposal.pk]), follow=True)
    assert response.status_code == 200
    assert "Reminder sent to Sergio Senior." in response.content.decode()
    assert [message.to for message in mail.outbox] == [["senior@acme.test"]]


def test_participants_cannot_send_reminders(login, proposal: Pair, acme_junior) -> None:
    assert login(acme_junior).post(reverse("pairs:pair-remind", args=[proposal.pk])).status_code == 403


def test_my_partners_needs_a_profile(acme_admin) -> None:
    user = acme_admin.user
    acme_admin.user = None
    acme_admin.save()
    client = Client()
    client.force_login(user)
    assert client.get(MY_PAIRS).status_code == 404


def test_the_navigation_links_to_my_partners(login, acme_junior) -> None:
    assert f'href="{MY_PAIRS}"' in login(acme_junior).get(reverse("people:profile")).content.decode()
