"""Check-ins, meeting feedback, closing assessments and surveys, and the audit log.

Answers are confidential: the partner never sees them (kudos are the one exception: they are
written *for* the partner); program managers see k-anonymous aggregates, and one person's
check-in answer only when that person asked HR to contact them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ponte.core.models import TenantQuerySet
from ponte.organizations.models import Organization, OrganizationOwned
from ponte.pairs.models import Pair
from ponte.people.models import Person


class CheckInQuerySet(TenantQuerySet):
    def open(self) -> CheckInQuerySet:
        return self.filter(answered_at__isnull=True, sent_at__isnull=False)

    def answered(self) -> CheckInQuerySet:
        return self.filter(answered_at__isnull=False)


def _score(label: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class CheckIn(OrganizationOwned):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="checkins")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="checkins")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="checkins")
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    satisfaction = _score(_("satisfaction with the collaboration"))
    learning = _score(_("learning"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    contact_hr = models.BooleanField(_("asked HR to get in touch"), default=False)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "person", "due_on"], name="checkin_unique_per_due_date"),
            models.CheckConstraint(
                condition=(Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5))
                & (Q(learning__isnull=True) | Q(learning__gte=1, learning__lte=5)),
                name="checkin_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} / {self.pair} @ {self.due_on}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class MeetingFeedback(OrganizationOwned):
    """What one person says after a meeting. The rating and what they learned stay with the author
    (managers see k-anonymous aggregates); the kudos are a message to the partner."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="feedback")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meeting_feedback")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="feedback_given")
    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="feedback_received")
    rating = models.PositiveSmallIntegerField(
        _("how useful was the meeting"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    learned = models.TextField(_("what I learned"), max_length=2000, blank=True)
    kudos = models.TextField(_("kudos to my partner"), max_length=500, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="feedback_once_per_meeting_and_author"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"),
            models.CheckConstraint(condition=~Q(author=models.F("recipient")), name="feedback_to_the_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.author_id} → {self.recipient_id} @ {self.meeting_id}"


class AssessmentMoment(models.TextChoices):
    START = "start", _("At the start")
    END = "end", _("At the end")


class AssessmentRole(models.TextChoices):
    SELF = "self", _("Self-assessment")
    PARTNER = "partner", _("Partner's assessment")


class Assessment(OrganizationOwned):
    """A level of one objective's skill for the person learning it, rated by themselves or by the
    partner who taught it, at the start or at the end: the source of the digital-gap figures."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="assessments")
    objective_key = models.UUIDField(_("objective"), db_index=True)
    skill = models.ForeignKey("skills.Skill", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill"))
    learner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments_received")
    rater = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments_given")
    role = models.CharField(_("who rated"), max_length=10, choices=AssessmentRole.choices)
    moment = models.CharField(_("when"), max_length=10, choices=AssessmentMoment.choices)
    level = models.PositiveSmallIntegerField(_("level"), validators=[MaxValueValidator(8)])

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["pair", "objective_key", "moment", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "objective_key", "role", "moment"], name="assessment_once_per_objective_role_moment"
            ),
            models.CheckConstraint(condition=Q(level__lte=8), name="assessment_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.objective_key} {self.moment}/{self.role}: {self.level}"


class ClosingSurveyQuerySet(TenantQuerySet):
    def open(self) -> ClosingSurveyQuerySet:
        return self.filter(answered_at__isnull=True)

    def answered(self) -> ClosingSurveyQuerySet:
        return self.filter(answered_at__isnull=False)


class ClosingSurvey(OrganizationOwned):
    """The last questions to one person when their pair ends; answered together with the final
    assessments. Confidential like a check-in."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="closing_surveys")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="closing_surveys")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    satisfaction = _score(_("satisfaction with the collaboration"))
    learning = _score(_("learning"))
    recommend = models.BooleanField(_("would recommend reverse mentoring"), null=True, blank=True)
    most_valuable = models.TextField(_("what was most valuable"), max_length=2000, blank=True)
    comment = models.TextField(_("comment for HR"), max_length=2000, blank=True)

    objects = ClosingSurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("closing survey")
        verbose_name_plural = _("closing surveys")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "person"], name="closing_survey_once_per_person"),
            models.CheckConstraint(
                condition=(Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5))
                & (Q(learning__isnull=True) | Q(learning__gte=1, learning__lte=5)),
                name="closing_survey_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} / {self.pair}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class AuditLog(OrganizationOwned):
    """Who read which confidential record, and when. The start of Ponte's audit log: rows are only
    ever added, never changed or deleted by the application."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("who")
    )
    action = models.CharField(_("action"), max_length=50)
    object_type = models.CharField(_("object type"), max_length=50)
    object_id = models.PositiveBigIntegerField(_("object id"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.object_type}#{self.object_id}"
