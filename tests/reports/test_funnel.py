"""The participation funnel: exact counts per stage, never widening, only the scope's people."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.meetings.models import Meeting, MeetingChannel, MeetingStatus
from ponte.organizations.models import Organization
from ponte.pairs.models import Pair, PairStatus
from ponte.people.choices import Generation
from ponte.people.models import Person
from ponte.programs.models import Enrolment, EnrolmentRole, EnrolmentStatus, Program, ProgramInvitation
from ponte.reports.metrics.funnel import STAGES, funnel
from ponte.reports.scope import GroupFilter, GroupKind, Scope
from tests.reports.cohort import START, build_cohort, department, people


def counts(scope: Scope) -> dict[str, float | None]:
    return {row.key: row.figure.value for row in funnel(scope).stages}


def enrol(person: Person, program: Program, status: str = EnrolmentStatus.APPROVED) -> None:
    Enrolment.objects.create(
        organization=program.organization, program=program, person=person, role=EnrolmentRole.EITHER, status=status
    )


def pair(program: Program, junior: Person, senior: Person, status: str, *, meetings: int = 0) -> Pair:
    made = Pair.objects.create(
        organization=program.organization,
        program=program,
        junior=junior,
        senior=senior,
        status=status,
        started_on=START if status != PairStatus.DECLINED and status != PairStatus.EXPIRED else None,
    )
    for _n in range(meetings):
        Meeting.objects.create(
            organization=program.organization,
            pair=made,
            starts_at=datetime(2026, 3, 10, 9, tzinfo=UTC),
            duration_minutes=45,
            channel=MeetingChannel.VIDEO,
            status=MeetingStatus.HELD,
        )
    return made


def test_stages_of_a_completed_cohort_are_its_twelve_people(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6, pair_status=PairStatus.COMPLETED)
    expected = dict.fromkeys(STAGES, 12)
    assert counts(Scope(acme)) == expected
    assert counts(Scope(acme, cohort.program)) == expected
    stages = funnel(Scope(acme)).stages
    assert [row.label for row in stages] == [
        "Invited or signed up",
        "Enrolled",
        "Matched",
        "Accepted",
        "Met at least once",
        "Completed",
    ]
    assert all(row.figure.people == 12 for row in stages)


def test_each_stage_narrows_the_one_before(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    program = cohort.program
    Pair.objects.filter(pk__in=[made.pk for made in cohort.pairs[:3]]).update(status=PairStatus.COMPLETED)
    invited_only = people(acme, 3, prefix="invited")
    for person in [*invited_only, *cohort.juniors[:2]]:
        ProgramInvitation.objects.create(organization=acme, program=program, person=person)
    declined, expired, unmet = (people(acme, 2, prefix=prefix) for prefix in ("declined", "expired", "unmet"))
    for (junior, senior), status in (
        (declined, PairStatus.DECLINED),
        (expired, PairStatus.EXPIRED),
        (unmet, PairStatus.ACTIVE),
    ):
        enrol(junior, program)
        enrol(senior, program)
        pair(program, junior, senior, status)
    # Someone who withdrew after meeting their partner still took each step.
    leaver, partner = people(acme, 2, prefix="leaver")
    enrol(leaver, program, EnrolmentStatus.WITHDRAWN)
    enrol(partner, program)
    pair(program, leaver, partner, PairStatus.ENDED_EARLY, meetings=1)
    # Paired by hand without enrolling: never counted past a stage they did not reach.
    stray = people(acme, 2, prefix="stray")
    pair(program, stray[0], stray[1], PairStatus.COMPLETED, meetings=2)

    assert counts(Scope(acme, program)) == {
        "invited": 23,
        "enrolled": 20,
        "matched": 20,
        "accepted": 16,
        "active": 14,
        "completed": 6,
    }


def test_department_filter_counts_the_subtree_and_only_partners_inside_it(acme: Organization) -> None:
    operations = department(acme, "Operations")
    logistics = department(acme, "Logistics", operations)
    sales = department(acme, "Sales")
    juniors = people(acme, 4, prefix="ops", dept=operations) + people(acme, 4, prefix="log", dept=logistics)
    seniors = people(acme, 8, prefix="sales", dept=sales, birth_year=1960)
    cohort = build_cohort(acme, pairs=8, juniors=juniors, seniors=seniors, pair_status=PairStatus.COMPLETED)
    subtree = GroupFilter(
        kind=GroupKind.DEPARTMENT,
        value=str(operations.pk),
        label=operations.name,
        department_ids=frozenset({operations.pk, logistics.pk}),
    )
    assert counts(Scope(acme, cohort.program, subtree)) == dict.fromkeys(STAGES, 8)
    assert counts(Scope(acme, group=subtree)) == dict.fromkeys(STAGES, 8)
    only_logistics = GroupFilter(
        kind=GroupKind.DEPARTMENT,
        value=str(logistics.pk),
        label=logistics.name,
        department_ids=frozenset({logistics.pk}),
    )
    assert counts(Scope(acme, cohort.program, only_logistics)) == dict.fromkeys(STAGES, None)


def test_generation_filter_counts_that_generation_only(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    gen_z = GroupFilter(kind=GroupKind.GENERATION, value=Generation.GEN_Z, label="Generation Z")
    assert counts(Scope(acme, cohort.program, gen_z)) == {**dict.fromkeys(STAGES, 6), "completed": None}


def test_a_group_is_withheld_when_small_or_when_the_rest_is_small(acme: Organization) -> None:
    juniors = people(acme, 5, prefix="mi") + people(acme, 1, prefix="rm", location="Roma")
    seniors = people(acme, 5, prefix="mis", birth_year=1960) + people(acme, 1, prefix="rms", location="Roma")
    cohort = build_cohort(acme, pairs=6, juniors=juniors, seniors=seniors)

    def location(value: str) -> GroupFilter:
        return GroupFilter(kind=GroupKind.LOCATION, value=value, label=value)

    # Two people in Roma: too few; ten in Milano: the rest of the program (Roma) would show by subtraction.
    assert counts(Scope(acme, cohort.program, location("Roma"))) == dict.fromkeys(STAGES, None)
    assert counts(Scope(acme, cohort.program, location("Milano"))) == dict.fromkeys(STAGES, None)
    assert counts(Scope(acme, cohort.program))["matched"] == 12


def test_differencing_against_the_organisation_withholds_a_program(acme: Organization) -> None:
    big = build_cohort(acme, pairs=6, name="Big")
    small = build_cohort(acme, pairs=2, name="Small")
    assert counts(Scope(acme))["matched"] == 16
    assert counts(Scope(acme, small.program))["matched"] is None
    # Big holds 12 of the organisation's 16: the other 4 would show by subtraction.
    assert counts(Scope(acme, big.program))["matched"] is None


def test_another_organisations_people_never_count(acme: Organization, globex: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    build_cohort(globex, pairs=6)
    expected = {**dict.fromkeys(STAGES, 12), "completed": None}
    assert counts(Scope(acme)) == expected
    assert counts(Scope(acme, cohort.program)) == expected


def test_query_count_does_not_grow_with_the_pairs(acme: Organization) -> None:
    used = []
    for name, size in (("Few", 3), ("Many", 9)):
        cohort = build_cohort(acme, pairs=size, name=name)
        with CaptureQueriesContext(connection) as queries:
            funnel(Scope(acme, cohort.program))
        used.append(len(queries))
    # Four queries for the program and four for the organisation it is compared with.
    assert used == [8, 8]
