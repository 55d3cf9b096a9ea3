"""The "My skills" editor: what a person can teach and wants to learn.

One view per URL. htmx requests get a fragment of ``people/skills/editor.html``; everything else
gets the full page (GET) or a redirect back to it (POST), so the editor works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from ponte.core.errors import DomainError
from ponte.core.htmx import is_htmx
from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest
from ponte.skills.models import Framework, ProficiencyLevel, Skill, SkillArea

from . import skill_services
from .models import Person, SkillOffer, SkillWant
from .skill_forms import SkillOfferForm, SkillRemoveForm, SkillWantForm

TEMPLATE = "people/skills/editor.html"
MIN_QUERY = 2
MAX_RESULTS = 60

Choices = list[tuple[int, str]]


@dataclass(frozen=True)
class EditorUrls:
    page: str
    offer: str
    offer_remove: str
    want: str
    want_remove: str


def _urls(person_id: int | None) -> EditorUrls:
    args: tuple[int, ...] = ()
    if person_id is None:
        page, prefix = "people:my-skills", "people:my-skill-"
    else:
        page, prefix, args = "people:person-skills", "people:person-skill-", (person_id,)
    return EditorUrls(
        page=reverse(page, args=args),
        offer=reverse(f"{prefix}offer-save", args=args),
        offer_remove=reverse(f"{prefix}offer-remove", args=args),
        want=reverse(f"{prefix}want-save", args=args),
        want_remove=reverse(f"{prefix}want-remove", args=args),
    )


def get_person_skills_for(request: TenantRequest, person_id: int | None) -> Person:
    """The person whose skills are edited: oneself, or (for an organisation admin) a colleague."""
    if person_id is None:
        person: Person | None = getattr(request, "person", None)
        if person is None:
            raise Http404
        return person
    person = Person.objects.for_organization(request.organization).filter(pk=person_id).first()
    if person is None:
        raise Http404
    own = getattr(request, "person", None)
    if (own is None or own.pk != person.pk) and not request.membership.is_admin:
        raise PermissionDenied(_("You do not have permission to do this."))
    return person


def _language_field(field: str) -> str:
    language = (get_language() or "en")[:2]
    return f"{field}_{language if language in ('it', 'en') else 'en'}"


class _Levels:
    """Level names per framework, read once per request."""

    def __init__(self, frameworks: Iterable[Framework]) -> None:
        self.max_level = {framework.pk: framework.max_level for framework in frameworks}
        self.names: dict[tuple[int, int], str] = {
            (level.framework_id, level.number): level.name
            for level in ProficiencyLevel.objects.filter(framework_id__in=self.max_level)
        }

    def label(self, framework_id: int, number: int) -> str:
        if number == 0:
            return _("0 · Not yet")
        name = self.names.get((framework_id, number))
        return f"{number} · {name}" if name else str(number)

    def choices(self, framework_id: int, low: int, high_offset: int = 0) -> Choices:
        high = self.max_level[framework_id] - high_offset
        return [(number, self.label(framework_id, number)) for number in range(low, high + 1)]


def _group(skills: Iterable[Skill]) -> list[tuple[Framework, list[tuple[SkillArea, list[Skill]]]]]:
    grouped = []
    for framework, framework_skills in groupby(skills, key=lambda skill: skill.area.framework):
        areas = [(area, list(area_skills)) for area, area_skills in groupby(framework_skills, key=lambda s: s.area)]
        grouped.append((framework, areas))
    return grouped


def _results(request: TenantRequest, query: str, area_id: str) -> dict[str, Any]:
    skills = Skill.objects.visible_to(request.organization).select_related("area__framework")
    if area_id.isdigit():
        skills = skills.filter(area_id=int(area_id))
        area = SkillArea.objects.filter(
            pk=int(area_id), framework__in=Framework.objects.visible_to(request.organization)
        ).first()
        return {"results": _group(skills), "results_area": area, "results_searched": area is not None}
    if len(query) < MIN_QUERY:
        return {"results": [], "results_searched": False}
    skills = skills.filter(Q(**{f"{_language_field('name')}__icontains": query}) | Q(code__startswith=query))
    found = list(skills[:MAX_RESULTS])
    return {"results": _group(found), "results_searched": True, "results_count": len(found)}


def _search_of(source: Any) -> tuple[str, str]:
    """The search (query, area) a request carries, so a fragment can re-render the same results."""
    return str(source.get("q", "")).strip()[:100], str(source.get("area", ""))


def _search_params(query: str, area_id: str) -> str:
    return urlencode({key: value for key, value in (("q", query), ("area", area_id)) if value})


def _search_suffix(query: str, area_id: str) -> str:
    params = _search_params(query, area_id)
    return f"&{params}" if params else ""


def _page_with_search(person_id: int | None, query: str, area_id: str) -> str:
    """The editor page showing the search the person came from (no-JavaScript redirect after adding)."""
    params = _search_params(query, area_id)
    page = _urls(person_id).page
    return f"{page}?{params}#skill-results" if params else page


def _add_panel(person: Person, request: TenantRequest, kind: str, skill_id: str, values: Any = None) -> dict[str, Any]:
    if kind not in {"offer", "want"} or not str(skill_id).isdigit():
        return {}
    skill = (
        Skill.objects.visible_to(request.organization)
        .select_related("area__framework")
        .filter(pk=int(skill_id))
        .first()
    )
    if skill is None:
        return {}
    levels = _Levels([skill.area.framework])
    framework_id = skill.area.framework_id
    related = person.offers if kind == "offer" else person.wants
    return {
        "kind": kind,
        "skill": skill,
        "already": related.filter(skill=skill).exists(),
        "level_choices": levels.choices(framework_id, 1),
        "current_choices": levels.choices(framework_id, 0, high_offset=1),
        "target_choices": levels.choices(framework_id, 1),
        "values": values or {},
    }


def _context(request: TenantRequest, person: Person, person_id: int | None, **extra: Any) -> dict[str, Any]:
    offers = list(
        SkillOffer.objects.filter(person=person).select_related("skill__area__framework").order_by(*_skill_order())
    )
    wants = list(
        SkillWant.objects.filter(person=person).select_related("skill__area__framework").order_by(*_skill_order())
    )
    entries: list[SkillOffer | SkillWant] = [*offers, *wants]
    levels = _Levels({entry.skill.area.framework for entry in entries})
    for offer in offers:
        offer.level_choices = levels.choices(offer.skill.area.framework_id, 1)  # type: ignore[attr-defined]
    for want in wants:
        framework_id = want.skill.area.framework_id
        want.current_choices = levels.choices(framework_id, 0, high_offset=1)  # type: ignore[attr-defined]
        want.target_choices = levels.choices(framework_id, 1)  # type: ignore[attr-defined]
    areas = SkillArea.objects.filter(framework__in=Framework.objects.visible_to(request.organization)).select_related(
        "framework"
    )
    browse = [
        (framework, list(framework_areas)) for framework, framework_areas in groupby(areas, key=lambda a: a.framework)
    ]
    own = getattr(request, "person", None)
    return {
        "person": person,
        "is_self": own is not None and own.pk == person.pk,
        "urls": _urls(person_id),
        "offers": offers,
        "wants": wants,
        "browse": browse,
        "offered_ids": {offer.skill_id for offer in offers},
        "wanted_ids": {want.skill_id for want in wants},
        "add": {},
        # Appended to the result links, so the add form knows which results to refresh afterwards.
        "search_params": _search_suffix(extra.get("q", ""), extra.get("area_id", "")),
        **extra,
    }


def _skill_order() -> list[str]:
    return ["skill__area__framework__position", "skill__area__position", "skill__position", "skill__code"]


@require_GET
@member_required
def my_skills(request: TenantRequest, person_id: int | None = None) -> HttpResponse:
    person = get_person_skills_for(request, person_id)
    query, area_id = _search_of(request.GET)
    add = _add_panel(person, request, request.GET.get("add", ""), request.GET.get("skill", ""))
    context = _context(
        request, person, person_id, q=query, area_id=area_id, add=add, **_results(request, query, area_id)
    )
    if is_htmx(request):
        if "add" in request.GET:
            return render(request, f"{TEMPLATE}#add_panel", context)
        if "q" in request.GET or "area" in request.GET:
            return render(request, f"{TEMPLATE}#results", context)
        return render(request, f"{TEMPLATE}#lists", context)
    return render(request, TEMPLATE, context)


def _first_error(form: Any) -> str:
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return _("Please check what you entered.")


def _handle(
    request: TenantRequest,
    person_id: int | None,
    form_class: type[SkillOfferForm | SkillWantForm | SkillRemoveForm],
    kind: str,
    action: Callable[[Person, Any], str],
) -> HttpResponse:
    person = get_person_skills_for(request, person_id)
    form = form_class(request.POST)
    adding = request.POST.get("mode") == "add"
    # The add form carries the search it came from, so the results can show the new "✓" at once.
    query, area_id = _search_of(request.POST) if adding else ("", "")
    try:
        if not form.is_valid():
            raise DomainError(_first_error(form))
        status = action(person, form)
    except DomainError as error:
        message = str(error.message)
        add = _add_panel(person, request, kind, request.POST.get("skill", ""), request.POST) if adding else {}
        search = _results(request, query, area_id) if adding else {}
        context = _context(
            request, person, person_id, error=message, add=add, add_error=adding, q=query, area_id=area_id, **search
        )
        if not is_htmx(request):
            return render(request, TEMPLATE, context, status=400)
        if adding:
            response = render(request, f"{TEMPLATE}#add_panel", context, status=400)
            return reswap(retarget(response, "#add-panel"), "innerHTML")
        return render(request, f"{TEMPLATE}#lists", context, status=400)
    if not is_htmx(request):
        messages.success(request, status)
        return redirect(_page_with_search(person_id, query, area_id))
    removed = form_class is SkillRemoveForm
    focus_skill = None if removed else form.cleaned_data["skill"].pk
    context = _context(
        request, person, person_id, status=status, focus_kind=kind, focus_skill=focus_skill, q=query, area_id=area_id
    )
    html = "".join(render_to_string(f"{TEMPLATE}#{name}", context, request=request) for name in ("lists", "status_oob"))
    if adding:
        context.update(_results(request, query, area_id))
        html += "".join(
            render_to_string(f"{TEMPLATE}#{name}", context, request=request)
            for name in ("add_panel_oob", "results_oob")
        )
    return HttpResponse(html)


@require_POST
@member_required
def skill_offer_save(request: TenantRequest, person_id: int | None = None) -> HttpResponse:
    def action(person: Person, form: SkillOfferForm) -> str:
        skill = form.cleaned_data["skill"]
        skill_services.skill_offer_set(
            person=person, skill=skill, level=form.cleaned_data["level"], only_new=form.adding
        )
        if form.adding:
            return _("Added “%(skill)s” to “I can teach”.") % {"skill": skill.name}
        return _("Saved the level of “%(skill)s”.") % {"skill": skill.name}

    return _handle(request, person_id, SkillOfferForm, "offer", action)


@require_POST
@member_required
def skill_offer_remove(request: TenantRequest, person_id: int | None = None) -> HttpResponse:
    def action(person: Person, form: SkillRemoveForm) -> str:
        skill = form.cleaned_data["skill"]
        skill_services.skill_offer_remove(person=person, skill=skill)
        return _("Removed “%(skill)s” from “I can teach”.") % {"skill": skill.name}

    return _handle(request, person_id, SkillRemoveForm, "offer", action)


@require_POST
@member_required
def skill_want_save(request: TenantRequest, person_id: int | None = None) -> HttpResponse:
    def action(person: Person, form: SkillWantForm) -> str:
        skill = form.cleaned_data["skill"]
        skill_services.skill_want_set(
            person=person,
            skill=skill,
            current_level=form.cleaned_data["current_level"],
            target_level=form.cleaned_data["target_level"],
            only_new=form.adding,
        )
        if form.adding:
            return _("Added “%(skill)s” to “I want to learn”.") % {"skill": skill.name}
        return _("Saved the levels of “%(skill)s”.") % {"skill": skill.name}

    return _handle(request, person_id, SkillWantForm, "want", action)


@require_POST
@member_required
def skill_want_remove(request: TenantRequest, person_id: int | None = None) -> HttpResponse:
    def action(person: Person, form: SkillRemoveForm) -> str:
        skill = form.cleaned_data["skill"]
        skill_services.skill_want_remove(person=person, skill=skill)
        return _("Removed “%(skill)s” from “I want to learn”.") % {"skill": skill.name}

    return _handle(request, person_id, SkillRemoveForm, "want", action)
