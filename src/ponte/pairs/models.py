"""The two-way mentoring relationship: proposed to both people, active once both accept."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ponte.core.models import TenantQuerySet
from ponte.matching.models import Proposal
from ponte.organizations.models import Organization, OrganizationOwned
from ponte.people.models import Person
from ponte.programs.models import Program


class PairStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


#: Statuses that hold a person's place in a program: the database refuses a second one.
OPEN_STATUSES = (PairStatus.PROPOSED, PairStatus.ACTIVE)


class Response(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class RiskReason(models.TextChoices):
    NO_MEETING = "no_meeting", _("No meeting for a long time")
    NO_SHOWS = "no_shows", _("The last meetings did not take place")


class EndReason(models.TextChoices):
    OBJECTIVES_REACHED = "objectives_reached", _("We reached our objectives")
    NO_TIME = "no_time", _("Not enough time")
    NOT_WORKING = "not_working", _("The collaboration isn't working for me")
    ROLE_CHANGE = "role_change", _("A change of role, team or company")
    OTHER = "other", _("Another reason")


class PairQuerySet(TenantQuerySet):
    def open(self) -> PairQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def active(self) -> PairQuerySet:
        return self.filter(status=PairStatus.ACTIVE)

    def running(self) -> PairQuerySet:
        """Active and not paused: the pairs that meet, get check-ins and can be nudged."""
        return self.filter(status=PairStatus.ACTIVE, paused_at__isnull=True)

    def involving(self, person: Person) -> PairQuerySet:
        return self.filter(Q(junior=person) | Q(senior=person))


class Pair(OrganizationOwned):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="pairs")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pairs")
    junior = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pairs_as_junior")
    senior = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pairs_as_senior")
    # Which of the junior's 1..capacity places this pair takes: with the unique constraint below it
    # lets the database itself refuse more open pairs than the program allows.
    junior_slot = models.PositiveSmallIntegerField(_("junior's place"), default=1)
    proposal = models.ForeignKey(Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="pairs")
    status = models.CharField(_("status"), max_length=20, choices=PairStatus.choices, default=PairStatus.PROPOSED)
    junior_response = models.CharField(_("junior's answer"), max_length=10, choices=Response.choices, blank=True)
    senior_response = models.CharField(_("senior's answer"), max_length=10, choices=Response.choices, blank=True)
    junior_responded_at = models.DateTimeField(null=True, blank=True)
    senior_responded_at = models.DateTimeField(null=True, blank=True)
    respond_by = models.DateTimeField(_("answer by"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Written by the person who declined, for program managers only: never shown to the partner.
    decline_note = models.TextField(_("private note to HR"), max_length=1000, blank=True)
    score = models.FloatField(_("score"), default=0.0)
    facts = models.JSONField(_("explanation"), default=dict)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # A pause stops nudges, check-ins and new meetings; the inactivity clock restarts at ``resumed_at``.
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    paused_until = models.DateField(_("paused until"), null=True, blank=True)
    paused_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    resumed_at = models.DateTimeField(_("resumed at"), null=True, blank=True)
    # Inactivity: one nudge per quiet spell; "at risk" is what program managers act on.
    nudged_at = models.DateTimeField(_("nudged at"), null=True, blank=True)
    at_risk_since = models.DateTimeField(_("at risk since"), null=True, blank=True)
    risk_reason = models.CharField(_("risk"), max_length=20, choices=RiskReason.choices, blank=True)
    risk_details = models.JSONField(_("risk details"), default=dict, blank=True)
    # Ending early is no-fault: the reason and note are for program managers, never the partner.
    ended_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    end_reason = models.CharField(_("reason for ending"), max_length=20, choices=EndReason.choices, blank=True)
    end_note = models.TextField(_("private note to HR"), max_length=1000, blank=True)

    objects = PairQuerySet.as_manager()

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "senior"], condition=Q(status__in=OPEN_STATUSES), name="pair_one_open_per_senior"
            ),
            models.UniqueConstraint(
                fields=["program", "junior", "junior_slot"],
                condition=Q(status__in=OPEN_STATUSES),
                name="pair_junior_slot_taken_once",
            ),
            models.UniqueConstraint(
                fields=["program", "junior", "senior"],
                condition=Q(status__in=OPEN_STATUSES),
                name="pair_unique_open_couple",
            ),
            models.CheckConstraint(condition=~Q(junior=F("senior")), name="pair_two_people"),
            models.CheckConstraint(condition=Q(junior_slot__gte=1, junior_slot__lte=3), name="pair_slot_range"),
        ]

    def __str__(self) -> str:
        return f"{self.junior} ↔ {self.senior}"

    def partner_of(self, person: Person) -> Person:
        """The other person of the pair (``person`` being one of its two)."""
        return self.senior if person.pk == self.junior_id else self.junior

    def response_of(self, person: Person) -> str:
        return self.junior_response if person.pk == self.junior_id else self.senior_response

    @property
    def is_paused(self) -> bool:
        return self.status == PairStatus.ACTIVE and self.paused_at is not None

    @property
    def is_at_risk(self) -> bool:
        return self.status == PairStatus.ACTIVE and self.at_risk_since is not None

    @property
    def has_ended(self) -> bool:
        return self.status in {PairStatus.COMPLETED, PairStatus.ENDED_EARLY}

    @property
    def risk_summary(self) -> str:
        """Why the pair is at risk, in the active language, for program managers."""
        details = self.risk_details if isinstance(self.risk_details, dict) else {}
        if self.risk_reason == RiskReason.NO_MEETING:
            cadence = int(details.get("cadence_days") or 0)
            return ngettext(
                "No meeting for %(days)d days; they agreed to meet every day.",
                "No meeting for %(days)d days; they agreed to meet every %(cadence)d days.",
                cadence,
            ) % {"days": int(details.get("days") or 0), "cadence": cadence}
        if self.risk_reason == RiskReason.NO_SHOWS:
            count = int(details.get("count") or 2)
            return ngettext(
                "The last meeting did not take place.", "The last %(count)d meetings did not take place.", count
            ) % {"count": count}
        return gettext("At risk") if self.at_risk_since else ""


class Direction(models.TextChoices):
    JUNIOR_TO_SENIOR = "junior_to_senior", _("Junior teaches senior")
    SENIOR_TO_JUNIOR = "senior_to_junior", _("Senior teaches junior")


class Agreement(OrganizationOwned):
    """One version of what a pair agreed. A change adds a new version; the highest is current."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="agreements")
    version = models.PositiveIntegerField(_("version"), default=1)
    cadence_days = models.PositiveSmallIntegerField(_("meet every (days)"), default=14)
    meeting_minutes = models.PositiveSmallIntegerField(_("meeting length (minutes)"), default=45)
    channels = models.JSONField(_("channels"), default=list, blank=True, help_text=_("Most preferred first."))
    confidentiality_note = models.TextField(_("confidentiality"), max_length=1000, blank=True)
    junior_confirmed_at = models.DateTimeField(null=True, blank=True)
    senior_confirmed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["pair", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "version"], name="agreement_unique_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="agreement_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.pair} v{self.version}"

    @property
    def is_confirmed(self) -> bool:
        return self.junior_confirmed_at is not None and self.senior_confirmed_at is not None


class Objective(models.Model):
    """What one person of the pair will teach the other, copied into every version by ``key``."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="objectives")
    key = models.UUIDField(_("key"))
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    skill = models.ForeignKey("skills.Skill", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill"))
    start_level = models.PositiveSmallIntegerField(_("starting level"))
    target_level = models.PositiveSmallIntegerField(_("target level"))
    success = models.TextField(_("what success looks like"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["agreement", "direction", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "key"], name="objective_key_once_per_version"),
            models.CheckConstraint(condition=Q(target_level__gt=F("start_level")), name="objective_target_above_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.skill_id} {self.start_level}→{self.target_level}"


class ObjectiveProgress(OrganizationOwned):
    """A level the taught person confirmed they reached on one objective (follows its ``key``)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="objective_progress")
    objective_key = models.UUIDField(_("objective"), db_index=True)
    level = models.PositiveSmallIntegerField(_("level reached"))
    confirmed_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(_("note"), max_length=1000, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("objective progress")
        verbose_name_plural = _("objective progress")
        ordering = ["pair", "objective_key", "level"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "objective_key", "level"], name="progress_level_once"),
        ]

    def __str__(self) -> str:
        return f"{self.objective_key}: {self.level}"
