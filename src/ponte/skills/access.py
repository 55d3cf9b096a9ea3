"""Gates for competence frameworks and skills."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ponte.organizations.http import TenantRequest

from .models import Skill


def get_organization_skill_for(request: TenantRequest, skill_id: int) -> Skill:
    """One of the viewer's organisation's own skills, for an organisation admin to edit.

    Reference skills and other organisations' skills are never found (404); members who are not
    admins may see the skill but not edit it (403).
    """
    skill = (
        Skill.objects.select_related("area__framework")
        .filter(pk=skill_id, area__framework__organization=request.organization)
        .first()
    )
    if skill is None:
        raise Http404
    if not request.membership.is_admin:
        raise PermissionDenied(_("You do not have permission to do this."))
    return skill
