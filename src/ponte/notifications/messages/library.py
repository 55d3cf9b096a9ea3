"""Messages about experience pills: a pill recorded for you, a pill waiting for a program
manager's approval, and the answer to its author.

Only the people a pill was made for hear about it (the person, or the other person of the pair);
a program's participants find program pills in the library without a message each. Links to a
request or a review carry its moment, so asking again after a decline is a new message.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from ponte.accounts.models import User
from ponte.library.models import Pill
from ponte.organizations.models import Membership, Organization, Role
from ponte.people.models import Person

from .delivery import send


def _stamp(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S") if moment is not None else ""


def pill_url(pill: Pill) -> str:
    return reverse("library:pill-detail", kwargs={"pill_id": pill.pk})


def _kind_words(pill: Pill) -> str:
    """What the author made, as a noun phrase in the active language."""
    words = {
        "video": _("a video pill"),
        "audio": _("an audio pill"),
        "text": _("a written pill"),
        "link": _("a pill with a link"),
        "image": _("a pill with a picture"),
        "pdf": _("a pill with a document"),
    }
    return str(words.get(pill.kind, _("a pill")))


def pill_recorded_for_you(*, pill: Pill, person: Person) -> bool:
    """To the person a pill was made for, or the author's partner in its pair: once per pill."""
    author = pill.author
    return send(
        organization=pill.organization,
        person=person,
        kind="pill_recorded_for_you",
        url=pill_url(pill),
        title=lambda c: _("%(name)s recorded a pill for you") % {"name": author.full_name},
        summary=lambda c: (
            _("%(name)s made %(what)s for you: “%(title)s”.")
            % {"name": author.full_name, "what": _kind_words(pill), "title": pill.title}
        ),
        context={"pill": pill, "author": author, "organization": pill.organization},
    )


def pill_review_requested(*, pill: Pill, person: Person) -> bool:
    """To each program manager when an author asks to share a pill with everyone: once per request."""
    author = pill.author
    queue = reverse("library:review-queue")
    return send(
        organization=pill.organization,
        person=person,
        kind="pill_review_requested",
        url=f"{queue}?requested={_stamp(pill.org_consent_at)}#pill-{pill.pk}",
        title=lambda c: _("A pill waits for your approval: “%(title)s”") % {"title": pill.title},
        summary=lambda c: (
            _("%(name)s would like everyone in %(organization)s to see this pill. Approve it or tell them why not.")
            % {"name": author.full_name, "organization": pill.organization.name}
        ),
        context={"pill": pill, "author": author, "organization": pill.organization, "for_managers": True},
    )


def pill_approved(*, pill: Pill) -> bool:
    """To the author once a program manager approved the pill for everyone: once per review."""
    return send(
        organization=pill.organization,
        person=pill.author,
        kind="pill_approved",
        url=f"{pill_url(pill)}#reviewed-{_stamp(pill.org_reviewed_at)}",
        title=lambda c: _("Your pill is shared with everyone: “%(title)s”") % {"title": pill.title},
        summary=lambda c: (
            _("A program manager approved it. Everyone in %(organization)s can now find it in the library.")
            % {"organization": pill.organization.name}
        ),
        context={"pill": pill, "organization": pill.organization},
    )


def pill_not_approved(*, pill: Pill) -> bool:
    """To the author when a program manager kept the pill from everyone, with their note."""
    note = pill.org_review_note
    return send(
        organization=pill.organization,
        person=pill.author,
        kind="pill_not_approved",
        url=f"{pill_url(pill)}#reviewed-{_stamp(pill.org_reviewed_at)}",
        title=lambda c: _("Your pill was not approved for everyone: “%(title)s”") % {"title": pill.title},
        summary=lambda c: (
            _("The people it was made for still see it. The program manager wrote: “%(note)s”") % {"note": note}
        ),
        context={"pill": pill, "organization": pill.organization, "note": note},
    )


def review_managers(pill: Pill) -> list[Person]:
    """Who is asked to approve a pill: the organisation's program managers, or its admins when it
    has none; never the author, whose own request it is."""
    organization = pill.organization
    own = [pill.author.user_id] if pill.author.user_id is not None else []
    memberships = list(
        Membership.objects.for_organization(organization)
        .filter(role__in=[Role.MANAGER, Role.ADMIN], user__is_active=True)
        .exclude(user_id__in=own)
        .select_related("user")
        .order_by("user__email")
    )
    managers = [m.user for m in memberships if m.role == Role.MANAGER]
    users = managers or [m.user for m in memberships if m.role == Role.ADMIN]
    profiles = {
        person.user_id: person
        for person in Person.objects.for_organization(organization).filter(user__in=users).select_related("user")
    }
    return [profiles.get(user.pk) or _stand_in(organization, user) for user in users]


def _stand_in(organization: Organization, user: User) -> Person:
    """An unsaved profile for a manager who has none: a message needs a name, language and zone."""
    return Person(
        organization=organization,
        user=user,
        email=user.email,
        first_name=user.get_short_name(),
        last_name="",
        time_zone=user.time_zone,
    )
