from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ponte.core.errors import DomainError

from .access import admin_required, get_department_for, member_required
from .forms import DepartmentForm
from .http import TenantRequest
from .models import Department
from .services import department_delete, department_save


@dataclass(frozen=True)
class DepartmentRow:
    department: Department
    depth: int
    people: int


def _tree(departments: Sequence[Department]) -> list[DepartmentRow]:
    children: dict[int | None, list[Department]] = {}
    for department in departments:
        children.setdefault(department.parent_id, []).append(department)
    rows: list[DepartmentRow] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for department in sorted(children.get(parent_id, []), key=lambda d: d.name.lower()):
            rows.append(DepartmentRow(department, depth, getattr(department, "people_count", 0)))
            walk(department.pk, depth + 1)

    walk(None, 0)
    return rows


@require_GET
@admin_required
def department_list(request: TenantRequest) -> HttpResponse:
    departments = list(Department.objects.for_organization(request.organization).annotate(people_count=Count("people")))
    return render(request, "organizations/department_list.html", {"rows": _tree(departments)})


def _department_form(request: TenantRequest, department: Department | None) -> HttpResponse:
    initial = {"name": department.name, "parent": department.parent} if department else None
    form = DepartmentForm(request.POST or None, organization=request.organization, exclude=department, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                department_save(
                    organization=request.organization,
                    name=form.cleaned_data["name"],
                    parent=form.cleaned_data["parent"],
                    department=department,
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("The department is saved."))
                return redirect("organizations:department-list")
        status = 400
    return render(
        request, "organizations/department_form.html", {"form": form, "department": department}, status=status
    )


@require_http_methods(["GET", "POST"])
@admin_required
def department_create(request: TenantRequest) -> HttpResponse:
    return _department_form(request, None)


@require_http_methods(["GET", "POST"])
@member_required
def department_edit(request: TenantRequest, department_id: int) -> HttpResponse:
    return _department_form(request, get_department_for(request, department_id))


@require_POST
@member_required
def department_delete_view(request: TenantRequest, department_id: int) -> HttpResponse:
    department = get_department_for(request, department_id)
    try:
        department_delete(department=department)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("organizations:department-edit", department_id=department.pk)
    messages.success(request, _("The department is deleted."))
    return redirect("organizations:department-list")
