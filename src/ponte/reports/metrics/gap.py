"""The digital gap: how far seniors got in what juniors taught them, and what juniors learned back.

Levels come from the learners' own start and end assessments of each objective. A person with
three objectives must not weigh three times against a person with one, so each learner's
objectives are averaged first and every figure is a mean over learners; ``people`` is always the
number of learners, the honest size of the group.
"""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ponte.core.privacy import WITHHELD, Figure, Measure
from ponte.feedback.models import Assessment, AssessmentMoment, AssessmentRole
from ponte.organizations.models import Department
from ponte.pairs.models import Direction, Objective
from ponte.people.choices import Generation, generation_for
from ponte.skills.models import SkillArea

from ..scope import Scope
from ..sections import Gap, GapRow, Measures, reviewed

DIGITAL = "digital"
LEARNED_BACK = "learned_back"
DIGITAL_AREA = "digital_area"
LEARNED_BACK_AREA = "learned_back_area"
DIGITAL_GENERATION = "digital_generation"
DIGITAL_DEPARTMENT = "digital_department"

#: The three figures of every row; each row's measures share the same learners.
STATS = ("start", "end", "change")

#: A row of the section: its group and, for a breakdown, the value (area id, generation, department id).
RowKey = tuple[str, Hashable]

#: Which group an objective's direction feeds, and which group its skill area's row belongs to.
GROUPS = {
    Direction.JUNIOR_TO_SENIOR: (DIGITAL, DIGITAL_AREA),
    Direction.SENIOR_TO_JUNIOR: (LEARNED_BACK, LEARNED_BACK_AREA),
}


@dataclass(frozen=True)
class _Objective:
    direction: str
    area_id: int


def _objectives(scope: Scope) -> dict[tuple[int, uuid.UUID], _Objective]:
    """Direction and skill area per (pair, objective key); keys are stable across versions."""
    rows = (
        Objective.objects.filter(scope.pair_q("agreement__pair__"))
        .values_list("agreement__pair_id", "key", "direction", "skill__area_id")
        .distinct()
        .order_by()
    )
    return {(pair_id, key): _Objective(direction, area_id) for pair_id, key, direction, area_id in rows}


