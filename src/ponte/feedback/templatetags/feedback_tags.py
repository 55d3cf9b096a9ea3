"""Template tags of feedback: the open check-ins box on the person's home page, the feedback box
of the meeting page and the kudos a person received in a pair.

The boxes hand their templates only what the viewer may read: their own feedback, and the kudos
written for them; never the partner's rating or what the partner learned.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from ponte.meetings.models import Meeting, MeetingStatus
from ponte.pairs.access import is_in_pair
from ponte.pairs.models import Pair

from ..feedback_selectors import kudos_received
from ..models import CheckIn, MeetingFeedback

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


@register.inclusion_tag("feedback/meeting_feedback_box.html", takes_context=True)
def meeting_feedback_box(context: template.Context, meeting: Meeting) -> dict[str, Any]:
    """The viewer's own feedback or the button to give it, and the kudos the partner sent them."""
    person = getattr(context.get("request"), "person", None)
    if person is None or not is_in_pair(meeting.pair, person):
        return {}
    partner = meeting.pair.partner_of(person)
    mine: MeetingFeedback | None = None
    partner_kudos = ""
    for row in MeetingFeedback.objects.for_organization(meeting.organization).filter(meeting=meeting):
        if row.author_id == person.pk:
            mine = row
        elif row.author_id == partner.pk and row.recipient_id == person.pk:
            partner_kudos = row.kudos
    return {
        "meeting": meeting,
        "partner": partner,
        "mine": mine,
        "partner_kudos": partner_kudos,
        "held": meeting.status == MeetingStatus.HELD,
        "started": meeting.has_started(timezone.now()),
    }


@register.inclusion_tag("feedback/_kudos_box.html", takes_context=True)
def pair_kudos_box(context: template.Context, pair: Pair) -> dict[str, Any]:
    """Every kudos the viewer received in this pair, newest first (nothing for anyone else)."""
    person = getattr(context.get("request"), "person", None)
    if person is None or not is_in_pair(pair, person):
        return {"kudos": []}
    return {"kudos": kudos_received(pair, person), "partner": pair.partner_of(person)}
