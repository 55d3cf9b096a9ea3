"""Agreement pages: the current version with progress, its history, editing, confirming, progress.

The two people of the pair change and confirm it; program managers read it (403 on writes);
anyone else gets 404 from the pair gate. Progress steps come only from the taught person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ponte.core.errors import DomainError
from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest
from ponte.people.choices import Channel
from ponte.people.models import Person

from .access import get_pair_for, is_in_pair
from .agreement_forms import AgreementForm, ProgressForm
from .agreements import (
    agreement_change,
    agreement_changes,
    agreement_confirm,
    agreement_draft,
    confirmed_levels,
    current_agreement,
    objective_progress_confirm,
    pair_reciprocity,
    taught_person_id,
)
from .models import Agreement, Direction, Objective, ObjectiveProgress, Pair, PairStatus

DETAIL_TEMPLATE = "pairs/agreement/agreement_detail.html"
EDIT_TEMPLATE = "pairs/agreement/agreement_form.html"
HISTORY_TEMPLATE = "pairs/agreement/agreement_history.html"


@dataclass
class ObjectiveRow:
    """One objective with who teaches whom and the level the learner confirmed."""

    objective: Objective
    teacher: Person
    learner: Person
    reached: int
    confirmed_by: Person | None
    form: ProgressForm | None = None

    @property
    def done(self) -> int:
        return self.reached - self.objective.start_level

    @property
    def steps(self) -> int:
        return self.objective.target_level - self.objective.start_level


def _viewer(request: TenantRequest) -> Person | None:
    return getattr(request, "person", None)


def _pair_to_change(request: TenantRequest, pair_id: int) -> tuple[Pair, Person]:
    """The pair and its person acting on it: managers read but may not change (403)."""
    pair = get_pair_for(request, pair_id)
    person = _viewer(request)
    if person is None or not is_in_pair(pair, person):
        raise PermissionDenied(_("Only the two people of a pair can change or confirm its agreement."))
    return pair, person


def _rows(
    pair: Pair, agreement: Agreement, viewer: Person | None, form: ProgressForm | None = None
) -> list[ObjectiveRow]:
    levels = confirmed_levels(pair)
    last = {
        step.objective_key: step
        for step in ObjectiveProgress.objects.filter(pair=pair).select_related("confirmed_by").order_by("level")
    }
    rows = []
    for objective in agreement.objectives.select_related("skill__area__framework"):
        junior_teaches = objective.direction == Direction.JUNIOR_TO_SENIOR
        teacher, learner = (pair.junior, pair.senior) if junior_teaches else (pair.senior, pair.junior)
        reached = min(levels.get(objective.key, objective.start_level), objective.target_level)
        step = last.get(objective.key)
        row = ObjectiveRow(objective, teacher, learner, reached, step.confirmed_by if step else None)
        can_confirm = (
            viewer is not None
            and viewer.pk == taught_person_id(pair, objective.direction)
            and pair.status == PairStatus.ACTIVE
            and reached < objective.target_level
        )
        if can_confirm:
            posted = form if form is not None and form.data.get("objective") == str(objective.key) else None
            row.form = posted or ProgressForm(
                objective=objective, reached=reached, auto_id=f"progress-{objective.key.hex}-%s"
            )
        rows.append(row)
    return rows


def agreement_summary(pair: Pair, viewer: Person | None, form: ProgressForm | None = None) -> dict[str, Any]:
    """What the pair page and the agreement page show: objectives both ways, progress, reciprocity."""
    agreement = current_agreement(pair)
    if agreement is None:
        return {"agreement": None, "can_draft": is_in_pair(pair, viewer) and pair.status == PairStatus.ACTIVE}
    rows = _rows(pair, agreement, viewer, form)
    forward, back = pair_reciprocity(pair)
    return {
        "agreement": agreement,
        "forward_rows": [row for row in rows if row.objective.direction == Direction.JUNIOR_TO_SENIOR],
        "back_rows": [row for row in rows if row.objective.direction == Direction.SENIOR_TO_JUNIOR],
        "reciprocity_forward": forward,
        "reciprocity_back": back,
        "channel_labels": [Channel(code).label for code in agreement.channels if code in Channel.values],
        "in_pair": is_in_pair(pair, viewer),
        "my_confirmation": _my_confirmation(pair, agreement, viewer),
        "can_change": is_in_pair(pair, viewer) and pair.status == PairStatus.ACTIVE,
    }


def _my_confirmation(pair: Pair, agreement: Agreement, viewer: Person | None) -> Any:
    if viewer is None or not is_in_pair(pair, viewer):
        return None
    return agreement.junior_confirmed_at if viewer.pk == pair.junior_id else agreement.senior_confirmed_at


def _page(request: TenantRequest, pair: Pair, *, form: ProgressForm | None = None, status: int = 200) -> HttpResponse:
    context = {"pair": pair, **agreement_summary(pair, _viewer(request), form)}
    return render(request, DETAIL_TEMPLATE, context, status=status)


@require_GET
@member_required
def agreement_detail(request: TenantRequest, pair_id: int) -> HttpResponse:
    return _page(request, get_pair_for(request, pair_id))


@require_POST
@member_required
def agreement_draft_view(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair, person = _pair_to_change(request, pair_id)
    try:
        agreement_draft(pair=pair, by=person)
    except DomainError as error:
        messages.error(request, str(error.message))
        return _page(request, pair, status=400)
    messages.success(request, _("Here is a first draft: change what you like, then confirm it."))
    return redirect("pairs:agreement", pair_id=pair.pk)


@require_POST
@member_required
def agreement_confirm_view(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair, person = _pair_to_change(request, pair_id)
    agreement = current_agreement(pair)
    version = request.POST.get("version", "")
    if agreement is None or version != str(agreement.version):
        messages.error(request, _("This agreement has changed since: read the new version first."))
        return _page(request, pair, status=400)
    try:
        agreement = agreement_confirm(agreement=agreement, person=person)
    except DomainError as error:
        messages.error(request, str(error.message))
        return _page(request, pair, status=400)
    if agreement.is_confirmed:
        messages.success(request, _("You both confirmed the agreement."))
    else:
        messages.success(request, _("You confirmed the agreement. Your partner is asked to confirm it too."))
    return redirect("pairs:agreement", pair_id=pair.pk)


@require_http_methods(["GET", "POST"])
@member_required
def agreement_edit(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair, person = _pair_to_change(request, pair_id)
    agreement = current_agreement(pair)
    if agreement is None:
        return redirect("pairs:agreement", pair_id=pair.pk)
    form = AgreementForm(request.POST or None, agreement=agreement)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                agreement_change(
                    agreement=agreement,
                    by=person,
                    cadence_days=data["cadence_days"],
                    meeting_minutes=data["meeting_minutes"],
                    channels=data["channels"],
                    confidentiality_note=data["confidentiality_note"].strip(),
                    objectives=form.changes(),
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Saved as a new version: you both confirm it again."))
                return redirect("pairs:agreement", pair_id=pair.pk)
    return render(request, EDIT_TEMPLATE, {"pair": pair, "agreement": agreement, "form": form}, status=status)


@require_POST
@member_required
def progress_confirm(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair, person = _pair_to_change(request, pair_id)
    key = request.POST.get("objective", "")
    form = ProgressForm(request.POST, auto_id=f"progress-{key.replace('-', '')[:32]}-%s")
    if form.is_valid():
        try:
            objective_progress_confirm(
                pair=pair,
                objective_key=form.objective_key(),
                person=person,
                level=form.cleaned_data["level"],
                note=form.cleaned_data["note"].strip(),
            )
        except DomainError as error:
            messages.error(request, str(error.message))
            return _page(request, pair, status=400)
        messages.success(request, _("Thank you: your progress is recorded."))
        return redirect("pairs:agreement", pair_id=pair.pk)
    messages.error(request, _("Your progress was not recorded: check the form below."))
    return _page(request, pair, form=form, status=400)


@require_GET
@member_required
def agreement_history(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair = get_pair_for(request, pair_id)
    versions = list(Agreement.objects.filter(pair=pair).select_related("created_by").order_by("-version"))
    entries = []
    for index, version in enumerate(versions):
        older = versions[index + 1] if index + 1 < len(versions) else None
        entries.append({"agreement": version, "changes": agreement_changes(older, version) if older else []})
    return render(request, HISTORY_TEMPLATE, {"pair": pair, "entries": entries})
