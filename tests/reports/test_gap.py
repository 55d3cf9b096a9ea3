"""The digital gap and what juniors learned back, from known start and end self-assessments."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ponte.feedback.models import Assessment, AssessmentMoment, AssessmentRole
from ponte.organizations.models import Department, Organization
from ponte.pairs.models import Direction, Objective, Pair
from ponte.reports.metrics.gap import gap
from ponte.reports.scope import GroupFilter, GroupKind, Scope
from ponte.skills.models import Skill
from tests.reports.cohort import build_cohort, department, digcomp_skill, entrecomp_skill, people

pytestmark = pytest.mark.django_db


def in_department(dept: Department) -> GroupFilter:
    return GroupFilter(GroupKind.DEPARTMENT, str(dept.pk), dept.name, frozenset({dept.pk}))


def add_objective(pair: Pair, direction: str, skill: Skill, levels: dict[str, int], role: str = "self") -> None:
    """One more objective in the pair's agreement, assessed at the given moments."""
    key = uuid.uuid4()
    Objective.objects.create(
        agreement=pair.agreements.get(), key=key, direction=direction, skill=skill, start_level=0, target_level=8
    )
    learner = pair.senior if direction == Direction.JUNIOR_TO_SENIOR else pair.junior
    for moment, level in levels.items():
        Assessment.objects.create(
            organization=pair.organization,
            pair=pair,
            objective_key=key,
            skill=skill,
            learner=learner,
            rater=learner if role == AssessmentRole.SELF else pair.partner_of(learner),
            role=role,
            moment=moment,
            level=level,
        )


def digital_assessments(pair: Pair) -> QuerySet[Assessment]:
    return Assessment.objects.filter(pair=pair, learner=pair.senior)


def test_levels_and_change_are_means_over_learners(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6, digital_levels=(2, 4), back_levels=(3, 5))
    for pair in cohort.pairs[:3]:
        digital_assessments(pair).filter(moment=AssessmentMoment.END).update(level=6)

    result = gap(Scope(acme, cohort.program))

    digital = result.digital
    assert (digital.start.value, digital.end.value) == (2.0, 5.0)
    assert (digital.change.value, digital.change.people, digital.change.spread) == (3.0, 6, 1.1)
    assert digital.start.people == digital.end.people == 6
    back = result.learned_back
    assert (back.start.value, back.end.value, back.change.value, back.change.spread) == (3.0, 5.0, 2.0, 0.0)
    assert back.change.people == 6


def test_breakdowns_by_area_generation_and_department(acme: Organization) -> None:
    finance = department(acme, "Finance")
    seniors = people(acme, 6, prefix="senior", birth_year=1963, dept=finance)
    cohort = build_cohort(acme, pairs=6, seniors=seniors)

    result = gap(Scope(acme, cohort.program))

    digital_area, back_area = digcomp_skill().area, entrecomp_skill().area
    assert [(row.key, row.label, row.change.value, row.change.people) for row in result.digital_by_area] == [
        (str(digital_area.pk), digital_area.name, 2.0, 6)
    ]
    assert [(row.key, row.label, row.change.people) for row in result.learned_back_by_area] == [
        (str(back_area.pk), back_area.name, 6)
    ]
    assert [(row.key, row.label, row.end.value) for row in result.digital_by_generation] == [
        ("boomers", "Baby Boomers", 4.0)
    ]
    assert [(row.key, row.label, row.start.value) for row in result.digital_by_department] == [
        (str(finance.pk), "Finance", 2.0)
    ]


def test_area_labels_are_in_the_readers_language(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5)
    area = digcomp_skill().area
    assert area.name_it and area.name_it != area.name_en

    with translation.override("it"):
        result = gap(Scope(acme, cohort.program))

    assert [row.label for row in result.digital_by_area] == [area.name_it]


def test_each_learner_weighs_once_whatever_their_number_of_objectives(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6, digital_levels=(2, 4))
    add_objective(cohort.pairs[0], Direction.JUNIOR_TO_SENIOR, digcomp_skill(), {"start": 0, "end": 8})

    digital = gap(Scope(acme, cohort.program)).digital

    # The first senior averages (2→4, 0→8) to 1→6; weighting objectives would give 20/7 ≈ 2.86.
    assert (digital.start.value, digital.end.value, digital.change.value) == (1.8, 4.3, 2.5)
    assert digital.change.people == 6


