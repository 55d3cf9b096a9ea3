"""Template tags of check-ins: the open check-ins box on the person's home page."""

from __future__ import annotations

from typing import Any

from django import template

from ..models import CheckIn

register = template.Library()


@register.inclusion_tag("feedback/_open_checkins_box.html", takes_context=True)
def open_checkins_box(context: template.Context) -> dict[str, Any]:
    """The viewer's open check-ins (nothing when they have none or no profile)."""
    request = context.get("request")
    person = getattr(request, "person", None)
    organization = getattr(request, "organization", None)
    if person is None or organization is None:
        return {"open": []}
    rows = CheckIn.objects.for_organization(organization).filter(person=person).open()
    return {"open": list(rows.select_related("pair__program").order_by("-due_on")[:5])}
