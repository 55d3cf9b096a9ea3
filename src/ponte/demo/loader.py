"""Write demo plans to the database: one transaction and a handful of bulk inserts per organisation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from ponte.accounts.models import User
from ponte.organizations.models import Department, Membership, Organization, Role
from ponte.people.models import AvailabilityWindow, Person, SkillOffer, SkillWant
from ponte.skills.models import Skill

from .generator import DEMO_COMPANIES, DEMO_PASSWORD, CompanySpec, OrgPlan, PersonPlan, build_plan
from .library import delete_demo_library, write_demo_library
from .programs import write_demo_programs
from .simulate import write_simulated_program


class DemoDataError(Exception):
    """The demo cannot be loaded as asked (e.g. the reference skills are not installed)."""


@dataclass(frozen=True)
class LoadResult:
    plan: OrgPlan
    created: bool  # False: the organisation was already there and left untouched


def load_demo(
    *, reset: bool = False, companies: Sequence[CompanySpec] = DEMO_COMPANIES, simulate: bool = False
) -> list[LoadResult]:
    """Create the demo organisations that are missing; with ``reset``, recreate them from scratch.

    With ``simulate``, the organisations with programs also get a closed program with a whole
    run of history (``simulate.py``), for the reports.

    Only organisations whose slug belongs to a demo company are ever deleted, together with the
    demo accounts that belong to no other organisation.
    """
    plans = [build_plan(company) for company in companies]
    skills = _reference_skills(set().union(*(plan.needed_skills() for plan in plans)))
    # One hash for every demo account: the password is public anyway, and hashing it once per
    # account would dominate the load time with Argon2.
    password_hash = make_password(DEMO_PASSWORD)
    results = []
    for plan in plans:
        with transaction.atomic():
            existing = Organization.objects.filter(slug=plan.company.slug).first()
            if existing is not None and not reset:
                results.append(LoadResult(plan, created=False))
                continue
            if existing is not None:
                _delete(existing, plan)
            _write(plan, skills, password_hash, simulate=simulate)
            results.append(LoadResult(plan, created=True))
    return results


def _reference_skills(needed: set[tuple[str, str]]) -> dict[tuple[str, str], Skill]:
    frameworks = {framework for framework, _ in needed}
    rows = Skill.objects.filter(
        area__framework__organization__isnull=True, area__framework__code__in=frameworks
    ).select_related("area__framework")
    found = {(skill.area.framework.code, skill.code): skill for skill in rows}
    missing = sorted(needed - found.keys())
    if missing:
        listed = ", ".join(f"{framework} {code}" for framework, code in missing[:8])
        raise DemoDataError(
            f"The reference competence frameworks are not installed ({len(missing)} skills missing: {listed}…). "
            "Run `manage.py migrate` so the skills data migration loads DigComp, EntreComp and GreenComp, "
            "then run load_demo again."
        )
    return found


def _delete(organization: Organization, plan: OrgPlan) -> None:
    emails = [person.email for person in plan.accounts]
    elsewhere = Membership.objects.filter(user__email__in=emails).exclude(organization=organization)
    User.objects.filter(email__in=emails).exclude(pk__in=elsewhere.values("user_id")).delete()
    delete_demo_library(organization.pk)
    # Departments protect their children, so the tree goes leaf first after the people.
    Person.objects.filter(organization=organization).delete()
    departments = Department.objects.filter(organization=organization)
    while departments.exists():
        departments.filter(children__isnull=True).delete()
    organization.delete()


def _write(plan: OrgPlan, skills: dict[tuple[str, str], Skill], password_hash: str, *, simulate: bool) -> None:
    company = plan.company
    organization = Organization.objects.create(name=company.name, slug=company.slug, default_language="it")
    departments = _write_departments(organization, plan)
    users = _write_users(plan, password_hash)
    Membership.objects.bulk_create(
        Membership(organization=organization, user=users[p.email], role=p.role or Role.PARTICIPANT)
        for p in plan.accounts
    )
    people = _write_people(organization, plan, departments, users)
    _write_profiles(plan, people, skills)
    if company.with_programs:
        managers = [p for p in plan.accounts if p.role == Role.MANAGER]
        manager = people[managers[0].email] if managers else None
        write_demo_programs(organization, people, manager)
        if simulate:
            write_simulated_program(organization, people, manager)
    write_demo_library(organization, people)


def _write_departments(organization: Organization, plan: OrgPlan) -> dict[str, Department]:
    # Specs list a parent before its children, so one pass with a save per row keeps parent keys
    # available; there are only a dozen departments.
    departments: dict[str, Department] = {}
    for spec in plan.company.departments:
        parent = departments[spec.parent] if spec.parent else None
        departments[spec.name] = Department.objects.create(organization=organization, name=spec.name, parent=parent)
    return departments


def _write_users(plan: OrgPlan, password_hash: str) -> dict[str, User]:
    accounts = plan.accounts
    existing = {user.email: user for user in User.objects.filter(email__in=[p.email for p in accounts])}
    for person in accounts:
        user = existing.get(person.email) or User(email=person.email)
        user.full_name, user.language, user.time_zone = person.full_name, person.ui_language, person.time_zone
        user.password, user.is_active = password_hash, True
        existing[person.email] = user
    fresh = [user for user in existing.values() if user.pk is None]
    User.objects.bulk_create(fresh)
    stale = [user for user in existing.values() if user not in fresh]
    User.objects.bulk_update(stale, ["full_name", "language", "time_zone", "password", "is_active"])
    return existing


def _write_people(
    organization: Organization, plan: OrgPlan, departments: dict[str, Department], users: dict[str, User]
) -> dict[str, Person]:
    """Insert people one management layer at a time, so each layer's managers already have keys."""
    people: dict[str, Person] = {}
    for layer in _layers(plan.people):
        rows = [
            Person(
                organization=organization,
                user=users.get(p.email),
                email=p.email,
                first_name=p.first_name,
                last_name=p.last_name,
                employee_number=p.employee_number,
                job_title=p.job_title,
                department=departments[p.department],
                manager=people[p.manager_email] if p.manager_email else None,
                location=p.location,
                time_zone=p.time_zone,
                languages=p.languages,
                channels=p.channels,
                birth_year=p.birth_year,
                bio=p.bio,
                hired_on=p.hired_on,
            )
            for p in layer
        ]
        for row in Person.objects.bulk_create(rows):
            people[row.email] = row
    return people


