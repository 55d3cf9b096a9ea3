"""Runs, decisions, publishing, re-matching and pairing by hand, through the services."""

from __future__ import annotations

import pytest

from ponte.core.errors import DomainError
from ponte.matching import events
from ponte.matching.models import DecisionKind, MatchRun, PairDecision, Proposal, RunStatus, Unmatched
from ponte.matching.services import match_run_execute, match_run_start, pair_forbid, pair_pin
from ponte.pairs.models import Pair, PairStatus
from ponte.pairs.publishing import match_run_publish, pair_create_manually, rematch_and_publish
from ponte.programs.models import Program, ProgramStatus

from .conftest import cohort, digcomp, enrol, entrecomp, make_person

pytestmark = pytest.mark.django_db


def run_now(program: Program, user=None, capture=None) -> MatchRun:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        run = match_run_start(program=program, by=user)
    run.refresh_from_db()
    return run


def couples(run: MatchRun) -> set[tuple[int, int]]:
    return {(p.junior.person_id, p.senior.person_id) for p in run.proposals.select_related("junior", "senior")}


def test_a_run_proposes_pairs_with_figures_and_reasons(
    program, acme_manager, django_capture_on_commit_callbacks
) -> None:
    _juniors, seniors = cohort(program, juniors=3, seniors=4)
    run = run_now(program, acme_manager.user, django_capture_on_commit_callbacks)
    assert run.status == RunStatus.DONE and run.progress == 100
    assert run.proposals.count() == 3
    assert run.metrics["pairs"] == 3 and run.metrics["blocking_pairs"] >= 0
    proposal = run.proposals.first()
    assert proposal is not None and proposal.facts["junior_teaches"] and proposal.junior_rank >= 1
    (left,) = Unmatched.objects.filter(run=run)
    assert left.reason == "capacity_taken" and left.enrolment.person in seniors


def test_a_new_run_discards_the_previous_one(program, django_capture_on_commit_callbacks) -> None:
    cohort(program, juniors=2, seniors=2)
    first = run_now(program, capture=django_capture_on_commit_callbacks)
    second = run_now(program, capture=django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert (first.status, second.status) == (RunStatus.DISCARDED, RunStatus.DONE)


def test_matching_needs_the_matching_step(acme, django_capture_on_commit_callbacks) -> None:
    from .conftest import make_program

    program = make_program(acme, status=ProgramStatus.ENROLLING)
    cohort(program, juniors=1, seniors=1)
    with pytest.raises(DomainError):
        match_run_start(program=program, by=None)


def test_executing_twice_changes_nothing(program, django_capture_on_commit_callbacks) -> None:
    cohort(program, juniors=2, seniors=2)
    run = run_now(program, capture=django_capture_on_commit_callbacks)
    match_run_execute(run=run)
    assert run.proposals.count() == 2 and MatchRun.objects.count() == 1


def test_a_failure_marks_the_run_failed(program, monkeypatch, django_capture_on_commit_callbacks) -> None:
    cohort(program, juniors=1, seniors=1)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("ponte.matching.services.load_cohort", broken)
    run = run_now(program, capture=django_capture_on_commit_callbacks)
    assert run.status == RunStatus.FAILED and "disk on fire" in run.error


def test_pins_are_kept_across_runs(program, acme_manager, django_capture_on_commit_callbacks) -> None:
    dig, ent = digcomp(), entrecomp()
    org = program.organization
    strong_j, weak_j = make_person(org, "Strong"), make_person(org, "Weak")
    enrol(program, strong_j, "junior", offers={dig[0]: 8}, wants={ent[0]: (1, 5)})
    enrol(program, weak_j, "junior", offers={dig[0]: 2}, wants={ent[0]: (4, 5)})
    senior = make_person(org, "Senior")
    enrol(program, senior, "senior", offers={ent[0]: 6}, wants={dig[0]: (1, 8)})
    first = run_now(program, capture=django_capture_on_commit_callbacks)
    assert couples(first) == {(strong_j.pk, senior.pk)}

    pair_pin(program=program, junior=weak_j, senior=senior, by=acme_manager.user)
    again = run_now(program, capture=django_capture_on_commit_callbacks)
    (proposal,) = again.proposals.select_related("junior")
    assert proposal.junior.person_id == weak_j.pk and proposal.pinned
    third = run_now(program, capture=django_capture_on_commit_callbacks)
    assert couples(third) == {(weak_j.pk, senior.pk)}


def test_forbidden_pairs_are_never_proposed(program, acme_manager, django_capture_on_commit_callbacks) -> None:
    juniors, seniors = cohort(program, juniors=2, seniors=2)
    first = run_now(program, capture=django_capture_on_commit_callbacks)
    j, s = sorted(couples(first))[0]
    with pytest.raises(DomainError):
        pair_forbid(program=program, junior=juniors[0], senior=seniors[0], by=acme_manager.user, reason=" ")
    from ponte.people.models import Person

    pair_forbid(
        program=program, junior=Person.objects.get(pk=j), senior=Person.objects.get(pk=s), by=None, reason="Rivals"
    )
    assert (j, s) not in couples(first)  # withdrawn from the run under review
    again = run_now(program, capture=django_capture_on_commit_callbacks)
    assert (j, s) not in couples(again) and len(couples(again)) == 2


def test_publishing_creates_pairs_and_starts_the_program(
    program, acme_manager, django_capture_on_commit_callbacks
) -> None:
    cohort(program, juniors=2, seniors=3)
    run = run_now(program, capture=django_capture_on_commit_callbacks)
    received: list[list[int]] = []

    def listener(sender, pair_ids, **kwargs):  # type: ignore[no-untyped-def]
        received.append(pair_ids)

    events.pairs_proposed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            pairs = match_run_publish(run=run, by=acme_manager.user)
    finally:
        events.pairs_proposed.disconnect(listener)
    program.refresh_from_db()
    run.refresh_from_db()
    assert len(pairs) == 2 and all(p.status == PairStatus.PROPOSED and p.respond_by for p in pairs)
    assert program.status == ProgramStatus.RUNNING and run.status == RunStatus.PUBLISHED
    assert received == [[p.pk for p in pairs]]
    assert {p.facts["v"] for p in pairs} == {1}


def test_a_concurrent_second_publish_is_refused_and_writes_nothing(program, django_capture_on_commit_callbacks) -> None:
    cohort(program, juniors=2, seniors=2)
    run_a = run_now(program, capture=django_capture_on_commit_callbacks)
    run_b = run_now(program, capture=django_capture_on_commit_callbacks)
    MatchRun.objects.filter(pk=run_a.pk).update(status=RunStatus.DONE)  # both read as "ready" by two managers
    match_run_publish(run=run_a, by=None)
    # the second manager's request read the program before the first one committed
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.MATCHING)
    program.refresh_from_db()
    before = Pair.objects.count()
    with pytest.raises(DomainError, match="at the same time"):
        match_run_publish(run=run_b, by=None)
    run_b.refresh_from_db()
    assert Pair.objects.count() == before and run_b.status == RunStatus.DONE


