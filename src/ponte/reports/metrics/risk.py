"""The pairs a program manager should look at: at risk of fading out, or paused.

These are names, not aggregates: managers act on the pairs they run, and the program team's pairs
list shows the same pairs with the same reasons. Nothing here carries answers, ratings or notes.
"""

from __future__ import annotations

from django.db.models import F, Q

from ponte.pairs.models import Pair, PairStatus

from ..scope import Scope
from ..sections import AtRisk

#: The dashboard lists the most urgent pairs; the team's pairs list has the rest.
DEFAULT_LIMIT = 50


def at_risk(scope: Scope, limit: int = DEFAULT_LIMIT) -> list[AtRisk]:
    """Active pairs of the scope at risk or paused: at risk first, the longest at risk first."""
    pairs = (
        Pair.objects.for_organization(scope.organization)
        .filter(scope.pair_q(), status=PairStatus.ACTIVE)
        .filter(Q(at_risk_since__isnull=False) | Q(paused_at__isnull=False))
        .select_related("junior", "senior", "program")
        .order_by(F("at_risk_since").asc(nulls_last=True), F("paused_at").asc(nulls_last=True), "pk")[:limit]
    )
    return [
        AtRisk(
            pair=pair,
            reason=pair.risk_summary,
            since=pair.at_risk_since or pair.paused_at,
            paused=pair.paused_at is not None,
        )
        for pair in pairs
    ]
