"""Browsing the organisation's competence frameworks, and the admins' own skills."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ponte.core.errors import DomainError
from ponte.core.htmx import template_for
from ponte.organizations.access import admin_required, member_required
from ponte.organizations.http import TenantRequest

from . import services
from .access import get_organization_skill_for
from .forms import OrganizationSkillEditForm, OrganizationSkillForm
from .models import Framework, Skill, SkillArea


def _name_field() -> str:
    language = (get_language() or "en")[:2]
    return f"name_{language if language in ('it', 'en') else 'en'}"


@require_GET
@member_required
def framework_list(request: TenantRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    is_admin = request.membership.is_admin
    skills = Skill.objects.all() if is_admin else Skill.objects.filter(is_active=True)
    if query:
        skills = skills.filter(Q(**{f"{_name_field()}__icontains": query}) | Q(code__startswith=query))
    areas = SkillArea.objects.prefetch_related(Prefetch("skills", queryset=skills, to_attr="listed_skills"))
    frameworks = list(
        Framework.objects.visible_to(request.organization).prefetch_related(
            Prefetch("areas", queryset=areas, to_attr="listed_areas")
        )
    )
    for framework in frameworks:
        framework.listed_areas = [area for area in framework.listed_areas if area.listed_skills]
    frameworks = [framework for framework in frameworks if framework.listed_areas]
    context = {"frameworks": frameworks, "q": query, "is_admin": is_admin}
    return render(request, template_for(request, "skills/framework_list.html", "frameworks"), context)


@require_http_methods(["GET", "POST"])
@admin_required
def skill_create(request: TenantRequest) -> HttpResponse:
    form = OrganizationSkillForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                skill = services.organization_skill_create(organization=request.organization, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Added the skill “%(skill)s”.") % {"skill": skill.name})
                return redirect("skills:framework-list")
    return render(request, "skills/skill_form.html", {"form": form, "skill": None}, status=status)


@require_http_methods(["GET", "POST"])
@member_required
def skill_edit(request: TenantRequest, skill_id: int) -> HttpResponse:
    skill = get_organization_skill_for(request, skill_id)
    initial = {
        field: getattr(skill, field)
        for field in ("name_it", "name_en", "description_it", "description_en", "is_active")
    }
    form = OrganizationSkillEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.organization_skill_update(skill=skill, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Saved the skill “%(skill)s”.") % {"skill": skill.name})
                return redirect("skills:framework-list")
    return render(request, "skills/skill_form.html", {"form": form, "skill": skill}, status=status)
