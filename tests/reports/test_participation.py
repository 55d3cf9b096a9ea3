"""Participants by group (with secondary suppression) and the organisation's program lines."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.core.privacy import Figure
from ponte.organizations.models import Organization
from ponte.pairs.models import PairStatus
from ponte.people.choices import Generation
from ponte.programs.models import Enrolment, EnrolmentStatus, Program, ProgramStatus
from ponte.reports.metrics.participation import mix, program_lines
from ponte.reports.scope import GroupFilter, GroupKind, Scope
from ponte.reports.sections import ProgramLine, Row
from tests.reports.cohort import build_cohort, department, people


def shown(rows: list[Row]) -> list[tuple[str, float | None]]:
    return [(row.label, row.figure.value) for row in rows]


def test_a_cohort_by_role_generation_and_location(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    section = mix(Scope(acme, cohort.program))
    assert section.total == Figure(12, 12)
    assert shown(section.by_role) == [("Junior (digital mentor)", 6), ("Senior", 6)]
    assert [row.key for row in section.by_role] == ["junior", "senior"]
    assert shown(section.by_generation) == [("Baby Boomers", 6), ("Generation Z", 6)]
    assert [row.key for row in section.by_generation] == ["boomers", "gen_z"]
    assert section.by_department == []  # nobody has a department: all of them are ungrouped
    assert shown(section.by_location) == [("Milano", 12)]


def test_withdrawn_people_are_not_participants(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    Enrolment.objects.filter(person=cohort.juniors[0]).update(status=EnrolmentStatus.WITHDRAWN)
    section = mix(Scope(acme, cohort.program))
    assert section.total == Figure(11, 11)
    assert shown(section.by_role) == [("Senior", 6), ("Junior (digital mentor)", 5)]


def test_secondary_suppression_hides_a_second_group(acme: Organization) -> None:
    digital, finance, hr = (department(acme, name) for name in ("Digital", "Finance", "HR"))
    juniors = people(acme, 6, prefix="dig", dept=digital, birth_year=1999)
    seniors = [
        *people(acme, 5, prefix="fin", dept=finance, birth_year=1962, location="Roma"),
        *people(acme, 1, prefix="hr", dept=hr, birth_year=None, location=""),
    ]
    cohort = build_cohort(acme, pairs=6, juniors=juniors, seniors=seniors)
    section = mix(Scope(acme, cohort.program))
    assert section.total == Figure(12, 12)
    # HR's one person would be the total minus the others: Finance, the smallest shown, hides too.
    assert shown(section.by_department) == [("Digital", 6), ("Finance", None), ("HR", None)]
    # One person without a birth year is in no generation: the five Boomers hide with them.
    assert shown(section.by_generation) == [("Baby Boomers", None), ("Generation Z", 6)]
    # One person with no location: Roma's five are withheld with them, Milano's six stay.
    assert shown(section.by_location) == [("Milano", 6), ("Roma", None)]


def test_rows_are_ordered_by_size_then_label(acme: Organization) -> None:
    juniors = people(acme, 7, prefix="tor", location="Torino") + people(acme, 5, prefix="bol", location="Bologna")
    seniors = people(acme, 6, prefix="ao", location="Aosta", birth_year=1970) + people(
        acme, 6, prefix="zu", location="Zurigo", birth_year=1985
    )
    cohort = build_cohort(acme, pairs=12, juniors=juniors, seniors=seniors)
    section = mix(Scope(acme, cohort.program))
    assert shown(section.by_location) == [("Torino", 7), ("Aosta", 6), ("Zurigo", 6), ("Bologna", 5)]
    assert [row.key for row in section.by_generation] == ["gen_x", "millennials"]
    assert shown(section.by_generation) == [("Generation X", 6), ("Millennials", 18)]


def test_a_person_enrolled_twice_counts_once_with_their_latest_role(acme: Organization) -> None:
    first = build_cohort(acme, pairs=6, name="First")
    build_cohort(acme, pairs=6, name="Second", juniors=first.seniors)
    section = mix(Scope(acme))
    assert section.total == Figure(18, 18)
    # The first program's seniors teach digital skills in the second one, which came later.
    assert shown(section.by_role) == [("Junior (digital mentor)", 12), ("Senior", 6)]


def test_a_department_subtree_sees_its_own_mix(acme: Organization) -> None:
    operations = department(acme, "Operations")
    logistics = department(acme, "Logistics", operations)
    juniors = people(acme, 3, prefix="ops", dept=operations) + people(acme, 3, prefix="log", dept=logistics)
    cohort = build_cohort(acme, pairs=6, juniors=juniors)
    subtree = GroupFilter(
        kind=GroupKind.DEPARTMENT,
        value=str(operations.pk),
        label=operations.name,
        department_ids=frozenset({operations.pk, logistics.pk}),
    )
    section = mix(Scope(acme, cohort.program, subtree))
    assert section.total == Figure(6, 6)
    assert shown(section.by_role) == [("Junior (digital mentor)", 6)]
    assert shown(section.by_generation) == [("Millennials", 6)]
    assert shown(section.by_department) == [("Logistics", None), ("Operations", None)]
    gen_z = GroupFilter(kind=GroupKind.GENERATION, value=Generation.GEN_Z, label="Generation Z")
    assert mix(Scope(acme, cohort.program, gen_z)).total.withheld  # nobody


def test_another_organisations_people_never_count(acme: Organization, globex: Organization) -> None:
    build_cohort(acme, pairs=6)
    build_cohort(globex, pairs=9)
    section = mix(Scope(acme))
    assert section.total == Figure(12, 12)
    assert shown(section.by_location) == [("Milano", 12)]


def test_mix_query_count_does_not_grow(acme: Organization) -> None:
    used = []
    for name, size in (("Few", 6), ("Many", 12)):
        cohort = build_cohort(
            acme, pairs=size, name=name, juniors=people(acme, size, prefix=name, dept=department(acme, name))
        )
        with CaptureQueriesContext(connection) as queries:
            mix(Scope(acme, cohort.program))
        used.append(len(queries))
    # The participants of the program and of the organisation, and the department names.
    assert used == [3, 3]


def lines(organization: Organization) -> dict[str, ProgramLine]:
    return {line.name: line for line in program_lines(organization)}


def test_program_lines_withhold_small_programs_and_what_would_reveal_them(acme: Organization) -> None:
    large = build_cohort(acme, pairs=6, name="Large")
    build_cohort(acme, pairs=3, name="Medium", pair_status=PairStatus.COMPLETED, status=ProgramStatus.CLOSED)
    build_cohort(acme, pairs=2, name="Tiny", pair_status=PairStatus.PROPOSED)
    Program.objects.create(organization=acme, name="Sketch", slug="sketch")
    found = program_lines(acme)
    assert [line.name for line in found] == ["Tiny", "Medium", "Large"]  # newest first, no draft
    by_name = {line.name: line for line in found}
    assert by_name["Large"].participants == Figure(12, 12)
    assert by_name["Large"].active_pairs == Figure(6, 12)
    assert (by_name["Large"].program_id, by_name["Large"].status) == (large.program.pk, "Running")
    assert (by_name["Large"].starts_on, by_name["Large"].ends_on) == (large.program.starts_on, large.program.ends_on)
    tiny = by_name["Tiny"]
    assert tiny.participants.withheld and tiny.active_pairs.withheld and tiny.completed_pairs.withheld
    # Tiny's four people would be the total minus Large and Medium: Medium hides with them.
    assert by_name["Medium"].participants.withheld
    # Only Medium completed pairs: the organisation's count is Medium's, nobody else is revealed.
    assert by_name["Medium"].completed_pairs == Figure(3, 6)
    assert by_name["Medium"].status == "Closed"


def test_program_lines_of_one_organisation_only(acme: Organization, globex: Organization) -> None:
    build_cohort(acme, pairs=6)
    build_cohort(globex, pairs=2, name="Elsewhere")
    assert list(lines(acme)) == ["Digital bridge"]
    assert lines(acme)["Digital bridge"].participants == Figure(12, 12)


def test_program_lines_query_count_does_not_grow(acme: Organization) -> None:
    used = []
    for name, size in (("Few", 6), ("Many", 12)):
        build_cohort(acme, pairs=size, name=name)
        with CaptureQueriesContext(connection) as queries:
            program_lines(acme)
        used.append(len(queries))
    # Programs, participants per program and overall, active and completed pairs.
    assert used == [5, 5]
