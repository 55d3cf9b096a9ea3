"""A program with a known history for report tests: people, pairs, meetings, check-ins, assessments.

``build_cohort`` writes rows directly (as the demo does) so tests can state exact expectations:
every figure it produces follows from the arguments.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from ponte.feedback.models import Assessment, AssessmentMoment, AssessmentRole, CheckIn
from ponte.meetings.models import Meeting, MeetingChannel, MeetingStatus
from ponte.organizations.models import Department, Organization
from ponte.pairs.models import Agreement, Direction, Objective, ObjectiveProgress, Pair, PairStatus, Response
from ponte.people.models import Person
from ponte.programs.models import Enrolment, EnrolmentRole, EnrolmentStatus, Program, ProgramStatus
from ponte.skills.models import Skill
from tests.factories import PersonFactory

START = date(2026, 3, 2)


@dataclass
class Cohort:
    program: Program
    juniors: list[Person]
    seniors: list[Person]
    pairs: list[Pair] = field(default_factory=list)


def digcomp_skill() -> Skill:
    return Skill.objects.filter(area__framework__code="digcomp").order_by("area__position", "code").first()  # type: ignore[return-value]


def entrecomp_skill() -> Skill:
    return Skill.objects.filter(area__framework__code="entrecomp").order_by("area__position", "code").first()  # type: ignore[return-value]


def department(organization: Organization, name: str, parent: Department | None = None) -> Department:
    return Department.objects.get_or_create(organization=organization, name=name, defaults={"parent": parent})[0]


def people(
    organization: Organization,
    count: int,
    *,
    prefix: str,
    birth_year: int | None = 1995,
    dept: Department | None = None,
    location: str = "Milano",
) -> list[Person]:
    return [
        PersonFactory(
            organization=organization,
            email=f"{prefix}{n}@{organization.slug}.test",
            first_name=f"{prefix.title()}{n}",
            last_name="Tester",
            birth_year=birth_year,
            department=dept,
            location=location,
        )
        for n in range(count)
    ]


def build_cohort(
    organization: Organization,
    *,
    pairs: int = 6,
    name: str = "Digital bridge",
    status: str = ProgramStatus.RUNNING,
    juniors: list[Person] | None = None,
    seniors: list[Person] | None = None,
    meetings_per_pair: int = 3,
    first_meeting_after_days: int = 7,
    satisfaction: int = 4,
    learning: int = 3,
    digital_levels: tuple[int, int] = (2, 4),
    back_levels: tuple[int, int] = (3, 5),
    pair_status: str = PairStatus.ACTIVE,
) -> Cohort:
    """``pairs`` pairs started on ``START``, each with held meetings a fortnight apart, one answered
    check-in per person a month in, both directions' objectives with progress, and start/end
    self-assessments at ``digital_levels`` (seniors' DigComp) and ``back_levels`` (juniors' EntreComp)."""
    program = Program.objects.create(
        organization=organization,
        name=name,
        slug=name.lower().replace(" ", "-")[:80],
        status=status,
        starts_on=START,
        ends_on=START + timedelta(days=180),
    )
    juniors = juniors or people(organization, pairs, prefix=f"{program.slug}-junior", birth_year=1998)
    seniors = seniors or people(organization, pairs, prefix=f"{program.slug}-senior", birth_year=1963)
    cohort = Cohort(program, juniors, seniors)
    digital, back = digcomp_skill(), entrecomp_skill()
    for junior, senior in zip(juniors, seniors, strict=True):
        for person, role in ((junior, EnrolmentRole.JUNIOR), (senior, EnrolmentRole.SENIOR)):
            Enrolment.objects.create(
                organization=organization, program=program, person=person, role=role, status=EnrolmentStatus.APPROVED
            )
        pair = Pair.objects.create(
            organization=organization,
            program=program,
            junior=junior,
            senior=senior,
            status=pair_status,
            junior_response=Response.ACCEPTED,
            senior_response=Response.ACCEPTED,
            started_on=START,
            ended_on=START + timedelta(days=180) if pair_status == PairStatus.COMPLETED else None,
        )
        cohort.pairs.append(pair)
        _objectives(pair, digital, back, digital_levels, back_levels)
        for n in range(meetings_per_pair):
            day = START + timedelta(days=first_meeting_after_days + 14 * n)
            Meeting.objects.create(
                organization=organization,
                pair=pair,
                starts_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
                duration_minutes=45,
                channel=MeetingChannel.VIDEO,
                status=MeetingStatus.HELD,
            )
        for person in (junior, senior):
            due = START + timedelta(days=30)
            CheckIn.objects.create(
                organization=organization,
                pair=pair,
                person=person,
                due_on=due,
                sent_at=datetime(due.year, due.month, due.day, 8, tzinfo=UTC),
                answered_at=datetime(due.year, due.month, due.day, 12, tzinfo=UTC),
                satisfaction=satisfaction,
                learning=learning,
            )
    return cohort


def _objectives(
    pair: Pair, digital: Skill, back: Skill, digital_levels: tuple[int, int], back_levels: tuple[int, int]
) -> None:
    agreement = Agreement.objects.create(organization=pair.organization, pair=pair)
    for direction, skill, (start, end), learner in (
        (Direction.JUNIOR_TO_SENIOR, digital, digital_levels, pair.senior),
        (Direction.SENIOR_TO_JUNIOR, back, back_levels, pair.junior),
    ):
        key = uuid.uuid4()
        Objective.objects.create(
            agreement=agreement,
            key=key,
            direction=direction,
            skill=skill,
            start_level=start,
            target_level=max(end, start + 1),
        )
        if end > start:
            ObjectiveProgress.objects.create(
                organization=pair.organization, pair=pair, objective_key=key, level=end, confirmed_by=learner
            )
        for moment, level in ((AssessmentMoment.START, start), (AssessmentMoment.END, end)):
            Assessment.objects.create(
                organization=pair.organization,
                pair=pair,
                objective_key=key,
                skill=skill,
                learner=learner,
                rater=learner,
                role=AssessmentRole.SELF,
                moment=moment,
                level=level,
            )
