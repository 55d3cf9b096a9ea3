"""Meetings of a pair, and the private calendar feeds people subscribe to."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ponte.core.models import TenantQuerySet
from ponte.organizations.models import Organization, OrganizationOwned
from ponte.pairs.models import Pair
from ponte.people.models import Person


class MeetingChannel(models.TextChoices):
    VIDEO = "video", _("Video call")
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat / instant messaging")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingQuerySet(TenantQuerySet):
    def involving(self, person: Person) -> MeetingQuerySet:
        return self.filter(Q(pair__junior=person) | Q(pair__senior=person))

    def not_cancelled(self) -> MeetingQuerySet:
        return self.exclude(status=MeetingStatus.CANCELLED)


class Meeting(OrganizationOwned):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="meetings")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    channel = models.CharField(_("channel"), max_length=20, choices=MeetingChannel.choices)
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    phone_note = models.CharField(_("phone details"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    # Stable across changes: calendar apps update the same event instead of adding a second one.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=480), name="meeting_duration_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pair} @ {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_scheduled(self) -> bool:
        return self.status == MeetingStatus.SCHEDULED


class CalendarFeed(OrganizationOwned):
    """A private feed URL of one person's meetings. Only the token's SHA-256 is stored."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="calendar_feeds")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.organization})"