def test_a_decline_is_rematched_and_accepted_pairs_stay(program, django_capture_on_commit_callbacks) -> None:
    _juniors, _seniors = cohort(program, juniors=2, seniors=3)
    run = run_now(program, capture=django_capture_on_commit_callbacks)
    pairs = match_run_publish(run=run, by=None)
    program.refresh_from_db()
    declined, kept = pairs
    Pair.objects.filter(pk=declined.pk).update(status=PairStatus.DECLINED)
    Pair.objects.filter(pk=kept.pk).update(status=PairStatus.ACTIVE)

    new = rematch_and_publish(program=program)
    assert len(new) == 1
    assert new[0].junior_id == declined.junior_id and new[0].senior_id != declined.senior_id
    assert Pair.objects.get(pk=kept.pk).status == PairStatus.ACTIVE
    assert rematch_and_publish(program=program) == []  # nothing changed: nothing new


def test_pairing_by_hand_inside_a_reporting_line_needs_an_explicit_allowance(
    program, acme, acme_manager, django_capture_on_commit_callbacks
) -> None:
    from ponte.matching.services import reporting_line_allow

    boss = make_person(acme, "Bruno")
    giulia = make_person(acme, "Giulia", manager=boss)
    enrol(program, giulia, "junior")
    enrol(program, boss, "senior")
    with pytest.raises(DomainError, match="reporting line"):
        pair_create_manually(program=program, junior=giulia, senior=boss, by=acme_manager.user)

    reporting_line_allow(
        program=program, junior=giulia, senior=boss, by=acme_manager.user, reason="Cross-site mentoring"
    )
    result = pair_create_manually(program=program, junior=giulia, senior=boss, by=acme_manager.user)
    assert result.decision is not None and result.decision.kind == DecisionKind.PIN
    decision = PairDecision.objects.get(kind=DecisionKind.ALLOW_REPORTING_LINE)
    assert decision.reason == "Cross-site mentoring" and decision.decided_by == acme_manager.user
    run = run_now(program, capture=django_capture_on_commit_callbacks)
    assert couples(run) == {(giulia.pk, boss.pk)}


def test_pairing_by_hand_joins_the_run_under_review(program, acme_manager, django_capture_on_commit_callbacks) -> None:
    juniors, seniors = cohort(program, juniors=2, seniors=2)
    run = run_now(program, capture=django_capture_on_commit_callbacks)
    j, s = juniors[0], next(p for p in seniors if (juniors[0].pk, p.pk) not in couples(run))
    result = pair_create_manually(program=program, junior=j, senior=s, by=acme_manager.user)
    assert result.proposal is not None and result.proposal.manual and result.proposal.pinned
    assert (j.pk, s.pk) in couples(run)
    assert Proposal.objects.filter(run=run, senior__person=s).count() == 1


def test_pairing_by_hand_in_a_running_program_proposes_a_pair(program, acme_manager) -> None:
    juniors, seniors = cohort(program, juniors=1, seniors=1)
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.RUNNING)
    program.refresh_from_db()
    result = pair_create_manually(program=program, junior=juniors[0], senior=seniors[0], by=acme_manager.user)
    assert result.pair is not None and result.pair.status == PairStatus.PROPOSED
    assert result.pair.facts["junior_teaches"]
    with pytest.raises(DomainError):
        pair_create_manually(program=program, junior=juniors[0], senior=seniors[0], by=acme_manager.user)
