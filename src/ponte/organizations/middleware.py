"""Attach the active membership (and so the tenant) to every authenticated request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .models import Membership

SESSION_KEY = "ponte_organization_id"


def active_membership(request: HttpRequest) -> Membership | None:
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = Membership.objects.filter(user=user, organization__is_active=True).select_related("organization")
    wanted = request.session.get(SESSION_KEY)
    if wanted is not None:
        chosen = memberships.filter(organization_id=wanted).first()
        if chosen is not None:
            return chosen
    return memberships.order_by("organization__name").first()


class TenantMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = active_membership(request)
        request.membership = membership  # type: ignore[attr-defined]
        request.organization = membership.organization if membership else None  # type: ignore[attr-defined]
        return self.get_response(request)
