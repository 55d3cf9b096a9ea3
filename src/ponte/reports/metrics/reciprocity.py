"""Reciprocity: whether both partners of a pair learned something, not only the senior.

Only pairs whose current agreement sets objectives in both directions can be reciprocal, so they
are the denominator. Progress means what the pair page says: a level the taught person confirmed on an objective of
that direction.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from ponte.core.privacy import WITHHELD, Measure
from ponte.pairs.models import Direction, Objective, ObjectiveProgress

from ..scope import Scope
from ..sections import Measures, Reciprocity, reviewed

#: Shares are of a few hundred pairs at most per program: three decimals is a tenth of a percent.
SHARE_DIGITS = 3


def _measures(scope: Scope) -> Measures:
    """Objectives of each pair's current agreement, with whether the taught person confirmed progress.

    One query: every version's objectives (a few per pair), the latest version kept in Python.
    """
    progressed = ObjectiveProgress.objects.filter(pair_id=OuterRef("agreement__pair_id"), objective_key=OuterRef("key"))
    rows = (
        Objective.objects.filter(scope.pair_q("agreement__pair__"))
        .annotate(progressed=Exists(progressed))
        .values_list(
            "agreement__pair_id",
            "agreement__version",
            "direction",
            "progressed",
            "agreement__pair__junior_id",
            "agreement__pair__senior_id",
        )
        .order_by()
    )
    latest: dict[int, int] = {}
    found: dict[int, list[tuple[str, bool]]] = {}
    partners: dict[int, tuple[int, int]] = {}
    for pair_id, version, direction, done, junior_id, senior_id in rows:
        if version > latest.get(pair_id, 0):
            latest[pair_id], found[pair_id] = version, []
        if version == latest[pair_id]:
            found[pair_id].append((direction, bool(done)))
            partners[pair_id] = (junior_id, senior_id)
    both_ways = {Direction.JUNIOR_TO_SENIOR, Direction.SENIOR_TO_JUNIOR}
    two_way = [pair_id for pair_id, objectives in found.items() if {d for d, _done in objectives} >= both_ways]
    if not two_way:
        return {}
    directions_progressed = [len({d for d, done in found[pair_id] if done}) for pair_id in two_way]
    people = len({person for pair_id in two_way for person in partners[pair_id]})
    total = len(two_way)

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
