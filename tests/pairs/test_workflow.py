"""The whole loop with the real engine: publish, one person declines, the re-match proposes again."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from ponte.matching.services import match_run_start
from ponte.pairs.models import Pair, PairStatus
from ponte.pairs.publishing import match_run_publish
from ponte.pairs.services import pair_respond
from tests.factories import MembershipFactory, UserFactory
from tests.matching_django.conftest import cohort, make_program

pytestmark = pytest.mark.django_db


def _with_accounts(people: list) -> None:
    for person in people:
        user = UserFactory(email=person.email)
        MembershipFactory(organization=person.organization, user=user)
        person.user = user
        person.save()


def test_a_decline_leads_to_a_new_proposal_from_the_real_engine(
    acme, login, django_capture_on_commit_callbacks
) -> None:
    program = make_program(acme)
    juniors, seniors = cohort(program, juniors=1, seniors=2)
    _with_accounts(juniors + seniors)
    with django_capture_on_commit_callbacks(execute=True):
        run = match_run_start(program=program, by=None)
    run.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        (first,) = match_run_publish(run=run, by=None)
    (junior,) = juniors
    first_senior = first.senior
    assert sorted(m.to[0] for m in mail.outbox) == sorted([junior.email, first_senior.email])

    page = login(junior).get(reverse("pairs:my-pairs")).content.decode()
    assert first_senior.full_name in page and "can take" in page  # the engine's facts, in words

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pair_respond(pair=first, person=junior, accept=False)

    assert Pair.objects.get(pk=first.pk).status == PairStatus.DECLINED
    (second,) = Pair.objects.filter(program=program, status=PairStatus.PROPOSED)
    assert second.junior_id == junior.pk and second.senior_id != first_senior.pk
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "look for another partner" in subjects[first_senior.email]
    assert "proposed reverse-mentoring partner" in subjects[junior.email]
    assert "proposed reverse-mentoring partner" in subjects[second.senior.email]


def _active_pair_from_the_engine(acme, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    program = make_program(acme)
    juniors, seniors = cohort(program, juniors=1, seniors=2)
    _with_accounts(juniors + seniors)
    with django_capture_on_commit_callbacks(execute=True):
        run = match_run_start(program=program, by=None)
    run.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        (pair,) = match_run_publish(run=run, by=None)
        pair_respond(pair=pair, person=pair.junior, accept=True)
        pair_respond(pair=pair, person=pair.senior, accept=True)
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE
    return program, pair


def test_ending_a_pair_early_brings_the_engine_to_propose_someone_else(
    acme, django_capture_on_commit_callbacks
) -> None:
    from ponte.pairs.lifecycle import pair_end

    program, pair = _active_pair_from_the_engine(acme, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        pair_end(pair=pair, person=pair.senior, reason="no_time", new_partner=False)
    (proposal,) = Pair.objects.filter(program=program, status=PairStatus.PROPOSED)
    assert proposal.junior_id == pair.junior_id and proposal.senior_id != pair.senior_id


def test_people_of_a_completed_pair_are_not_proposed_again(acme, django_capture_on_commit_callbacks) -> None:
    from ponte.pairs.lifecycle import pair_complete
    from ponte.pairs.publishing import rematch_and_publish

    program, pair = _active_pair_from_the_engine(acme, django_capture_on_commit_callbacks)
    pair_complete(pair=pair)
    assert rematch_and_publish(program=program) == []
