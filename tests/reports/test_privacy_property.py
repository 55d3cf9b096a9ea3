"""Whatever the organisation and the filter, no dashboard figure can single out fewer than five people.

Two levels: ``publish_figures`` on random nested views of a random population, then every section
function on random small organisations under random filters, compared with the same sections of
each wider view a manager could also open.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ponte.core.privacy import K_ANONYMITY, Figure, Measure, publish_figures
from ponte.feedback.models import Assessment, AssessmentMoment
from ponte.organizations.models import Organization
from ponte.people.choices import Generation
from ponte.reports.metrics.activity import activity
from ponte.reports.metrics.checkins import trends
from ponte.reports.metrics.funnel import funnel
from ponte.reports.metrics.gap import gap
from ponte.reports.metrics.months import months_for
from ponte.reports.metrics.participation import mix
from ponte.reports.metrics.reciprocity import reciprocity
from ponte.reports.scope import GroupFilter, GroupKind, Scope
from tests.reports.cohort import build_cohort, department, people

GROUPS = "abcd"
LABELS = (None, "x", "y", "z")
METRICS = ("m1", "m2", "m3")

# --- publish_figures on random nested views ------------------------------------------------------

#: One person: the filter group they belong to, their label in the breakdown (None: ungrouped),
#: and which metrics count them.
population_member = st.tuples(st.sampled_from(GROUPS), st.sampled_from(LABELS), st.frozensets(st.sampled_from(METRICS)))


def measure(members: list[tuple[str, str | None, frozenset[str]]]) -> dict[Any, Measure]:
    """Every figure counts its people: the whole view, each metric and each breakdown label."""
    counts: dict[Any, int] = {"total": len(members)}
    for _group, label, metrics in members:
        for key in (*metrics, ("by", label)):
            counts[key] = counts.get(key, 0) + 1
    return {key: Measure(float(n), n) for key, n in counts.items() if n and key != ("by", None)}


@settings(max_examples=150, deadline=None)
@given(
    population=st.lists(population_member, max_size=40),
    view_groups=st.frozensets(st.sampled_from(GROUPS), min_size=1),
    wider_groups=st.frozensets(st.sampled_from(GROUPS)),
)
def test_published_figures_never_isolate_fewer_than_k(
    population: list[tuple[str, str | None, frozenset[str]]],
    view_groups: frozenset[str],
    wider_groups: frozenset[str],
) -> None:
    view_members = [member for member in population if member[0] in view_groups]
    parents_members = [
        [member for member in population if member[0] in view_groups | wider_groups],
        population,
    ]
    view = measure(view_members)
    parents = [measure(members) for members in parents_members]
    label_keys = [("by", label) for label in LABELS if label is not None]
    ungrouped = sum(1 for member in view_members if member[1] is None)

    shown = publish_figures(view, parents, breakdowns=[(label_keys, ungrouped)])

    assert shown.keys() == view.keys()
    for key, figure in shown.items():
        if figure.withheld:
            assert figure == Figure(None, None, None)
            continue
        assert figure.people is not None and figure.people >= K_ANONYMITY
        assert (figure.value, figure.people) == (view[key].value, view[key].people)
        for parent in parents:
            difference = parent[key].people - figure.people
            assert difference == 0 or difference >= K_ANONYMITY
    present = [key for key in label_keys if key in view]
    if any(not shown[key].withheld for key in present):
        hidden = ungrouped + sum(view[key].people for key in present if shown[key].withheld)
        assert hidden == 0 or hidden >= K_ANONYMITY


# --- every section on random organisations ---------------------------------------------------------

BIRTH_YEARS = (None, 1960, 1972, 1988, 1999)
LOCATIONS = ("Milano", "Roma", "")
#: Departments: two top-level ones and a child of the first, so a filter can include descendants.
DEPARTMENTS = ("Operations", "Finance", "Field")
TODAY = date(2026, 6, 15)

person_spec = st.tuples(
    st.sampled_from(BIRTH_YEARS), st.none() | st.integers(0, len(DEPARTMENTS) - 1), st.sampled_from(LOCATIONS)
)
#: A pair: its junior, its senior, and whether the closing self-assessments were answered (mostly).
pair_spec = st.tuples(person_spec, person_spec, st.sampled_from((True, True, True, False)))
program_spec = st.tuples(
    st.lists(pair_spec, min_size=1, max_size=9),
    st.integers(0, 4),  # seniors' digital start level
    st.integers(0, 4),  # how far they got
)
group_spec = st.one_of(
    st.none(),
    st.tuples(st.just(GroupKind.DEPARTMENT), st.sampled_from(DEPARTMENTS)),
    st.tuples(st.just(GroupKind.GENERATION), st.sampled_from(Generation.values)),
    st.tuples(st.just(GroupKind.LOCATION), st.sampled_from(LOCATIONS[:2])),
)


def shown_figures(section: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Figure]]:
    """Every figure of a section with a key naming it the same way in any scope (rows by key, points by month)."""
    if isinstance(section, Figure):
        if not section.withheld:
            yield path, section
    elif is_dataclass(section):
        for field in fields(section):
            yield from shown_figures(getattr(section, field.name), (*path, field.name))
    elif isinstance(section, list):
        for item in section:
            yield from shown_figures(item, (*path, getattr(item, "key", None) or getattr(item, "month", None)))


def sections(scope: Scope, months: list[date]) -> dict[tuple[Any, ...], Figure]:
    found = (
        funnel(scope),
        activity(scope, months),
        trends(scope, months),
        mix(scope),
        gap(scope),
        reciprocity(scope),
    )
    return {(type(section).__name__, *path): figure for section in found for path, figure in shown_figures(section)}


def organisation(acme: Organization, programs: list[tuple[list[Any], int, int]]) -> list[Any]:
    """People, departments and cohorts as the specs say; returns the cohorts' programs."""
    operations = department(acme, DEPARTMENTS[0])
    finance = department(acme, DEPARTMENTS[1])
    field = department(acme, DEPARTMENTS[2], parent=operations)
    departments = [operations, finance, field]

    def person(spec: tuple[int | None, int | None, str], prefix: str) -> Any:
        birth_year, dept, location = spec
        dept_row = departments[dept] if dept is not None else None
        return people(acme, 1, prefix=prefix, birth_year=birth_year, dept=dept_row, location=location)[0]

    made = []
    for number, (pairs, start, gain) in enumerate(programs):
        juniors = [person(junior, f"p{number}-{n}-junior") for n, (junior, _senior, _done) in enumerate(pairs)]
        seniors = [person(senior, f"p{number}-{n}-senior") for n, (_junior, senior, _done) in enumerate(pairs)]
        cohort = build_cohort(
            acme,
            pairs=len(pairs),
            name=f"Program {number}",
            juniors=juniors,
            seniors=seniors,
            digital_levels=(start, start + gain),
        )
        unfinished = [pair for pair, (_junior, _senior, done) in zip(cohort.pairs, pairs, strict=True) if not done]
        Assessment.objects.filter(pair__in=unfinished, moment=AssessmentMoment.END).delete()
        made.append(cohort.program)
    return made


