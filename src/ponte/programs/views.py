"""Program pages: management (managers, admins) and opt-in enrolment (every member).

One view per URL; htmx requests get a ``{% partialdef %}`` fragment of the same template.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ponte.core.errors import DomainError
from ponte.core.htmx import is_htmx
from ponte.organizations.access import manager_required, member_required
from ponte.organizations.http import TenantRequest
from ponte.people.models import Person

from .access import get_enrolment_for, get_own_person_for_programs, get_program_for
from .forms import EnrolmentFilterForm, EnrolmentForm, ProgramForm, TransitionForm
from .models import TRANSITIONS, Enrolment, EnrolmentRole, EnrolmentStatus, Program, ProgramStatus, WishKind
from .selectors import (
    catalogue_for,
    colleagues_matching,
    enrolment_counts,
    enrolment_skills,
    enrolments_for_review,
    enrolments_of,
    group_skills,
    open_programs_for,
    profile_skills,
    program_skills,
    programs_with_counts,
)
from .services import (
    enrolment_approve,
    enrolment_create,
    enrolment_update,
    enrolment_withdraw,
    enrolments_approve_all,
    program_close_enrolment,
    program_create,
    program_duplicate,
    program_transition,
    program_update,
)

PAGE_SIZE = 50
ENROLMENT_TEMPLATE = "programs/enrolment_form.html"


def _transition_label(current: str, target: str) -> str:
    labels: dict[tuple[str, str], str] = {
        (ProgramStatus.DRAFT, ProgramStatus.ENROLLING): _("Open enrolment"),
        (ProgramStatus.ENROLLING, ProgramStatus.DRAFT): _("Back to draft"),
        (ProgramStatus.ENROLLING, ProgramStatus.MATCHING): _("Close enrolment"),
        (ProgramStatus.MATCHING, ProgramStatus.ENROLLING): _("Reopen enrolment"),
        (ProgramStatus.MATCHING, ProgramStatus.RUNNING): _("Start the program"),
        (ProgramStatus.RUNNING, ProgramStatus.CLOSED): _("Close the program"),
    }
    return labels.get((current, target), str(ProgramStatus(target).label))


def _transitions(program: Program) -> list[dict[str, str]]:
    order = list(ProgramStatus.values)
    targets = sorted(TRANSITIONS[program.status], key=order.index)
    return [{"to": to, "label": _transition_label(program.status, to)} for to in targets]


def pairing_rules(program: Program) -> list[str]:
    """The program's hard rules in plain words, for managers and participants alike."""
    rules = []
    if program.require_different_department:
        rules.append(_("Partners always come from different departments."))
    else:
        rules.append(_("Partners may come from the same department."))
    if program.forbid_reporting_line:
        depth = program.reporting_line_depth
        if depth == 1:
            rules.append(_("Nobody is paired with their direct manager."))
        elif depth == 2:
            rules.append(_("Nobody is paired with their manager or their manager's manager."))
        else:
            rules.append(
                _("Nobody is paired with anyone up to %(depth)s levels above them in their reporting line.")
                % {"depth": depth}
            )
    else:
        rules.append(_("People may be paired inside their reporting line."))
    rules.append(_("At least one language in common (always)."))
    if program.max_time_zone_hours is not None:
        rules.append(
            ngettext(
                "Partners live at most %(hours)s hour apart.",
                "Partners live at most %(hours)s hours apart.",
                program.max_time_zone_hours,
            )
            % {"hours": program.max_time_zone_hours}
        )
    else:
        rules.append(_("No limit on the time-zone difference."))
    return rules


# ---------------------------------------------------------------------------------------------
# Program list and management
# ---------------------------------------------------------------------------------------------


@require_GET
@member_required
def program_list(request: TenantRequest) -> HttpResponse:
    person: Person | None = getattr(request, "person", None)
    context: dict[str, Any] = {
        "managed": list(programs_with_counts(request.organization)) if request.membership.can_manage_programs else None,
        "open_programs": list(open_programs_for(person)) if person else [],
        "my_enrolments": list(enrolments_of(person)) if person else [],
    }
    return render(request, "programs/program_list.html", context)


