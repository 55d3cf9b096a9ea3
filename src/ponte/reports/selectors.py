"""Read-only figures for the landing dashboards."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ponte.accounts.models import Invitation
from ponte.organizations.models import Department, Membership, Organization, Role
from ponte.people.choices import Generation, generation_for
from ponte.people.models import ImportJob, Person

from .privacy import suppress_small_groups


@dataclass(frozen=True)
class ProfileStep:
    label: str
    done: bool
    url_name: str


@dataclass(frozen=True)
class GenerationCount:
    label: str
    count: int | None  # None: withheld for k-anonymity


def organization_overview(organization: Organization) -> dict[str, object]:
    people = Person.objects.for_organization(organization)
    counts = people.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(is_active=True)),
        with_account=Count("pk", filter=Q(user__isnull=False)),
    )
    roles = dict(
        Membership.objects.for_organization(organization).values_list("role").annotate(n=Count("pk")).order_by()
    )
    return {
        "people_total": counts["total"],
        "people_active": counts["active"],
        "people_with_account": counts["with_account"],
        "departments": Department.objects.for_organization(organization).count(),
        "admins": roles.get(Role.ADMIN, 0),
        "managers": roles.get(Role.MANAGER, 0),
        "participants": roles.get(Role.PARTICIPANT, 0),
        "pending_invitations": Invitation.objects.usable().filter(organization=organization).count(),
        "recent_imports": list(ImportJob.objects.for_organization(organization).order_by("-created_at")[:5]),
    }


def generation_mix(organization: Organization) -> list[GenerationCount]:
    """Active people per generation, k-anonymous even next to the total of active people."""
    years = Person.objects.for_organization(organization).active().values_list("birth_year", flat=True)
    tally = dict.fromkeys(Generation, 0)
    unknown = 0
    for year in years:
        generation = generation_for(year)
        if generation is None:
            unknown += 1
        else:
            tally[generation] += 1
    shown = suppress_small_groups(tally, ungrouped=unknown)
    return [GenerationCount(str(generation.label), shown[generation]) for generation in Generation]


def profile_steps(person: Person) -> list[ProfileStep]:
    return [
        ProfileStep(_("Languages you speak"), bool(person.languages), "people:profile-edit"),
        ProfileStep(_("How you like to communicate"), bool(person.channels), "people:profile-edit"),
        ProfileStep(_("When you are available"), person.availability.exists(), "people:availability-edit"),
        ProfileStep(_("Skills you can teach"), person.offers.exists(), "people:my-skills"),
        ProfileStep(_("Skills you want to learn"), person.wants.exists(), "people:my-skills"),
    ]