def group_filter(acme: Organization, spec: tuple[GroupKind, str] | None) -> GroupFilter | None:
    if spec is None:
        return None
    kind, value = spec
    if kind is GroupKind.DEPARTMENT:
        chosen = department(acme, value)
        ids = {chosen.pk, *chosen.children.values_list("pk", flat=True)}
        return GroupFilter(kind, str(chosen.pk), value, frozenset(ids))
    return GroupFilter(kind, value, value)


#: Sure cases beside the random ones: groups large enough to be shown next to wider views that
#: differ by a few people (Milano minus one Roma pair; Operations with its sub-department Field).
JUNIOR = (1999, None, "Milano")
SURE_CASES: list[dict[str, Any]] = [
    {
        "programs": [([(JUNIOR, (1960, 0, "Milano"), True)] * 7 + [(JUNIOR, (1972, 1, "Roma"), True)], 1, 2)] * 2,
        "group": (GroupKind.LOCATION, "Milano"),
        "in_program": True,
    },
    {
        "programs": [([(JUNIOR, (1960, 0, "Milano"), True)] * 5 + [(JUNIOR, (1960, 2, "Roma"), True)] * 4, 2, 3)],
        "group": (GroupKind.DEPARTMENT, "Operations"),
        "in_program": False,
    },
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(programs=st.lists(program_spec, min_size=1, max_size=2), group=group_spec, in_program=st.booleans())
@example(**SURE_CASES[0])
@example(**SURE_CASES[1])
def test_no_section_shows_a_figure_that_isolates_fewer_than_k(
    acme: Organization, programs: list[tuple[list[Any], int, int]], group: Any, in_program: bool
) -> None:
    with transaction.atomic():
        made = organisation(acme, programs)
        scope = Scope(acme, made[0] if in_program else None, group_filter(acme, group))
        months = months_for(scope, TODAY)

        view = sections(scope, months)
        wider = [sections(ancestor, months) for ancestor in scope.ancestors()]

        for key, figure in view.items():
            assert figure.people is not None and figure.people >= K_ANONYMITY, key
            for parent in wider:
                if key in parent:
                    difference = parent[key].people - figure.people
                    assert difference == 0 or difference >= K_ANONYMITY, (key, figure, parent[key])
        transaction.set_rollback(True)
