"""An active pair's life: pause and resume, end early (no fault), complete; each announced once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.dispatch import Signal
from django.utils import timezone

from ponte.core.errors import DomainError
from ponte.feedback.models import CheckIn, ClosingSurvey
from ponte.feedback.services import checkins_sweep
from ponte.meetings.models import Meeting, MeetingStatus
from ponte.meetings.services import meeting_schedule
from ponte.pairs import events
from ponte.pairs.lifecycle import (
    MAX_PAUSE_DAYS,
    pair_complete,
    pair_end,
    pair_pause,
    pair_resume,
    pairs_complete_for_program,
    pairs_resume_due,
)
from ponte.pairs.models import EndReason, Pair, PairStatus
from ponte.people.models import Person
from ponte.programs.models import Enrolment, EnrolmentStatus, Program, ProgramStatus
from ponte.programs.services import program_transition

from .conftest import propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard() -> Iterator[list[tuple[Signal, dict[str, Any]]]]:
    """Every lifecycle event sent, with its arguments."""
    calls: list[tuple[Signal, dict[str, Any]]] = []
    signals = (events.pair_paused, events.pair_resumed, events.pair_ended, events.pair_completed)
    receivers = []
    for signal in signals:

        def receiver(sender: Any, signal: Signal = signal, **kwargs: Any) -> None:
            calls.append((signal, {k: v for k, v in kwargs.items() if k != "signal"}))

        signal.connect(receiver, weak=False)
        receivers.append((signal, receiver))
    yield calls
    for signal, receiver in receivers:
        signal.disconnect(receiver)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """``committed(service, **kwargs)`` runs a service and the after-commit work it queued (events)."""

    def run(service, **kwargs):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def _book(pair: Pair, by: Person, days: float = 3) -> Meeting:
    return meeting_schedule(
        pair=pair, by=by, starts_at=timezone.now() + timedelta(days=days), duration=45, channel="phone"
    )


def test_pausing_stops_the_pair_and_cancels_its_upcoming_meetings(
    active: Pair, acme_junior, heard, django_capture_on_commit_callbacks
) -> None:
    meeting = _book(active, acme_junior)
    assert acme_junior.user is not None
    with django_capture_on_commit_callbacks(execute=True):
        pair = pair_pause(pair=active, by=acme_junior.user, person=acme_junior)
    assert pair.is_paused and pair.paused_by == acme_junior.user
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and meeting.sequence == 1
    assert heard == [(events.pair_paused, {"pair_id": active.pk, "by_person_id": acme_junior.pk})]


def test_pausing_twice_is_refused_and_announced_once(
    active: Pair, acme_senior, heard, django_capture_on_commit_callbacks
) -> None:
    assert acme_senior.user is not None
    with django_capture_on_commit_callbacks(execute=True):
        pair_pause(pair=active, by=acme_senior.user, person=acme_senior)
        with pytest.raises(DomainError) as error:
            pair_pause(pair=active, by=acme_senior.user, person=acme_senior)
    assert error.value.code == "paused"
    assert len(heard) == 1


def test_a_paused_pair_can_plan_no_meeting(active: Pair, acme_junior) -> None:
    assert acme_junior.user is not None
    pair_pause(pair=active, by=acme_junior.user, person=acme_junior)
    with pytest.raises(DomainError) as error:
        _book(active, acme_junior)
    assert error.value.code == "paused"


def test_a_paused_pair_gets_no_check_ins(active: Pair, acme_junior) -> None:
    assert acme_junior.user is not None
    pair_pause(pair=active, by=acme_junior.user, person=acme_junior)
    assert checkins_sweep() == []
    assert not CheckIn.objects.filter(pair=active).exists()
    pair_resume(pair=Pair.objects.get(pk=active.pk), person=acme_junior)
    assert len(checkins_sweep()) == 2


def test_a_manager_pauses_a_pair_as_the_program_team(active: Pair, acme_manager, heard, committed) -> None:
    assert acme_manager.user is not None
    committed(pair_pause, pair=active, by=acme_manager.user, person=acme_manager, manager=True)
    assert heard[0][1]["by_person_id"] is None


def test_a_colleague_outside_the_pair_cannot_pause_it(active: Pair, acme_participant) -> None:
    assert acme_participant.user is not None
    with pytest.raises(DomainError) as error:
        pair_pause(pair=active, by=acme_participant.user, person=acme_participant)
    assert error.value.code == "not_in_pair"
    assert not Pair.objects.get(pk=active.pk).is_paused


@pytest.mark.parametrize("days", [0, -1, MAX_PAUSE_DAYS + 1])
def test_the_date_to_resume_must_be_after_today_and_within_the_limit(active: Pair, acme_junior, days: int) -> None:
    assert acme_junior.user is not None
    with pytest.raises(DomainError) as error:
        pair_pause(
            pair=active, by=acme_junior.user, person=acme_junior, until=timezone.localdate() + timedelta(days=days)
        )
    assert error.value.code == "until"
    assert not Pair.objects.get(pk=active.pk).is_paused


def test_a_proposal_cannot_be_paused(running: Program, acme_junior, acme_senior) -> None:
    proposal = propose(running, acme_junior, acme_senior)
    assert acme_junior.user is not None
    with pytest.raises(DomainError):
        pair_pause(pair=proposal, by=acme_junior.user, person=acme_junior)


def test_resuming_restarts_the_inactivity_clock_and_clears_the_risk(
    active: Pair, acme_junior, heard, committed
) -> None:
    assert acme_junior.user is not None
    Pair.objects.filter(pk=active.pk).update(at_risk_since=timezone.now(), risk_reason="no_meeting")
    committed(pair_pause, pair=active, by=acme_junior.user, person=acme_junior)
    pair = committed(pair_resume, pair=Pair.objects.get(pk=active.pk), person=acme_junior)
    assert not pair.is_paused and pair.resumed_at is not None
    assert pair.at_risk_since is None and pair.risk_reason == ""
    assert [signal for signal, _ in heard] == [events.pair_paused, events.pair_resumed]
    with pytest.raises(DomainError) as error:
        pair_resume(pair=pair, person=acme_junior)
    assert error.value.code == "not_paused"


def test_pauses_with_a_date_resume_by_themselves_once(active: Pair, acme_junior, heard, committed) -> None:
    assert acme_junior.user is not None
    until = timezone.localdate() + timedelta(days=10)
    pair_pause(pair=active, by=acme_junior.user, person=acme_junior, until=until)
    assert pairs_resume_due() == []
    later = timezone.now() + timedelta(days=10)
    assert committed(pairs_resume_due, now=later) == [active.pk]
    assert committed(pairs_resume_due, now=later) == []
    assert not Pair.objects.get(pk=active.pk).is_paused
    assert [signal for signal, _ in heard].count(events.pair_resumed) == 1


def test_ending_early_keeps_the_reason_for_hr_and_offers_a_new_partner(
    active: Pair, acme_junior, heard, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    import ponte.pairs.publishing as publishing

    rematched: list[int] = []
    monkeypatch.setattr(publishing, "rematch_and_publish", lambda *, program, by=None: rematched.append(program.pk))
    meeting = _book(active, acme_junior)
    with django_capture_on_commit_callbacks(execute=True):
        pair = pair_end(pair=active, person=acme_junior, reason=EndReason.NO_TIME, note="  Too busy this quarter  ")
    assert pair.status == PairStatus.ENDED_EARLY and pair.ended_on == timezone.localdate()
    assert (pair.ended_by, pair.end_reason, pair.end_note) == (acme_junior, "no_time", "Too busy this quarter")
    assert rematched == [active.program_id]
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CANCELLED
    assert (events.pair_ended, {"pair_id": active.pk, "ended_by_id": acme_junior.pk}) in heard
    assert ClosingSurvey.objects.filter(pair=active).count() == 2


def test_ending_without_wanting_a_new_partner_withdraws_only_that_persons_enrolment(
    active: Pair, acme_junior, acme_senior
) -> None:
    for person, role in ((acme_junior, "junior"), (acme_senior, "senior")):
        Enrolment.objects.create(
            organization=active.organization,
            program=active.program,
            person=person,
            role=role,
            status=EnrolmentStatus.APPROVED,
        )
    pair_end(pair=active, person=acme_senior, reason=EndReason.ROLE_CHANGE, new_partner=False)
    statuses = dict(Enrolment.objects.filter(program=active.program).values_list("person_id", "status"))
    assert statuses == {acme_junior.pk: EnrolmentStatus.APPROVED, acme_senior.pk: EnrolmentStatus.WITHDRAWN}


def test_an_ended_couple_is_never_proposed_again(active: Pair, acme_junior) -> None:
    from ponte.pairs.publishing import rematch_and_publish

    pair_end(pair=active, person=acme_junior, reason=EndReason.NOT_WORKING)
    assert rematch_and_publish(program=active.program) == []
    assert not Pair.objects.filter(program=active.program, status=PairStatus.PROPOSED).exists()


@pytest.mark.parametrize("reason", ["", "bored", "OTHER"])
def test_ending_needs_a_reason_from_the_list(active: Pair, acme_junior, reason: str) -> None:
    with pytest.raises(DomainError) as error:
        pair_end(pair=active, person=acme_junior, reason=reason)
    assert error.value.code == "reason"
    assert Pair.objects.get(pk=active.pk).status == PairStatus.ACTIVE


def test_a_too_long_note_ends_nothing(active: Pair, acme_junior) -> None:
    with pytest.raises(DomainError):
        pair_end(pair=active, person=acme_junior, reason=EndReason.OTHER, note="x" * 1001)
    assert Pair.objects.get(pk=active.pk).status == PairStatus.ACTIVE


def test_ending_twice_is_refused_and_announced_once(active: Pair, acme_junior, acme_senior, heard, committed) -> None:
    committed(pair_end, pair=active, person=acme_junior, reason=EndReason.OTHER)
    with pytest.raises(DomainError):
        committed(pair_end, pair=active, person=acme_senior, reason=EndReason.OTHER)
    assert [signal for signal, _ in heard] == [events.pair_ended]


def test_a_manager_ending_a_pair_is_recorded_as_the_program_team(active: Pair, acme_manager, heard, committed) -> None:
    pair = committed(
        pair_end, pair=active, person=acme_manager, manager=True, reason=EndReason.OTHER, new_partner=False
    )
    assert pair.ended_by is None
    assert heard[0][1]["ended_by_id"] is None


def test_completing_a_pair_asks_both_people_for_their_final_assessment(active: Pair, heard, committed) -> None:
    pair = committed(pair_complete, pair=active)
    assert pair.status == PairStatus.COMPLETED and pair.ended_on == timezone.localdate()
    assert heard == [(events.pair_completed, {"pair_id": active.pk})]
    assert set(ClosingSurvey.objects.filter(pair=active).values_list("person_id", flat=True)) == {
        active.junior_id,
        active.senior_id,
    }
    with pytest.raises(DomainError):
        pair_complete(pair=pair)


def test_closing_the_program_completes_its_active_pairs_and_closes_open_proposals(
    active: Pair, running: Program, acme_participant, acme_admin, heard, django_capture_on_commit_callbacks
) -> None:
    from tests.factories import PersonFactory

    waiting = propose(running, acme_participant, PersonFactory(organization=running.organization))
    assert acme_admin.user is not None
    with django_capture_on_commit_callbacks(execute=True):
        program_transition(program=running, to=ProgramStatus.CLOSED, by=acme_admin.user)
    assert Pair.objects.get(pk=active.pk).status == PairStatus.COMPLETED
    assert Pair.objects.get(pk=waiting.pk).status == PairStatus.EXPIRED
    assert heard == [(events.pair_completed, {"pair_id": active.pk})]
    assert pairs_complete_for_program(program_id=running.pk) == []
