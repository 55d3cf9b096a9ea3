"""Per-request person, language and time zone for authenticated users."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from .models import Person


def _person_for(request: HttpRequest) -> Person | None:
    organization = getattr(request, "organization", None)
    if organization is None:
        return None
    return (
        Person.objects.filter(organization=organization, user_id=request.user.pk or 0)
        .select_related("department")
        .first()
    )


class UserPreferencesMiddleware:
    """Show everything in the viewer's language and time zone.

    The time zone is the person's (where they work, as HR records it); accounts without a
    profile fall back to the account preference.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            request.person = None  # type: ignore[attr-defined]
            return self.get_response(request)
        person = _person_for(request)
        request.person = person  # type: ignore[attr-defined]
        language = user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        zone = person.time_zone if person else user.time_zone
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
