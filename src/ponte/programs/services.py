"""Writes on programs and enrolments: lifecycle, duplication, opt-in, approval.

Every function owns its transaction and raises ``DomainError`` with a translated message when a
business rule refuses the action; views turn that into a 400.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ponte.accounts.models import User
from ponte.core.errors import DomainError
from ponte.organizations.models import Organization
from ponte.people.models import Person
from ponte.skills.models import Skill

from . import events
from .models import (
    Enrolment,
    EnrolmentRole,
    EnrolmentSkill,
    EnrolmentStatus,
    EnrolmentWish,
    Program,
    ProgramStatus,
    SkillDirection,
    WishKind,
)

#: What a program manager may set on a program (never its organisation, status or author).
PROGRAM_FIELDS = (
    "name",
    "slug",
    "description",
    "starts_on",
    "ends_on",
    "cadence_days",
    "meeting_minutes",
    "junior_capacity",
    "require_different_department",
    "forbid_reporting_line",
    "reporting_line_depth",
    "max_time_zone_hours",
    "min_score",
    "priority",
    "skill_combine",
    "weight_forward",
    "weight_reverse",
    "weight_availability",
    "weight_channel",
    "weight_language",
    "weight_wish",
    "response_days",
    "checkin_first_days",
    "checkin_every_days",
)

#: Settings that change who may be paired with whom: frozen once the program runs.
RULE_FIELDS = (
    "junior_capacity",
    "require_different_department",
    "forbid_reporting_line",
    "reporting_line_depth",
    "max_time_zone_hours",
    "min_score",
    "priority",
    "skill_combine",
    "weight_forward",
    "weight_reverse",
    "weight_availability",
    "weight_channel",
    "weight_language",
    "weight_wish",
)

RULES_LOCKED = frozenset({ProgramStatus.RUNNING, ProgramStatus.CLOSED})
MAX_PREFER = 3


# ---------------------------------------------------------------------------------------------
# Programs
# ---------------------------------------------------------------------------------------------


def _unique_slug(organization: Organization, base: str, *, exclude_pk: int | None = None) -> str:
    base = (slugify(base) or "program")[:70].strip("-") or "program"
    taken = set(
        Program.objects.for_organization(organization)
        .filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _validate_program(program: Program) -> None:
    if program.starts_on and program.ends_on and program.ends_on < program.starts_on:
        raise DomainError(_("The program must end after it starts."), code="dates")
    clash = Program.objects.for_organization(program.organization).filter(slug=program.slug).exclude(pk=program.pk)
    if clash.exists():
        raise DomainError(_("Another program already uses this short name."), code="slug")
    try:
        program.full_clean(exclude=["organization", "created_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error


def _visible_skills(organization: Organization, skills: Iterable[Skill]) -> list[Skill]:
    chosen = list(skills)
    visible = set(
        Skill.objects.visible_to(organization).filter(pk__in=[s.pk for s in chosen]).values_list("pk", flat=True)
    )
    if len(visible) != len({s.pk for s in chosen}):
        raise DomainError(_("Choose learning areas from your organisation's skill catalogue."), code="skills")
    return chosen


def _save_program(program: Program, data: dict[str, Any]) -> Program:
    junior = _visible_skills(program.organization, data.get("junior_skills") or [])
    senior = _visible_skills(program.organization, data.get("senior_skills") or [])
    _validate_program(program)
    try:
        with transaction.atomic():
            program.save()
            if "junior_skills" in data:
                program.junior_skills.set(junior)
            if "senior_skills" in data:
                program.senior_skills.set(senior)
    except IntegrityError as error:
        raise DomainError(_("Another program already uses this short name."), code="slug") from error
    return program


def program_create(*, organization: Organization, by: User, data: dict[str, Any]) -> Program:
    """A new program in draft. A blank short name is made from the name."""
    program = Program(organization=organization, created_by=by, status=ProgramStatus.DRAFT)
    for name in PROGRAM_FIELDS:
        if name in data:
            setattr(program, name, data[name])
    if not program.slug:
        program.slug = _unique_slug(organization, program.name)
    return _save_program(program, data)


def program_update(*, program: Program, by: User, data: dict[str, Any]) -> Program:
    """Change a program's settings. The pairing rules are frozen once the program is running."""
    if program.status in RULES_LOCKED:
        changed = [name for name in RULE_FIELDS if name in data and data[name] != getattr(program, name)]
        if changed:
            raise DomainError(_("The pairing rules cannot change once the program is running."), code="locked")
    for name in PROGRAM_FIELDS:
        if name in data:
            setattr(program, name, data[name])
    if not program.slug:
        program.slug = _unique_slug(program.organization, program.name, exclude_pk=program.pk)
    return _save_program(program, data)


