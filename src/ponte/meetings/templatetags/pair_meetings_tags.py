"""The meetings box of the pair page: next meeting, how many took place, when they last met.

Program managers get dates and counts only, never agendas, links or notes.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, Max, Q
from django.utils import timezone

from ponte.pairs.access import is_in_pair
from ponte.pairs.models import Pair

from ..invites import local_time
from ..models import Meeting, MeetingStatus

register = template.Library()


@register.inclusion_tag("meetings/_pair_meetings_box.html", takes_context=True)
def pair_meetings_box(context: template.Context, pair: Pair) -> dict[str, Any]:
    request = context.get("request")
    viewer = getattr(request, "person", None)
    now = timezone.now()
    meetings = Meeting.objects.for_organization(pair.organization_id).filter(pair=pair)
    figures = meetings.aggregate(
        held=Count("pk", filter=Q(status=MeetingStatus.HELD)),
        no_shows=Count("pk", filter=Q(status=MeetingStatus.NO_SHOW)),
        last_held=Max("starts_at", filter=Q(status=MeetingStatus.HELD)),
        to_record=Count("pk", filter=Q(status=MeetingStatus.SCHEDULED, starts_at__lte=now)),
    )
    upcoming = meetings.filter(status=MeetingStatus.SCHEDULED, starts_at__gt=now).order_by("starts_at").first()
    in_pair = is_in_pair(pair, viewer)
    return {
        "pair": pair,
        "in_pair": in_pair,
        "next": upcoming,
        "next_when": local_time(upcoming.starts_at, viewer) if upcoming and in_pair and viewer else None,
        **figures,
    }
