"""Reciprocity: whether both partners of a pair learned something, not only the senior.

Only pairs whose current agreement sets objectives in both directions can be reciprocal, so they
are the denominator. Progress means what ``pairs_reciprocity`` says on the pair page: a level the
taught person confirmed on an objective of that direction.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from ponte.core.privacy import WITHHELD, Measure
from ponte.pairs.agreements import pairs_reciprocity
from ponte.pairs.models import Agreement, Direction, Objective

from ..scope import Scope
from ..sections import Measures, Reciprocity, reviewed

#: Shares are of a few hundred pairs at most per program: three decimals is a tenth of a percent.
SHARE_DIGITS = 3


def _two_way_pairs(scope: Scope) -> dict[int, tuple[int, int]]:
    """Junior and senior of each scope pair whose current agreement has objectives both ways."""
    latest = Agreement.objects.filter(pair_id=OuterRef("agreement__pair_id")).order_by("-version").values("version")[:1]
    rows = (
        Objective.objects.filter(scope.pair_q("agreement__pair__"), agreement__version=Subquery(latest))
        .values_list("agreement__pair_id", "direction", "agreement__pair__junior_id", "agreement__pair__senior_id")
        .distinct()
        .order_by()
    )
    directions: dict[int, set[str]] = {}
    partners: dict[int, tuple[int, int]] = {}
    for pair_id, direction, junior_id, senior_id in rows:
        directions.setdefault(pair_id, set()).add(direction)
        partners[pair_id] = (junior_id, senior_id)
    both_ways = {Direction.JUNIOR_TO_SENIOR, Direction.SENIOR_TO_JUNIOR}
    return {pair_id: partners[pair_id] for pair_id, found in directions.items() if found >= both_ways}


def _measures(scope: Scope) -> Measures:
    pairs = _two_way_pairs(scope)
    if not pairs:
        return {}
    progress = pairs_reciprocity(sorted(pairs))
    directions_progressed = [sum(progress.get(pair_id, (False, False))) for pair_id in pairs]
    people = len({person for partners in pairs.values() for person in partners})
    total = len(pairs)

    def share(count: int) -> Measure:
        return Measure(round(count / total, SHARE_DIGITS), people)

    return {
        "pairs": Measure(total, people),
        "both": share(directions_progressed.count(2)),
        "one_way": share(directions_progressed.count(1)),
        "neither": share(directions_progressed.count(0)),
    }


def reciprocity(scope: Scope) -> Reciprocity:
    """Shares of two-way pairs where both, one or neither direction progressed, reviewed for privacy.

    Each share describes the partners of the pairs it is a share of, so that is its ``people``.
    """
    figures = reviewed(scope, _measures)
    return Reciprocity(
        pairs=figures.get("pairs", WITHHELD),
        both=figures.get("both", WITHHELD),
        one_way=figures.get("one_way", WITHHELD),
        neither=figures.get("neither", WITHHELD),
    )
