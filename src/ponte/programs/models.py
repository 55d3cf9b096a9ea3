"""Programs (cohorts) and the opt-in enrolments of their participants."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ponte.core.models import TenantQuerySet, TimeStamped
from ponte.organizations.models import Organization, OrganizationOwned
from ponte.people.models import Person

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ENROLLING = "enrolling", _("Enrolling")
    MATCHING = "matching", _("Matching")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


#: The lifecycle: which status may follow which. Going back one step is allowed while nobody is
#: paired yet (e.g. reopen enrolment); a closed program stays closed.
TRANSITIONS: dict[str, frozenset[str]] = {
    ProgramStatus.DRAFT: frozenset({ProgramStatus.ENROLLING}),
    ProgramStatus.ENROLLING: frozenset({ProgramStatus.DRAFT, ProgramStatus.MATCHING}),
    ProgramStatus.MATCHING: frozenset({ProgramStatus.ENROLLING, ProgramStatus.RUNNING}),
    ProgramStatus.RUNNING: frozenset({ProgramStatus.CLOSED}),
    ProgramStatus.CLOSED: frozenset(),
}


class MatchPriority(models.TextChoices):
    MOST_PEOPLE = "most_people", _("Match as many people as possible first")
    HIGHEST_SCORE = "highest_score", _("Highest total score first")


class SkillCombine(models.TextChoices):
    SUM = "sum", _("Add both directions")
    MIN = "min", _("Both must gain (the weaker direction counts)")


class ProgramQuerySet(TenantQuerySet):
    def open_for_enrolment(self) -> ProgramQuerySet:
        return self.filter(status=ProgramStatus.ENROLLING)


def _weight(label: StrOrPromise, default: float) -> models.FloatField:
    return models.FloatField(label, default=default, validators=[MinValueValidator(0.0), MaxValueValidator(10.0)])


class Program(OrganizationOwned):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="programs")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    cadence_days = models.PositiveSmallIntegerField(
        _("meet every (days)"), default=14, validators=[MinValueValidator(7), MaxValueValidator(60)]
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"), default=45, validators=[MinValueValidator(15), MaxValueValidator(180)]
    )
    junior_capacity = models.PositiveSmallIntegerField(
        _("seniors per junior"), default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    junior_skills = models.ManyToManyField(
        "skills.Skill", related_name="+", blank=True, verbose_name=_("what juniors teach")
    )
    senior_skills = models.ManyToManyField(
        "skills.Skill", related_name="+", blank=True, verbose_name=_("what seniors teach back")
    )
    require_different_department = models.BooleanField(_("partners from different departments"), default=True)
    forbid_reporting_line = models.BooleanField(_("never pair inside a reporting line"), default=True)
    reporting_line_depth = models.PositiveSmallIntegerField(
        _("reporting line levels to avoid"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("1 = direct manager, 2 = also the manager's manager."),
    )
    max_time_zone_hours = models.PositiveSmallIntegerField(
        _("largest time-zone difference (hours)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(14)],
        help_text=_("Leave empty for no limit."),
    )
    min_score = models.FloatField(
        _("minimum score"), default=0.15, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    priority = models.CharField(
        _("matching priority"), max_length=20, choices=MatchPriority.choices, default=MatchPriority.MOST_PEOPLE
    )
    skill_combine = models.CharField(
        _("two-way skill fit"), max_length=10, choices=SkillCombine.choices, default=SkillCombine.SUM
    )
    weight_forward = _weight(_("weight: what the junior teaches"), 1.0)
    weight_reverse = _weight(_("weight: what the senior teaches back"), 1.0)
    weight_availability = _weight(_("weight: time in common"), 0.6)
    weight_channel = _weight(_("weight: communication channels"), 0.4)
    weight_language = _weight(_("weight: languages"), 0.2)
    weight_wish = _weight(_("weight: personal wishes"), 0.3)
    response_days = models.PositiveSmallIntegerField(
        _("days to answer a proposal"), default=7, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    checkin_first_days = models.PositiveSmallIntegerField(
        _("first check-in after (days)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    checkin_every_days = models.PositiveSmallIntegerField(
        _("then a check-in every (days)"), default=60, validators=[MinValueValidator(7), MaxValueValidator(365)]
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="program_unique_slug_per_org"),
            models.CheckConstraint(
                condition=Q(junior_capacity__gte=1, junior_capacity__lte=3), name="program_capacity"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="program_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]


class EnrolmentRole(models.TextChoices):
    JUNIOR = "junior", _("Junior (digital mentor)")
    SENIOR = "senior", _("Senior")
    EITHER = "either", _("Either — let the program decide")


class EnrolmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EnrolmentQuerySet(TenantQuerySet):
    def approved(self) -> EnrolmentQuerySet:
        return self.filter(status=EnrolmentStatus.APPROVED)


class Enrolment(OrganizationOwned):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="enrolments")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrolments")
    role = models.CharField(_("I take part as"), max_length=10, choices=EnrolmentRole.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.PENDING
    )
    motivation = models.TextField(_("why I want to take part"), max_length=2000, blank=True)
    goals = models.TextField(_("what I hope to get out of it"), max_length=2000, blank=True)
    availability_confirmed = models.BooleanField(_("my availability is up to date"), default=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="enrolment_unique_person_per_program"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.program}"


class SkillDirection(models.TextChoices):
    OFFER = "offer", _("I can teach")
    WANT = "want", _("I want to learn")


class EnrolmentSkill(models.Model):
    """What the person teaches or wants to learn *in this program* (copied from the profile)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey("skills.Skill", on_delete=models.CASCADE, related_name="+")
    direction = models.CharField(max_length=5, choices=SkillDirection.choices)
    level = models.PositiveSmallIntegerField(_("level"), default=0, validators=[MaxValueValidator(8)])
    target_level = models.PositiveSmallIntegerField(_("target level"), default=0, validators=[MaxValueValidator(8)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "skill", "direction"], name="enrolment_skill_unique"),
            models.CheckConstraint(
                condition=Q(direction="offer", level__gte=1) | Q(direction="want", target_level__gt=F("level")),
                name="enrolment_skill_levels",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.direction} {self.skill_id}"


class WishKind(models.TextChoices):
    PREFER = "prefer", _("I would like to be paired with")
    AVOID = "avoid", _("I must not be paired with")


class EnrolmentWish(TimeStamped):
    """A private wish about a colleague. Only matching reads it; it is never shown to anyone."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="wishes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=WishKind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "person"], name="wish_unique_person")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.kind} {self.person_id}"


class ProgramInvitation(OrganizationOwned):
    """A program manager asked this person to enrol (the first step of the participation funnel)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="program_invitations")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="program_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation to enrol")
        verbose_name_plural = _("invitations to enrol")
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="program_invitation_unique_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ← {self.program}"