def program_transition(*, program: Program, to: str, by: User) -> Program:
    """Move the program along its lifecycle; only the steps in ``TRANSITIONS`` are allowed."""
    if to not in ProgramStatus.values or not program.can_move_to(to):
        raise DomainError(
            _("A program that is “%(current)s” cannot move to “%(target)s”.")
            % {
                "current": program.get_status_display(),
                "target": ProgramStatus(to).label if to in ProgramStatus.values else to,
            },
            code="transition",
        )
    if to == ProgramStatus.ENROLLING and not (program.junior_skills.exists() and program.senior_skills.exists()):
        raise DomainError(
            _("Choose what juniors teach and what seniors teach back before opening enrolment."), code="areas"
        )
    # A conditional update: if somebody else moved the program meanwhile, nothing changes.
    updated = Program.objects.filter(pk=program.pk, status=program.status).update(status=to, updated_at=timezone.now())
    if not updated:
        raise DomainError(_("The program changed meanwhile. Please reload the page and try again."), code="stale")
    program.status = to
    if to == ProgramStatus.CLOSED:
        program_id = program.pk
        transaction.on_commit(lambda: events.program_closed.send(sender=Program, program_id=program_id), robust=True)
    return program


def program_close_enrolment(*, program: Program, by: User) -> Program:
    """Stop accepting enrolments so matching can run."""
    if program.status != ProgramStatus.ENROLLING:
        raise DomainError(_("Enrolment is not open for this program."), code="not_enrolling")
    return program_transition(program=program, to=ProgramStatus.MATCHING, by=by)


def program_duplicate(*, program: Program, by: User) -> Program:
    """A new draft with the same settings and learning areas, and nobody enrolled."""
    copy = Program(organization=program.organization, created_by=by, status=ProgramStatus.DRAFT)
    for name in PROGRAM_FIELDS:
        setattr(copy, name, getattr(program, name))
    copy.name = (_("Copy of %(name)s") % {"name": program.name})[:200]
    copy.slug = _unique_slug(program.organization, f"copy-of-{program.slug}")
    with transaction.atomic():
        copy.save()
        copy.junior_skills.set(program.junior_skills.all())
        copy.senior_skills.set(program.senior_skills.all())
    return copy


# ---------------------------------------------------------------------------------------------
# Enrolments
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferChoice:
    skill: Skill
    level: int


@dataclass(frozen=True)
class WantChoice:
    skill: Skill
    level: int
    target_level: int


@dataclass
class EnrolmentData:
    """What a person tells the program when they enrol (or edit their enrolment)."""

    role: str
    motivation: str = ""
    goals: str = ""
    availability_confirmed: bool = False
    offers: list[OfferChoice] = field(default_factory=list)
    wants: list[WantChoice] = field(default_factory=list)
    prefer: list[Person] = field(default_factory=list)
    avoid: list[Person] = field(default_factory=list)


def allowed_skill_ids(program: Program, role: str) -> tuple[set[int], set[int]]:
    """Which skills a person may offer and want in ``program`` when taking part as ``role``.

    Juniors teach the program's junior skills and learn the senior ones; seniors the reverse;
    "either" may do both.
    """
    junior = {skill.pk for skill in program.junior_skills.all()}
    senior = {skill.pk for skill in program.senior_skills.all()}
    if role == EnrolmentRole.JUNIOR:
        return junior, senior
    if role == EnrolmentRole.SENIOR:
        return senior, junior
    return junior | senior, junior | senior


def _check_enrolment(program: Program, person: Person, data: EnrolmentData) -> None:
    if data.role not in EnrolmentRole.values:
        raise DomainError(_("Choose how you take part: junior, senior or either."), code="role")
    if not data.availability_confirmed:
        raise DomainError(_("Please confirm that your availability is up to date."), code="availability")
    can_offer, can_want = allowed_skill_ids(program, data.role)
    for offer in data.offers:
        if offer.skill.pk not in can_offer:
            raise DomainError(
                _("“%(skill)s” is not something you can teach in this program.") % {"skill": offer.skill.name},
                code="skills",
            )
        if not 1 <= offer.level <= offer.skill.area.framework.max_level:
            raise DomainError(_("Choose a level for “%(skill)s”.") % {"skill": offer.skill.name}, code="level")
    for want in data.wants:
        if want.skill.pk not in can_want:
            raise DomainError(
                _("“%(skill)s” is not something you can learn in this program.") % {"skill": want.skill.name},
                code="skills",
            )
        if not 0 <= want.level < want.target_level <= want.skill.area.framework.max_level:
            raise DomainError(
                _("For “%(skill)s” your goal must be higher than your current level.") % {"skill": want.skill.name},
                code="level",
            )
    prefer = {p.pk for p in data.prefer}
    avoid = {p.pk for p in data.avoid}
    if len(prefer) > MAX_PREFER:
        raise DomainError(_("Choose at most 3 colleagues you would like to be paired with."), code="wishes")
    if prefer & avoid:
        raise DomainError(
            _("The same colleague cannot be both someone you would like and someone you must not be paired with."),
            code="wishes",
        )
    for colleague in [*data.prefer, *data.avoid]:
        if colleague.organization_id != person.organization_id or colleague.pk == person.pk:
            raise DomainError(_("Choose colleagues from your own organisation."), code="wishes")


