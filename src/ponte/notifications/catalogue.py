"""Every kind of message Ponte sends, in the groups the preferences page shows.

A kind that is not listed here cannot be switched off, so every function in ``messages`` has its
entry (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from ponte.organizations.models import Membership


@dataclass(frozen=True)
class Kind:
    key: str
    label: StrOrPromise
    description: StrOrPromise


@dataclass(frozen=True)
class Group:
    key: str
    title: StrOrPromise
    kinds: tuple[Kind, ...]
    managers_only: bool = False


GROUPS: tuple[Group, ...] = (
    Group(
        "partners",
        _("Partners and proposals"),
        (
            Kind(
                "program_invitation",
                _("Invitations to a program"),
                _("A program manager invites you to enrol in a reverse-mentoring program."),
            ),
            Kind("pair_proposed", _("A proposed partner"), _("Someone is proposed as your partner: please answer.")),
            Kind("pair_reminder", _("Reminders to answer"), _("You have not answered a partner proposal yet.")),
            Kind("pair_activated", _("A new pair"), _("You and your partner both accepted: you can start.")),
            Kind(
                "pair_closed_for_you",
                _("A proposal that will not go ahead"),
                _("A partner proposal is closed and we look for another partner."),
            ),
            Kind("pair_expired", _("An expired proposal"), _("The time to answer a partner proposal has ended.")),
            Kind("pair_paused", _("A pause"), _("Your pair is paused for a while.")),
            Kind("pair_resumed", _("The end of a pause"), _("Your pair starts again after a pause.")),
            Kind("pair_ended_for_you", _("A pair that ended"), _("Your reverse mentoring ended early.")),
        ),
    ),
    Group(
        "meetings",
        _("Meetings"),
        (
            Kind(
                "meeting_scheduled",
                _("A new meeting"),
                _("Your partner or you booked a meeting: the email carries the calendar invitation."),
            ),
            Kind("meeting_rescheduled", _("A changed meeting"), _("A meeting moved or changed its details.")),
            Kind("meeting_cancelled", _("A cancelled meeting"), _("A meeting will not take place.")),
            Kind("meeting_reminder", _("Meeting reminders"), _("A reminder the day before each meeting.")),
            Kind("pair_nudge", _("Time to meet again"), _("It has been a while since you and your partner met.")),
        ),
    ),
    Group(
        "feedback",
        _("Feedback and check-ins"),
        (
            Kind("kudos_received", _("Kudos"), _("Your partner sent you kudos after a meeting.")),
            Kind("checkin_due", _("Check-ins"), _("A short periodic check-in on how your reverse mentoring goes.")),
            Kind(
                "closure_due",
                _("The final assessment"),
                _("Your pair has ended: two minutes to say what you learned."),
            ),
        ),
    ),
    Group(
        "library",
        _("Experience pills"),
        (
            Kind(
                "pill_recorded_for_you",
                _("A pill for you"),
                _("A colleague recorded or wrote a pill for you or your pair."),
            ),
            Kind("pill_approved", _("Your pill for everyone"), _("A program manager approved your pill for everyone.")),
            Kind(
                "pill_not_approved",
                _("Your pill not approved for everyone"),
                _("A program manager kept your pill from the whole organisation, with a note."),
            ),
        ),
    ),
    Group(
        "managers",
        _("For program managers"),
        (
            Kind(
                "pair_at_risk",
                _("Pairs at risk"),
                _("A pair has stopped meeting, or its meetings did not take place."),
            ),
            Kind(
                "pill_review_requested",
                _("Pills waiting for approval"),
                _("An author asks to share a pill with the whole organisation."),
            ),
        ),
        managers_only=True,
    ),
)

KINDS: dict[str, Kind] = {kind.key: kind for group in GROUPS for kind in group.kinds}


def groups_for(membership: Membership) -> list[Group]:
    """The groups a member may set: the managers' group only for those who manage programs."""
    return [group for group in GROUPS if membership.can_manage_programs or not group.managers_only]
