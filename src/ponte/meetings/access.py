"""Gates for meetings: tenant lookup first (404), then who may see or act.

A meeting exists only for its pair's two people; program managers see a pair's meeting times
on the pair's meetings page, never the agenda or links, and cannot act on a meeting (403).
Anyone else in the organisation gets 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ponte.organizations.http import TenantRequest
from ponte.pairs.access import is_in_pair
from ponte.pairs.models import Pair

from .models import ActionItem, Meeting


def get_meeting_for(request: TenantRequest, meeting_id: int) -> Meeting:
    """A meeting one of its pair's two people may see or change."""
    meeting = (
        Meeting.objects.for_organization(request.organization)
        .select_related(
            "pair__program", "pair__junior__user", "pair__senior__user", "organization", "outcome_by", "shared_notes_by"
        )
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise Http404
    _require_pair_person(request, meeting.pair)
    return meeting


def get_action_item_for(request: TenantRequest, action_id: int) -> ActionItem:
    """An action item of a meeting, for the pair's two people: the same rule as its meeting."""
    item = (
        ActionItem.objects.for_organization(request.organization)
        .select_related("meeting", "pair__junior", "pair__senior")
        .filter(pk=action_id)
        .first()
    )
    if item is None:
        raise Http404
    _require_pair_person(request, item.pair)
    return item


def _require_pair_person(request: TenantRequest, pair: Pair) -> None:
    if is_in_pair(pair, getattr(request, "person", None)):
        return
    if request.membership.can_manage_programs:
        raise PermissionDenied(_("Only the two people of a pair can open or change its meetings."))
    raise Http404
