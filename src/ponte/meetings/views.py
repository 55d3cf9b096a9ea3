"""Meeting pages: a pair's meetings and the form to book one, changing or cancelling a meeting,
its .ics, the person's calendar feed settings, and the feed itself (token, no login).

Times are shown on the viewer's clock, with the partner's local time beside it when it differs.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ponte.core.errors import DomainError
from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest
from ponte.organizations.models import Membership
from ponte.pairs.access import get_pair_for, is_in_pair
from ponte.pairs.models import Pair, PairStatus
from ponte.people.access import get_own_person
from ponte.people.models import Person

from .access import get_meeting_for
from .forms import MeetingForm
from .invites import download_ics, feed_ics, local_time
from .models import CalendarFeed, Meeting, MeetingChannel, MeetingStatus
from .services import (
    calendar_feed_create,
    calendar_feed_find,
    calendar_feed_revoke,
    meeting_cancel,
    meeting_reschedule,
    meeting_schedule,
)

PAIR_TEMPLATE = "meetings/pair_meetings.html"
EDIT_TEMPLATE = "meetings/meeting_form.html"
CALENDAR_TEMPLATE = "meetings/calendar.html"
ICS_TYPE = "text/calendar; charset=utf-8"


@dataclass
class MeetingRow:
    """One meeting as the viewer sees it. Managers get times only (``private`` False)."""

    meeting: Meeting
    when: str
    partner_when: str = ""
    partner_name: str = ""
    partner_zone: str = ""
    private: bool = False


def _offset_differs(meeting: Meeting, one: Person, other: Person) -> bool:
    start = meeting.starts_at
    return (
        start.astimezone(zoneinfo.ZoneInfo(one.zone_name)).utcoffset()
        != start.astimezone(zoneinfo.ZoneInfo(other.zone_name)).utcoffset()
    )


def _row(meeting: Meeting, viewer: Person | None) -> MeetingRow:
    if viewer is None or not is_in_pair(meeting.pair, viewer):
        moment = timezone.localtime(meeting.starts_at)
        return MeetingRow(meeting=meeting, when=formats.date_format(moment, "DATETIME_FORMAT"))
    partner = meeting.pair.partner_of(viewer)
    row = MeetingRow(meeting=meeting, when=local_time(meeting.starts_at, viewer), private=True)
    if _offset_differs(meeting, viewer, partner):
        row.partner_when = local_time(meeting.starts_at, partner)
        row.partner_name = partner.first_name or partner.full_name
        row.partner_zone = partner.zone_name
    return row


def _default_channel(pair: Pair, viewer: Person) -> str:
    """The best-ranked meeting channel the two share, else the viewer's first, else video."""
    partner = pair.partner_of(viewer)
    usable = [code for code in viewer.channels if code in MeetingChannel.values]
    for code in usable:
        if code in partner.channels:
            return str(code)
    return str(usable[0]) if usable else str(MeetingChannel.VIDEO)


def _new_form(pair: Pair, viewer: Person, data: Any = None) -> MeetingForm:
    initial = {"duration": pair.program.meeting_minutes or 60, "channel": _default_channel(pair, viewer)}
    return MeetingForm(data, initial=initial, zone=viewer.zone_name)


def _pair_context(request: TenantRequest, pair: Pair, form: MeetingForm | None = None) -> dict[str, Any]:
    viewer: Person | None = getattr(request, "person", None)
    in_pair = is_in_pair(pair, viewer)
    meetings = list(
        Meeting.objects.for_organization(request.organization)
        .filter(pair=pair)
        .select_related("pair__junior__user", "pair__senior__user", "pair__program")
    )
    now = timezone.now()
    upcoming = [m for m in meetings if m.status == MeetingStatus.SCHEDULED and m.ends_at >= now]
    past = [m for m in meetings if m not in upcoming]
    past.reverse()
    can_plan = in_pair and pair.status == PairStatus.ACTIVE
    if can_plan and form is None and viewer is not None:
        form = _new_form(pair, viewer)
    return {
        "pair": pair,
        "in_pair": in_pair,
        "partner": pair.partner_of(viewer) if in_pair and viewer is not None else None,
        "upcoming": [_row(m, viewer) for m in upcoming],
        "past": [_row(m, viewer) for m in past],
        "form": form if can_plan else None,
        "viewer_zone": viewer.zone_name if viewer is not None else timezone.get_current_timezone_name(),
    }


def _planner(request: TenantRequest, pair: Pair) -> Person:
    person = get_own_person(request)
    if not is_in_pair(pair, person):
        raise PermissionDenied(_("Only the two people of a pair can plan its meetings."))
    return person


