from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ponte.accounts.models import User
from ponte.organizations.models import Organization

from .catalogue import KINDS
from .models import Notification, NotificationPreference
from .selectors import Channels


def notification_create(
    *,
    organization: Organization,
    recipient: User,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    in_app: bool = True,
    emailed: bool = True,
) -> Notification:
    return Notification.objects.create(
        organization=organization,
        recipient=recipient,
        kind=kind,
        title=title,
        body=body,
        url=url,
        in_app=in_app,
        emailed=emailed,
    )


def notifications_mark_all_read(*, notifications: QuerySet[Notification]) -> int:
    return notifications.filter(read_at__isnull=True).update(read_at=timezone.now())


def notification_preferences_save(
    *, user: User, organization: Organization, choices: Mapping[str, Channels]
) -> list[NotificationPreference]:
    """Store how ``user`` wants each kind of message in ``organization``. Kinds outside the
    catalogue are dropped: a forged name must not leave a row no message ever reads."""
    rows = [
        NotificationPreference(
            organization=organization, user=user, kind=kind, email=chosen.email, in_app=chosen.in_app
        )
        for kind, chosen in choices.items()
        if kind in KINDS
    ]
    with transaction.atomic():
        NotificationPreference.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["user", "organization", "kind"],
            update_fields=["email", "in_app", "updated_at"],
        )
    return rows
