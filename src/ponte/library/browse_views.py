"""The library's home (search with filters, newest first without words) and 'For me'.

Every list starts from ``access.visible_pills``: the search engine, the filters and the
recommendations only ever narrow what the viewer may already see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest

from .access import viewer, visible_pills
from .browse_forms import PillFilterForm
from .models import Pill, PillQuerySet
from .recommend import Recommendation, pills_for
from .search import has_terms, search_pills

HOME_TEMPLATE = "library/home.html"
FOR_ME_TEMPLATE = "library/for_me.html"
PER_PAGE = 20
STRIP_SIZE = 3


@dataclass(frozen=True)
class PillCard:
    """A pill as a card shows it. ``title_html`` and ``snippet`` are the search engine's
    highlighted text (safe strings) or the plain title and summary (escaped by the template)."""

    pill: Pill
    title_html: str
    snippet: str
    reasons: tuple[str, ...] = ()

    @property
    def duration(self) -> str:
        return duration_label(self.pill.duration_seconds)


def duration_label(seconds: float | None) -> str:
    """The length as "1:05" or "1:02:05"; empty when the pill has no duration."""
    if not seconds:
        return ""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def plain_cards(pills: list[Pill]) -> list[PillCard]:
    return [PillCard(pill=pill, title_html=pill.title, snippet=pill.summary) for pill in pills]


def recommendation_cards(recommendations: list[Recommendation]) -> list[PillCard]:
    return [
        PillCard(pill=rec.pill, title_html=rec.pill.title, snippet=rec.pill.summary, reasons=tuple(rec.reasons))
        for rec in recommendations
    ]


@dataclass(frozen=True)
class ResultsPage:
    """What ``components/pagination.html`` reads, for the search engine's pages and ours."""

    number: int
    num_pages: int
    has_next: bool
    has_previous: bool

    @property
    def paginator(self) -> ResultsPage:
        return self

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


@require_GET
@member_required
def pill_home(request: TenantRequest) -> HttpResponse:
    visible = visible_pills(request)
    form = PillFilterForm(request.GET or None, organization=request.organization, visible=visible)
    context: dict[str, Any] = {"form": form, "cards": [], "page": None, "total": 0, "query": ""}
    if form.is_bound and not form.is_valid():
        return render(request, HOME_TEMPLATE, context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    candidates = form.filter(visible) if form.is_bound else visible
    text = data.get("q") or ""
    number = data.get("page") or 1
    words = has_terms(text)
    if words:
        found = search_pills(text, candidates=candidates, page=number, per_page=PER_PAGE)
        cards = [PillCard(pill=r.pill, title_html=r.title_html, snippet=r.snippet) for r in found.results]
        page = ResultsPage(found.page, found.num_pages, found.has_next, found.has_previous)
        total = found.total
    else:
        cards, page, total = _newest(candidates, number)
    searching = words or form.has_filters
    person = viewer(request)
    strip = []
    if person is not None and not searching and number == 1:
        strip = recommendation_cards(pills_for(membership=request.membership, person=person, limit=STRIP_SIZE))
    context |= {
        "cards": cards,
        "page": page,
        "total": total,
        "searching": searching,
        "strip": strip,
        "query": urlencode([(key, str(value)) for key, value in request.GET.items() if key != "page" and value]),
    }
    return render(request, HOME_TEMPLATE, context)


def _newest(pills: PillQuerySet, number: int) -> tuple[list[PillCard], ResultsPage, int]:
    total = pills.count()
    num_pages = max(1, -(-total // PER_PAGE))
    number = min(number, num_pages)
    start = (number - 1) * PER_PAGE
    rows = list(pills.select_related("author").order_by("-published_at", "-pk")[start : start + PER_PAGE])
    return plain_cards(rows), ResultsPage(number, num_pages, number < num_pages, number > 1), total


@require_GET
@member_required
def pill_for_me(request: TenantRequest) -> HttpResponse:
    person = viewer(request)
    cards = recommendation_cards(pills_for(membership=request.membership, person=person)) if person else []
    return render(request, FOR_ME_TEMPLATE, {"cards": cards, "has_profile": person is not None})
