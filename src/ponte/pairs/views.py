"""Pair pages: a participant's proposals and partners, one pair, and the program team's view.

One view per URL; htmx answers get the ``pair-card`` partial of the same template.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from ponte.core.errors import DomainError
from ponte.core.htmx import is_htmx
from ponte.matching.access import get_managed_program_for, get_run_for
from ponte.matching.forms import ManualPairForm, PublishForm
from ponte.matching.presentation import Viewer, explanation_parts, skill_ids_in, skill_names
from ponte.matching.services import current_run, reporting_line_allow
from ponte.matching.views import matching_page, matching_page_refused
from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest
from ponte.people.access import get_own_person
from ponte.people.choices import language_label
from ponte.people.models import Person
from ponte.programs.access import get_program_for

from . import events
from .access import get_pair_for, get_pair_to_answer, get_pair_to_manage, is_in_pair
from .agreement_views import agreement_summary
from .agreements import pairs_reciprocity
from .forms import AnswerForm
from .lifecycle import MAX_PAUSE_DAYS
from .lifecycle_forms import PauseForm
from .models import Pair, PairStatus, Response
from .overlap import shared_slots
from .publishing import match_run_publish, pair_create_manually
from .services import pair_remind, pair_respond

PAGE_SIZE = 50
MY_PAIRS_TEMPLATE = "pairs/my_pairs.html"
DETAIL_TEMPLATE = "pairs/pair_detail.html"


@dataclass
class PairCard:
    """One pair as one of its two people sees it. Never holds the partner's answer or note."""

    pair: Pair
    me: Person
    partner: Person
    my_side: str  # "junior" or "senior"
    my_answer: str
    state: str  # to_answer, waiting_partner, active, declined_by_me, closed, ended
    explanation: list[str] = field(default_factory=list)
    shared_languages: list[str] = field(default_factory=list)
    overlap_hours: int | None = None
    form: AnswerForm | None = None

    @property
    def can_answer(self) -> bool:
        return self.state in {"to_answer", "waiting_partner"}

    @property
    def answer_form(self) -> AnswerForm:
        return self.form or _answer_form(self.pair.pk)


def _answer_form(pair_id: int, data: Any = None) -> AnswerForm:
    # Unique ids: several cards, each with its own note field, share the "My partners" page.
    return AnswerForm(data, auto_id=f"pair-{pair_id}-%s")


def _state(pair: Pair, my_answer: str) -> str:
    if pair.status == PairStatus.PROPOSED:
        return "waiting_partner" if my_answer == Response.ACCEPTED else "to_answer"
    if pair.status == PairStatus.ACTIVE:
        return "active"
    if pair.status in {PairStatus.COMPLETED, PairStatus.ENDED_EARLY}:
        return "ended"
    if pair.status == PairStatus.DECLINED and my_answer == Response.DECLINED:
        return "declined_by_me"
    # Declined by the partner or expired: worded the same, so nobody learns who said no.
    return "closed"


#: Rules a manager may have overridden that would tell a participant about a colleague's private
#: wish or a manager's decision: kept out of what the two people read.
PRIVATE_RULES = frozenset({"AVOID_WISH", "PREFER_WISH", "FORBIDDEN"})


def _explanation(pair: Pair, names: dict[int, str], viewer: Viewer = None) -> list[str]:
    """Why this pair, in the viewer's language: what each teaches the other, channels, hours, languages.

    A participant reads it addressed to them ("Tom can take you …"): ``viewer`` is their side.

    Only the pair's facts are read, never its score parts, and wish-related rules are dropped:
    private wishes are never put into words.
    """
    facts = dict(pair.facts) if isinstance(pair.facts, dict) else {}
    facts.pop("components", None)
    facts["excluded_by"] = [name for name in facts.get("excluded_by", []) if name not in PRIVATE_RULES]
    parts = explanation_parts(
        facts, junior=pair.junior.first_name, senior=pair.senior.first_name, names=names, viewer=viewer
    )
    return [part[:1].upper() + part[1:] for part in parts]


def _skill_names(pairs: list[Pair]) -> dict[int, str]:
    return skill_names(skill_ids_in(pair.facts for pair in pairs if isinstance(pair.facts, dict)))


