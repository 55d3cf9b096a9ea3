"""Messages about meetings, each with the person's own .ics invite."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from ponte.meetings import invites
from ponte.meetings.models import Meeting
from ponte.people.models import Person

from .delivery import send


def _meeting_message(*, meeting: Meeting, person: Person, kind: str, title: Any, summary: Any, once: bool) -> bool:
    """A message about one meeting, with the person's own .ics invite (REQUEST, or CANCEL)."""
    pair = meeting.pair
    partner = pair.partner_of(person)
    with translation.override(person.ui_language):
        context = {
            "meeting": meeting,
            "partner": partner,
            "pair": pair,
            "program": pair.program,
            "when": invites.local_time(meeting.starts_at, person),
            "partner_when": invites.local_time(meeting.starts_at, partner),
            "partner_zone": partner.zone_name,
            "zone": person.zone_name,
            "channel": meeting.get_channel_display(),
            "where": invites.where(meeting),
        }
    method = "CANCEL" if meeting.status == "cancelled" else "REQUEST"
    attachment = (
        f"ponte-meeting-{meeting.pk}.ics",
        invites.invite_ics(meeting, person),
        f"text/calendar; method={method}; charset=utf-8",
    )
    return send(
        organization=meeting.organization,
        person=person,
        kind=kind,
        url=invites.meeting_url(meeting),
        title=title,
        summary=summary,
        context=context,
        once=once,
        attachments=[attachment] if kind != "meeting_reminder" else [],
    )


def meeting_scheduled(*, meeting: Meeting, person: Person) -> bool:
    """To both people of a pair when one of them books a meeting: the invite is attached."""
    return _meeting_message(
        meeting=meeting,
        person=person,
        kind="meeting_scheduled",
        title=lambda c: _("Meeting with %(name)s on %(when)s") % {"name": c["partner"].full_name, "when": c["when"]},
        summary=lambda c: (
            _("%(channel)s meeting with %(name)s on %(when)s (%(zone)s). Add the attached invitation to your calendar.")
            % {"channel": c["channel"], "name": c["partner"].full_name, "when": c["when"], "zone": c["zone"]}
        ),
        once=True,
    )


def meeting_rescheduled(*, meeting: Meeting, person: Person) -> bool:
    """To both people when a meeting changed: the attached invite updates the same calendar event."""
    return _meeting_message(
        meeting=meeting,
        person=person,
        kind="meeting_rescheduled",
        title=lambda c: (
            _("Meeting with %(name)s changed: now on %(when)s") % {"name": c["partner"].full_name, "when": c["when"]}
        ),
        summary=lambda c: (
            _("Your meeting with %(name)s is now on %(when)s (%(zone)s), %(channel)s.")
            % {"channel": c["channel"], "name": c["partner"].full_name, "when": c["when"], "zone": c["zone"]}
        ),
        once=False,
    )


def meeting_cancelled(*, meeting: Meeting, person: Person) -> bool:
    """To both people when a meeting is cancelled: the attachment removes it from their calendar."""
    return _meeting_message(
        meeting=meeting,
        person=person,
        kind="meeting_cancelled",
        title=lambda c: (
            _("Meeting with %(name)s on %(when)s is cancelled") % {"name": c["partner"].full_name, "when": c["when"]}
        ),
        summary=lambda c: (
            _("The meeting with %(name)s on %(when)s will not take place. You can plan a new one in Ponte.")
            % {"name": c["partner"].full_name, "when": c["when"]}
        ),
        once=True,
    )


def meeting_reminder(*, meeting: Meeting, person: Person) -> bool:
    """To both people before a meeting. Sent once per meeting time (the meeting row records it)."""
    return _meeting_message(
        meeting=meeting,
        person=person,
        kind="meeting_reminder",
        title=lambda c: (
            _("Reminder: meeting with %(name)s on %(when)s") % {"name": c["partner"].full_name, "when": c["when"]}
        ),
        summary=lambda c: (
            _("%(channel)s meeting with %(name)s on %(when)s (%(zone)s).")
            % {"channel": c["channel"], "name": c["partner"].full_name, "when": c["when"], "zone": c["zone"]}
        ),
        once=False,
    )
