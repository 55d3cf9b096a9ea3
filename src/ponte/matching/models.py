"""What the matching engine produced for a program: runs, draft proposals, manager decisions.

The engine itself (scoring.py, solver.py, explain.py) is pure Python; these rows keep its
parameters and results so a manager can review, pin, forbid, re-run and publish.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ponte.core.models import TenantQuerySet
from ponte.organizations.models import Organization, OrganizationOwned
from ponte.people.models import Person
from ponte.programs.models import Enrolment, Program


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready for review")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Failed")
    DISCARDED = "discarded", _("Replaced by a newer run")


class RunKind(models.TextChoices):
    FULL = "full", _("Whole cohort")
    REMATCH = "rematch", _("Re-match people still without a partner")


class MatchRun(OrganizationOwned):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="match_runs")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(_("kind"), max_length=10, choices=RunKind.choices, default=RunKind.FULL)
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict)
    metrics = models.JSONField(_("quality figures"), default=dict)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.program} #{self.pk}"


class Proposal(OrganizationOwned):
    """A suggested pair in a run, with its score and the facts that explain it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="proposals")
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    junior = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    senior = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    components = models.JSONField(_("score parts"), default=dict)
    facts = models.JSONField(_("explanation"), default=dict)
    junior_rank = models.PositiveIntegerField(_("rank among the junior's candidates"), null=True)
    senior_rank = models.PositiveIntegerField(_("rank among the senior's candidates"), null=True)
    pinned = models.BooleanField(_("pinned by a manager"), default=False)
    manual = models.BooleanField(_("paired by hand"), default=False)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["run", "junior", "senior"], name="proposal_unique_pair_per_run"),
            models.UniqueConstraint(fields=["run", "senior"], name="proposal_one_junior_per_senior"),
            models.CheckConstraint(condition=~Q(junior=F("senior")), name="proposal_two_people"),
        ]

    def __str__(self) -> str:
        return f"{self.junior_id} ↔ {self.senior_id} ({self.score:.2f})"


class Unmatched(models.Model):
    """Why an enrolled person got no proposal in a run (an honest answer to "why not me?")."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=40)
    details = models.JSONField(_("details"), default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "enrolment"], name="unmatched_unique_per_run")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.reason}"


class DecisionKind(models.TextChoices):
    PIN = "pin", _("Keep this pair")
    FORBID = "forbid", _("Never propose this pair")
    ALLOW_REPORTING_LINE = "allow_reporting_line", _("Allow despite the reporting line")


class PairDecision(OrganizationOwned):
    """A program manager's explicit decision about one pair, kept as an audit trail."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="pair_decisions")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pair_decisions")
    junior = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    senior = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("decision"), max_length=30, choices=DecisionKind.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("pair decision")
        verbose_name_plural = _("pair decisions")
        constraints = [
            models.UniqueConstraint(fields=["program", "junior", "senior", "kind"], name="decision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.junior_id} ↔ {self.senior_id}"
