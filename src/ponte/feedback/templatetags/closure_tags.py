"""Template tags of closing a pair: the person's open final assessments, and one pair's closure."""

from __future__ import annotations

from typing import Any

from django import template

from ponte.pairs.access import is_in_pair
from ponte.pairs.models import Pair

from ..models import ClosingSurvey

register = template.Library()


def _viewer(context: template.Context) -> tuple[Any, Any]:
    request = context.get("request")
    return getattr(request, "person", None), getattr(request, "organization", None)


@register.inclusion_tag("feedback/_open_closures_box.html", takes_context=True)
def open_closures_box(context: template.Context) -> dict[str, Any]:
    """The viewer's final assessments still to answer (for the home page)."""
    person, organization = _viewer(context)
    if person is None or organization is None:
        return {"open": []}
    rows = ClosingSurvey.objects.for_organization(organization).filter(person=person).open()
    return {"open": list(rows.select_related("pair__program", "pair__junior", "pair__senior")[:5]), "me": person}


@register.inclusion_tag("feedback/_pair_closure_box.html", takes_context=True)
def pair_closure_box(context: template.Context, pair: Pair) -> dict[str, Any]:
    """On an ended pair's page: the viewer's own final assessment, or how many answered (managers)."""
    person, _organization = _viewer(context)
    surveys = list(ClosingSurvey.objects.for_organization(pair.organization_id).filter(pair=pair))
    mine = next((s for s in surveys if person is not None and s.person_id == person.pk), None)
    return {
        "pair": pair,
        "mine": mine,
        "in_pair": is_in_pair(pair, person),
        "answered": sum(1 for s in surveys if s.is_answered),
        "asked": len(surveys),
    }
