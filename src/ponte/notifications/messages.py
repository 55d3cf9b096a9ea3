"""Every message Ponte sends: one function per message, one call per recipient.

Each one mails the person (subject, text and HTML, in *their* language and time zone) and puts
the same message in their notification centre. A message tied to one pair goes out at most once
per person: a task or event that runs twice finds the notification already there and stops.
Reminders are the exception, because a program manager may send one again on purpose.

Privacy: a closed proposal is worded the same whoever closed it and however; nothing here ever
names who declined or why.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from ponte.feedback.models import CheckIn
from ponte.meetings import invites
from ponte.meetings.models import Meeting
from ponte.organizations.models import Organization
from ponte.pairs.models import Pair
from ponte.people.models import Person
from ponte.programs.models import Program

from .models import Notification
from .services import notification_create

logger = logging.getLogger(__name__)


def _my_pairs_url(pair: Pair) -> str:
    return f"{reverse('pairs:my-pairs')}#pair-{pair.pk}"


def _pair_url(pair: Pair) -> str:
    return reverse("pairs:pair-detail", kwargs={"pair_id": pair.pk})


def _zone(person: Person) -> zoneinfo.ZoneInfo:
    for name in (person.time_zone, getattr(person.user, "time_zone", ""), settings.TIME_ZONE):
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
            continue
    return zoneinfo.ZoneInfo("UTC")


def _language(person: Person) -> str:
    language = getattr(person.user, "language", "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _partner(pair: Pair, person: Person) -> Person:
    return pair.senior if person.pk == pair.junior_id else pair.junior


def _deadline(pair: Pair) -> str:
    """The answer deadline in the active language and time zone (e.g. "12 March, 18:00")."""
    if pair.respond_by is None:
        return ""
    return formats.date_format(timezone.localtime(pair.respond_by), "j F, H:i")


def _deliver(
    *,
    pair: Pair,
    person: Person,
    kind: str,
    url: str,
    title: Any,
    summary: Any,
    context: dict[str, Any] | None = None,
    once: bool = True,
) -> bool:
    """A message about one pair: the partner, program and deadline are in the template context."""
    with translation.override(_language(person)), timezone.override(_zone(person)):
        pair_context = {
            "partner": _partner(pair, person),
            "pair": pair,
            "program": pair.program,
            "deadline": _deadline(pair),
            **(context or {}),
        }
    return _send(
        organization=pair.organization,
        person=person,
        kind=kind,
        url=url,
        title=title,
        summary=summary,
        context=pair_context,
        once=once,
    )


def _send(
    *,
    organization: Organization,
    person: Person,
    kind: str,
    url: str,
    title: Any,
    summary: Any,
    context: dict[str, Any],
    once: bool = True,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> bool:
    """Mail ``person`` and notify them in the app. ``title``/``summary`` are called inside the
    recipient's language and time zone. With ``once``, a message already sent for the same link is
    not sent again. ``attachments`` are (file name, content, MIME type). Returns False when
    nothing was sent."""
    user = person.user
    if user is None or not user.is_active:
        return False
    if once and Notification.objects.filter(recipient=user, organization=organization, kind=kind, url=url).exists():
        return False
    with translation.override(_language(person)), timezone.override(_zone(person)):
        full_context = {"person": person, "link": settings.PONTE_BASE_URL + url, **context}
        subject = str(title(full_context))
        body = str(summary(full_context))
        full_context |= {"subject": subject, "summary": body}
        text = render_to_string(f"notifications/email/{kind}.txt", full_context)
        html = render_to_string(f"notifications/email/{kind}.html", full_context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
    notification_create(organization=organization, recipient=user, kind=kind, title=subject[:200], body=body, url=url)
    return True


def pair_proposed(*, pair: Pair, person: Person) -> bool:
    """To each person of a new proposal: who, why, and the deadline to answer."""
    return _deliver(
        pair=pair,
        person=person,
        kind="pair_proposed",
        url=_my_pairs_url(pair),
        title=lambda c: (
            _("You have a proposed reverse-mentoring partner: please answer by %(date)s") % {"date": c["deadline"]}
            if c["deadline"]
            else _("You have a proposed reverse-mentoring partner")
        ),
        summary=lambda c: (
            _("%(program)s proposes %(name)s as your partner. Accept or decline on “My partners”.")
            % {"program": c["program"].name, "name": c["partner"].full_name}
        ),
    )


def pair_reminder(*, pair: Pair, person: Person) -> bool:
    """To a person who has not answered yet, before the deadline."""
    return _deliver(
        pair=pair,
        person=person,
        kind="pair_reminder",
        url=_my_pairs_url(pair),
        title=lambda c: (
            _("Reminder: please answer your partner proposal by %(date)s") % {"date": c["deadline"]}
            if c["deadline"]
            else _("Reminder: please answer your partner proposal")
        ),
        summary=lambda c: (
            _("%(name)s is proposed as your partner in %(program)s. Please accept or decline.")
            % {"program": c["program"].name, "name": c["partner"].full_name}
        ),
        once=False,
    )


def pair_activated(*, pair: Pair, person: Person) -> bool:
    """To both people once both accepted."""
    return _deliver(
        pair=pair,
        person=person,
        kind="pair_activated",
        url=_pair_url(pair),
        title=lambda c: _("You and %(name)s are now a pair") % {"name": c["partner"].full_name},
        summary=lambda c: (
            _("You both accepted: your reverse mentoring in %(program)s can start.") % {"program": c["program"].name}
        ),
    )


def pair_closed_for_you(*, pair: Pair, person: Person) -> bool:
    """To the person who did not close the proposal. No-fault: never says who or why."""
    return _deliver(
        pair=pair,
        person=person,
        kind="pair_closed_for_you",
        url=_my_pairs_url(pair),
        title=lambda c: _("Your partner proposal is closed: we'll look for another partner"),
        summary=lambda c: (
            _(
                "This proposal in %(program)s will not go ahead. It happens, and it says nothing about you: "
                "we'll look for another partner for you."
            )
            % {"program": c["program"].name}
        ),
    )


def pair_expired(*, pair: Pair, person: Person) -> bool:
    """To both people when the deadline passed before both accepted."""
    return _deliver(
        pair=pair,
        person=person,
        kind="pair_expired",
        url=_my_pairs_url(pair),
        title=lambda c: _("The time to answer your partner proposal has ended"),
        summary=lambda c: (
            _("The proposal in %(program)s is closed. We'll look for another partner for you.")
            % {"program": c["program"].name}
        ),
    )


def program_invitation(*, program: Program, person: Person) -> bool:
    """To a colleague a program manager invites to enrol: what the program is and where to enrol."""
    return _send(
        organization=program.organization,
        person=person,
        kind="program_invitation",
        url=reverse("programs:enrolment-create", kwargs={"program_id": program.pk}),
        title=lambda c: _("You are invited to join %(program)s") % {"program": program.name},
        summary=lambda c: _(
            "Reverse mentoring pairs colleagues of different generations who teach each other. "
            "Taking part is your choice: enrol if you would like to."
        ),
        context={"program": program},
    )


def _meeting_message(*, meeting: Meeting, person: Person, kind: str, title: Any, summary: Any, once: bool) -> bool:
    """A message about one meeting, with the person's own .ics invite (REQUEST, or CANCEL)."""
    pair = meeting.pair
    partner = invites.partner_of(pair, person)
    with translation.override(_language(person)):
        context = {
            "meeting": meeting,
            "partner": partner,
            "pair": pair,
            "program": pair.program,
            "when": invites.local_time(meeting.starts_at, person),
            "partner_when": invites.local_time(meeting.starts_at, partner),
            "partner_zone": invites.zone_name(partner),
            "zone": invites.zone_name(person),
            "channel": meeting.get_channel_display(),
            "where": invites.where(meeting),
        }
    method = "CANCEL" if meeting.status == "cancelled" else "REQUEST"
    attachment = (
        f"ponte-meeting-{meeting.pk}.ics",
        invites.invite_ics(meeting, person),
        f"text/calendar; method={method}; charset=utf-8",
    )
    return _send(
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


def checkin_due(*, checkin: CheckIn, person: Person) -> bool:
    """To one person of an active pair when their periodic check-in is due: once per check-in."""
    program = checkin.pair.program
    return _send(
        organization=checkin.organization,
        person=person,
        kind="checkin_due",
        url=reverse("feedback:checkin-answer", kwargs={"checkin_id": checkin.pk}),
        title=lambda c: _("How is your reverse mentoring going? Two minutes for a check-in"),
        summary=lambda c: (
            _(
                "Tell us how the collaboration and your learning in %(program)s are going. "
                "Your partner never sees your answers."
            )
            % {"program": program.name}
        ),
        context={"program": program, "checkin": checkin},
    )