@require_GET
@member_required
def pair_meetings(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair = get_pair_for(request, pair_id)
    return render(request, PAIR_TEMPLATE, _pair_context(request, pair))


def _service_fields(form: MeetingForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "starts_at": form.starts_at,
        "duration": data["duration"],
        "channel": data["channel"],
        "location": data["location"],
        "video_url": data["video_url"],
        "phone_note": data["phone_note"],
        "agenda": data["agenda"],
    }


@require_POST
@member_required
def meeting_create(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair = get_pair_for(request, pair_id)
    person = _planner(request, pair)
    form = _new_form(pair, person, request.POST)
    if form.is_valid():
        try:
            meeting = meeting_schedule(pair=pair, by=person, **_service_fields(form))
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Meeting booked: you both receive an invitation for your calendar."))
            return redirect(f"{reverse('meetings:pair-meetings', args=[pair.pk])}#meeting-{meeting.pk}")
    return render(request, PAIR_TEMPLATE, _pair_context(request, pair, form), status=400)


@require_http_methods(["GET", "POST"])
@member_required
def meeting_change(request: TenantRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for(request, meeting_id)
    person = get_own_person(request)
    zone = person.zone_name
    if meeting.status != MeetingStatus.SCHEDULED:
        messages.error(request, _("This meeting is no longer scheduled: it cannot be changed."))
        return redirect("meetings:pair-meetings", pair_id=meeting.pair_id)
    if request.method == "POST":
        form = MeetingForm(request.POST, zone=zone)
        if form.is_valid():
            try:
                meeting_reschedule(meeting=meeting, by=person, **_service_fields(form))
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Meeting changed: you both receive the updated invitation."))
                return redirect(f"{reverse('meetings:pair-meetings', args=[meeting.pair_id])}#meeting-{meeting.pk}")
        return render(request, EDIT_TEMPLATE, {"meeting": meeting, "form": form}, status=400)
    local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(zone))
    form = MeetingForm(
        initial={
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration": meeting.duration_minutes,
            "channel": meeting.channel,
            "location": meeting.location,
            "video_url": "" if meeting.video_url.startswith("https://meet.jit.si/") else meeting.video_url,
            "phone_note": meeting.phone_note,
            "agenda": meeting.agenda,
        },
        zone=zone,
    )
    return render(request, EDIT_TEMPLATE, {"meeting": meeting, "form": form})


@require_POST
@member_required
def meeting_cancel_view(request: TenantRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for(request, meeting_id)
    person = get_own_person(request)
    try:
        meeting_cancel(meeting=meeting, by=person)
    except DomainError as error:
        messages.error(request, str(error.message))
        return render(request, PAIR_TEMPLATE, _pair_context(request, meeting.pair), status=400)
    messages.success(request, _("Meeting cancelled: you both receive a cancellation for your calendar."))
    return redirect("meetings:pair-meetings", pair_id=meeting.pair_id)


@require_GET
@member_required
def meeting_ics(request: TenantRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for(request, meeting_id)
    person = get_own_person(request)
    response = HttpResponse(download_ics(meeting, person), content_type=ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="ponte-meeting-{meeting.pk}.ics"'
    return response


def _calendar_context(request: TenantRequest, token: str = "") -> dict[str, Any]:
    feed = (
        CalendarFeed.objects.filter(organization=request.organization, user=request.user, revoked_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    url = request.build_absolute_uri(reverse("meetings:feed", kwargs={"token": token})) if token else ""
    return {"feed": feed, "feed_url": url}


@require_GET
@member_required
def my_calendar(request: TenantRequest) -> HttpResponse:
    get_own_person(request)
    return render(request, CALENDAR_TEMPLATE, _calendar_context(request))


@require_POST
@member_required
def calendar_feed_new(request: TenantRequest) -> HttpResponse:
    get_own_person(request)
    token = calendar_feed_create(user=request.user, organization=request.organization)
    response = render(request, CALENDAR_TEMPLATE, _calendar_context(request, token))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@member_required
def calendar_feed_stop(request: TenantRequest) -> HttpResponse:
    get_own_person(request)
    calendar_feed_revoke(user=request.user, organization=request.organization)
    messages.success(request, _("Your calendar address is switched off: calendar apps no longer receive updates."))
    return redirect("meetings:calendar")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscribed calendar: the token is the secret; unknown or revoked tokens answer 404."""
    found = calendar_feed_find(token)
    if found is None or not found.user.is_active:
        raise Http404
    if not Membership.objects.filter(user=found.user, organization=found.organization).exists():
        raise Http404
    person = Person.objects.for_organization(found.organization).filter(user=found.user).select_related("user").first()
    if person is None:
        raise Http404
    meetings = (
        Meeting.objects.for_organization(found.organization)
        .involving(person)
        .not_cancelled()
        .select_related("pair__program", "pair__junior__user", "pair__senior__user")
    )
    response = HttpResponse(feed_ics(person, meetings), content_type=ICS_TYPE)
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
