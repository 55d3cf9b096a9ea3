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
    # Whether it happened, as recorded by either person once it started.
    outcome_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    outcome_at = models.DateTimeField(null=True, blank=True)
    # Notes both people read and write. The version makes a stale save fail instead of
    # silently overwriting what the partner wrote meanwhile.
    shared_notes = models.TextField(_("shared notes"), max_length=10000, blank=True)
    shared_notes_version = models.PositiveIntegerField(default=0)
    shared_notes_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    shared_notes_at = models.DateTimeField(null=True, blank=True)

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

    def has_started(self, now: datetime) -> bool:
        return self.starts_at <= now


class PrivateNote(OrganizationOwned):
    """One person's own notes on a meeting: nobody else ever reads them, not even program managers."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="private_notes")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="private_notes")
    text = models.TextField(_("private notes"), max_length=10000, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("private note")
        verbose_name_plural = _("private notes")
        constraints = [models.UniqueConstraint(fields=["meeting", "author"], name="private_note_once_per_author")]

    def __str__(self) -> str:
        return f"{self.author_id} @ {self.meeting_id}"


class ActionItemQuerySet(TenantQuerySet):
    def open(self) -> ActionItemQuerySet:
        return self.filter(done_at__isnull=True)


class ActionItem(OrganizationOwned):
    """Something one person of the pair will do, agreed at a meeting; both see and tick it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="action_items")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("who"))
    text = models.CharField(_("what"), max_length=300)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class CalendarFeed(OrganizationOwned):
    """A private feed URL of one person's meetings. Only the token's SHA-256 is stored."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="calendar_feeds")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.organization})"
