"""Matching pages for program managers: run, follow progress, review, pin or forbid, pair by hand, publish.

One view per URL (parse → gate → service → render); a ``DomainError`` becomes a 400 with its message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from ponte.core.errors import DomainError
from ponte.core.htmx import is_htmx
from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest
from ponte.programs.models import Program, ProgramStatus

from .access import get_managed_program_for, get_proposal_for, get_run_for
from .forms import ForbidForm, ManualPairForm, PublishForm
from .models import MatchRun, PairDecision, Proposal, RunStatus, Unmatched
from .presentation import explanation_text, score_label, skill_ids_in, skill_names, unmatched_reason
from .services import current_run, match_run_start, pair_forbid, pair_pin

PAGE_SIZE = 100


TEMPLATE = "matching/program_matching.html"
RUNNING = (RunStatus.QUEUED, RunStatus.RUNNING)


def _figures(run: MatchRun) -> list[tuple[str, str]]:
    """The run's quality figures as (label, value) rows."""
    m = run.metrics or {}
    if not m:
        return []

    def pct(key: str) -> str:
        return f"{100 * float(m.get(key, 0.0)):.1f} %"

    def num(key: str, digits: int = 3) -> str:
        return f"{float(m.get(key, 0.0)):.{digits}f}"

    return [
        (_("Pairs"), str(m.get("pairs", 0))),
        (_("Pinned pairs"), str(m.get("pinned_pairs", 0))),
        (_("People enrolled (juniors / seniors)"), f"{m.get('juniors', 0)} / {m.get('seniors', 0)}"),
        (_("Participation rate (people with a partner)"), pct("participation")),
        (_("Juniors matched"), pct("juniors_matched")),
        (_("Seniors matched"), pct("seniors_matched")),
        (_("Total score"), num("total_score", 2)),
        (_("Mean score"), num("mean_score")),
        (_("10th percentile score"), num("p10_score")),
        (_("Lowest score"), num("min_score")),
        (_("Juniors with their best candidate (top 1)"), pct("juniors_top1")),
        (_("Juniors with one of their 5 best candidates (top 5)"), pct("juniors_top5")),
        (_("Seniors with their best candidate (top 1)"), pct("seniors_top1")),
        (_("Seniors with one of their 5 best candidates (top 5)"), pct("seniors_top5")),
        (_("Blocking pairs (both would rather be together)"), str(m.get("blocking_pairs", 0))),
        (_("Gap to the proven bound"), pct("gap")),
        (_("Time"), f"{float(m.get('time_total', 0.0)):.2f} s"),
    ]


def _headline(run: MatchRun) -> str:
    """The three figures a manager reads first; the full table stays one click away."""
    m = run.metrics or {}
    if not m:
        return ""
    pairs = int(m.get("pairs", 0))
    text = ngettext("%(count)d pair", "%(count)d pairs", pairs) % {"count": pairs}
    text += " · " + _("%(share)s of people have a partner") % {
        "share": f"{100 * float(m.get('participation', 0)):.0f} %"
    }
    text += " · " + _("average score %(score)s") % {"score": f"{float(m.get('mean_score', 0)):.2f}"}
    if float(m.get("gap", 1)) <= 1e-9:
        text += " · " + _("the best possible set of pairs (proven)")
    return text


def _proposal_rows(proposals: list[Proposal]) -> list[dict[str, Any]]:
    names = skill_names(skill_ids_in(p.facts for p in proposals))
    rows = []
    for p in proposals:
        junior, senior = p.junior.person.full_name, p.senior.person.full_name
        rows.append(
            {
                "proposal": p,
                "junior": junior,
                "senior": senior,
                "score": p.score,
                "label": score_label(p.score),
                "explanation": explanation_text(p.facts, junior=junior, senior=senior, names=names),
            }
        )
    return rows


