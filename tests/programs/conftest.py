"""Programs of acme with learning areas in both directions, and a helper to enrol people."""

from __future__ import annotations

import pytest

from ponte.organizations.models import Organization
from ponte.people.models import Person
from ponte.programs.models import Enrolment, Program, ProgramStatus
from ponte.programs.services import EnrolmentData, enrolment_create
from ponte.skills.models import Skill


def digcomp() -> list[Skill]:
    return list(Skill.objects.filter(area__framework__code="digcomp").select_related("area__framework")[:4])


def entrecomp() -> list[Skill]:
    return list(Skill.objects.filter(area__framework__code="entrecomp").select_related("area__framework")[:4])


def make_program(org: Organization, *, status: str = ProgramStatus.ENROLLING, name: str = "Digital bridge") -> Program:
    program = Program.objects.create(organization=org, name=name, slug=name.lower().replace(" ", "-"), status=status)
    program.junior_skills.set(digcomp())
    program.senior_skills.set(entrecomp())
    return program


@pytest.fixture
def program(acme: Organization) -> Program:
    return make_program(acme)


def enrol(program: Program, person: Person, role: str = "junior", **fields: object) -> Enrolment:
    data = EnrolmentData(role=role, availability_confirmed=True, **fields)  # type: ignore[arg-type]
    return enrolment_create(program=program, person=person, data=data)
