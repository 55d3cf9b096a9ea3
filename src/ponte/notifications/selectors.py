"""How a person wants each kind of message: read by every send and by the preferences page."""

from __future__ import annotations

from dataclasses import dataclass

from ponte.accounts.models import User
from ponte.organizations.models import Membership, Organization, Role
from ponte.pairs.models import Pair
from ponte.people.models import Person

from .models import NotificationPreference


@dataclass(frozen=True)
class Channels:
    email: bool = True
    in_app: bool = True


def preference_for(*, user: User, organization: Organization, kind: str) -> Channels:
    """No row means both channels: people switch messages off, never on."""
    row = (
        NotificationPreference.objects.for_organization(organization)
        .filter(user=user, kind=kind)
        .values_list("email", "in_app")
        .first()
    )
    return Channels() if row is None else Channels(email=row[0], in_app=row[1])


def preferences_of(*, user: User, organization: Organization) -> dict[str, Channels]:
    """Every kind the person changed, by kind; the others are at the default."""
    return {
        kind: Channels(email=email, in_app=in_app)
        for kind, email, in_app in NotificationPreference.objects.for_organization(organization)
        .filter(user=user)
        .values_list("kind", "email", "in_app")
    }


def managers_to_alert(pair: Pair) -> list[Person]:
    """Who hears that ``pair`` is at risk: the organisation's program managers, or its admins when
    it has none; never the pair's own two people, even when one of them manages programs."""
    own_users = [user_id for user_id in (pair.junior.user_id, pair.senior.user_id) if user_id is not None]
    memberships = (
        Membership.objects.for_organization(pair.organization)
        .filter(role__in=[Role.MANAGER, Role.ADMIN], user__is_active=True)
        .exclude(user_id__in=own_users)
        .select_related("user")
        .order_by("user__email")
    )
    by_role = {role: [m.user for m in memberships if m.role == role] for role in (Role.MANAGER, Role.ADMIN)}
    users = by_role[Role.MANAGER] or by_role[Role.ADMIN]
    profiles = {
        person.user_id: person
        for person in Person.objects.for_organization(pair.organization).filter(user__in=users).select_related("user")
    }
    return [profiles.get(user.pk) or _stand_in(pair.organization, user) for user in users]


def _stand_in(organization: Organization, user: User) -> Person:
    """An unsaved profile for a manager who has none (admins often don't): messages need only a
    name, a language and a time zone, which the account has."""
    return Person(
        organization=organization,
        user=user,
        email=user.email,
        first_name=user.get_short_name(),
        last_name="",
        time_zone=user.time_zone,
    )
