"""Pair activity: pairs, meetings, meetings per running pair by month, answers to proposals."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ponte.core.privacy import Figure
from ponte.meetings.models import Meeting, MeetingChannel, MeetingStatus
from ponte.organizations.models import Organization
from ponte.pairs.models import Pair, PairStatus
from ponte.people.choices import Generation
from ponte.programs.models import Program
from ponte.reports.metrics.activity import activity
from ponte.reports.metrics.months import months_for
from ponte.reports.scope import GroupFilter, GroupKind, Scope
from ponte.reports.sections import Activity
from tests.reports.cohort import build_cohort, department, people

TODAY = date(2026, 5, 15)
MARCH, APRIL, MAY = date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)


def measure(scope: Scope) -> Activity:
    return activity(scope, [MARCH, APRIL, MAY])


def per_month(section: Activity) -> dict[date, float | None]:
    return {point.month: point.figure.value for point in section.meetings_per_pair.points}


def meeting(made: Pair, at: datetime, status: str = MeetingStatus.HELD) -> None:
    Meeting.objects.create(
        organization=made.organization,
        pair=made,
        starts_at=at,
        duration_minutes=45,
        channel=MeetingChannel.VIDEO,
        status=status,
    )


def proposals(program: Program, status: str, count: int, prefix: str) -> None:
    for junior, senior in zip(
        people(program.organization, count, prefix=f"{prefix}j"),
        people(program.organization, count, prefix=f"{prefix}s"),
        strict=True,
    ):
        Pair.objects.create(
            organization=program.organization, program=program, junior=junior, senior=senior, status=status
        )


def test_a_cohort_of_six_pairs(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    scope = Scope(acme, cohort.program)
    section = activity(scope, months_for(scope, TODAY))
    assert (section.pairs.value, section.pairs.people) == (6, 12)
    assert (section.meetings_held.value, section.meetings_held.people) == (18, 12)
    assert section.no_shows.withheld  # nobody missed a meeting: no one to describe
    assert section.meetings_per_pair.key == "meetings_per_pair"
    assert section.meetings_per_pair.label == "Meetings per pair"
    assert per_month(section) == {MARCH: 2.0, APRIL: 1.0, MAY: 0.0}
    assert all(point.figure.people == 12 for point in section.meetings_per_pair.points)
    assert (section.acceptance_rate.value, section.decline_rate.value, section.expired_rate.value) == (1.0, 0.0, 0.0)
    assert section.days_to_first_meeting == Figure(7.0, 12, 0.0)


def test_answers_to_proposals_and_no_shows(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    proposals(cohort.program, PairStatus.DECLINED, 2, "declined")
    proposals(cohort.program, PairStatus.EXPIRED, 2, "expired")
    proposals(cohort.program, PairStatus.PROPOSED, 3, "waiting")
    for made in cohort.pairs:
        meeting(made, datetime(2026, 4, 20, 9, tzinfo=UTC), MeetingStatus.NO_SHOW)
    section = measure(Scope(acme, cohort.program))
    assert (section.pairs.value, section.pairs.people) == (13, 26)
    assert (section.acceptance_rate.value, section.acceptance_rate.people) == (0.75, 16)
    assert (section.decline_rate.value, section.decline_rate.people) == (0.25, 16)
    assert (section.expired_rate.value, section.expired_rate.people) == (0.2, 20)
    assert (section.no_shows.value, section.no_shows.people) == (6, 12)
    assert section.meetings_held.value == 18


def test_months_follow_running_pairs_and_first_meetings_spread(acme: Organization) -> None:
    build_cohort(acme, pairs=6, name="Early")
    build_cohort(acme, pairs=6, name="Late", first_meeting_after_days=21)
    section = measure(Scope(acme))
    # Early meets on 9 and 23 March and 6 April, Late on 23 March, 6 and 20 April.
    assert per_month(section) == {MARCH: 1.5, APRIL: 1.5, MAY: 0.0}
    first = section.days_to_first_meeting
    assert (first.value, first.spread, first.people) == (14.0, 14.0, 24)


def test_a_month_ended_pairs_no_longer_run_in(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    Pair.objects.filter(pk__in=[made.pk for made in cohort.pairs[:3]]).update(
        status=PairStatus.ENDED_EARLY, ended_on=date(2026, 3, 31)
    )
    for made in cohort.pairs[3:]:
        meeting(made, datetime(2026, 4, 20, 9, tzinfo=UTC))
    section = measure(Scope(acme, cohort.program))
    # April: the three pairs still running met twice each; the ended pairs' meetings of 6 April no longer count.
    assert per_month(section) == {MARCH: 2.0, APRIL: 2.0, MAY: 0.0}
    assert [point.figure.people for point in section.meetings_per_pair.points] == [12, 6, 6]


def test_meetings_fall_in_the_month_of_the_current_time_zone(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    for made in cohort.pairs:
        meeting(made, datetime(2026, 3, 31, 23, 30, tzinfo=UTC))  # already 1 April in Rome
    with timezone.override("Europe/Rome"):
        assert per_month(measure(Scope(acme, cohort.program))) == {MARCH: 2.0, APRIL: 2.0, MAY: 0.0}
    with timezone.override("UTC"):
        assert per_month(measure(Scope(acme, cohort.program))) == {MARCH: 3.0, APRIL: 1.0, MAY: 0.0}


def test_a_group_sees_the_pairs_it_takes_part_in(acme: Organization) -> None:
    digital = department(acme, "Digital")
    juniors = people(acme, 6, prefix="digital", dept=digital, birth_year=1998)
    cohort = build_cohort(acme, pairs=6, juniors=juniors)
    build_cohort(acme, pairs=6, name="Other")
    in_digital = GroupFilter(
        kind=GroupKind.DEPARTMENT, value=str(digital.pk), label=digital.name, department_ids=frozenset({digital.pk})
    )
    section = measure(Scope(acme, group=in_digital))
    assert (section.pairs.value, section.pairs.people) == (6, 12)
    assert section.meetings_held.value == 18
    # Every pair has a Generation Z junior: the generation's view is the organisation's.
    gen_z = GroupFilter(kind=GroupKind.GENERATION, value=Generation.GEN_Z, label="Generation Z")
    assert measure(Scope(acme, cohort.program, gen_z)).pairs.value == 6


def test_small_programs_and_their_complements_are_withheld(acme: Organization) -> None:
    big = build_cohort(acme, pairs=6, name="Big")
    small = build_cohort(acme, pairs=2, name="Small")
    assert measure(Scope(acme)).pairs.value == 8
    for program in (small.program, big.program):
        section = measure(Scope(acme, program))
        assert section.pairs.withheld
        assert section.meetings_held.withheld
        assert section.days_to_first_meeting.withheld
        assert all(point.figure.withheld for point in section.meetings_per_pair.points)


def test_another_organisations_pairs_never_count(acme: Organization, globex: Organization) -> None:
    build_cohort(acme, pairs=6)
    build_cohort(globex, pairs=7, meetings_per_pair=5)
    section = measure(Scope(acme))
    assert (section.pairs.value, section.meetings_held.value) == (6, 18)
    assert per_month(section) == {MARCH: 2.0, APRIL: 1.0, MAY: 0.0}


def test_query_count_does_not_grow_with_the_pairs(acme: Organization) -> None:
    used = []
    for name, size in (("Few", 6), ("Many", 12)):
        cohort = build_cohort(acme, pairs=size, name=name)
        scope = Scope(acme, cohort.program)
        months = months_for(scope, TODAY)
        with CaptureQueriesContext(connection) as queries:
            activity(scope, months)
        used.append(len(queries))
    # Pairs and grouped meetings, for the program and for the organisation.
    assert used == [4, 4]
