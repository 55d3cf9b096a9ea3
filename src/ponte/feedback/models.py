"""Check-ins: a periodic pulse survey to each person of an active pair, and the audit log.

Answers are confidential: the partner never sees them; program managers see k-anonymous
aggregates, and one person's answer only when that person asked HR to contact them.
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
