"""Inviting colleagues to enrol: opt-in stays theirs, the invitation only tells them the door is open."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ponte.accounts.models import User
from ponte.core.errors import DomainError
from ponte.organizations.models import Department
from ponte.people.models import Person

from .events import people_invited
from .models import Program, ProgramInvitation, ProgramStatus


def invitable_people(program: Program, department: Department | None = None) -> QuerySet[Person]:
    """Active colleagues with an account who have neither enrolled nor been invited yet."""
    people = (
        Person.objects.for_organization(program.organization)
        .active()
        .filter(user__isnull=False, user__is_active=True)
        .exclude(enrolments__program=program)
        .exclude(program_invitations__program=program)
    )
    if department is not None:
        people = people.filter(department=department)
    return people


def program_invite(*, program: Program, people: QuerySet[Person], by: User) -> int:
    """Invite ``people`` (already narrowed to the invitable) and tell them; returns how many."""
    if program.status != ProgramStatus.ENROLLING:
        raise DomainError(_("People can be invited only while the program is open for enrolment."))
    person_ids = list(people.values_list("pk", flat=True))
    with transaction.atomic():
        ProgramInvitation.objects.bulk_create(
            [
                ProgramInvitation(organization=program.organization, program=program, person_id=pk, invited_by=by)
                for pk in person_ids
            ],
            ignore_conflicts=True,  # someone invited them a moment ago: one invitation is enough
        )
        transaction.on_commit(lambda: people_invited.send(sender=Program, program_id=program.pk, person_ids=person_ids))
    return len(person_ids)