def _write_details(enrolment: Enrolment, data: EnrolmentData) -> None:
    enrolment.skills.all().delete()
    EnrolmentSkill.objects.bulk_create(
        [
            *(
                EnrolmentSkill(enrolment=enrolment, skill=o.skill, direction=SkillDirection.OFFER, level=o.level)
                for o in data.offers
            ),
            *(
                EnrolmentSkill(
                    enrolment=enrolment,
                    skill=w.skill,
                    direction=SkillDirection.WANT,
                    level=w.level,
                    target_level=w.target_level,
                )
                for w in data.wants
            ),
        ]
    )
    enrolment.wishes.all().delete()
    EnrolmentWish.objects.bulk_create(
        [
            *(EnrolmentWish(enrolment=enrolment, person=p, kind=WishKind.PREFER) for p in data.prefer),
            *(EnrolmentWish(enrolment=enrolment, person=p, kind=WishKind.AVOID) for p in data.avoid),
        ]
    )


def _require_enrolling(program: Program) -> None:
    if program.status != ProgramStatus.ENROLLING:
        raise DomainError(_("This program is not open for enrolment."), code="not_enrolling")


def enrolment_create(*, program: Program, person: Person, data: EnrolmentData) -> Enrolment:
    """The person opts in to the program; a manager approves the enrolment later."""
    _require_enrolling(program)
    if person.organization_id != program.organization_id or not person.is_active:
        raise DomainError(_("Only active people of this organisation can enrol."), code="person")
    _check_enrolment(program, person, data)
    if Enrolment.objects.filter(program=program, person=person).exists():
        raise DomainError(_("You are already enrolled in this program."), code="duplicate")
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                organization=program.organization,
                program=program,
                person=person,
                role=data.role,
                motivation=data.motivation,
                goals=data.goals,
                availability_confirmed=data.availability_confirmed,
            )
            _write_details(enrolment, data)
    except IntegrityError as error:
        raise DomainError(_("You are already enrolled in this program."), code="duplicate") from error
    return enrolment


def enrolment_update(*, enrolment: Enrolment, data: EnrolmentData) -> Enrolment:
    """Change an enrolment while the program is enrolling. Saving a withdrawn one re-joins."""
    program = enrolment.program
    _require_enrolling(program)
    _check_enrolment(program, enrolment.person, data)
    with transaction.atomic():
        enrolment.role = data.role
        enrolment.motivation = data.motivation
        enrolment.goals = data.goals
        enrolment.availability_confirmed = data.availability_confirmed
        fields = ["role", "motivation", "goals", "availability_confirmed", "updated_at"]
        if enrolment.status == EnrolmentStatus.WITHDRAWN:
            enrolment.status = EnrolmentStatus.PENDING
            enrolment.approved_by = None
            enrolment.approved_at = None
            fields += ["status", "approved_by", "approved_at"]
        enrolment.save(update_fields=fields)
        _write_details(enrolment, data)
    return enrolment


WITHDRAWABLE = frozenset({ProgramStatus.ENROLLING, ProgramStatus.MATCHING})
APPROVABLE = frozenset({ProgramStatus.ENROLLING, ProgramStatus.MATCHING})


def enrolment_withdraw(*, enrolment: Enrolment) -> Enrolment:
    """The person leaves the program before being matched."""
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise DomainError(_("You have already withdrawn from this program."), code="withdrawn")
    if enrolment.program.status not in WITHDRAWABLE:
        raise DomainError(
            _("Matching is done: please talk to your program manager to leave the program."), code="matched"
        )
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save(update_fields=["status", "updated_at"])
    return enrolment


def enrolment_approve(*, enrolment: Enrolment, by: User) -> Enrolment:
    if enrolment.program.status not in APPROVABLE:
        raise DomainError(_("Enrolments can be approved only before the program runs."), code="status")
    if enrolment.status != EnrolmentStatus.PENDING:
        raise DomainError(_("Only enrolments waiting for approval can be approved."), code="status")
    updated = Enrolment.objects.filter(pk=enrolment.pk, status=EnrolmentStatus.PENDING).update(
        status=EnrolmentStatus.APPROVED, approved_by=by, approved_at=timezone.now(), updated_at=timezone.now()
    )
    if not updated:
        raise DomainError(_("The enrolment changed meanwhile. Please reload the page."), code="stale")
    enrolment.refresh_from_db()
    return enrolment


def enrolments_approve_all(*, program: Program, by: User) -> int:
    """Approve every enrolment still waiting; returns how many were approved."""
    if program.status not in APPROVABLE:
        raise DomainError(_("Enrolments can be approved only before the program runs."), code="status")
    now = timezone.now()
    return Enrolment.objects.filter(program=program, status=EnrolmentStatus.PENDING).update(
        status=EnrolmentStatus.APPROVED, approved_by=by, approved_at=now, updated_at=now
    )
