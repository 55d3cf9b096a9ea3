"""Reciprocity: of the pairs with objectives both ways, where both, one or neither direction progressed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.organizations.models import Department, Organization
from ponte.pairs.models import Agreement, Direction, Objective, ObjectiveProgress, Pair
from ponte.reports.metrics.reciprocity import reciprocity
from ponte.reports.scope import GroupFilter, GroupKind, Scope
from tests.reports.cohort import build_cohort, department, people

pytestmark = pytest.mark.django_db


def in_department(dept: Department) -> GroupFilter:
    return GroupFilter(GroupKind.DEPARTMENT, str(dept.pk), dept.name, frozenset({dept.pk}))


def forget_progress(pair: Pair, direction: str) -> None:
    keys = Objective.objects.filter(agreement__pair=pair, direction=direction).values("key")
    ObjectiveProgress.objects.filter(pair=pair, objective_key__in=keys).delete()


def new_version(pair: Pair, directions: set[str]) -> None:
    """A newer agreement keeping only the objectives of ``directions``."""
    latest = Agreement.objects.filter(pair=pair).order_by("-version").first()
    assert latest is not None
    agreement = Agreement.objects.create(organization=pair.organization, pair=pair, version=latest.version + 1)
    for objective in latest.objectives.filter(direction__in=directions):
        objective.pk = None
        objective.agreement = agreement
        objective.save()


def test_every_pair_progressed_both_ways(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)

    result = reciprocity(Scope(acme, cohort.program))

    assert (result.pairs.value, result.pairs.people) == (6, 12)
    assert (result.both.value, result.one_way.value, result.neither.value) == (1.0, 0.0, 0.0)
    assert result.both.people == result.one_way.people == result.neither.people == 12


def test_shares_of_both_one_and_neither(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=7)
    forget_progress(cohort.pairs[0], Direction.SENIOR_TO_JUNIOR)
    forget_progress(cohort.pairs[1], Direction.JUNIOR_TO_SENIOR)
    for pair in cohort.pairs[2:4]:
        forget_progress(pair, Direction.SENIOR_TO_JUNIOR)
        forget_progress(pair, Direction.JUNIOR_TO_SENIOR)

    result = reciprocity(Scope(acme, cohort.program))

    assert (result.both.value, result.one_way.value, result.neither.value) == (0.429, 0.286, 0.286)
    assert result.pairs.value == 7


def test_only_pairs_whose_current_agreement_goes_both_ways_count(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=8)
    new_version(cohort.pairs[0], {Direction.JUNIOR_TO_SENIOR})
    new_version(cohort.pairs[1], {Direction.SENIOR_TO_JUNIOR})
    new_version(cohort.pairs[2], {Direction.JUNIOR_TO_SENIOR, Direction.SENIOR_TO_JUNIOR})
    forget_progress(cohort.pairs[3], Direction.SENIOR_TO_JUNIOR)
    Agreement.objects.filter(pair=cohort.pairs[4]).delete()

    result = reciprocity(Scope(acme, cohort.program))

    # Pairs 0 and 1 narrowed to one direction and pair 4 has no agreement: 5 pairs remain.
    assert (result.pairs.value, result.pairs.people) == (5, 10)
    assert (result.both.value, result.one_way.value, result.neither.value) == (0.8, 0.2, 0.0)


def test_a_one_way_agreement_widened_later_counts(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5)
    for pair in cohort.pairs[:2]:
        latest = pair.agreements.get()
        latest.version = 2
        latest.save()
        first = Agreement.objects.create(organization=acme, pair=pair, version=1)
        Objective.objects.create(
            agreement=first,
            key=latest.objectives.filter(direction=Direction.JUNIOR_TO_SENIOR).get().key,
            direction=Direction.JUNIOR_TO_SENIOR,
            skill=latest.objectives.first().skill,
            start_level=2,
            target_level=4,
        )

    assert reciprocity(Scope(acme, cohort.program)).pairs.value == 5


def test_two_pairs_are_too_few_to_show(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=2)

    result = reciprocity(Scope(acme, cohort.program))

    assert result.pairs.withheld and result.both.withheld and result.one_way.withheld and result.neither.withheld
    assert result.both.people is None


def test_a_program_without_two_way_pairs_shows_nothing(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    for pair in cohort.pairs:
        new_version(pair, {Direction.JUNIOR_TO_SENIOR})

    result = reciprocity(Scope(acme, cohort.program))

    assert result.pairs.withheld and result.both.withheld


def test_a_group_whose_complement_in_the_program_is_small_is_withheld(acme: Organization) -> None:
    sales = department(acme, "Sales")
    # 6 pairs have a junior in Sales, 2 have nobody there: comparing would single out 4 people.
    juniors = people(acme, 6, prefix="sales", birth_year=1998, dept=sales) + people(
        acme, 2, prefix="other", birth_year=1998
    )
    cohort = build_cohort(acme, pairs=8, juniors=juniors)
    wider = people(acme, 6, prefix="wide-sales", birth_year=1998, dept=sales) + people(
        acme, 3, prefix="wide-other", birth_year=1998
    )
    shown_cohort = build_cohort(acme, pairs=9, name="Wider", juniors=wider)

    withheld = reciprocity(Scope(acme, cohort.program, in_department(sales)))
    shown = reciprocity(Scope(acme, shown_cohort.program, in_department(sales)))

    assert withheld.both.withheld and withheld.pairs.withheld
    assert (shown.pairs.value, shown.pairs.people, shown.both.value) == (6, 12, 1.0)


def test_another_organisations_pairs_are_never_counted(acme: Organization, globex: Organization) -> None:
    other = build_cohort(globex, pairs=7)
    for pair in other.pairs:
        forget_progress(pair, Direction.JUNIOR_TO_SENIOR)
    cohort = build_cohort(acme, pairs=5)

    for scope in (Scope(acme), Scope(acme, cohort.program)):
        result = reciprocity(scope)
        assert (result.pairs.value, result.both.value, result.one_way.value) == (5, 1.0, 0.0)


def test_queries_do_not_grow_with_the_number_of_pairs(acme: Organization) -> None:
    def queries(pairs: int, name: str) -> int:
        dept = department(acme, name)
        juniors = people(acme, pairs, prefix=f"{name}-junior", birth_year=1998, dept=dept)
        cohort = build_cohort(acme, pairs=pairs, name=name, juniors=juniors)
        with CaptureQueriesContext(connection) as captured:
            result = reciprocity(Scope(acme, cohort.program, in_department(dept)))
        assert result.pairs.value == pairs
        return len(captured)

    assert queries(6, "Six") == queries(12, "Twelve") <= 12
