"""Check-in trends: monthly and overall scores, their spread, answers and the response rate."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ponte.core.privacy import Figure
from ponte.feedback.models import CheckIn
from ponte.organizations.models import Organization
from ponte.people.choices import Generation
from ponte.reports.metrics.checkins import trends
from ponte.reports.scope import GroupFilter, GroupKind, Scope
from ponte.reports.sections import Series, Trends
from tests.reports.cohort import Cohort, build_cohort, people

MARCH, APRIL, MAY = date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)
MONTHS = [MARCH, APRIL, MAY]
GEN_Z = GroupFilter(kind=GroupKind.GENERATION, value=Generation.GEN_Z, label="Generation Z")


def measure(scope: Scope) -> Trends:
    return trends(scope, MONTHS)


def values(series: Series) -> dict[date, float | None]:
    return {point.month: point.figure.value for point in series.points}


def unanswered(cohort: Cohort, count: int) -> None:
    """A second check-in, sent and not answered, to the first ``count`` juniors."""
    for made, junior in list(zip(cohort.pairs, cohort.juniors, strict=True))[:count]:
        CheckIn.objects.create(
            organization=made.organization,
            pair=made,
            person=junior,
            due_on=date(2026, 5, 1),
            sent_at=datetime(2026, 5, 1, 8, tzinfo=UTC),
        )


def test_a_cohort_answering_once(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6, satisfaction=4, learning=3)
    section = measure(Scope(acme, cohort.program))
    assert (section.satisfaction.key, section.satisfaction.label) == ("satisfaction", "Satisfaction")
    assert (section.learning.key, section.learning.label) == ("learning", "Learning")
    # Everyone answered on 1 April; no month with nobody shows a figure.
    assert values(section.satisfaction) == {MARCH: None, APRIL: 4.0, MAY: None}
    assert values(section.learning) == {MARCH: None, APRIL: 3.0, MAY: None}
    assert section.satisfaction.points[1].figure.people == 12
    assert section.satisfaction_overall == Figure(4.0, 12, 0.0)
    assert section.learning_overall == Figure(3.0, 12, 0.0)
    assert section.answers == Figure(12, 12)
    assert section.response_rate == Figure(1.0, 12)


def test_means_and_population_spread_across_programs(acme: Organization) -> None:
    build_cohort(acme, pairs=6, name="Happy", satisfaction=5, learning=4)
    build_cohort(acme, pairs=6, name="Lukewarm", satisfaction=3, learning=2)
    section = measure(Scope(acme))
    assert section.satisfaction_overall == Figure(4.0, 24, 1.0)
    assert section.learning_overall == Figure(3.0, 24, 1.0)
    assert values(section.satisfaction)[APRIL] == 4.0


def test_unanswered_check_ins_lower_the_response_rate(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    unanswered(cohort, 4)
    section = measure(Scope(acme, cohort.program))
    assert section.answers == Figure(12, 12)
    assert section.response_rate == Figure(0.75, 12)  # 12 of 16 sent, to the same 12 people
    assert values(section.satisfaction)[MAY] is None


def test_answers_fall_in_the_month_of_the_current_time_zone(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    CheckIn.objects.filter(pair__program=cohort.program).update(answered_at=datetime(2026, 4, 30, 23, 30, tzinfo=UTC))
    with timezone.override("Europe/Rome"):
        assert values(measure(Scope(acme, cohort.program)).satisfaction) == {MARCH: None, APRIL: None, MAY: 4.0}
    with timezone.override("UTC"):
        assert values(measure(Scope(acme, cohort.program)).satisfaction) == {MARCH: None, APRIL: 4.0, MAY: None}


def test_a_group_counts_its_own_answers_only(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6, satisfaction=3)
    CheckIn.objects.filter(person__in=cohort.juniors).update(satisfaction=5)
    section = measure(Scope(acme, cohort.program, GEN_Z))
    # The juniors are Generation Z; their senior partners' answers are not theirs.
    assert section.satisfaction_overall == Figure(5.0, 6, 0.0)
    assert section.answers == Figure(6, 6)
    assert values(section.satisfaction)[APRIL] == 5.0
    assert measure(Scope(acme, cohort.program)).satisfaction_overall == Figure(4.0, 12, 1.0)


def test_small_groups_and_small_complements_are_withheld(acme: Organization) -> None:
    juniors = people(acme, 4, prefix="young", birth_year=1999) + people(
        acme, 2, prefix="mid", birth_year=1985, location="Roma"
    )
    cohort = build_cohort(acme, pairs=6, juniors=juniors)
    assert measure(Scope(acme, cohort.program)).answers == Figure(12, 12)
    # Four Generation Z people are too few.
    young = measure(Scope(acme, cohort.program, GEN_Z))
    assert young.satisfaction_overall.withheld
    assert young.answers.withheld
    # Ten in Milano are enough, but the program minus Milano would be the two in Roma.
    milano = GroupFilter(kind=GroupKind.LOCATION, value="Milano", label="Milano")
    assert measure(Scope(acme, cohort.program, milano)).answers.withheld
    # The six seniors leave six others: both sides are large enough.
    boomers = GroupFilter(kind=GroupKind.GENERATION, value=Generation.BABY_BOOMERS, label="Baby Boomers")
    assert measure(Scope(acme, cohort.program, boomers)).answers == Figure(6, 6)


def test_a_program_whose_rest_is_small_is_withheld(acme: Organization) -> None:
    big = build_cohort(acme, pairs=6, name="Big")
    build_cohort(acme, pairs=2, name="Small")
    assert measure(Scope(acme)).answers == Figure(16, 16)
    section = measure(Scope(acme, big.program))
    assert section.answers.withheld
    assert section.satisfaction_overall.withheld
    assert all(point.figure.withheld for point in section.satisfaction.points)


def test_another_organisations_answers_never_count(acme: Organization, globex: Organization) -> None:
    build_cohort(acme, pairs=6, satisfaction=4)
    build_cohort(globex, pairs=6, satisfaction=1)
    section = measure(Scope(acme))
    assert section.answers == Figure(12, 12)
    assert section.satisfaction_overall == Figure(4.0, 12, 0.0)


def test_query_count_does_not_grow_with_the_answers(acme: Organization) -> None:
    used = []
    for name, size in (("Few", 6), ("Many", 12)):
        cohort = build_cohort(acme, pairs=size, name=name)
        with CaptureQueriesContext(connection) as queries:
            measure(Scope(acme, cohort.program, GEN_Z))
        used.append(len(queries))
    # Monthly and overall figures for the view and each of its three wider views.
    assert used == [8, 8]
