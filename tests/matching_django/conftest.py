"""Small cohorts in the database: a program in its matching step and helpers to enrol people."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date, time

import pytest

from ponte.organizations.models import Department, Organization
from ponte.people.models import AvailabilityWindow, Person
from ponte.programs.models import (
    Enrolment,
    EnrolmentSkill,
    EnrolmentStatus,
    EnrolmentWish,
    Program,
    ProgramStatus,
    SkillDirection,
)
from ponte.skills.models import Skill
from tests.factories import DepartmentFactory, PersonFactory

_serial = itertools.count()
#: A winter Monday: Rome is UTC+1, New York UTC−5.
START = date(2025, 1, 6)


def digcomp(n: int = 3) -> list[Skill]:
    return list(Skill.objects.filter(area__framework__code="digcomp").order_by("pk")[:n])


def entrecomp(n: int = 3) -> list[Skill]:
    return list(Skill.objects.filter(area__framework__code="entrecomp").order_by("pk")[:n])


def make_program(org: Organization, *, status: str = ProgramStatus.MATCHING, **fields: object) -> Program:
    serial = next(_serial)
    program = Program.objects.create(
        organization=org, name=f"Bridge {serial}", slug=f"bridge-{serial}", status=status, starts_on=START, **fields
    )
    program.junior_skills.set(digcomp())
    program.senior_skills.set(entrecomp())
    return program


def make_person(
    org: Organization,
    first: str,
    last: str = "Rossi",
    *,
    department: Department | None = None,
    manager: Person | None = None,
    time_zone: str = "Europe/Rome",
    languages: Iterable[str] = ("it", "en"),
    channels: Iterable[str] = ("video", "chat"),
    windows: Iterable[tuple[int, int, int]] = ((0, 9, 12), (2, 14, 17)),
) -> Person:
    person = PersonFactory(
        organization=org,
        first_name=first,
        last_name=last,
        email=f"{first.lower()}.{last.lower()}{next(_serial)}@acme.test",
        department=department or DepartmentFactory(organization=org),
        manager=manager,
        time_zone=time_zone,
        languages=list(languages),
        channels=list(channels),
    )
    AvailabilityWindow.objects.bulk_create(
        [AvailabilityWindow(person=person, weekday=d, start=time(a), end=time(b)) for d, a, b in windows]
    )
    return person


def enrol(
    program: Program,
    person: Person,
    role: str,
    *,
    offers: dict[Skill, int] | None = None,
    wants: dict[Skill, tuple[int, int]] | None = None,
    prefer: Iterable[Person] = (),
    avoid: Iterable[Person] = (),
    status: str = EnrolmentStatus.APPROVED,
) -> Enrolment:
    """An approved enrolment; by default the person offers and wants the program's own learning areas."""
    enrolment = Enrolment.objects.create(
        organization=program.organization, program=program, person=person, role=role, status=status
    )
    junior, senior = list(program.junior_skills.order_by("pk")), list(program.senior_skills.order_by("pk"))
    if offers is None:
        offers = dict.fromkeys(junior if role != "senior" else senior, 5)
    if wants is None:
        wants = dict.fromkeys(senior if role != "senior" else junior, (2, 5))
    EnrolmentSkill.objects.bulk_create(
        [
            EnrolmentSkill(enrolment=enrolment, skill=s, direction=SkillDirection.OFFER, level=lv)
            for s, lv in offers.items()
        ]
        + [
            EnrolmentSkill(enrolment=enrolment, skill=s, direction=SkillDirection.WANT, level=a, target_level=b)
            for s, (a, b) in wants.items()
        ]
    )
    EnrolmentWish.objects.bulk_create(
        [EnrolmentWish(enrolment=enrolment, person=p, kind="prefer") for p in prefer]
        + [EnrolmentWish(enrolment=enrolment, person=p, kind="avoid") for p in avoid]
    )
    return enrolment


def cohort(program: Program, juniors: int, seniors: int) -> tuple[list[Person], list[Person]]:
    """People with compatible defaults, each in their own department."""
    org = program.organization
    js = [make_person(org, f"Junior{i}", "J") for i in range(juniors)]
    ss = [make_person(org, f"Senior{i}", "S") for i in range(seniors)]
    for p in js:
        enrol(program, p, "junior")
    for p in ss:
        enrol(program, p, "senior")
    return js, ss


@pytest.fixture
def program(acme: Organization) -> Program:
    return make_program(acme)
