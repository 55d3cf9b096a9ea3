"""Pausing, resuming, ending and completing a pair: its two people and program managers.

Managers act as managers only on pairs they are not part of; a manager in a pair acts as a person.
Completing a pair (done before the program closes) is for program managers only (403 otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ponte.core.errors import DomainError
from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest
from ponte.people.models import Person

from .access import get_pair_for, get_pair_to_manage, is_in_pair
from .lifecycle import pair_complete, pair_end, pair_pause, pair_resume
from .lifecycle_forms import EndForm, PauseForm
from .models import Pair

END_TEMPLATE = "pairs/pair_end.html"


def _actor(request: TenantRequest, pair: Pair) -> tuple[Person | None, bool]:
    """(the viewer's person, whether they act as a program manager) for a pair they may see."""
    person: Person | None = getattr(request, "person", None)
    if is_in_pair(pair, person):
        return person, False
    if not request.membership.can_manage_programs:
        raise PermissionDenied(_("Only the two people of the pair or a program manager can do this."))
    return person, True


@require_POST
@member_required
def pair_pause_view(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair = get_pair_for(request, pair_id)
    person, manager = _actor(request, pair)
    form = PauseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid date to resume, or leave it empty."))
        return redirect("pairs:pair-detail", pair_id=pair.pk)
    try:
        pair_pause(pair=pair, by=request.user, person=person, manager=manager, until=form.cleaned_data["until"])
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The pair is paused. Upcoming meetings were cancelled in both calendars."))
    return redirect("pairs:pair-detail", pair_id=pair.pk)


@require_POST
@member_required
def pair_resume_view(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair = get_pair_for(request, pair_id)
    person, manager = _actor(request, pair)
    try:
        pair_resume(pair=pair, person=person, manager=manager)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Welcome back: the pair is active again. Plan your next meeting."))
    return redirect("pairs:pair-detail", pair_id=pair.pk)


@require_http_methods(["GET", "POST"])
@member_required
def pair_end_view(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair = get_pair_for(request, pair_id)
    person, manager = _actor(request, pair)
    if request.method == "GET":
        return render(request, END_TEMPLATE, {"pair": pair, "form": EndForm(), "as_manager": manager})
    form = EndForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            pair_end(
                pair=pair,
                person=person,
                manager=manager,
                reason=data["reason"],
                note=data["note"],
                new_partner=data["new_partner"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _ended_message(manager=manager, new_partner=data["new_partner"]))
            return redirect("pairs:pair-detail", pair_id=pair.pk)
    return render(request, END_TEMPLATE, {"pair": pair, "form": form, "as_manager": manager}, status=400)


def _ended_message(*, manager: bool, new_partner: bool) -> str:
    if manager:
        return _("The pair has ended. Both people will be asked for their final assessment.")
    if new_partner:
        return _(
            "The pair has ended. We'll look for a new partner for you. "
            "Please take two minutes for the final assessment."
        )
    return _("The pair has ended. Please take two minutes for the final assessment.")


@require_POST
@member_required
def pair_complete_view(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair = get_pair_to_manage(request, pair_id)
    try:
        pair_complete(pair=pair)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The pair is completed. Both people will be asked for their final assessment."))
    return redirect("pairs:pair-detail", pair_id=pair.pk)
