"""A meeting as one person sees it: their language, their time zone, their partner.

Used by the pages, the emailed invites and the calendar feed; the iCalendar text itself is
built by the pure ``calendar`` module.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from ponte.people.models import Person

from .calendar import Attendee, EventData, build_calendar
from .models import Meeting, MeetingChannel, MeetingStatus


def local_time(moment: datetime, person: Person) -> str:
    """``moment`` as a date and time on the person's clock, in the active language."""
    return formats.date_format(moment.astimezone(zoneinfo.ZoneInfo(person.zone_name)), "DATETIME_FORMAT")


def meeting_url(meeting: Meeting) -> str:
    """The meeting's own page: details, then notes, action items and feedback once it has started."""
    return reverse("meetings:meeting-detail", kwargs={"meeting_id": meeting.pk})


def where(meeting: Meeting) -> str:
    """The place, link or phone details of a meeting, for the calendar's LOCATION."""
    if meeting.channel == MeetingChannel.IN_PERSON:
        return meeting.location
    if meeting.channel == MeetingChannel.VIDEO:
        return meeting.video_url
    if meeting.channel == MeetingChannel.PHONE:
        return meeting.phone_note or str(MeetingChannel.PHONE.label)
    return str(MeetingChannel.CHAT.label)


def _attendee(person: Person) -> Attendee:
    return Attendee(name=person.full_name, email=getattr(person.user, "email", "") or person.email)


def event_data(meeting: Meeting, person: Person) -> EventData:
    """The meeting's calendar event, worded in the active language for ``person``."""
    partner = meeting.pair.partner_of(person)
    lines = [
        _("Reverse-mentoring meeting with %(name)s (%(program)s).")
        % {"name": partner.full_name, "program": meeting.pair.program.name},
        _("Channel: %(channel)s") % {"channel": meeting.get_channel_display()},
    ]
    if meeting.agenda:
        lines += ["", _("Agenda:"), meeting.agenda]
    lines += ["", settings.PONTE_BASE_URL + meeting_url(meeting)]
    return EventData(
        uid=f"{meeting.uid}@ponte",
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=_("Ponte: meeting with %(name)s") % {"name": partner.full_name},
        description="\n".join(lines),
        location=where(meeting),
        url=meeting.video_url,
        cancelled=meeting.status == MeetingStatus.CANCELLED,
        organizer=Attendee(name="Ponte", email=settings.DEFAULT_FROM_EMAIL.rpartition("<")[2].rstrip(">")),
        attendees=(_attendee(meeting.pair.junior), _attendee(meeting.pair.senior)),
    )


def invite_ics(meeting: Meeting, person: Person) -> bytes:
    """The emailed invite for ``person``: METHOD:CANCEL once cancelled, else METHOD:REQUEST."""
    method = "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST"
    with translation.override(person.ui_language):
        return build_calendar([event_data(meeting, person)], tzid=person.zone_name, method=method)


def download_ics(meeting: Meeting, person: Person) -> bytes:
    """One meeting to open in a calendar app: a plain PUBLISH of the current state."""
    with translation.override(person.ui_language):
        return build_calendar([event_data(meeting, person)], tzid=person.zone_name, method="PUBLISH")


def feed_ics(person: Person, meetings: Iterable[Meeting]) -> bytes:
    """The subscribed feed: every not-cancelled meeting of the person, without METHOD."""
    with translation.override(person.ui_language):
        return build_calendar(
            [event_data(meeting, person) for meeting in meetings],
            tzid=person.zone_name,
            name=_("Ponte meetings"),
        )
