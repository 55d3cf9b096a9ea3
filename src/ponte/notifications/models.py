"""In-app notifications: what the bell in the header counts and the notification centre lists."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.core.models import TimeStamped


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_recipient(self, user: object, organization: object) -> NotificationQuerySet:
        return self.filter(recipient=user, organization=organization)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def shown(self) -> NotificationQuerySet:
        return self.filter(in_app=True)


class NotificationPreferenceQuerySet(models.QuerySet["NotificationPreference"]):
    def for_organization(self, organization: object) -> NotificationPreferenceQuerySet:
        return self.filter(organization=organization)


class Notification(TimeStamped):
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="notifications"
    )
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=60)
    # Stored already rendered in the recipient's language at the time it was sent.
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Every message sent leaves a row (it is what stops a second send); a person who switched the
    # app off for this kind of message just never sees it in the notification centre.
    in_app = models.BooleanField(_("shown in the app"), default=True)
    emailed = models.BooleanField(_("sent by email"), default=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "organization", "read_at"])]

    def __str__(self) -> str:
        return self.title

    def mark_read(self) -> None:
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])


class NotificationPreference(TimeStamped):
    """How one person wants one kind of message: by email, in the app, both or neither.
    No row means both, the default."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=60)
    email = models.BooleanField(_("by email"), default=True)
    in_app = models.BooleanField(_("in the app"), default=True)

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "kind"], name="notification_preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: email={self.email} app={self.in_app}"
