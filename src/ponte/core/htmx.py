"""Small helpers for views that answer both full-page and htmx requests."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def template_for(request: HttpRequest, template: str, partial: str) -> str:
    """The full template for a normal request, only its named partial for an htmx request."""
    return f"{template}#{partial}" if is_htmx(request) else template
