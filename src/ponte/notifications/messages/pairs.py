"""Messages about proposals and pairs, and the invitation to enrol in a program.

Privacy: a closed proposal is worded the same whoever closed it and however; nothing here ever
names who declined or why.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from ponte.pairs.models import Pair
from ponte.people.models import Person
from ponte.programs.models import Program

from .delivery import my_pairs_url, pair_url, send, send_about_pair


def pair_proposed(*, pair: Pair, person: Person) -> bool:
    """To each person of a new proposal: who, why, and the deadline to answer."""
    return send_about_pair(
        pair=pair,
        person=person,
        kind="pair_proposed",
        url=my_pairs_url(pair),
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
    return send_about_pair(
        pair=pair,
        person=person,
        kind="pair_reminder",
        url=my_pairs_url(pair),
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
    return send_about_pair(
        pair=pair,
        person=person,
        kind="pair_activated",
        url=pair_url(pair),
        title=lambda c: _("You and %(name)s are now a pair") % {"name": c["partner"].full_name},
        summary=lambda c: (
            _("You both accepted: your reverse mentoring in %(program)s can start.") % {"program": c["program"].name}
        ),
    )


def pair_closed_for_you(*, pair: Pair, person: Person) -> bool:
    """To the person who did not close the proposal. No-fault: never says who or why."""
    return send_about_pair(
        pair=pair,
        person=person,
        kind="pair_closed_for_you",
        url=my_pairs_url(pair),
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
    return send_about_pair(
        pair=pair,
        person=person,
        kind="pair_expired",
        url=my_pairs_url(pair),
        title=lambda c: _("The time to answer your partner proposal has ended"),
        summary=lambda c: (
            _("The proposal in %(program)s is closed. We'll look for another partner for you.")
            % {"program": c["program"].name}
        ),
    )


def program_invitation(*, program: Program, person: Person) -> bool:
    """To a colleague a program manager invites to enrol: what the program is and where to enrol."""
    return send(
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