def _program_form_page(request: TenantRequest, program: Program | None) -> HttpResponse:
    catalogue = catalogue_for(request.organization)
    # The form works on a copy: a refused save must leave the program as it was.
    instance = copy.copy(program) if program else Program(organization=request.organization)
    form = ProgramForm(request.POST or None, instance=instance, organization=request.organization, catalogue=catalogue)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {name: value for name, value in form.cleaned_data.items() if not form.fields[name].disabled}
            try:
                if program is None:
                    saved = program_create(organization=request.organization, by=request.user, data=data)
                else:
                    saved = program_update(program=program, by=request.user, data=data)
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("“%(name)s” is saved.") % {"name": saved.name})
                return redirect("programs:program-detail", program_id=saved.pk)
        status = 400
    return render(request, "programs/program_form.html", {"form": form, "program": program}, status=status)


@require_http_methods(["GET", "POST"])
@manager_required
def program_create_view(request: TenantRequest) -> HttpResponse:
    return _program_form_page(request, None)


@require_http_methods(["GET", "POST"])
@member_required
def program_edit(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_program_for(request, program_id, manage=True)
    return _program_form_page(request, program)


def _detail_context(program: Program) -> dict[str, Any]:
    junior, senior = program_skills(program)
    counts = enrolment_counts(program)
    return {
        "program": program,
        "junior_groups": group_skills(junior),
        "senior_groups": group_skills(senior),
        "rules": pairing_rules(program),
        "counts": counts,
        "total_enrolled": sum(c.enrolled for c in counts),
        "total_pending": sum(c.pending for c in counts),
        "transitions": _transitions(program),
        "steps": ProgramStatus.choices,
    }


@require_GET
@member_required
def program_detail(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_program_for(request, program_id, manage=True)
    return render(request, "programs/program_detail.html", _detail_context(program))


def _refused(request: TenantRequest, program: Program, error: DomainError) -> HttpResponse:
    messages.error(request, str(error.message))
    return render(request, "programs/program_detail.html", _detail_context(program), status=400)


@require_POST
@member_required
def program_transition_view(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_program_for(request, program_id, manage=True)
    form = TransitionForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Choose a step for the program."))
        program_transition(program=program, to=form.cleaned_data["to"], by=request.user)
    except DomainError as error:
        program.refresh_from_db()
        return _refused(request, program, error)
    messages.success(
        request, _("“%(name)s” is now: %(status)s.") % {"name": program.name, "status": program.get_status_display()}
    )
    return redirect("programs:program-detail", program_id=program.pk)


@require_POST
@member_required
def program_duplicate_view(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_program_for(request, program_id, manage=True)
    copy_ = program_duplicate(program=program, by=request.user)
    messages.success(request, _("“%(name)s” is ready as a draft: check its dates and settings.") % {"name": copy_.name})
    return redirect("programs:program-edit", program_id=copy_.pk)


@require_POST
@member_required
def program_close_enrolment_view(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_program_for(request, program_id, manage=True)
    try:
        program_close_enrolment(program=program, by=request.user)
    except DomainError as error:
        program.refresh_from_db()
        return _refused(request, program, error)
    messages.success(request, _("Enrolment is closed. You can now run matching."))
    return redirect("programs:program-detail", program_id=program.pk)


# ---------------------------------------------------------------------------------------------
# Enrolments seen by managers
# ---------------------------------------------------------------------------------------------


def _enrolment_list_context(request: TenantRequest, program: Program) -> dict[str, Any]:
    form = EnrolmentFilterForm(request.GET or None)
    enrolments = enrolments_for_review(program)
    if form.is_valid():
        if role := form.cleaned_data.get("role"):
            enrolments = enrolments.filter(role=role)
        if status := form.cleaned_data.get("status"):
            enrolments = enrolments.filter(status=status)
    page = Paginator(enrolments, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for enrolment in rows:
        skills = list(enrolment.skills.all())
        enrolment.offer_list = [s for s in skills if s.direction == "offer"]  # type: ignore[attr-defined]
        enrolment.want_list = [s for s in skills if s.direction == "want"]  # type: ignore[attr-defined]
    query_string = request.GET.copy()
    query_string.pop("page", None)
    counts = enrolment_counts(program)
    return {
        "program": program,
        "form": form,
        "page": page,
        "enrolments": rows,
        "counts": counts,
        "total_pending": sum(c.pending for c in counts),
        "query_string": query_string.urlencode(),
        "can_approve": program.status in {ProgramStatus.ENROLLING, ProgramStatus.MATCHING},
    }


@require_GET
@member_required
def enrolment_list(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_program_for(request, program_id, manage=True)
    return render(request, "programs/enrolment_list.html", _enrolment_list_context(request, program))


@require_POST
@member_required
def enrolment_approve_all_view(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_program_for(request, program_id, manage=True)
    try:
        count = enrolments_approve_all(program=program, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return render(request, "programs/enrolment_list.html", _enrolment_list_context(request, program), status=400)
    messages.success(
        request,
        ngettext("%(count)s enrolment approved.", "%(count)s enrolments approved.", count) % {"count": count},
    )
    return redirect("programs:enrolment-list", program_id=program.pk)


@require_POST
@member_required
def enrolment_approve_view(request: TenantRequest, enrolment_id: int) -> HttpResponse:
    enrolment = get_enrolment_for(request, enrolment_id, manage=True)
    try:
        enrolment_approve(enrolment=enrolment, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        context = _enrolment_list_context(request, enrolment.program)
        return render(request, "programs/enrolment_list.html", context, status=400)
    messages.success(request, _("%(name)s is approved.") % {"name": enrolment.person.full_name})
    return redirect("programs:enrolment-list", program_id=enrolment.program_id)


# ---------------------------------------------------------------------------------------------
# Enrolment by the participant
# ---------------------------------------------------------------------------------------------


def _ids(values: Any) -> set[int]:
    return {int(v) for v in values if str(v).isdigit()}


def _enrolment_page(
    request: TenantRequest, program: Program, person: Person, enrolment: Enrolment | None
) -> HttpResponse:
    junior, senior = program_skills(program)
    if enrolment is None:
        prefill = profile_skills(person)
        initial: dict[str, Any] = {}
        default_role = str(EnrolmentRole.EITHER)
    else:
        prefill = enrolment_skills(enrolment)
        wishes = list(enrolment.wishes.values_list("person_id", "kind"))
        initial = {
            "role": enrolment.role,
            "motivation": enrolment.motivation,
            "goals": enrolment.goals,
            "availability_confirmed": enrolment.availability_confirmed,
            "prefer": [pk for pk, kind in wishes if kind == WishKind.PREFER],
            "avoid": [pk for pk, kind in wishes if kind == WishKind.AVOID],
        }
        default_role = enrolment.role
    role = request.GET.get("role", "")
    role = role if role in EnrolmentRole.values else default_role
    if enrolment is None:
        initial["role"] = role
    form = EnrolmentForm(
        request.POST or None,
        initial=initial,
        person=person,
        role=role,
        junior_skills=junior,
        senior_skills=senior,
        prefill=prefill,
    )
    source = request.POST if request.method == "POST" else request.GET
    query = source.get("q", "").strip()[:100]
    if request.method == "POST" or "q" in request.GET:
        prefer_ids = _ids(source.getlist("prefer"))
        avoid_ids = _ids(source.getlist("avoid"))
    else:
        prefer_ids, avoid_ids = _ids(initial.get("prefer", [])), _ids(initial.get("avoid", []))
    colleagues: Any = form.fields["prefer"]
    chosen = list(colleagues.queryset.filter(pk__in=prefer_ids | avoid_ids)) if prefer_ids | avoid_ids else []
    results = [p for p in colleagues_matching(person, query) if p.pk not in prefer_ids | avoid_ids] if query else []
    searching = request.method == "POST" and request.POST.get("action") == "search"
    if searching:
        # Searching without JavaScript re-renders the form as typed: no validation messages yet.
        form._errors = ErrorDict()  # type: ignore[attr-defined]
    context = {
        "program": program,
        "enrolment": enrolment,
        "form": form,
        "q": query,
        "results": results,
        "searched": len(query) >= 2,
        "rules": pairing_rules(program),
        "page_url": request.path,
        "availability_url": reverse("people:availability-edit"),
        "chosen_prefer": [p for p in chosen if p.pk in prefer_ids],
        "chosen_avoid": [p for p in chosen if p.pk in avoid_ids],
        "show_errors": False,
    }
    if request.method == "GET" and is_htmx(request):
        if "q" in request.GET:
            return render(request, f"{ENROLMENT_TEMPLATE}#colleague_results", context)
        if "role" in request.GET:
            return render(request, f"{ENROLMENT_TEMPLATE}#skills", context)
    status = 200
    if request.method == "POST" and not searching:
        context["show_errors"] = True
        if form.is_valid():
            try:
                if enrolment is None:
                    saved = enrolment_create(program=program, person=person, data=form.to_data())
                    message = _("You are enrolled in “%(name)s”. A program manager will confirm it.")
                else:
                    saved = enrolment_update(enrolment=enrolment, data=form.to_data())
                    message = _("Your enrolment in “%(name)s” is saved.")
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, message % {"name": program.name})
                return redirect("programs:enrolment-detail", enrolment_id=saved.pk)
        status = 400
    return render(request, ENROLMENT_TEMPLATE, context, status=status)


@require_http_methods(["GET", "POST"])
@member_required
def enrolment_create_view(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_program_for(request, program_id)
    person = get_own_person_for_programs(request)
    existing = Enrolment.objects.filter(program=program, person=person).first()
    if request.method == "GET":
        if existing is not None:
            messages.info(request, _("You are already enrolled in this program."))
            return redirect("programs:enrolment-detail", enrolment_id=existing.pk)
        if program.status != ProgramStatus.ENROLLING:
            messages.warning(request, _("This program is not open for enrolment."))
            return redirect("programs:program-list")
    return _enrolment_page(request, program, person, None)


def _enrolment_detail_context(request: TenantRequest, enrolment: Enrolment) -> dict[str, Any]:
    person: Person | None = getattr(request, "person", None)
    is_owner = person is not None and enrolment.person_id == person.pk
    skills = list(enrolment.skills.select_related("skill__area__framework").order_by("direction", "skill__code"))
    context: dict[str, Any] = {
        "enrolment": enrolment,
        "program": enrolment.program,
        "is_owner": is_owner,
        "offers": [s for s in skills if s.direction == "offer"],
        "wants": [s for s in skills if s.direction == "want"],
        "can_edit": is_owner and enrolment.program.status == ProgramStatus.ENROLLING,
        "can_withdraw": is_owner
        and enrolment.status != EnrolmentStatus.WITHDRAWN
        and enrolment.program.status in {ProgramStatus.ENROLLING, ProgramStatus.MATCHING},
        "can_approve": request.membership.can_manage_programs
        and enrolment.status == EnrolmentStatus.PENDING
        and enrolment.program.status in {ProgramStatus.ENROLLING, ProgramStatus.MATCHING},
    }
    if is_owner:
        # The wishes are private: only their author ever sees them (and matching reads them).
        wishes = list(enrolment.wishes.select_related("person"))
        context["prefer"] = [w.person for w in wishes if w.kind == WishKind.PREFER]
        context["avoid"] = [w.person for w in wishes if w.kind == WishKind.AVOID]
    return context


@require_GET
@member_required
def enrolment_detail(request: TenantRequest, enrolment_id: int) -> HttpResponse:
    enrolment = get_enrolment_for(request, enrolment_id)
    return render(request, "programs/enrolment_detail.html", _enrolment_detail_context(request, enrolment))


@require_http_methods(["GET", "POST"])
@member_required
def enrolment_edit(request: TenantRequest, enrolment_id: int) -> HttpResponse:
    enrolment = get_enrolment_for(request, enrolment_id, own=True)
    if request.method == "GET" and enrolment.program.status != ProgramStatus.ENROLLING:
        messages.warning(request, _("Enrolment is closed: your answers can no longer be changed."))
        return redirect("programs:enrolment-detail", enrolment_id=enrolment.pk)
    return _enrolment_page(request, enrolment.program, enrolment.person, enrolment)


@require_POST
@member_required
def enrolment_withdraw_view(request: TenantRequest, enrolment_id: int) -> HttpResponse:
    enrolment = get_enrolment_for(request, enrolment_id, own=True)
    try:
        enrolment_withdraw(enrolment=enrolment)
    except DomainError as error:
        messages.error(request, str(error.message))
        context = _enrolment_detail_context(request, enrolment)
        return render(request, "programs/enrolment_detail.html", context, status=400)
    messages.success(request, _("You have withdrawn from “%(name)s”.") % {"name": enrolment.program.name})
    return redirect("programs:program-list")
