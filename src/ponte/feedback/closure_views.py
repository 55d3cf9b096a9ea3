"""The closing page: final assessments and survey, for the person it was sent to only."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ponte.core.errors import DomainError
from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest
from ponte.people.access import get_own_person

from .access import get_own_survey
from .closure import ClosingAnswers, closure_answer, closure_objectives
from .closure_forms import ClosingForm

TEMPLATE = "feedback/closure_answer.html"


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def closure_answer_view(request: TenantRequest, survey_id: int) -> HttpResponse:
    survey = get_own_survey(request, survey_id)
    person = get_own_person(request)
    partner = survey.pair.partner_of(person)
    objectives = closure_objectives(survey)
    context = {"survey": survey, "partner": partner}
    if survey.is_answered:
        return render(request, TEMPLATE, {**context, "form": None})
    if request.method == "GET":
        return render(request, TEMPLATE, {**context, "form": ClosingForm(objectives=objectives)})
    form = ClosingForm(request.POST, objectives=objectives)
    if form.is_valid():
        data = form.cleaned_data
        answers = ClosingAnswers(
            satisfaction=data["satisfaction"],
            learning=data["learning"],
            recommend=data["recommend"],
            most_valuable=data["most_valuable"],
            comment=data["comment"],
        )
        try:
            closure_answer(survey=survey, by=person, answers=answers, levels=form.levels())
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Thank you: your final assessment is recorded."))
            return redirect("pairs:pair-detail", pair_id=survey.pair_id)
    return render(request, TEMPLATE, {**context, "form": form}, status=400)