def test_a_learner_in_two_programs_weighs_once_in_the_organisation(acme: Organization) -> None:
    seniors = people(acme, 6, prefix="senior", birth_year=1963)
    build_cohort(acme, pairs=6, name="First bridge", seniors=seniors, digital_levels=(2, 4))
    build_cohort(acme, pairs=6, name="Second bridge", seniors=seniors, digital_levels=(2, 6))

    result = gap(Scope(acme))

    assert (result.digital.end.value, result.digital.change.value, result.digital.change.people) == (5.0, 3.0, 6)
    assert result.learned_back.change.people == 12


def test_an_objective_without_an_end_assessment_is_left_out(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=7, digital_levels=(2, 4))
    digital_assessments(cohort.pairs[0]).filter(moment=AssessmentMoment.END).delete()
    digital_assessments(cohort.pairs[1]).filter(moment=AssessmentMoment.START).delete()
    add_objective(cohort.pairs[2], Direction.JUNIOR_TO_SENIOR, digcomp_skill(), {"start": 0})
    scope = Scope(acme, cohort.program)

    digital = gap(scope).digital
    assert (digital.start.value, digital.change.value, digital.change.people) == (2.0, 2.0, 5)

    digital_assessments(cohort.pairs[3]).filter(moment=AssessmentMoment.END).delete()
    assert gap(scope).digital.change.withheld  # four learners left: fewer than five


def test_partner_assessments_do_not_count(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5, digital_levels=(2, 4))
    for pair in cohort.pairs:
        key = digital_assessments(pair).first().objective_key
        for moment, level in (("start", 0), ("end", 8)):
            Assessment.objects.create(
                organization=acme,
                pair=pair,
                objective_key=key,
                skill=digcomp_skill(),
                learner=pair.senior,
                rater=pair.junior,
                role=AssessmentRole.PARTNER,
                moment=moment,
                level=level,
            )

    digital = gap(Scope(acme, cohort.program)).digital

    assert (digital.start.value, digital.end.value, digital.change.people) == (2.0, 4.0, 5)


def test_fewer_than_five_learners_are_withheld(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=4)

    result = gap(Scope(acme, cohort.program))

    for row in (result.digital, result.learned_back, *result.digital_by_area, *result.digital_by_generation):
        assert row.start.withheld and row.end.withheld and row.change.withheld
        assert row.change.people is None and row.change.spread is None


def test_a_group_whose_complement_in_the_program_is_small_is_withheld(acme: Organization) -> None:
    sales, legal, hr = department(acme, "Sales"), department(acme, "Legal"), department(acme, "HR")
    first = people(acme, 6, prefix="sales", birth_year=1963, dept=sales) + people(
        acme, 2, prefix="legal", birth_year=1963, dept=legal
    )
    cohort = build_cohort(acme, pairs=8, name="Small rest", seniors=first)
    second = people(acme, 6, prefix="hr", birth_year=1963, dept=hr) + people(acme, 5, prefix="other", birth_year=1963)
    other = build_cohort(acme, pairs=11, name="Large rest", seniors=second)

    # 6 of the program's 8 learners: the 2 others would be the difference.
    withheld = gap(Scope(acme, cohort.program, in_department(sales)))
    shown = gap(Scope(acme, other.program, in_department(hr)))

    assert withheld.digital.change.withheld and withheld.digital.start.withheld
    assert (shown.digital.change.value, shown.digital.change.people) == (2.0, 6)
    assert gap(Scope(acme, cohort.program)).digital.change.people == 8


def test_a_group_whose_complement_across_programs_is_small_is_withheld(acme: Organization) -> None:
    sales = department(acme, "Sales")
    all_sales = build_cohort(
        acme, pairs=6, name="All sales", seniors=people(acme, 6, prefix="a", birth_year=1963, dept=sales)
    )
    mixed = people(acme, 2, prefix="b", birth_year=1963, dept=sales) + people(acme, 5, prefix="c", birth_year=1963)
    build_cohort(acme, pairs=7, name="Mixed", seniors=mixed)

    # Sales in "All sales" is the whole program, but Sales across the organisation has 2 more.
    assert gap(Scope(acme, all_sales.program)).digital.change.people == 6
    assert gap(Scope(acme, None, in_department(sales))).digital.change.people == 8
    assert gap(Scope(acme, all_sales.program, in_department(sales))).digital.change.withheld


