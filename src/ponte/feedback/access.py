"""Gates for check-ins: tenant lookup first (404), then who may see.

A check-in is its person's only: for everyone else — the partner included — it does not exist
(404). Program managers may open one person's answer only when that person asked HR to get in
touch (otherwise 404, as if it did not exist), never their own partner's, and every such read
is written to the audit log by the view.
"""

from __future__ import annotations

from django.http import Http404

from ponte.organizations.http import TenantRequest
from ponte.pairs.access import is_in_pair
from ponte.people.models import Person

from .models import CheckIn, ClosingSurvey


def _find(request: TenantRequest, checkin_id: int) -> CheckIn:
    checkin = (
        CheckIn.objects.for_organization(request.organization)
        .select_related("organization", "pair__program", "pair__junior", "pair__senior", "person")
        .filter(pk=checkin_id)
        .first()
    )
    if checkin is None:
        raise Http404
    return checkin


def get_own_checkin(request: TenantRequest, checkin_id: int) -> CheckIn:
    """A check-in sent to the viewer."""
    checkin = _find(request, checkin_id)
    person: Person | None = getattr(request, "person", None)
    if person is None or checkin.person_id != person.pk or checkin.sent_at is None:
        raise Http404
    return checkin


def get_checkin_to_read(request: TenantRequest, checkin_id: int) -> CheckIn:
    """An answered check-in whose person asked HR for contact, for a program manager."""
    checkin = _find(request, checkin_id)
    viewer: Person | None = getattr(request, "person", None)
    if not request.membership.can_manage_programs:
        raise Http404
    if not (checkin.contact_hr and checkin.answered_at is not None):
        raise Http404
    if viewer is not None and viewer.pk != checkin.person_id and is_in_pair(checkin.pair, viewer):
        raise Http404
    return checkin


def get_own_survey(request: TenantRequest, survey_id: int) -> ClosingSurvey:
    """A closing survey sent to the viewer; for everyone else, the partner included, it does not exist."""
    survey = (
        ClosingSurvey.objects.for_organization(request.organization)
        .select_related("organization", "pair__program", "pair__junior__user", "pair__senior__user", "person")
        .filter(pk=survey_id)
        .first()
    )
    person: Person | None = getattr(request, "person", None)
    if survey is None or person is None or survey.person_id != person.pk:
        raise Http404
    return survey
