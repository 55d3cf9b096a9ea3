from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from ponte.accounts.models import User
from ponte.organizations.models import Organization

from .models import Notification


def notification_create(
    *, organization: Organization, recipient: User, kind: str, title: str, body: str = "", url: str = ""
) -> Notification:
    return Notification.objects.create(
        organization=organization, recipient=recipient, kind=kind, title=title, body=body, url=url
    )


def notifications_mark_all_read(*, notifications: QuerySet[Notification]) -> int:
    return notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