def _learners_levels(scope: Scope) -> dict[RowKey, dict[int, list[tuple[int, int]]]]:
    """Per row and learner, the (start, end) self-assessed levels of each objective they finished."""
    objectives = _objectives(scope)
    rows = (
        Assessment.objects.for_organization(scope.organization)
        .filter(scope.pair_q("pair__"), scope.person_q("learner__"), role=AssessmentRole.SELF)
        .values_list(
            "pair_id", "objective_key", "learner_id", "moment", "level", "learner__birth_year", "learner__department_id"
        )
        .order_by()
    )
    levels: dict[tuple[int, uuid.UUID, int], dict[str, int]] = defaultdict(dict)
    about: dict[int, tuple[int | None, int | None]] = {}
    for pair_id, key, learner_id, moment, level, birth_year, department_id in rows:
        levels[(pair_id, key, learner_id)][moment] = level
        about[learner_id] = (birth_year, department_id)
    grouped: dict[RowKey, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for (pair_id, key, learner_id), moments in levels.items():
        objective = objectives.get((pair_id, key))
        if objective is None or AssessmentMoment.START not in moments or AssessmentMoment.END not in moments:
            continue
        objective_levels = (moments[AssessmentMoment.START], moments[AssessmentMoment.END])
        for row in _rows_of(objective, *about[learner_id]):
            grouped[row][learner_id].append(objective_levels)
    return grouped


def _rows_of(objective: _Objective, birth_year: int | None, department_id: int | None) -> list[RowKey]:
    group, area_group = GROUPS[Direction(objective.direction)]
    rows: list[RowKey] = [(group, None), (area_group, objective.area_id)]
    if group == DIGITAL:
        generation = generation_for(birth_year)
        if generation is not None:
            rows.append((DIGITAL_GENERATION, generation.value))
        if department_id is not None:
            rows.append((DIGITAL_DEPARTMENT, department_id))
    return rows


def _row_measures(row: RowKey, learners: dict[int, list[tuple[int, int]]]) -> Measures:
    """Mean start and end levels to one decimal, as the scales read; the change and its spread to two,
    since a change of a fraction of a level is what a program moves."""
    starts = [statistics.fmean(start for start, _end in levels) for levels in learners.values()]
    ends = [statistics.fmean(end for _start, end in levels) for levels in learners.values()]
    changes = [end - start for start, end in zip(starts, ends, strict=True)]
    people = len(learners)
    spread = round(statistics.stdev(changes), 2) if people >= 2 else None
    return {
        (row, "start"): Measure(round(statistics.fmean(starts), 1), people),
        (row, "end"): Measure(round(statistics.fmean(ends), 1), people),
        (row, "change"): Measure(round(statistics.fmean(changes), 2), people, spread),
    }


def _measures(scope: Scope) -> Measures:
    measures: Measures = {}
    for row, learners in _learners_levels(scope).items():
        measures.update(_row_measures(row, learners))
    return measures


def _values(keys: Iterable[Hashable], group: str) -> set[Hashable]:
    """The breakdown values (area ids, generations, department ids) of ``group`` among ``keys``."""
    return {key[0][1] for key in keys if isinstance(key, tuple) and key[0][0] == group}


def _ids(keys: Iterable[Hashable], group: str) -> set[int]:
    """The area or department ids of ``group``'s rows among ``keys``."""
    return {value for value in _values(keys, group) if isinstance(value, int)}


def _partition(view: Measures, group: str, whole: str) -> list[tuple[Collection[Hashable], int]]:
    """The rows of ``group`` split the learners of ``whole``; those in none of them are ungrouped."""
    total = view.get(((whole, None), "change"))
    if total is None:
        return []
    values = _values(view, group)
    grouped = sum(view[((group, value), "change")].people for value in values)
    return [([((group, value), stat) for value in values], total.people - grouped) for stat in STATS]


def _breakdowns(_scope: Scope, view: Measures) -> list[tuple[Collection[Hashable], int]]:
    return _partition(view, DIGITAL_GENERATION, DIGITAL) + _partition(view, DIGITAL_DEPARTMENT, DIGITAL)


def _row(figures: dict[Hashable, Figure], row: RowKey, key: str, label: str) -> GapRow:
    start, end, change = (figures.get((row, stat), WITHHELD) for stat in STATS)
    return GapRow(key=key, label=label, start=start, end=end, change=change)


def gap(scope: Scope) -> Gap:
    """The gap section of a dashboard, every figure reviewed against the scope's wider views.

    Rows exist for every group with a learner in the scope; a small group's figures are withheld.
    """
    figures = reviewed(scope, _measures, breakdowns=_breakdowns)
    digital_areas = _ids(figures, DIGITAL_AREA)
    back_areas = _ids(figures, LEARNED_BACK_AREA)
    generations = _values(figures, DIGITAL_GENERATION)
    areas = list(SkillArea.objects.filter(pk__in=digital_areas | back_areas))
    departments = Department.objects.for_organization(scope.organization).filter(
        pk__in=_ids(figures, DIGITAL_DEPARTMENT)
    )
    return Gap(
        digital=_row(figures, (DIGITAL, None), DIGITAL, _("Digital skills seniors learned")),
        digital_by_area=[
            _row(figures, (DIGITAL_AREA, area.pk), str(area.pk), area.name)
            for area in areas
            if area.pk in digital_areas
        ],
        digital_by_generation=[
            _row(figures, (DIGITAL_GENERATION, generation.value), generation.value, str(generation.label))
            for generation in Generation
            if generation.value in generations
        ],
        digital_by_department=[
            _row(figures, (DIGITAL_DEPARTMENT, department.pk), str(department.pk), department.name)
            for department in departments.order_by("name", "pk")
        ],
        learned_back=_row(figures, (LEARNED_BACK, None), LEARNED_BACK, _("Skills juniors learned back")),
        learned_back_by_area=[
            _row(figures, (LEARNED_BACK_AREA, area.pk), str(area.pk), area.name)
            for area in areas
            if area.pk in back_areas
        ],
    )