def test_generation_breakdown_hides_a_second_group_to_cover_a_small_one(acme: Organization) -> None:
    seniors = (
        people(acme, 6, prefix="boomer", birth_year=1960)
        + people(acme, 5, prefix="genx", birth_year=1970)
        + people(acme, 5, prefix="millennial", birth_year=1985)
        + people(acme, 2, prefix="unknown", birth_year=None)
    )
    cohort = build_cohort(acme, pairs=18, seniors=seniors)

    result = gap(Scope(acme, cohort.program))

    rows = {row.key: row for row in result.digital_by_generation}
    assert list(rows) == ["boomers", "gen_x", "millennials"]
    # The 2 without a birth year follow from the total: the smallest group (Generation X, first
    # of the two of 5) is withheld too, so what the total reveals covers 7 people.
    assert rows["gen_x"].change.withheld and rows["gen_x"].start.withheld and rows["gen_x"].end.withheld
    assert (rows["boomers"].change.people, rows["millennials"].change.people) == (6, 5)
    assert result.digital.change.people == 18


def test_department_breakdown_hides_a_second_group_to_cover_a_small_one(acme: Organization) -> None:
    big, middle, small = department(acme, "Big"), department(acme, "Middle"), department(acme, "Small")
    seniors = (
        people(acme, 7, prefix="big", birth_year=1963, dept=big)
        + people(acme, 6, prefix="middle", birth_year=1963, dept=middle)
        + people(acme, 3, prefix="small", birth_year=1963, dept=small)
    )
    cohort = build_cohort(acme, pairs=16, seniors=seniors)

    rows = {row.label: row for row in gap(Scope(acme, cohort.program)).digital_by_department}

    assert list(rows) == ["Big", "Middle", "Small"]
    assert rows["Small"].change.withheld and rows["Middle"].change.withheld
    assert rows["Big"].change.people == 7


def test_people_without_a_department_count_as_hidden(acme: Organization) -> None:
    big, middle = department(acme, "Big"), department(acme, "Middle")
    seniors = (
        people(acme, 7, prefix="big", birth_year=1963, dept=big)
        + people(acme, 6, prefix="middle", birth_year=1963, dept=middle)
        + people(acme, 2, prefix="nowhere", birth_year=1963)
    )
    cohort = build_cohort(acme, pairs=15, seniors=seniors)

    rows = {row.label: row for row in gap(Scope(acme, cohort.program)).digital_by_department}

    # The total minus both departments would single out the 2 with no department.
    assert [(label, row.change.people) for label, row in rows.items()] == [("Big", 7), ("Middle", None)]


def test_a_generation_filter_keeps_only_learners_of_that_generation(acme: Organization) -> None:
    seniors = people(acme, 6, prefix="boomer", birth_year=1960) + people(acme, 6, prefix="genx", birth_year=1970)
    cohort = build_cohort(acme, pairs=12, seniors=seniors, digital_levels=(1, 3))
    for pair in cohort.pairs[6:]:
        digital_assessments(pair).filter(moment=AssessmentMoment.END).update(level=7)

    result = gap(Scope(acme, cohort.program, GroupFilter(GroupKind.GENERATION, "gen_x", "Generation X")))

    assert (result.digital.end.value, result.digital.change.people) == (7.0, 6)
    assert [row.key for row in result.digital_by_generation] == ["gen_x"]
    # The juniors (Generation Z) are not in the group: nobody learned back.
    assert result.learned_back.change.withheld
    assert result.learned_back_by_area == []


def test_another_organisations_data_is_never_counted(acme: Organization, globex: Organization) -> None:
    build_cohort(globex, pairs=7, digital_levels=(0, 8), back_levels=(0, 8))
    cohort = build_cohort(acme, pairs=5, digital_levels=(2, 4))

    for scope in (Scope(acme), Scope(acme, cohort.program)):
        digital = gap(scope).digital
        assert (digital.start.value, digital.end.value, digital.change.people) == (2.0, 4.0, 5)


def test_queries_do_not_grow_with_the_number_of_pairs(acme: Organization) -> None:
    def queries(pairs: int, name: str) -> int:
        dept = department(acme, name)
        seniors = people(acme, pairs, prefix=f"{name}-senior", birth_year=1963, dept=dept)
        cohort = build_cohort(acme, pairs=pairs, name=name, seniors=seniors)
        with CaptureQueriesContext(connection) as captured:
            result = gap(Scope(acme, cohort.program, in_department(dept)))
        assert result.digital.change.people == pairs
        return len(captured)

    assert queries(6, "Six") == queries(12, "Twelve") <= 10
