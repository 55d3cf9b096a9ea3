"""How every message goes out: rendered in the recipient's language and time zone, mailed and
put in the notification centre as the person's preferences say, and at most once per link."""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from ponte.organizations.models import Organization
from ponte.pairs.models import Pair
from ponte.people.models import Person

from ..models import Notification
from ..selectors import preference_for
from ..services import notification_create


def my_pairs_url(pair: Pair) -> str:
    return f"{reverse('pairs:my-pairs')}#pair-{pair.pk}"


def pair_url(pair: Pair) -> str:
    return reverse("pairs:pair-detail", kwargs={"pair_id": pair.pk})


def _deadline(pair: Pair) -> str:
    """The answer deadline in the active language and time zone (e.g. "12 March, 18:00")."""
    if pair.respond_by is None:
        return ""
    return formats.date_format(timezone.localtime(pair.respond_by), "j F, H:i")


def send_about_pair(
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
    with translation.override(person.ui_language), timezone.override(zoneinfo.ZoneInfo(person.zone_name)):
        pair_context = {
            "partner": pair.partner_of(person),
            "pair": pair,
            "program": pair.program,
            "deadline": _deadline(pair),
            **(context or {}),
        }
    return send(
        organization=pair.organization,
        person=person,
        kind=kind,
        url=url,
        title=title,
        summary=summary,
        context=pair_context,
        once=once,
    )


def _render(kind: str, context: dict[str, Any]) -> tuple[str, str]:
    """The text and HTML bodies of one message, in the active language."""
    return (
        render_to_string(f"notifications/email/{kind}.txt", context),
        render_to_string(f"notifications/email/{kind}.html", context),
    )


def send(
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
    """Mail ``person`` and notify them in the app, each only if their preference for ``kind``
    allows it. ``title``/``summary`` are called inside the recipient's language and time zone.
    With ``once``, a message already sent for the same link is not sent again. ``attachments``
    are (file name, content, MIME type). Returns False when the message was not sent (already
    sent, or nobody to send it to); True when it was handled, even if both channels are off.

    The notification row is written whatever the preferences say: it is what ``once`` finds the
    next time, so switching the app off for a kind must not make its emails repeat."""
    user = person.user
    if user is None or not user.is_active:
        return False
    if once and Notification.objects.filter(recipient=user, organization=organization, kind=kind, url=url).exists():
        return False
    channels = preference_for(user=user, organization=organization, kind=kind)
    language = person.ui_language
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(person.zone_name)):
        full_context = {
            "person": person,
            "link": settings.PONTE_BASE_URL + url,
            "preferences_link": settings.PONTE_BASE_URL + reverse("notifications:preferences"),
            **context,
        }
        subject = str(title(full_context))
        body = str(summary(full_context))
        full_context |= {"subject": subject, "summary": body}
        bodies = _render(kind, full_context) if channels.email else None
    if bodies is not None:
        message = EmailMultiAlternatives(subject, bodies[0], to=[user.email], headers={"Content-Language": language})
        message.attach_alternative(bodies[1], "text/html")
        for filename, content, mimetype in attachments:
            message.attach(filename, content, mimetype)
        message.send()
    notification_create(
        organization=organization,
        recipient=user,
        kind=kind,
        title=subject[:200],
        body=body,
        url=url,
        in_app=channels.in_app,
        emailed=channels.email,
    )
    return True