def _layers(people: Iterable[PersonPlan]) -> list[list[PersonPlan]]:
    depth: dict[str, int] = {}
    layers: defaultdict[int, list[PersonPlan]] = defaultdict(list)
    for person in people:  # plans list every manager before their reports
        level = depth[person.manager_email] + 1 if person.manager_email else 0
        depth[person.email] = level
        layers[level].append(person)
    return [layers[level] for level in sorted(layers)]


def _write_profiles(plan: OrgPlan, people: dict[str, Person], skills: dict[tuple[str, str], Skill]) -> None:
    windows, offers, wants = [], [], []
    for p in plan.people:
        person = people[p.email]
        windows += [AvailabilityWindow(person=person, weekday=d, start=s, end=e) for d, s, e in p.availability]
        for framework, code, level in p.offers:
            skill = skills[framework, code]
            offers.append(SkillOffer(person=person, skill=skill, level=min(level, _top(skill))))
        for framework, code, current, target in p.wants:
            skill = skills[framework, code]
            top = min(target, _top(skill))
            wants.append(SkillWant(person=person, skill=skill, current_level=min(current, top - 1), target_level=top))
    AvailabilityWindow.objects.bulk_create(windows)
    SkillOffer.objects.bulk_create(offers)
    SkillWant.objects.bulk_create(wants)


def _top(skill: Skill) -> int:
    """A framework may define fewer than eight levels; demo levels are clamped to what it has."""
    return skill.area.framework.max_level
