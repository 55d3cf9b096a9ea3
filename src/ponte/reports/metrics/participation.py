"""Who takes part: the participants of a scope by role, generation, department and location, and the
organisation's programs side by side.

A participant is a person enrolled in one of the scope's programs who has not withdrawn, counted
once however many programs they joined. Each breakdown splits those same people, so it gets
secondary suppression: the withheld rows plus the people in none of them are nobody or at least
five, and the total minus the visible rows gives nothing away.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass

from django.db.models import Count

from ponte.core.privacy import WITHHELD, Figure, Measure, publish_figures
from ponte.organizations.models import Department, Organization
from ponte.pairs.models import Pair, PairStatus
from ponte.people.choices import Generation, generation_for
from ponte.programs.models import Enrolment, EnrolmentRole, EnrolmentStatus, Program, ProgramStatus

from ..scope import Scope
from ..sections import Measures, Mix, ProgramLine, Row, reviewed

TOTAL = "total"
ROLE = "role"
GENERATION = "generation"
DEPARTMENT = "department"
LOCATION = "location"

#: The breakdowns of the mix, each a partition of the participants.
DIMENSIONS = (ROLE, GENERATION, DEPARTMENT, LOCATION)

PARTICIPANTS = "participants"
ACTIVE_PAIRS = "active_pairs"
COMPLETED_PAIRS = "completed_pairs"
LINE_MEASURES = (PARTICIPANTS, ACTIVE_PAIRS, COMPLETED_PAIRS)


@dataclass(frozen=True)
class _Participant:
    role: str
    generation: str | None
    department_id: int | None
    location: str

    def group(self, dimension: str) -> Hashable | None:
        """The participant's row in ``dimension``; ``None`` when they belong to none of its rows."""
        values: dict[str, Hashable | None] = {
            ROLE: self.role,
            GENERATION: self.generation,
            DEPARTMENT: self.department_id,
            LOCATION: self.location or None,
        }
        return values[dimension]


def _participants(scope: Scope) -> list[_Participant]:
    """Each participant once, with the role of their latest enrolment (they may have several)."""
    rows = (
        Enrolment.objects.for_organization(scope.organization)
        .filter(scope.program_q(), scope.person_q("person__"))
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .values_list("person_id", "role", "person__birth_year", "person__department_id", "person__location")
        .order_by("created_at", "pk")
    )
    latest: dict[int, _Participant] = {}
    for person_id, role, birth_year, department_id, location in rows:
        generation = generation_for(birth_year)
        latest[person_id] = _Participant(
            role, generation.value if generation else None, department_id, location.strip()
        )
    return list(latest.values())


def _mix_measures(scope: Scope) -> Measures:
    participants = _participants(scope)
    measures: Measures = {TOTAL: Measure(len(participants), len(participants))}
    for dimension in DIMENSIONS:
        counts = Counter(participant.group(dimension) for participant in participants)
        counts.pop(None, None)
        for value, count in counts.items():
            measures[(dimension, value)] = Measure(count, count)
    return measures


def _values(keys: Collection[Hashable], dimension: str) -> list[Hashable]:
    return [key[1] for key in keys if isinstance(key, tuple) and key[0] == dimension]


def _mix_breakdowns(_scope: Scope, view: Measures) -> list[tuple[Collection[Hashable], int]]:
    """Every dimension splits the total; the people it leaves out are hidden by nature."""
    total = view[TOTAL].people
    groups: list[tuple[Collection[Hashable], int]] = []
    for dimension in DIMENSIONS:
        keys = [(dimension, value) for value in _values(view, dimension)]
        groups.append((keys, total - sum(view[key].people for key in keys)))
    return groups


def _by_size(rows: list[Row]) -> list[Row]:
    """Largest shown figure first, then by label; withheld rows last, so their size stays unknown."""
    return sorted(rows, key=lambda row: (row.figure.withheld, -(row.figure.value or 0), row.label.casefold(), row.key))