def _card(pair: Pair, me: Person, skills: dict[int, str], form: AnswerForm | None = None) -> PairCard:
    i_am_junior = me.pk == pair.junior_id
    partner = pair.senior if i_am_junior else pair.junior
    my_answer = pair.junior_response if i_am_junior else pair.senior_response
    facts = pair.facts if isinstance(pair.facts, dict) else {}
    shared = [code for code in me.languages if code in partner.languages]
    hours = facts.get("hours")
    return PairCard(
        pair=pair,
        me=me,
        partner=partner,
        my_side="junior" if i_am_junior else "senior",
        my_answer=my_answer,
        state=_state(pair, my_answer),
        explanation=_explanation(pair, skills, "junior" if i_am_junior else "senior"),
        shared_languages=[language_label(code) for code in shared],
        overlap_hours=hours if isinstance(hours, int) else None,
        form=form,
    )


def _my_pairs(request: TenantRequest, person: Person) -> list[Pair]:
    return list(
        Pair.objects.for_organization(request.organization)
        .involving(person)
        .select_related("program", "junior__department", "senior__department")
        .order_by("-created_at")
    )


@require_GET
@member_required
def my_pairs(request: TenantRequest) -> HttpResponse:
    person = get_own_person(request)
    pairs = _my_pairs(request, person)
    skills = _skill_names(pairs)
    cards = [_card(pair, person, skills) for pair in pairs]
    current = [card for card in cards if card.state in {"to_answer", "waiting_partner", "active"}]
    past = [card for card in cards if card not in current]
    return render(request, MY_PAIRS_TEMPLATE, {"current": current, "past": past})


def _lifecycle_context(request: TenantRequest, pair: Pair, viewer: Person | None) -> dict[str, Any]:
    """Which of pause / resume / end / complete the viewer may use on this pair."""
    in_pair = is_in_pair(pair, viewer)
    may_act = in_pair or request.membership.can_manage_programs
    active = pair.status == PairStatus.ACTIVE
    return {
        "can_pause": may_act and active and not pair.is_paused,
        "can_resume": may_act and pair.is_paused,
        "can_end": may_act and active,
        "can_complete": active and request.membership.can_manage_programs and not in_pair,
        "pause_form": PauseForm(),
        "max_pause_days": MAX_PAUSE_DAYS,
    }


def _partner_context(pair: Pair, me: Person) -> dict[str, Any]:
    partner = pair.partner_of(me)
    zone = partner.zone_name
    return {
        "partner_zone": zone,
        "partner_now": timezone.now().astimezone(zoneinfo.ZoneInfo(zone)),
        "same_zone": zone == me.zone_name,
        "shared_slots": shared_slots(me, partner, today=timezone.localdate()),
    }


