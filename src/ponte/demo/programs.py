"""Demo programs: a pilot ready for matching, next year's program open for enrolment, and one
three months into its run (``running.py``).

The pilot lets an HR manager run, review and publish matching straight away; its enrolments are
taken from the demo people's own profile skills, as the enrolment form would pre-fill them.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from ponte.accounts.models import User
from ponte.organizations.models import Organization
from ponte.people.models import Person, SkillOffer, SkillWant
from ponte.programs.models import (
    Enrolment,
    EnrolmentRole,
    EnrolmentSkill,
    EnrolmentStatus,
    Program,
    ProgramStatus,
    SkillDirection,
)
from ponte.skills.models import Skill

from .running import write_running_program

PILOT_JUNIORS = 60
PILOT_SENIORS = 60
#: Demo logins that take part in the pilot, so they receive proposals once HR publishes.
PILOT_MEMBERS = ("giulia.romano@lumina.example", "marco.bianchi@lumina.example")


def write_demo_programs(organization: Organization, people: dict[str, Person], manager: Person | None) -> None:
    digital = list(Skill.objects.filter(area__framework__code="digcomp", area__framework__organization=None))
    leadership = list(Skill.objects.filter(area__framework__code="entrecomp", area__framework__organization=None))
    by = manager.user if manager else None
    pilot = _program(
        organization,
        name="Pilota Ponte 2026",
        slug="pilota-2026",
        status=ProgramStatus.MATCHING,
        description=(
            "Il primo programma di reverse mentoring di Lumina: i giovani accompagnano i dirigenti "
            "nel digitale e nell'intelligenza artificiale, i dirigenti restituiscono visione e metodo."
        ),
        starts_on=date(2026, 12, 1),
        ends_on=date(2027, 5, 31),
    )
    upcoming = _program(
        organization,
        name="Ponte 2027",
        slug="ponte-2027",
        status=ProgramStatus.ENROLLING,
        description=(
            "Seconda edizione, aperta a tutta l'azienda: iscriviti come junior, senior o lascia decidere a noi."
        ),
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 9, 30),
    )
    for program in (pilot, upcoming):
        program.junior_skills.set(digital)
        program.senior_skills.set(leadership)
        program.created_by = by
        program.save(update_fields=["created_by"])
    _enrol_pilot(pilot, list(people.values()), {s.pk for s in digital}, {s.pk for s in leadership}, by)
    busy = set(Enrolment.objects.filter(program=pilot).values_list("person_id", flat=True))
    write_running_program(organization, people, manager, busy=busy)


def _program(organization: Organization, **fields: object) -> Program:
    return Program.objects.create(organization=organization, cadence_days=14, meeting_minutes=45, **fields)


def _enrol_pilot(
    program: Program, people: list[Person], digital: set[int], leadership: set[int], by: User | None
) -> None:
    offers: dict[int, list[tuple[int, int]]] = {p.pk: [] for p in people}
    wants: dict[int, list[tuple[int, int, int]]] = {p.pk: [] for p in people}
    for person_id, skill_id, level in SkillOffer.objects.filter(person__in=people).values_list(
        "person_id", "skill_id", "level"
    ):
        offers[person_id].append((skill_id, level))
    for person_id, skill_id, current, target in SkillWant.objects.filter(person__in=people).values_list(
        "person_id", "skill_id", "current_level", "target_level"
    ):
        wants[person_id].append((skill_id, current, target))

    def fits(person: Person, teach: set[int], learn: set[int]) -> bool:
        return any(s in teach for s, _ in offers[person.pk]) and any(s in learn for s, _, _ in wants[person.pk])

    ordered = sorted(people, key=lambda p: (p.email not in PILOT_MEMBERS, p.last_name, p.first_name))
    juniors = [p for p in ordered if (p.birth_year or 0) >= 1988 and fits(p, digital, leadership)][:PILOT_JUNIORS]
    seniors = [p for p in ordered if 0 < (p.birth_year or 0) <= 1975 and fits(p, leadership, digital)][:PILOT_SENIORS]
    now = timezone.now()
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            organization=program.organization,
            program=program,
            person=person,
            role=role,
            status=EnrolmentStatus.APPROVED,
            availability_confirmed=True,
            approved_by=by,
            approved_at=now,
        )
        for role, group in ((EnrolmentRole.JUNIOR, juniors), (EnrolmentRole.SENIOR, seniors))
        for person in group
    )
    rows: list[EnrolmentSkill] = []
    for enrolment in enrolments:
        teach, learn = (digital, leadership) if enrolment.role == EnrolmentRole.JUNIOR else (leadership, digital)
        rows += [
            EnrolmentSkill(enrolment=enrolment, skill_id=skill, direction=SkillDirection.OFFER, level=level)
            for skill, level in offers[enrolment.person_id]
            if skill in teach
        ]
        rows += [
            EnrolmentSkill(
                enrolment=enrolment, skill_id=skill, direction=SkillDirection.WANT, level=current, target_level=target
            )
            for skill, current, target in wants[enrolment.person_id]
            if skill in learn
        ]
    EnrolmentSkill.objects.bulk_create(rows)
