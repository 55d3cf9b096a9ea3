"""Inactivity: a quiet pair is nudged at 2× its rhythm and at risk at 3×; a meeting clears it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from ponte.feedback import events
from ponte.feedback.risk import Activity, assess, pairs_check_activity
from ponte.feedback.tasks import sweep_activity
from ponte.meetings.models import Meeting, MeetingStatus
from ponte.pairs.models import Agreement, Pair, PairStatus
from ponte.programs.models import Program

from .conftest import make_pair

NOW = datetime(2027, 5, 3, 9, 0, tzinfo=UTC)


def _activity(quiet_days: int, cadence: int = 14, **fields: Any) -> Activity:
    values: dict[str, Any] = {
        "pair_id": 1,
        "quiet_since": NOW - timedelta(days=quiet_days),
        "cadence_days": cadence,
        "has_upcoming": False,
        "recent_outcomes": (),
        "nudged_at": None,
        "at_risk_since": None,
        "risk_reason": "",
    } | fields
    return Activity(**values)


@pytest.mark.parametrize(
    ("quiet_days", "nudge", "risk"),
    [(27, False, ""), (28, True, ""), (41, True, ""), (42, True, "no_meeting")],
)
def test_a_pair_is_nudged_at_twice_and_at_risk_at_three_times_its_rhythm(
    quiet_days: int, nudge: bool, risk: str
) -> None:
    verdict = assess(_activity(quiet_days), NOW)
    assert (verdict.nudge, verdict.risk_reason) == (nudge, risk)


def test_a_planned_meeting_spares_the_nudge_but_not_the_risk() -> None:
    verdict = assess(_activity(50, has_upcoming=True), NOW)
    assert not verdict.nudge and verdict.risk_reason == "no_meeting"


def test_one_nudge_per_quiet_spell() -> None:
    already = _activity(30, nudged_at=NOW - timedelta(days=1))
    assert not assess(already, NOW).nudge
    before_the_spell = _activity(30, nudged_at=NOW - timedelta(days=40))
    assert assess(before_the_spell, NOW).nudge


def test_two_no_shows_in_a_row_put_a_pair_at_risk() -> None:
    assert assess(_activity(3, recent_outcomes=("no_show", "no_show")), NOW).risk_reason == "no_shows"
    assert assess(_activity(3, recent_outcomes=("no_show", "held")), NOW).risk_reason == ""
    assert assess(_activity(3, recent_outcomes=("no_show",)), NOW).risk_reason == ""


@given(
    cadence=st.integers(min_value=1, max_value=60),
    quiet=st.integers(min_value=0, max_value=400),
    more=st.integers(min_value=0, max_value=400),
    upcoming=st.booleans(),
)
def test_staying_quiet_longer_never_lowers_the_alarm(cadence: int, quiet: int, more: int, upcoming: bool) -> None:
    earlier = assess(_activity(quiet, cadence, has_upcoming=upcoming), NOW)
    later = assess(_activity(quiet + more, cadence, has_upcoming=upcoming), NOW)
    assert earlier.risk_reason == "" or later.risk_reason == earlier.risk_reason
    assert (later.risk_reason != "") == (quiet + more >= 3 * cadence)
    assert later.nudge == (quiet + more >= 2 * cadence and not upcoming)


@pytest.fixture
def quiet_pair(program: Program, acme_junior, acme_senior) -> Pair:
    """Started 50 days ago, never met; the program's rhythm is 14 days."""
    Program.objects.filter(pk=program.pk).update(cadence_days=14)
    return make_pair(program, acme_junior, acme_senior, started_on=timezone.localdate() - timedelta(days=50))


def _flags(sent: list[tuple[Any, int]]) -> list[Any]:
    return [signal for signal, _pair in sent]


@pytest.fixture
def sent() -> Any:
    calls: list[tuple[Any, int]] = []

    def nudged(sender: Any, *, pair_id: int, **kwargs: Any) -> None:
        calls.append((events.pair_nudged, pair_id))

    def flagged(sender: Any, *, pair_id: int, **kwargs: Any) -> None:
        calls.append((events.pair_flagged, pair_id))

    events.pair_nudged.connect(nudged, weak=False)
    events.pair_flagged.connect(flagged, weak=False)
    yield calls
    events.pair_nudged.disconnect(nudged)
    events.pair_flagged.disconnect(flagged)