@require_GET
@member_required
def pair_detail(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair = get_pair_for(request, pair_id)
    person: Person | None = getattr(request, "person", None)
    context: dict[str, Any] = {
        "pair": pair,
        **agreement_summary(pair, person),
        **_lifecycle_context(request, pair, person),
    }
    if person is not None and is_in_pair(pair, person):
        context["card"] = _card(pair, person, _skill_names([pair]))
        if pair.status == PairStatus.ACTIVE:
            context |= _partner_context(pair, person)
    else:
        context["as_manager"] = True
        _notes_shown(request, [pair])
    return render(request, DETAIL_TEMPLATE, context)


def _notes_shown(request: TenantRequest, pairs: list[Pair]) -> None:
    """Tell the audit log which private notes to HR a program manager is about to read."""
    pair_ids = [pair.pk for pair in pairs if pair.decline_note or pair.end_note]
    if pair_ids:
        events.hr_notes_read.send(
            sender=Pair, organization_id=request.organization.pk, pair_ids=pair_ids, actor_id=request.user.pk
        )


@require_POST
@member_required
def pair_answer(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair = get_pair_to_answer(request, pair_id)
    person = get_own_person(request)
    form = _answer_form(pair.pk, request.POST)
    status = 200
    if form.is_valid():
        try:
            pair = pair_respond(pair=pair, person=person, accept=form.accepts, note=form.cleaned_data["note"])
        except DomainError as error:
            messages.error(request, str(error.message))
            pair.refresh_from_db()
            status = 400
        else:
            if form.accepts:
                messages.success(request, _("Thank you: you accepted this proposal."))
            else:
                messages.success(request, _("You declined this proposal. We'll propose someone else."))
    else:
        status = 400
    if is_htmx(request):
        card = _card(pair, person, _skill_names([pair]), form=form if status == 400 else None)
        context = {"card": card, "pair": pair, "show_messages": True}
        return render(request, f"{DETAIL_TEMPLATE}#pair-card", context, status=status)
    if status == 400:
        card = _card(pair, person, _skill_names([pair]), form=form)
        return render(request, DETAIL_TEMPLATE, {"card": card, "pair": pair}, status=status)
    return redirect("pairs:my-pairs")


@require_GET
@member_required
def program_pairs(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_program_for(request, program_id, manage=True)
    pairs = (
        Pair.objects.for_organization(request.organization)
        .filter(program=program)
        .select_related("junior", "senior")
        # Pairs at risk first: they are what the program team acts on.
        .order_by(F("at_risk_since").asc(nulls_last=True), "status", "respond_by", "pk")
    )
    wanted = request.GET.get("status", "")
    if wanted in PairStatus.values:
        pairs = pairs.filter(status=wanted)
    elif wanted == "at_risk":
        pairs = pairs.filter(status=PairStatus.ACTIVE, at_risk_since__isnull=False)
    elif wanted == "paused":
        pairs = pairs.filter(status=PairStatus.ACTIVE, paused_at__isnull=False)
    else:
        wanted = ""
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    reciprocity = pairs_reciprocity([pair.pk for pair in page.object_list])
    rows = [(pair, reciprocity.get(pair.pk, (False, False))) for pair in page.object_list]
    _notes_shown(request, list(page.object_list))
    return render(
        request,
        "pairs/program_pairs.html",
        {
            "program": program,
            "page": page,
            "rows": rows,
            "statuses": [*PairStatus.choices, ("at_risk", _("At risk")), ("paused", _("Paused"))],
            "wanted": wanted,
            "status_query": urlencode({"status": wanted}) if wanted else "",
            "at_risk": Pair.objects.for_organization(request.organization)
            .filter(program=program, status=PairStatus.ACTIVE, at_risk_since__isnull=False)
            .count(),
        },
    )


@require_POST
@member_required
def pair_remind_view(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair = get_pair_to_manage(request, pair_id)
    try:
        people = pair_remind(pair=pair, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Reminder sent to %(names)s.")
            % {"names": ", ".join(p.full_name for p in (pair.junior, pair.senior) if p.pk in people)},
        )
    return redirect("pairs:program-pairs", program_id=pair.program_id)


@require_POST
@member_required
def run_publish(request: TenantRequest, run_id: int) -> HttpResponse:
    run = get_run_for(request, run_id)
    program = run.program
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm that you have reviewed the proposals."))
        return matching_page(request, program, run, status=400, publish_form=form)
    try:
        pairs = match_run_publish(run=run, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        program.refresh_from_db()
        return matching_page(request, program, run, status=400)
    messages.success(
        request,
        ngettext(
            "%(count)s pair was proposed. Both people of each pair can now accept or decline.",
            "%(count)s pairs were proposed. Both people of each pair can now accept or decline.",
            len(pairs),
        )
        % {"count": len(pairs)},
    )
    return redirect("matching:run-detail", run_id=run.pk)


@require_POST
@member_required
def pair_manual(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_managed_program_for(request, program_id)
    form = ManualPairForm(request.POST, program=program)
    if not form.is_valid():
        messages.error(request, _("Choose a junior and a senior among the approved enrolments."))
        return matching_page(request, program, current_run(program), status=400, manual_form=form)
    junior, senior = form.cleaned_data["junior"], form.cleaned_data["senior"]
    try:
        if form.cleaned_data["allow_reporting_line"]:
            reporting_line_allow(
                program=program, junior=junior, senior=senior, by=request.user, reason=form.cleaned_data["reason"]
            )
        result = pair_create_manually(program=program, junior=junior, senior=senior, by=request.user)
    except DomainError as error:
        return matching_page_refused(request, program, error, manual_form=form)
    if result.pair is not None:
        text = _("%(junior)s and %(senior)s were proposed to each other.")
    else:
        text = _(
            "%(junior)s and %(senior)s are paired by hand: the pair is pinned and will be published with the others."
        )
    messages.success(request, text % {"junior": junior.full_name, "senior": senior.full_name})
    return redirect("matching:program-matching", program_id=program.pk)
