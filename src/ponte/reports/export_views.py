"""Downloads for program managers and organisation admins: the exports and the program report.

Another organisation's program is never found (404); participants get 403. No audit entry: the
exports and the report hold no confidential record (no answer, rating, feedback or note), only
what the team pages and the dashboards already show these readers.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest
from ponte.programs.access import get_program_for
from ponte.programs.models import Program

from .dashboard import build_dashboard
from .exports import Format, Kind, build_table, csv_chunks, filename, write_xlsx
from .pdf import program_report_pdf
from .scope import Scope

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _private(response: HttpResponseBase, name: str) -> HttpResponseBase:
    """A download of people's data: saved as ``name``, never kept by a shared cache or the browser."""
    response["Content-Disposition"] = content_disposition_header(True, name)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _require_manager(request: TenantRequest) -> None:
    if not request.membership.can_manage_programs:
        raise PermissionDenied(_("Only program managers and organisation admins can download reports."))


@require_GET
@member_required
def export(request: TenantRequest, kind: str, fmt: str) -> HttpResponseBase:
    """``kind`` (pairs, meetings, checkins) as ``fmt`` (csv, xlsx), for ``?program=<id>`` or every program."""
    try:
        chosen, file_format = Kind(kind), Format(fmt)
    except ValueError:
        return _bad_request(_("Unknown export: choose pairs, meetings or checkins, as csv or xlsx."))
    raw_program = request.GET.get("program", "")
    program: Program | None = None
    if raw_program:
        if not (raw_program.isascii() and raw_program.isdigit()):
            return _bad_request(_("The program must be given by its number."))
        program = get_program_for(request, int(raw_program), manage=True)
    else:
        _require_manager(request)
    today = timezone.localdate()
    table = build_table(chosen, Scope(request.organization, program), today)
    name = filename(chosen, program, today, file_format)
    if file_format is Format.CSV:
        streamed = StreamingHttpResponse(csv_chunks(table), content_type="text/csv; charset=utf-8")
        return _private(streamed, name)
    return _private(FileResponse(write_xlsx(table), content_type=XLSX_TYPE), name)


@require_GET
@member_required
def program_pdf(request: TenantRequest, program_id: int) -> HttpResponseBase:
    """The program report as a PDF, in the reader's language."""
    program = get_program_for(request, program_id, manage=True)
    dashboard = build_dashboard(Scope(request.organization, program))
    response = HttpResponse(program_report_pdf(dashboard), content_type="application/pdf")
    return _private(response, f"ponte-report-{program.slug}-{timezone.localdate().isoformat()}.pdf")
