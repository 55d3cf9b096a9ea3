"""Pure iCalendar (RFC 5545) building: no database, no Django, no translation.

Callers pass already translated text and the recipient's IANA time zone. Times are written with
that zone's TZID and its VTIMEZONE, so calendar apps show the right local time across DST changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import MAXYEAR, UTC, date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Ponte//Reverse mentoring//EN"


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str


@dataclass(frozen=True)
class EventData:
    uid: str
    sequence: int
    starts_at: datetime  # aware
    ends_at: datetime  # aware
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    organizer: Attendee | None = None
    attendees: Sequence[Attendee] = field(default_factory=tuple)


def _address(person: Attendee, *, attendee: bool) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(person.name)
    if attendee:
        address.params["ROLE"] = vText("REQ-PARTICIPANT")
        address.params["PARTSTAT"] = vText("NEEDS-ACTION")
    return address


def _event(data: EventData, *, zone: ZoneInfo, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", data.uid)
    event.add("sequence", data.sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", data.starts_at.astimezone(zone))
    event.add("dtend", data.ends_at.astimezone(zone))
    event.add("summary", data.summary)
    if data.description:
        event.add("description", data.description)
    if data.location:
        event.add("location", data.location)
    if data.url:
        event.add("url", data.url)
    event.add("status", "CANCELLED" if data.cancelled else "CONFIRMED")
    if data.organizer is not None:
        event.add("organizer", _address(data.organizer, attendee=False))
    for attendee in data.attendees:
        event.add("attendee", _address(attendee, attendee=True))
    return event


def build_calendar(
    events: Iterable[EventData],
    *,
    tzid: str,
    method: str | None = None,
    name: str = "",
    stamp: datetime | None = None,
) -> bytes:
    """A VCALENDAR of ``events`` in the ``tzid`` zone. ``method`` is REQUEST or CANCEL for an
    emailed invite, None for a subscribed feed."""
    zone = ZoneInfo(tzid)
    stamp = stamp or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", tzid)
    events = list(events)
    for data in events:
        calendar.add_component(_event(data, zone=zone, stamp=stamp))
    if events:
        # A VTIMEZONE covering the events' years (plus a margin) rather than 1970-2038: compact,
        # and read correctly by parsers that mishandle the long list of past transitions.
        first = min(data.starts_at for data in events).astimezone(zone).date()
        last = max(data.ends_at for data in events).astimezone(zone).date()
        calendar.add_missing_timezones(
            first_date=date(first.year - 1, 1, 1), last_date=date(min(last.year + 2, MAXYEAR), 1, 1)
        )
    return calendar.to_ical()
