"""Answering proposals: both accept → active; a decline is no-fault and re-matches; deadlines hold."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from ponte.core.errors import DomainError
from ponte.notifications.models import Notification
from ponte.pairs import events
from ponte.pairs.models import Pair, PairStatus, Response
from ponte.pairs.services import _activate_if_both_accepted, pair_respond
from ponte.people.models import Person
from ponte.programs.models import Program
from tests.factories import PersonFactory

from .conftest import NOTE_CANARY, propose

pytestmark = pytest.mark.django_db


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_both_accepting_makes_the_pair_active(
    proposal: Pair, acme_junior, acme_senior, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pair_respond(pair=proposal, person=acme_junior, accept=True)
    proposal.refresh_from_db()
    assert proposal.status == PairStatus.PROPOSED
    assert proposal.junior_response == Response.ACCEPTED and proposal.junior_responded_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        pair_respond(pair=proposal, person=acme_senior, accept=True)
    proposal.refresh_from_db()
    assert proposal.status == PairStatus.ACTIVE
    assert proposal.started_on == timezone.localdate()
    assert _recipients() == ["junior@acme.test", "senior@acme.test"]
    assert "You and Sergio Senior are now a pair" in [m.subject for m in mail.outbox]


def test_answering_the_same_way_twice_changes_nothing(
    proposal: Pair, acme_junior, acme_senior, django_capture_on_commit_callbacks
) -> None:
    pair_respond(pair=proposal, person=acme_junior, accept=True)
    first = Pair.objects.get(pk=proposal.pk).junior_responded_at
    pair_respond(pair=proposal, person=acme_junior, accept=True)
    assert Pair.objects.get(pk=proposal.pk).junior_responded_at == first
    with django_capture_on_commit_callbacks(execute=True):
        pair_respond(pair=proposal, person=acme_senior, accept=True)
        pair_respond(pair=proposal, person=acme_senior, accept=True)
    assert len(mail.outbox) == 2  # one "you are now a pair" each, not four


def test_declining_closes_the_proposal_and_tells_only_the_partner_without_blame(
    proposal: Pair, acme_junior, acme_senior, rematches, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pair_respond(pair=proposal, person=acme_senior, accept=False, note=NOTE_CANARY)
    proposal.refresh_from_db()
    assert proposal.status == PairStatus.DECLINED
    assert proposal.senior_response == Response.DECLINED
    assert proposal.decline_note == NOTE_CANARY
    assert _recipients() == ["junior@acme.test"]
    message = mail.outbox[0]
    html = message.alternatives[0][0]  # type: ignore[index]
    for text in (message.subject, message.body, html):
        assert NOTE_CANARY not in text
        assert "declin" not in text.lower()
        assert "Sergio" not in text
    assert "look for another partner" in message.subject
    notification = Notification.objects.get(recipient=acme_junior.user)
    assert notification.kind == "pair_closed_for_you"
    assert NOTE_CANARY not in notification.title + notification.body
    assert not Notification.objects.filter(recipient=acme_senior.user).exists()


def test_a_decline_asks_publishing_to_rematch_the_program(
    proposal: Pair, acme_junior, rematches, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pair_respond(pair=proposal, person=acme_junior, accept=False)
    assert rematches == [proposal.program_id]


def test_a_rematch_is_enqueued_only_after_the_commit(proposal: Pair, acme_junior, rematches) -> None:
    with transaction.atomic():
        pair_respond(pair=proposal, person=acme_junior, accept=False)
        assert rematches == []


def test_an_accepted_proposal_can_still_be_declined_while_open(
    proposal: Pair, acme_junior, acme_senior, rematches
) -> None:
    pair_respond(pair=proposal, person=acme_junior, accept=True)
    pair_respond(pair=proposal, person=acme_junior, accept=False)
    proposal.refresh_from_db()
    assert proposal.status == PairStatus.DECLINED
    with pytest.raises(DomainError):
        pair_respond(pair=proposal, person=acme_senior, accept=True)


def test_the_note_is_dropped_when_accepting(proposal: Pair, acme_junior) -> None:
    pair_respond(pair=proposal, person=acme_junior, accept=True, note=NOTE_CANARY)
    proposal.refresh_from_db()
    assert proposal.decline_note == ""


def test_answering_after_the_deadline_is_refused(proposal: Pair, acme_junior) -> None:
    late = proposal.respond_by + timedelta(minutes=1)
    with pytest.raises(DomainError) as refused:
        pair_respond(pair=proposal, person=acme_junior, accept=True, now=late)
    assert refused.value.code == "too_late"
    proposal.refresh_from_db()
    assert proposal.junior_response == ""


def test_only_the_two_people_can_answer(proposal: Pair, acme_participant: Person) -> None:
    with pytest.raises(DomainError) as refused:
        pair_respond(pair=proposal, person=acme_participant, accept=True)
    assert refused.value.code == "not_in_pair"


def test_a_closed_proposal_cannot_be_accepted(proposal: Pair, acme_junior, acme_senior, rematches) -> None:
    pair_respond(pair=proposal, person=acme_junior, accept=False)
    with pytest.raises(DomainError) as refused:
        pair_respond(pair=proposal, person=acme_senior, accept=True)
    assert refused.value.code == "closed"


def test_concurrent_last_answers_activate_the_pair_only_once(
    proposal: Pair, acme_junior, acme_senior, django_capture_on_commit_callbacks
) -> None:
    # Both answers are in: two requests racing on the final step can both reach the transition,
    # but the conditional UPDATE lets exactly one of them win it and send the event.
    Pair.objects.filter(pk=proposal.pk).update(junior_response=Response.ACCEPTED, senior_response=Response.ACCEPTED)
    today = timezone.localdate()
    assert _activate_if_both_accepted(proposal.pk, today=today) is True
    assert _activate_if_both_accepted(proposal.pk, today=today) is False
    assert Pair.objects.get(pk=proposal.pk).status == PairStatus.ACTIVE


def test_a_stale_copy_cannot_reopen_or_double_activate(
    proposal: Pair, acme_junior, acme_senior, django_capture_on_commit_callbacks
) -> None:
    stale_junior_view = Pair.objects.get(pk=proposal.pk)
    stale_senior_view = Pair.objects.get(pk=proposal.pk)
    activated: list[int] = []

    def count(sender: object, *, pair_id: int, **kwargs: object) -> None:
        activated.append(pair_id)

    events.pair_activated.connect(count)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            pair_respond(pair=stale_junior_view, person=acme_junior, accept=True)
            pair_respond(pair=stale_senior_view, person=acme_senior, accept=True)
            pair_respond(pair=stale_junior_view, person=acme_junior, accept=True)
    finally:
        events.pair_activated.disconnect(count)
    assert activated == [proposal.pk]


def test_a_second_open_proposal_for_the_same_senior_is_refused_by_the_database(
    proposal: Pair, running: Program, acme_senior: Person, acme_participant: Person
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        propose(running, acme_participant, acme_senior)


def test_two_proposals_cannot_hold_the_same_junior_place(
    proposal: Pair, running: Program, acme_junior: Person, acme_participant: Person
) -> None:
    # Capacity 1: the junior has one place; a second open proposal for it is refused outright,
    # so two proposals accepted at once can never make two active pairs for one junior.
    with pytest.raises(IntegrityError), transaction.atomic():
        propose(running, acme_junior, acme_participant, slot=1)


def test_a_closed_proposal_frees_the_place_for_a_new_one(
    proposal: Pair, running: Program, acme_junior: Person, acme_participant: Person, rematches
) -> None:
    pair_respond(pair=proposal, person=acme_junior, accept=False)
    assert propose(running, acme_junior, acme_participant).status == PairStatus.PROPOSED


def test_someone_without_an_account_gets_no_message_but_the_pair_still_works(
    running: Program, acme_junior, django_capture_on_commit_callbacks
) -> None:
    senior = PersonFactory(organization=running.organization)
    pair = propose(running, acme_junior, senior)
    with django_capture_on_commit_callbacks(execute=True):
        pair_respond(pair=pair, person=acme_junior, accept=True)
        pair_respond(pair=pair, person=senior, accept=True)
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.ACTIVE
    assert _recipients() == ["junior@acme.test"]
