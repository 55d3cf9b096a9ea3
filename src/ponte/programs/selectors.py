"""Reads shared by the program pages: counts, grouped learning areas, profile pre-fill."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Prefetch, Q, QuerySet

from ponte.organizations.models import Organization
from ponte.people.models import Person, SkillOffer, SkillWant
from ponte.skills.models import Framework, Skill, SkillArea

from .models import Enrolment, EnrolmentRole, EnrolmentSkill, EnrolmentStatus, Program

ACTIVE = ~Q(enrolments__status=EnrolmentStatus.WITHDRAWN)


def programs_with_counts(organization: Organization) -> QuerySet[Program]:
    """Every program of the organisation with its enrolment counts, in one query."""
    counts = {}
    for role in EnrolmentRole.values:
        in_role = Q(enrolments__role=role)
        counts[f"enrolled_{role}"] = Count("enrolments", filter=in_role & ACTIVE)
        counts[f"approved_{role}"] = Count(
            "enrolments", filter=in_role & Q(enrolments__status=EnrolmentStatus.APPROVED)
        )
    counts["enrolled_total"] = Count("enrolments", filter=ACTIVE)
    counts["pending_total"] = Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.PENDING))
    return Program.objects.for_organization(organization).annotate(**counts).order_by("-created_at")


@dataclass(frozen=True)
class RoleCount:
    role: str
    label: str
    pending: int
    approved: int
    withdrawn: int

    @property
    def enrolled(self) -> int:
        return self.pending + self.approved


def enrolment_counts(program: Program) -> list[RoleCount]:
    rows = Enrolment.objects.filter(program=program).values("role", "status").annotate(n=Count("pk"))
    table = {(row["role"], row["status"]): row["n"] for row in rows}
    return [
        RoleCount(
            role=role,
            label=str(label),
            pending=table.get((role, EnrolmentStatus.PENDING), 0),
            approved=table.get((role, EnrolmentStatus.APPROVED), 0),
            withdrawn=table.get((role, EnrolmentStatus.WITHDRAWN), 0),
        )
        for role, label in EnrolmentRole.choices
    ]


def enrolments_for_review(program: Program) -> QuerySet[Enrolment]:
    """Enrolments with what managers may see: person, skills. Never the private wishes."""
    skills = EnrolmentSkill.objects.select_related("skill").order_by("direction", "skill__code")
    return (
        Enrolment.objects.filter(program=program)
        .select_related("person__department")
        .prefetch_related(Prefetch("skills", queryset=skills))
        .order_by("person__last_name", "person__first_name", "pk")
    )


SkillGroups = list[tuple[Framework, list[tuple[SkillArea, list[Skill]]]]]


def group_skills(skills: Iterable[Skill]) -> SkillGroups:
    """Skills (ordered by framework, area, position) grouped for display."""
    grouped: SkillGroups = []
    for framework, framework_skills in groupby(skills, key=lambda skill: skill.area.framework):
        areas = [(area, list(area_skills)) for area, area_skills in groupby(framework_skills, key=lambda s: s.area)]
        grouped.append((framework, areas))
    return grouped


def catalogue_for(organization: Organization) -> list[Skill]:
    return list(Skill.objects.visible_to(organization).select_related("area__framework"))


def program_skills(program: Program) -> tuple[list[Skill], list[Skill]]:
    """The program's learning areas: what juniors teach, what seniors teach back."""
    junior = list(program.junior_skills.select_related("area__framework"))
    senior = list(program.senior_skills.select_related("area__framework"))
    return junior, senior


def open_programs_for(person: Person) -> QuerySet[Program]:
    """Programs the person may still join (enrolling, and not already enrolled)."""
    return (
        Program.objects.for_organization(person.organization)
        .open_for_enrolment()
        .exclude(enrolments__person=person)
        .order_by("starts_on", "name")
    )


def enrolments_of(person: Person) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(person=person).select_related("program").order_by("-created_at")


@dataclass(frozen=True)
class ProfileSkills:
    offers: dict[int, int]  # skill id → level
    wants: dict[int, tuple[int, int]]  # skill id → (current, target)


def profile_skills(person: Person) -> ProfileSkills:
    return ProfileSkills(
        offers=dict(SkillOffer.objects.filter(person=person).values_list("skill_id", "level")),
        wants={
            skill_id: (current, target)
            for skill_id, current, target in SkillWant.objects.filter(person=person).values_list(
                "skill_id", "current_level", "target_level"
            )
        },
    )


def enrolment_skills(enrolment: Enrolment) -> ProfileSkills:
    offers: dict[int, int] = {}
    wants: dict[int, tuple[int, int]] = {}
    for row in enrolment.skills.all():
        if row.direction == "offer":
            offers[row.skill_id] = row.level
        else:
            wants[row.skill_id] = (row.level, row.target_level)
    return ProfileSkills(offers=offers, wants=wants)


def colleagues_matching(person: Person, query: str, *, limit: int = 20) -> list[Person]:
    """Active colleagues whose name contains every word of ``query`` (never the person themself)."""
    words = query.split()[:4]
    if not words or len(query) < 2:
        return []
    people = Person.objects.for_organization(person.organization).active().exclude(pk=person.pk)
    for word in words:
        people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return list(people.select_related("department").order_by("last_name", "first_name")[:limit])
