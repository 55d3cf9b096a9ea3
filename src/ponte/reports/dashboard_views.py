"""The HR dashboards: one program, or every program of the organisation, optionally for one group.

Program managers and organisation admins only (403 for others); another organisation's program is
never found (404). Every figure has been through the privacy review in ``reports.metrics``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest
from ponte.programs.access import get_program_for
from ponte.programs.models import Program

from .charts import dashboard_charts
from .dashboard import (
    activity_facts,
    build_dashboard,
    checkin_facts,
    gap_facts,
    key_figures,
    mix_facts,
    program_rows,
    reciprocity_facts,
)
from .forms import DashboardFilterForm
from .scope import Scope
from .sections import AtRisk

PROGRAM_TEMPLATE = "reports/dashboard_program.html"
ORGANIZATION_TEMPLATE = "reports/dashboard_organization.html"


@dataclass(frozen=True)
class RiskRow:
    """A pair at risk with the manager's one-click ways to act on it."""

    item: AtRisk
    mailto: str


def _require_manager(request: TenantRequest) -> None:
    if not request.membership.can_manage_programs:
        raise PermissionDenied(_("Only program managers and organisation admins can see the dashboards."))


def _mailto(item: AtRisk, program_name: str) -> str:
    """An email to both partners at once, with a subject that says which program it is about."""
    pair = item.pair
    to = ",".join(quote(person.email, safe="@") for person in (pair.junior, pair.senior))
    subject = _("How is your mentoring pair going? (%(program)s)") % {"program": program_name}
    return f"mailto:{to}?subject={quote(subject)}"


def _render(request: TenantRequest, template: str, program: Program | None) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None, organization=request.organization)
    context: dict[str, object] = {"form": form, "program": program}
    if form.is_bound and not form.is_valid():
        # No figures beside an error: the page must not look like it shows the asked-for group.
        return render(request, template, context, status=400)
    group = form.cleaned_data["group"] if form.is_bound else None
    dashboard = build_dashboard(Scope(request.organization, program, group))
    context.update(
        {
            "dashboard": dashboard,
            "group": group,
            "charts": dashboard_charts(dashboard),
            "tiles": key_figures(dashboard),
            "activity_facts": activity_facts(dashboard),
            "checkin_facts": checkin_facts(dashboard),
            "digital_facts": gap_facts(dashboard.gap.digital),
            "learned_back_facts": gap_facts(dashboard.gap.learned_back),
            "reciprocity_facts": reciprocity_facts(dashboard),
            "mix_facts": mix_facts(dashboard),
            "programs": program_rows(dashboard),
            "at_risk": [RiskRow(item, _mailto(item, program.name)) for item in dashboard.at_risk] if program else [],
        }
    )
    return render(request, template, context)


@require_GET
@member_required
def org_dashboard(request: TenantRequest) -> HttpResponse:
    """Every program of the organisation: how they compare and how the whole effort is going."""
    _require_manager(request)
    return _render(request, ORGANIZATION_TEMPLATE, None)


@require_GET
@member_required
def program_dashboard(request: TenantRequest, program_id: int) -> HttpResponse:
    """One program: its figures and the pairs its managers should act on."""
    program = get_program_for(request, program_id, manage=True)
    return _render(request, PROGRAM_TEMPLATE, program)
