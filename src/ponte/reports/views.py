from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ponte.organizations.access import admin_required, member_required
from ponte.organizations.http import TenantRequest

from .audit import audit_entries, describe
from .forms import AuditFilterForm
from .selectors import generation_mix, organization_overview, profile_steps

AUDIT_PAGE_SIZE = 50


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


@require_GET
@admin_required
def audit_log(request: TenantRequest) -> HttpResponse:
    """Organisation admins review every read of confidential records, newest first."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = audit_entries(
        request.organization,
        action=filters.get("action", ""),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({key: value for key, value in request.GET.items() if key != "page" and value})
    context = {"form": form, "page": page, "rows": describe(list(page.object_list)), "query": query}
    return render(request, "reports/audit_log.html", context, status=400 if form.is_bound and form.errors else 200)
