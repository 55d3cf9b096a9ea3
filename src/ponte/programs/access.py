"""Gates for programs and enrolments: tenant lookup first (404), then the role (403).

See docs/decisions/0002: another organisation's ids are never found, whatever the caller's role.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ponte.organizations.access import require_role
from ponte.organizations.http import TenantRequest
from ponte.organizations.models import Role
from ponte.people.models import Person

from .models import Enrolment, Program, ProgramStatus

#: What participants may see of a program: drafts and closed programs are managers' business.
VISIBLE_TO_PARTICIPANTS = frozenset({ProgramStatus.ENROLLING, ProgramStatus.MATCHING, ProgramStatus.RUNNING})


def get_program_for(request: TenantRequest, program_id: int, *, manage: bool = False) -> Program:
    """A program of the viewer's organisation.

    ``manage``: program managers and admins only (403 for others). Otherwise participants see
    programs that are enrolling, matching or running; the others do not exist for them (404).
    """
    program = Program.objects.for_organization(request.organization).filter(pk=program_id).first()
    if program is None:
        raise Http404
    if manage:
        require_role(request, Role.ADMIN, Role.MANAGER)
    elif not request.membership.can_manage_programs and program.status not in VISIBLE_TO_PARTICIPANTS:
        raise Http404
    return program


def get_own_person_for_programs(request: TenantRequest) -> Person:
    person: Person | None = getattr(request, "person", None)
    if person is None:
        raise PermissionDenied(_("You need a profile in this organisation to take part in programs."))
    return person


def get_enrolment_for(
    request: TenantRequest, enrolment_id: int, *, manage: bool = False, own: bool = False
) -> Enrolment:
    """An enrolment of the viewer's organisation.

    By default its owner or a program manager may see it; ``manage`` is for managers only and
    ``own`` for the person who enrolled only (editing, withdrawing).
    """
    enrolment = (
        Enrolment.objects.for_organization(request.organization)
        .select_related("program", "person__department")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None:
        raise Http404
    person: Person | None = getattr(request, "person", None)
    is_owner = person is not None and enrolment.person_id == person.pk
    if manage:
        require_role(request, Role.ADMIN, Role.MANAGER)
    elif own and not is_owner:
        raise PermissionDenied(_("Only the person who enrolled can change this enrolment."))
    elif not (is_owner or request.membership.can_manage_programs):
        raise PermissionDenied(_("You can only see your own enrolments."))
    return enrolment
