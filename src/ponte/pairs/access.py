"""Gates for pairs: tenant lookup first (404), then who may see or act (404/403).

A pair exists only for its two people and for program managers: anyone else in the
organisation gets 404, so nobody can learn who was proposed to whom.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ponte.organizations.access import require_role
from ponte.organizations.http import TenantRequest
from ponte.organizations.models import Role
from ponte.people.models import Person

from .models import Pair


def _viewer(request: TenantRequest) -> Person | None:
    return getattr(request, "person", None)


def _find(request: TenantRequest, pair_id: int) -> Pair:
    pair = (
        Pair.objects.for_organization(request.organization)
        .select_related("program", "junior__department", "junior__user", "senior__department", "senior__user")
        .filter(pk=pair_id)
        .first()
    )
    if pair is None:
        raise Http404
    return pair


def is_in_pair(pair: Pair, person: Person | None) -> bool:
    return person is not None and person.pk in {pair.junior_id, pair.senior_id}


def get_pair_for(request: TenantRequest, pair_id: int) -> Pair:
    """A pair its two people and program managers may see; invisible (404) to everyone else."""
    pair = _find(request, pair_id)
    if not (is_in_pair(pair, _viewer(request)) or request.membership.can_manage_programs):
        raise Http404
    return pair


def get_pair_to_answer(request: TenantRequest, pair_id: int) -> Pair:
    """Only the pair's two people answer a proposal; managers see it but may not answer (403)."""
    pair = _find(request, pair_id)
    if is_in_pair(pair, _viewer(request)):
        return pair
    if request.membership.can_manage_programs:
        raise PermissionDenied(_("Only the two people of a proposal can answer it."))
    raise Http404


def get_pair_to_manage(request: TenantRequest, pair_id: int) -> Pair:
    """Program managers and admins; the pair's own people get 403, everyone else 404."""
    pair = _find(request, pair_id)
    if not (request.membership.can_manage_programs or is_in_pair(pair, _viewer(request))):
        raise Http404
    require_role(request, Role.ADMIN, Role.MANAGER)
    return pair