@pytest.mark.django_db
def test_the_sweep_nudges_and_flags_a_quiet_pair_once(quiet_pair: Pair, sent, django_capture_on_commit_callbacks):
    # Noon: the quiet days are whole days whatever the hour and the clock changes in between.
    noon = timezone.make_aware(datetime.combine(timezone.localdate(), time(12)))
    with django_capture_on_commit_callbacks(execute=True):
        first = pairs_check_activity(now=noon)
    assert (first.nudged, first.flagged) == ([quiet_pair.pk], [quiet_pair.pk])
    pair = Pair.objects.get(pk=quiet_pair.pk)
    assert pair.risk_reason == "no_meeting" and pair.risk_details["days"] == 50
    assert pair.risk_details["cadence_days"] == 14
    outbox = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        sweep_activity.call()
        sweep_activity.call()
    assert _flags(sent) == [events.pair_nudged, events.pair_flagged]
    assert len(mail.outbox) == outbox


@pytest.mark.django_db
def test_the_agreed_rhythm_wins_over_the_programs(quiet_pair: Pair, acme_junior) -> None:
    Agreement.objects.create(organization=quiet_pair.organization, pair=quiet_pair, cadence_days=30)
    sweep = pairs_check_activity()
    assert sweep.nudged == [] and sweep.flagged == []


@pytest.mark.django_db
def test_a_meeting_that_took_place_clears_the_risk_at_once(quiet_pair: Pair, django_capture_on_commit_callbacks):
    from ponte.meetings import events as meeting_events

    pairs_check_activity()
    meeting = Meeting.objects.create(
        organization=quiet_pair.organization,
        pair=quiet_pair,
        starts_at=timezone.now() - timedelta(hours=2),
        duration_minutes=60,
        channel="phone",
        status=MeetingStatus.HELD,
    )
    meeting_events.meeting_outcome_recorded.send(sender=Meeting, meeting_id=meeting.pk)
    pair = Pair.objects.get(pk=quiet_pair.pk)
    assert pair.at_risk_since is None and pair.risk_reason == ""


@pytest.mark.django_db
def test_paused_and_ended_pairs_are_left_alone(quiet_pair: Pair) -> None:
    Pair.objects.filter(pk=quiet_pair.pk).update(paused_at=timezone.now())
    assert pairs_check_activity().nudged == []
    Pair.objects.filter(pk=quiet_pair.pk).update(paused_at=None, status=PairStatus.COMPLETED)
    assert pairs_check_activity().flagged == []


@pytest.mark.django_db
def test_a_resumed_pair_counts_its_quiet_time_from_the_resume(quiet_pair: Pair) -> None:
    Pair.objects.filter(pk=quiet_pair.pk).update(resumed_at=timezone.now() - timedelta(days=3))
    sweep = pairs_check_activity()
    assert sweep.nudged == [] and sweep.flagged == []


@pytest.mark.django_db
def test_the_sweep_keeps_a_constant_number_of_queries(
    program: Program, django_assert_max_num_queries, acme_junior, acme_senior
) -> None:
    from tests.factories import PersonFactory

    make_pair(program, acme_junior, acme_senior, started_on=timezone.localdate() - timedelta(days=5))
    with django_assert_max_num_queries(3):
        pairs_check_activity()
    for _ in range(15):
        make_pair(
            program,
            PersonFactory(organization=program.organization),
            PersonFactory(organization=program.organization),
            started_on=timezone.localdate() - timedelta(days=5),
        )
    with django_assert_max_num_queries(3):
        pairs_check_activity()


@pytest.mark.django_db
def test_a_pair_still_at_risk_costs_no_write_until_its_figures_change(
    quiet_pair: Pair, django_assert_max_num_queries
) -> None:
    noon = timezone.make_aware(datetime.combine(timezone.localdate(), time(12)))
    pairs_check_activity(now=noon)
    with django_assert_max_num_queries(3):
        pairs_check_activity(now=noon + timedelta(hours=1))
    pairs_check_activity(now=noon + timedelta(days=1))
    assert Pair.objects.get(pk=quiet_pair.pk).risk_details["days"] == 51
