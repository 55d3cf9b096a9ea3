"""The sections of a dashboard, as the page, the charts, the exports and the PDF report read them.

Every number in here is a ``Figure`` that has been through ``publish_figures``: a withheld one has
no value. Labels are already in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from ponte.core.privacy import Figure, Measure, publish_figures
from ponte.pairs.models import Pair

from .scope import Scope

#: Raw figures of one scope, keyed the same way in every scope.
Measures = dict[Hashable, Measure]


def reviewed(
    scope: Scope,
    measure: Callable[[Scope], Measures],
    *,
    breakdowns: Callable[[Scope, Measures], list[tuple[Collection[Hashable], int]]] | None = None,
) -> dict[Hashable, Figure]:
    """``measure`` the scope and each of its ancestors, and keep what is safe to show."""
    view = measure(scope)
    parents: list[Mapping[Hashable, Measure]] = [measure(wider) for wider in scope.ancestors()]
    groups = breakdowns(scope, view) if breakdowns is not None else []
    return publish_figures(view, parents, breakdowns=groups)


@dataclass(frozen=True)
class Row:
    """One labelled figure: a funnel stage, a generation, a skill area, a program..."""

    key: str
    label: str
    figure: Figure


@dataclass(frozen=True)
class Point:
    """A figure for one calendar month (``month`` is its first day)."""

    month: date
    figure: Figure


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    points: list[Point]


@dataclass(frozen=True)
class Funnel:
    """People at each stage; each stage holds a subset of the one before (invited ⊇ … ⊇ completed)."""

    stages: list[Row]


@dataclass(frozen=True)
class Activity:
    pairs: Figure  # pairs in the scope (every status), the row count of the pairs export
    meetings_held: Figure  # the held rows of the meetings export
    no_shows: Figure
    meetings_per_pair: Series  # held meetings per pair running that month
    acceptance_rate: Figure  # share (0..1) of answered proposals both partners accepted
    decline_rate: Figure  # share (0..1) of answered proposals someone declined
    expired_rate: Figure  # share (0..1) of proposals that expired unanswered
    days_to_first_meeting: Figure  # median days from the pair's start to its first held meeting; spread = IQR


@dataclass(frozen=True)
class Trends:
    """Check-in answers over time, on the 1–5 scales of the check-in form."""

    satisfaction: Series
    learning: Series
    satisfaction_overall: Figure  # spread = standard deviation
    learning_overall: Figure
    answers: Figure  # answered check-ins
    response_rate: Figure  # share (0..1) of sent check-ins answered


@dataclass(frozen=True)
class GapRow:
    """Levels (DigComp's 1–8 scale, or the framework's own) of learners at the start and end.

    ``change.value`` is the mean of each learner's end minus start, ``change.spread`` its standard
    deviation and ``change.people`` the number of learners: the honest size of the group.
    """

    key: str
    label: str
    start: Figure
    end: Figure
    change: Figure


@dataclass(frozen=True)
class Gap:
    """The digital gap (what seniors learned from juniors) and what juniors learned back."""

    digital: GapRow
    digital_by_area: list[GapRow]
    digital_by_generation: list[GapRow]
    digital_by_department: list[GapRow]
    learned_back: GapRow
    learned_back_by_area: list[GapRow]


@dataclass(frozen=True)
class Reciprocity:
    """Of the pairs with objectives in both directions: where both, one or neither progressed."""

    pairs: Figure  # pairs with objectives in both directions
    both: Figure  # share (0..1)
    one_way: Figure
    neither: Figure


@dataclass(frozen=True)
class Mix:
    """Participants (distinct people enrolled) by group, for diversity and inclusion."""

    total: Figure
    by_role: list[Row]
    by_generation: list[Row]
    by_department: list[Row]
    by_location: list[Row]


@dataclass(frozen=True)
class AtRisk:
    """A pair a manager should act on: names are fine here, managers act on pairs they run."""

    pair: Pair
    reason: str
    since: datetime | None
    paused: bool


@dataclass(frozen=True)
class ProgramLine:
    """One program on the organisation dashboard."""

    program_id: int
    name: str
    status: str
    starts_on: date | None
    ends_on: date | None
    participants: Figure
    active_pairs: Figure
    completed_pairs: Figure


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    funnel: Funnel
    activity: Activity
    trends: Trends
    gap: Gap
    reciprocity: Reciprocity
    mix: Mix
    at_risk: list[AtRisk] = field(default_factory=list)
    programs: list[ProgramLine] = field(default_factory=list)  # the organisation dashboard only
