"""Gates for person profiles: tenant-scoped, 404 when invisible, 403 when not allowed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ponte.organizations.http import TenantRequest

from .models import Person


def get_own_person(request: TenantRequest) -> Person:
    person = getattr(request, "person", None)
    if person is None:
        raise Http404(_("You do not have a profile in this organisation."))
    return person


def get_person_for(request: TenantRequest, person_id: int, *, manage: bool = False) -> Person:
    """A person of the viewer's organisation.

    Program managers and admins may see profiles; only admins may change them (``manage``).
    Anyone may see their own profile.
    """
    person = Person.objects.for_organization(request.organization).with_profile().filter(pk=person_id).first()
    if person is None:
        raise Http404
    membership = request.membership
    if manage and not membership.is_admin:
        raise PermissionDenied(_("Only organisation admins can change people's profiles."))
    if not manage and not (membership.can_manage_programs or person.user_id == request.user.pk):
        raise PermissionDenied(_("You can only see your own profile."))
    return person
