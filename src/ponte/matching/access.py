"""Gates for matching pages: the tenant lookup first (404), then the manager role (403)."""

from __future__ import annotations

from django.http import Http404

from ponte.organizations.access import require_role
from ponte.organizations.http import TenantRequest
from ponte.organizations.models import Role
from ponte.programs.access import get_program_for
from ponte.programs.models import Program

from .models import MatchRun, Proposal

MANAGERS = (Role.ADMIN, Role.MANAGER)


def get_managed_program_for(request: TenantRequest, program_id: int) -> Program:
    """A program of the viewer's organisation, for its program managers and admins."""
    return get_program_for(request, program_id, manage=True)


def get_run_for(request: TenantRequest, run_id: int) -> MatchRun:
    run = MatchRun.objects.for_organization(request.organization).select_related("program").filter(pk=run_id).first()
    if run is None:
        raise Http404
    require_role(request, *MANAGERS)
    return run


def get_proposal_for(request: TenantRequest, proposal_id: int) -> Proposal:
    proposal = (
        Proposal.objects.for_organization(request.organization)
        .select_related("run__program", "junior__person", "senior__person")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise Http404
    require_role(request, *MANAGERS)
    return proposal
