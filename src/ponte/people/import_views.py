"""People import, for organisation admins: upload → columns → check → confirm → result."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ponte.core.htmx import template_for
from ponte.organizations.access import admin_required, member_required, require_role
from ponte.organizations.http import TenantRequest
from ponte.organizations.models import Role

from .import_forms import ImportMappingForm, ImportUploadForm
from .importing.messages import render_error
from .importing.parsing import FileProblem, read_table
from .importing.services import import_job_confirm, import_job_create, import_job_set_mapping
from .importing.values import as_text
from .models import ImportJob, ImportStatus

ERRORS_PER_PAGE = 100
SAMPLE_ROWS = 3
RUNNING = (ImportStatus.VALIDATING, ImportStatus.IMPORTING)
EDITABLE = (ImportStatus.UPLOADED, ImportStatus.INVALID, ImportStatus.READY)
_BIG_FIELDS = ("errors", "summary", "headers", "mapping")


def get_import_job_for(request: TenantRequest, job_id: int, *, light: bool = False) -> ImportJob:
    """The organisation's import job for its admins: 404 for another organisation's job (it does
    not exist here, whatever the role), then 403 for members who are not admins."""
    jobs = ImportJob.objects.for_organization(request.organization)
    if light:
        jobs = jobs.defer("errors")
    job = jobs.filter(pk=job_id).first()
    if job is None:
        raise Http404
    require_role(request, Role.ADMIN)
    return job


@admin_required
@require_http_methods(["GET", "POST"])
def import_start(request: TenantRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and form.table is not None:
        upload = form.cleaned_data["file"]
        job = import_job_create(
            organization=request.organization,
            user=request.user,
            data=form.data_bytes,
            filename=upload.name,
            table=form.table,
        )
        return redirect("people:import-mapping", job.pk)
    past = (
        ImportJob.objects.for_organization(request.organization).defer(*_BIG_FIELDS).select_related("created_by")[:20]
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "people/import/start.html", {"form": form, "jobs": past}, status=status)


def _samples(job: ImportJob) -> list[list[str]]:
    """A few values of each column, to help recognise it."""
    try:
        with job.file.open("rb") as handle:
            table = read_table(handle.read(), f"upload.{job.file_format}", max_rows=SAMPLE_ROWS)
    except (FileProblem, OSError, ValueError):
        return [[] for _header in job.headers]
    return [
        [as_text(cells[index]) for _number, cells in table.rows if index < len(cells) and cells[index] != ""]
        for index in range(len(job.headers))
    ]


@member_required
@require_http_methods(["GET", "POST"])
def import_mapping(request: TenantRequest, job_id: int) -> HttpResponse:
    job = get_import_job_for(request, job_id, light=True)
    if job.status not in EDITABLE:
        return redirect("people:import-detail", job.pk)
    form = ImportMappingForm(request.POST or None, headers=job.headers, mapping=job.mapping)
    if request.method == "POST" and form.is_valid():
        import_job_set_mapping(job=job, mapping=form.cleaned_data["mapping"])
        return redirect("people:import-detail", job.pk)
    samples = _samples(job)
    rows = [(field, samples[index] if index < len(samples) else []) for index, field in enumerate(form.rows())]
    status = 400 if request.method == "POST" else 200
    return render(request, "people/import/mapping.html", {"job": job, "form": form, "rows": rows}, status=status)


def _detail_context(request: TenantRequest, job: ImportJob) -> dict[str, Any]:
    summary = job.summary or {}
    context: dict[str, Any] = {
        "job": job,
        "running": job.status in RUNNING,
        "summary": summary,
        "preview": summary.get("preview", []),
        "error_count": summary.get("error_count", len(job.errors)),
        "editable": job.status in EDITABLE,
    }
    if job.errors:
        page = Paginator(job.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
        context["errors_page"] = page
        context["errors"] = [render_error(error) for error in page.object_list]
        context["truncated"] = summary.get("error_count", 0) > len(job.errors)
        context["stored_errors"] = len(job.errors)
    return context


@member_required
@require_http_methods(["GET"])
def import_detail(request: TenantRequest, job_id: int) -> HttpResponse:
    job = get_import_job_for(request, job_id)
    template = template_for(request, "people/import/detail.html", "job-status")
    return render(request, template, _detail_context(request, job))


@member_required
@require_POST
def import_confirm(request: TenantRequest, job_id: int) -> HttpResponse:
    job = get_import_job_for(request, job_id, light=True)
    if not import_job_confirm(job=job):
        messages.warning(request, _("This import is not ready to run, or it is already running."))
        return redirect("people:import-detail", job.pk)
    messages.success(request, _("The import has started."))
    return redirect("people:import-detail", job.pk)


def _spreadsheet_safe(value: str) -> str:
    # A cell starting with = + - @ would run as a formula when the report is opened in Excel.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@member_required
@require_http_methods(["GET"])
def import_errors(request: TenantRequest, job_id: int) -> HttpResponse:
    job = get_import_job_for(request, job_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Row"), _("Column"), _("Field"), _("Value"), _("Problem")])
    for error in job.errors:
        shown = render_error(error)
        writer.writerow(
            [
                shown["row"] or "",
                _spreadsheet_safe(shown["column"]),
                shown["field_label"],
                _spreadsheet_safe(shown["value"]),
                shown["message"],
            ]
        )
    return response
