"""Check-in pages: the person's open check-ins and answer form; the program manager's
k-anonymous summary and, for people who asked HR to get in touch, their answer (audit-logged).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from ponte.core.errors import DomainError
from ponte.core.privacy import K_ANONYMITY, K_ANONYMITY_TEXT
from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest
from ponte.people.access import get_own_person
from ponte.programs.access import get_program_for

from .access import get_checkin_to_read, get_own_checkin
from .feedback_selectors import program_feedback_summary
from .forms import CheckInForm
from .models import CheckIn
from .selectors import contact_requests, program_checkin_summary, program_closing_summary
from .services import checkin_answer, checkin_read_by_manager

ANSWER_TEMPLATE = "feedback/checkin_answer.html"


@require_GET
@member_required
def my_checkins(request: TenantRequest) -> HttpResponse:
    person = get_own_person(request)
    mine = CheckIn.objects.for_organization(request.organization).filter(person=person, sent_at__isnull=False)
    return render(
        request,
        "feedback/my_checkins.html",
        {
            "open": mine.open().select_related("pair__program").order_by("-due_on"),
            "answered": mine.answered().select_related("pair__program").order_by("-due_on")[:10],
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def checkin_answer_view(request: TenantRequest, checkin_id: int) -> HttpResponse:
    checkin = get_own_checkin(request, checkin_id)
    if request.method == "GET":
        form = None if checkin.is_answered else CheckInForm()
        return render(request, ANSWER_TEMPLATE, {"checkin": checkin, "form": form})
    form = CheckInForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            checkin_answer(
                checkin=checkin,
                by=get_own_person(request),
                satisfaction=data["satisfaction"],
                learning=data["learning"],
                comment=data["comment"],
                contact_hr=data["contact_hr"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _thanks(contact_hr=data["contact_hr"]))
            return redirect("feedback:my-checkins")
    return render(request, ANSWER_TEMPLATE, {"checkin": checkin, "form": form}, status=400)


def _thanks(*, contact_hr: bool) -> str:
    if contact_hr:
        return _("Thank you for your answer. HR will get in touch with you.")
    return _("Thank you for your answer.")


@require_GET
@member_required
def program_checkins(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_program_for(request, program_id, manage=True)
    return render(
        request,
        "feedback/program_checkins.html",
        {
            "program": program,
            "summary": program_checkin_summary(program),
            "closing": program_closing_summary(program),
            "feedback_summary": program_feedback_summary(program),
            "contacts": contact_requests(program, viewer=getattr(request, "person", None)),
            "k": K_ANONYMITY,
            "k_text": K_ANONYMITY_TEXT,
        },
    )


@never_cache
@require_GET
@member_required
def checkin_detail(request: TenantRequest, checkin_id: int) -> HttpResponse:
    checkin = get_checkin_to_read(request, checkin_id)
    checkin_read_by_manager(checkin=checkin, actor=request.user)
    return render(request, "feedback/checkin_detail.html", {"checkin": checkin})