def mix(scope: Scope) -> Mix:
    """Participants of the scope by group, every figure reviewed against the wider views."""
    figures = reviewed(scope, _mix_measures, breakdowns=_mix_breakdowns)

    def rows(dimension: str, labels: Mapping[Hashable, str]) -> list[Row]:
        return [
            Row(key=str(value), label=labels[value], figure=figures[(dimension, value)])
            for value in _values(figures, dimension)
            if value in labels
        ]

    generations: dict[Hashable, str] = {generation.value: str(generation.label) for generation in Generation}
    roles: dict[Hashable, str] = {role.value: str(role.label) for role in EnrolmentRole}
    department_ids = [value for value in _values(figures, DEPARTMENT) if isinstance(value, int)]
    departments: dict[Hashable, str] = dict(
        Department.objects.for_organization(scope.organization).filter(pk__in=department_ids).values_list("pk", "name")
    )
    locations: dict[Hashable, str] = {value: str(value) for value in _values(figures, LOCATION)}
    by_generation = {row.key: row for row in rows(GENERATION, generations)}
    return Mix(
        total=figures.get(TOTAL, WITHHELD),
        by_role=_by_size(rows(ROLE, roles)),
        by_generation=[by_generation[generation] for generation in generations if generation in by_generation],
        by_department=_by_size(rows(DEPARTMENT, departments)),
        by_location=_by_size(rows(LOCATION, locations)),
    )


def _partners_by_program(organization: Organization, status: str) -> tuple[dict[int, tuple[int, set[int]]], set[int]]:
    """Per program, its pairs in ``status`` and their distinct partners; and the partners org-wide."""
    rows = (
        Pair.objects.for_organization(organization)
        .filter(status=status)
        .values_list("program_id", "junior_id", "senior_id")
        .order_by()
    )
    pairs: dict[int, int] = defaultdict(int)
    partners: dict[int, set[int]] = defaultdict(set)
    everyone: set[int] = set()
    for program_id, junior_id, senior_id in rows:
        pairs[program_id] += 1
        partners[program_id].update((junior_id, senior_id))
        everyone.update((junior_id, senior_id))
    return {program_id: (count, partners[program_id]) for program_id, count in pairs.items()}, everyone


def _line_measures(
    organization: Organization, program_ids: list[int]
) -> tuple[dict[tuple[int, str], Measure], dict[str, Measure]]:
    """Each program's measures, and the organisation's (every program) that each is compared with."""
    enrolments = Enrolment.objects.for_organization(organization).exclude(status=EnrolmentStatus.WITHDRAWN).order_by()
    participants = dict(
        enrolments.values_list("program_id").annotate(people=Count("person_id", distinct=True)).order_by()
    )
    everyone = enrolments.aggregate(people=Count("person_id", distinct=True))["people"]
    totals = {PARTICIPANTS: Measure(everyone, everyone)}
    view: dict[tuple[int, str], Measure] = {}
    for program_id in program_ids:
        people = participants.get(program_id, 0)
        view[(program_id, PARTICIPANTS)] = Measure(people, people)
    for key, status in ((ACTIVE_PAIRS, PairStatus.ACTIVE), (COMPLETED_PAIRS, PairStatus.COMPLETED)):
        per_program, partners = _partners_by_program(organization, status)
        totals[key] = Measure(sum(count for count, _people in per_program.values()), len(partners))
        for program_id in program_ids:
            count, people = per_program.get(program_id, (0, set()))
            view[(program_id, key)] = Measure(count, len(people))
    return view, totals


def program_lines(organization: Organization) -> list[ProgramLine]:
    """Every program past its draft, newest first, with figures safe beside the organisation's.

    Each figure is compared with the same figure over the whole organisation (which the
    organisation dashboard also shows), and the programs of one figure split its people, so a
    small program is withheld and cannot be worked out from the total and the others either.
    """
    programs = list(
        Program.objects.for_organization(organization)
        .exclude(status=ProgramStatus.DRAFT)
        .order_by("-created_at", "-pk")
    )
    ids = [program.pk for program in programs]
    view, totals = _line_measures(organization, ids)
    parent = {key: totals[key[1]] for key in view}
    breakdowns: list[tuple[Collection[tuple[int, str]], int]] = []
    for measure in LINE_MEASURES:
        keys = [(program_id, measure) for program_id in ids]
        ungrouped = max(totals[measure].people - sum(view[key].people for key in keys), 0)
        breakdowns.append((keys, ungrouped))
    figures: dict[tuple[int, str], Figure] = publish_figures(view, [parent], breakdowns=breakdowns)
    return [
        ProgramLine(
            program_id=program.pk,
            name=program.name,
            status=program.get_status_display(),
            starts_on=program.starts_on,
            ends_on=program.ends_on,
            participants=figures[(program.pk, PARTICIPANTS)],
            active_pairs=figures[(program.pk, ACTIVE_PAIRS)],
            completed_pairs=figures[(program.pk, COMPLETED_PAIRS)],
        )
        for program in programs
    ]
