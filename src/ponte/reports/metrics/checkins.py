"""Check-in trends: how satisfied people are with their pair and how much they learn, month by month.

A check-in is one person's answer, so with a group filter only the group's own answers count (not
their partners'). Means and spreads are computed by the database: the standard deviation comes
from the means of x and x², which SQLite and PostgreSQL both have.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping
from datetime import date
from typing import Any

from django.db.models import Aggregate, Avg, Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from ponte.core.privacy import WITHHELD, Figure, Measure
from ponte.feedback.models import CheckIn

from ..scope import Scope
from ..sections import Measures, Point, Series, Trends, reviewed
from .months import month_index

SATISFACTION = "satisfaction"
LEARNING = "learning"
SCORES = (SATISFACTION, LEARNING)

#: The 1–5 scales read well to one decimal; a spread needs one more.
MEAN_DIGITS = 1
SPREAD_DIGITS = 2
SHARE_DIGITS = 3


def _checkins(scope: Scope) -> QuerySet[CheckIn]:
    return (
        CheckIn.objects.for_organization(scope.organization)
        .filter(scope.pair_q("pair__"), scope.person_q("person__"))
        .order_by()
    )


def _monthly(scope: Scope, months: list[date]) -> Measures:
    """Each month's mean score and the distinct people who gave one, in one grouped query."""
    rows = (
        _checkins(scope)
        .filter(answered_at__isnull=False)
        .annotate(month=month_index("answered_at", months))
        .values("month")
        .annotate(
            **{f"{score}_mean": Avg(score) for score in SCORES},
            **{
                f"{score}_people": Count("person", distinct=True, filter=Q(**{f"{score}__isnull": False}))
                for score in SCORES
            },
        )
    )
    found: dict[date, dict[str, Any]] = {months[row["month"]]: dict(row) for row in rows if row["month"] is not None}
    measures: Measures = {}
    for month in months:
        row = found.get(month)
        for score in SCORES:
            mean = row[f"{score}_mean"] if row is not None else None
            people = row[f"{score}_people"] if row is not None else 0
            measures[(score, month)] = Measure(round(mean, MEAN_DIGITS) if mean is not None else 0.0, people)
    return measures


def _overall(scope: Scope) -> Measures:
    """Overall means with their population standard deviation, answers and response rate."""
    answered = Q(answered_at__isnull=False)
    sent = Q(sent_at__isnull=False)
    aggregates: dict[str, Aggregate] = {
        "answers": Count("pk", filter=answered),
        "answer_people": Count("person", distinct=True, filter=answered),
        "sent": Count("pk", filter=sent),
        "sent_answered": Count("pk", filter=sent & answered),
        "sent_people": Count("person", distinct=True, filter=sent),
    }
    for score in SCORES:
        given = answered & Q(**{f"{score}__isnull": False})
        aggregates[f"{score}_mean"] = Avg(score, filter=given)
        aggregates[f"{score}_square"] = Avg(F(score) * F(score), filter=given)
        aggregates[f"{score}_people"] = Count("person", distinct=True, filter=given)
    totals = _checkins(scope).aggregate(**aggregates)
    measures: Measures = {
        "answers": Measure(totals["answers"], totals["answer_people"]),
        "response_rate": Measure(
            round(totals["sent_answered"] / totals["sent"], SHARE_DIGITS) if totals["sent"] else 0.0,
            totals["sent_people"],
        ),
    }
    for score in SCORES:
        mean, square = totals[f"{score}_mean"], totals[f"{score}_square"]
        if mean is None or square is None:
            measures[f"{score}_overall"] = Measure(0.0, 0)
            continue
        deviation = math.sqrt(max(float(square) - float(mean) ** 2, 0.0))
        measures[f"{score}_overall"] = Measure(
            round(float(mean), MEAN_DIGITS), totals[f"{score}_people"], round(deviation, SPREAD_DIGITS)
        )
    return measures


def _measurer(months: list[date]) -> Callable[[Scope], Measures]:
    def measure(scope: Scope) -> Measures:
        return _monthly(scope, months) | _overall(scope)

    return measure


def _series(figures: Mapping[Hashable, Figure], key: str, label: str, months: list[date]) -> Series:
    return Series(key=key, label=label, points=[Point(month, figures.get((key, month), WITHHELD)) for month in months])


def trends(scope: Scope, months: list[date]) -> Trends:
    """The check-in section for the scope over ``months`` (first days), reviewed for privacy."""
    figures = reviewed(scope, _measurer(months))
    return Trends(
        satisfaction=_series(figures, SATISFACTION, _("Satisfaction"), months),
        learning=_series(figures, LEARNING, _("Learning"), months),
        satisfaction_overall=figures.get(f"{SATISFACTION}_overall", WITHHELD),
        learning_overall=figures.get(f"{LEARNING}_overall", WITHHELD),
        answers=figures.get("answers", WITHHELD),
        response_rate=figures.get("response_rate", WITHHELD),
    )