def _context(request: TenantRequest, program: Program, run: MatchRun | None, **extra: Any) -> dict[str, Any]:
    runs = list(
        MatchRun.objects.filter(program=program).defer("metrics", "parameters").order_by("-created_at", "-pk")[:20]
    )
    context: dict[str, Any] = {
        "program": program,
        "run": run,
        "runs": runs,
        "running": run is not None and run.status in RUNNING,
        "can_run": program.status == ProgramStatus.MATCHING,
        "can_publish": run is not None and run.status == RunStatus.DONE and program.status == ProgramStatus.MATCHING,
        "manual_form": extra.pop("manual_form", None) or ManualPairForm(program=program),
        "forbid_form": ForbidForm(),
        "publish_form": extra.pop("publish_form", None) or PublishForm(),
        "decisions": list(
            PairDecision.objects.filter(program=program)
            .select_related("junior", "senior", "decided_by")
            .order_by("-created_at")[:50]
        ),
    }
    if run is not None and run.status in (RunStatus.DONE, RunStatus.PUBLISHED):
        if "metrics" in run.get_deferred_fields():
            run.refresh_from_db(fields=["metrics"])
        context["reviewed"] = True
        context["figures"] = _figures(run)
        context["headline"] = _headline(run)
        proposals = run.proposals.select_related("junior__person", "senior__person").order_by("-score", "pk")
        page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
        context["page"] = page
        context["proposal_rows"] = _proposal_rows(list(page.object_list))
        unmatched = list(
            Unmatched.objects.filter(run=run)
            .select_related("enrolment__person")
            .order_by("enrolment__person__last_name", "pk")[:500]
        )
        context["unmatched"] = [
            {
                "name": u.enrolment.person.full_name,
                "side": u.details.get("side", ""),
                "reason": unmatched_reason(u.reason, u.details),
            }
            for u in unmatched
        ]
        context["unmatched_total"] = (
            Unmatched.objects.filter(run=run).count() if len(unmatched) == 500 else len(unmatched)
        )
    context.update(extra)
    return context


def matching_page(
    request: TenantRequest, program: Program, run: MatchRun | None, status: int = 200, **extra: Any
) -> HttpResponse:
    """The matching page; the pairs app renders it too when publishing or pairing by hand fails."""
    return render(request, TEMPLATE, _context(request, program, run, **extra), status=status)


def matching_page_refused(
    request: TenantRequest, program: Program, error: DomainError | str, **extra: Any
) -> HttpResponse:
    messages.error(request, str(error.message if isinstance(error, DomainError) else error))
    return matching_page(request, program, current_run(program), status=400, **extra)


@require_GET
@member_required
def program_matching(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_managed_program_for(request, program_id)
    return matching_page(request, program, current_run(program))


@require_GET
@member_required
def run_detail(request: TenantRequest, run_id: int) -> HttpResponse:
    run = get_run_for(request, run_id)
    program = run.program
    if is_htmx(request):
        response = render(request, f"{TEMPLATE}#run-status", _context(request, program, run))
        if run.status not in RUNNING:
            response["HX-Refresh"] = "true"  # show the proposals: reload the whole page once
        return response
    return matching_page(request, program, run)


@require_POST
@member_required
def run_start(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_managed_program_for(request, program_id)
    try:
        run = match_run_start(program=program, by=request.user)
    except DomainError as error:
        return matching_page_refused(request, program, error)
    messages.success(request, _("Matching has started. This page shows its progress."))
    return redirect("matching:run-detail", run_id=run.pk)


@require_POST
@member_required
def proposal_pin(request: TenantRequest, proposal_id: int) -> HttpResponse:
    proposal = get_proposal_for(request, proposal_id)
    program = proposal.run.program
    junior, senior = proposal.junior.person, proposal.senior.person
    try:
        pair_pin(program=program, junior=junior, senior=senior, by=request.user, reason=_("Pinned from a proposal"))
    except DomainError as error:
        return matching_page_refused(request, program, error)
    messages.success(
        request,
        _("%(junior)s and %(senior)s will stay together when you run matching again.")
        % {"junior": junior.full_name, "senior": senior.full_name},
    )
    return redirect("matching:run-detail", run_id=proposal.run_id)


@require_POST
@member_required
def proposal_forbid(request: TenantRequest, proposal_id: int) -> HttpResponse:
    proposal = get_proposal_for(request, proposal_id)
    program = proposal.run.program
    junior, senior = proposal.junior.person, proposal.senior.person
    form = ForbidForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Please give a reason: it is kept with the decision."))
        pair_forbid(program=program, junior=junior, senior=senior, by=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        return matching_page_refused(request, program, error)
    messages.success(
        request,
        _("%(junior)s and %(senior)s will never be proposed together. Run matching again to find them new partners.")
        % {"junior": junior.full_name, "senior": senior.full_name},
    )
    return redirect("matching:run-detail", run_id=proposal.run_id)
