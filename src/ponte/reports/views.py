from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest

from .selectors import generation_mix, organization_overview, profile_steps


@require_GET
@member_required
def home(request: TenantRequest) -> HttpResponse:
    """The landing page: what matters to this person in their role."""
    membership = request.membership
    person = getattr(request, "person", None)
    context: dict[str, object] = {"person": person}
    if person is not None:
        steps = profile_steps(person)
        context["steps"] = steps
        context["steps_done"] = sum(step.done for step in steps)
    if membership.can_manage_programs:
        context["overview"] = organization_overview(request.organization)
        context["generations"] = generation_mix(request.organization)
    return render(request, "reports/home.html", context)
