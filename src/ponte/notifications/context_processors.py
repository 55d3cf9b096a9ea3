from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import Notification


def notifications(request: HttpRequest) -> dict[str, Any]:
    organization = getattr(request, "organization", None)
    if organization is None or not request.user.is_authenticated:
        return {}
    return {
        "unread_notifications": lambda: (
            Notification.objects.for_recipient(request.user, organization).shown().unread().count()
        )
    }
