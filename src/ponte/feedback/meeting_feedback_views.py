"""The feedback page after a meeting, for the pair's two people only (managers 403, others 404).

The partner never sees the rating or what was learned; kudos are written for them to read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ponte.core.errors import DomainError
from ponte.meetings.access import get_meeting_for
from ponte.meetings.invites import local_time
from ponte.meetings.models import Meeting, MeetingStatus
from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest
from ponte.pairs.models import PairStatus
from ponte.people.access import get_own_person
from ponte.people.models import Person

from .feedback_selectors import LearningObjective, learning_objectives
from .meeting_feedback import meeting_feedback_give
from .meeting_feedback_forms import MeetingFeedbackForm
from .models import MeetingFeedback

TEMPLATE = "feedback/meeting_feedback.html"


def _objectives(meeting: Meeting, person: Person) -> list[LearningObjective]:
    # Progress is confirmed only while the pair runs; feedback on its history stays possible.
    if meeting.pair.status != PairStatus.ACTIVE:
        return []
    return learning_objectives(meeting.pair, person)


def _context(
    request: TenantRequest, meeting: Meeting, person: Person, form: MeetingFeedbackForm | None
) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "partner": meeting.pair.partner_of(person),
        "when": local_time(meeting.starts_at, person),
        "given": MeetingFeedback.objects.for_organization(request.organization)
        .filter(meeting=meeting, author=person)
        .first(),
        "form": form,
    }


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def meeting_feedback(request: TenantRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for(request, meeting_id)
    person = get_own_person(request)
    partner = meeting.pair.partner_of(person)
    if request.method == "GET":
        context = _context(request, meeting, person, None)
        if context["given"] is None and meeting.status == MeetingStatus.HELD:
            context["form"] = MeetingFeedbackForm(partner=partner, objectives=_objectives(meeting, person))
        return render(request, TEMPLATE, context)
    form = MeetingFeedbackForm(request.POST, partner=partner, objectives=_objectives(meeting, person))
    if form.is_valid():
        data = form.cleaned_data
        progress = form.progress()
        try:
            meeting_feedback_give(
                meeting=meeting,
                by=person,
                rating=data["rating"],
                learned=data["learned"],
                kudos=data["kudos"],
                progress=progress,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _thanks(partner, kudos=bool(data["kudos"].strip()), progress=bool(progress)))
            return redirect(f"{reverse('meetings:meeting-detail', args=[meeting.pk])}#feedback")
    return render(request, TEMPLATE, _context(request, meeting, person, form), status=400)


def _thanks(partner: Person, *, kudos: bool, progress: bool) -> str:
    name = partner.first_name or partner.full_name
    parts = [_("Thank you for your feedback.")]
    if kudos:
        parts.append(_("%(name)s will read your kudos.") % {"name": name})
    if progress:
        parts.append(_("Your progress is recorded: %(name)s's progress bar moved.") % {"name": name})
    return " ".join(parts)
