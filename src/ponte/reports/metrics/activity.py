"""How pairs work: how many there are, how often they meet, how proposals are answered.

Pair-level figures describe both partners, so their ``people`` is the distinct partners of the
pairs they count (a pair is in a group's scope when either partner is in the group). Meetings are
placed in months on the current time zone's calendar, as the people who held them saw it.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.core.privacy import WITHHELD, Measure
from ponte.meetings.models import Meeting, MeetingStatus
from ponte.pairs.models import Pair, PairStatus

from ..scope import Scope
from ..sections import Activity, Measures, Point, Series, reviewed
from .funnel import ACCEPTED_STATUSES
from .months import add_months, month_index

MEETINGS_PER_PAIR = "meetings_per_pair"

#: Shares are of a few hundred pairs at most per program: three decimals is a tenth of a percent.
SHARE_DIGITS = 3


@dataclass
class _Pair:
    junior_id: int
    senior_id: int
    status: str
    started_on: date | None
    ended_on: date | None
    held: int = 0
    no_shows: int = 0
    first_held: datetime | None = None

    def runs_in(self, month: date) -> bool:
        """Whether the pair was under way at some point of the month starting on ``month``."""
        if self.status not in ACCEPTED_STATUSES or self.started_on is None:
            return False
        return self.started_on < add_months(month, 1) and (self.ended_on is None or self.ended_on >= month)


def _pairs(scope: Scope) -> dict[int, _Pair]:
    rows = (
        Pair.objects.for_organization(scope.organization)
        .filter(scope.pair_q())
        .values_list("pk", "junior_id", "senior_id", "status", "started_on", "ended_on")
        .order_by()
    )
    return {
        pk: _Pair(junior_id, senior_id, status, started, ended)
        for pk, junior_id, senior_id, status, started, ended in rows
    }


def _held_by_month(scope: Scope, pairs: dict[int, _Pair], months: list[date]) -> dict[date, dict[int, int]]:
    """Held meetings per month and pair, in one grouped query.

    It also adds each pair's held and no-show totals and its first held meeting to ``pairs``.
    """
    rows = (
        Meeting.objects.for_organization(scope.organization)
        .filter(scope.pair_q("pair__"), status__in=(MeetingStatus.HELD, MeetingStatus.NO_SHOW))
        .annotate(month=month_index("starts_at", months))
        .values_list("pair_id", "status", "month")
        .annotate(count=Count("pk"), first=Min("starts_at"))
        .order_by()
    )
    held: dict[date, dict[int, int]] = defaultdict(dict)
    for pair_id, status, position, count, first in rows:
        pair = pairs[pair_id]
        if status == MeetingStatus.NO_SHOW:
            pair.no_shows += count
            continue
        pair.held += count
        if position is not None:
            held[months[position]][pair_id] = count
        if pair.first_held is None or first < pair.first_held:
            pair.first_held = first
    return held


def _partners(pairs: Iterable[_Pair]) -> int:
    return len({person for pair in pairs for person in (pair.junior_id, pair.senior_id)})


def _count(pairs: list[_Pair], value: int) -> Measure:
    return Measure(value, _partners(pairs))


def _share(count: int, of: list[_Pair]) -> Measure:
    """``count`` out of the pairs ``of``, which are the people the share describes."""
    return Measure(round(count / len(of), SHARE_DIGITS) if of else 0.0, _partners(of))


def _days_to_first_meeting(pairs: Iterable[_Pair]) -> Measure:
    """Median days from start to first held meeting, with the interquartile range as spread."""
    days: list[int] = []
    met: list[_Pair] = []
    for pair in pairs:
        if pair.first_held is not None and pair.started_on is not None:
            days.append((timezone.localdate(pair.first_held) - pair.started_on).days)
            met.append(pair)
    if not days:
        return Measure(0.0, 0)
    spread = None
    if len(days) >= 2:
        lower, _median, upper = statistics.quantiles(days, n=4)
        spread = round(upper - lower, 1)
    return Measure(round(statistics.median(days), 1), _partners(met), spread)


def _meetings_per_pair(month: date, pairs: dict[int, _Pair], held: dict[int, int]) -> Measure:
    running = [pk for pk, pair in pairs.items() if pair.runs_in(month)]
    if not running:
        return Measure(0.0, 0)
    meetings = sum(held.get(pk, 0) for pk in running)
    return Measure(round(meetings / len(running), 2), _partners(pairs[pk] for pk in running))


def _measurer(months: list[date]) -> Callable[[Scope], Measures]:
    """The measure function of the section for ``months``: the same keys in every scope."""

    def measure(scope: Scope) -> Measures:
        pairs = _pairs(scope)
        held = _held_by_month(scope, pairs, months)
        every = list(pairs.values())
        declined = [pair for pair in every if pair.status == PairStatus.DECLINED]
        accepted = [pair for pair in every if pair.status in ACCEPTED_STATUSES]
        expired = [pair for pair in every if pair.status == PairStatus.EXPIRED]
        answered = accepted + declined
        measures: Measures = {
            "pairs": _count(every, len(every)),
            "meetings_held": _count([pair for pair in every if pair.held], sum(pair.held for pair in every)),
            "no_shows": _count([pair for pair in every if pair.no_shows], sum(pair.no_shows for pair in every)),
            "acceptance_rate": _share(len(accepted), answered),
            "decline_rate": _share(len(declined), answered),
            "expired_rate": _share(len(expired), answered + expired),
            "days_to_first_meeting": _days_to_first_meeting(every),
        }
        for month in months:
            measures[(MEETINGS_PER_PAIR, month)] = _meetings_per_pair(month, pairs, held.get(month, {}))
        return measures

    return measure


def activity(scope: Scope, months: list[date]) -> Activity:
    """The activity section for the scope over ``months`` (first days), reviewed for privacy."""
    figures = reviewed(scope, _measurer(months))
    return Activity(
        pairs=figures.get("pairs", WITHHELD),
        meetings_held=figures.get("meetings_held", WITHHELD),
        no_shows=figures.get("no_shows", WITHHELD),
        meetings_per_pair=Series(
            key=MEETINGS_PER_PAIR,
            label=_("Meetings per pair"),
            points=[Point(month, figures.get((MEETINGS_PER_PAIR, month), WITHHELD)) for month in months],
        ),
        acceptance_rate=figures.get("acceptance_rate", WITHHELD),
        decline_rate=figures.get("decline_rate", WITHHELD),
        expired_rate=figures.get("expired_rate", WITHHELD),
        days_to_first_meeting=figures.get("days_to_first_meeting", WITHHELD),
    )
