"""Inactivity and risk: nudge a pair that has gone quiet, flag it for HR when it stays quiet.

A pair is *quiet* since its last meeting that took place, or since it started or resumed when it
has met since. With the agreed rhythm of N days (the current agreement's, else the program's):

* quiet for 2·N days and nothing planned → both people are nudged, once per quiet spell;
* quiet for 3·N days → the pair is **at risk** ("no meeting for 45 days, agreed every 14");
* the last two meetings with an outcome were both no-shows → at risk too.

A meeting that takes place clears the risk. Paused pairs are left alone. Every change is a
conditional UPDATE and the events go out only from the run that made it, so the hourly sweep
(and the re-check after each recorded meeting) can run any number of times.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Max, Min, OuterRef, Q, Subquery
from django.utils import timezone

from ponte.meetings.models import Meeting, MeetingStatus
from ponte.pairs.models import Agreement, Pair, PairStatus, RiskReason

from . import events

NUDGE_AFTER_CADENCES = 2
AT_RISK_AFTER_CADENCES = 3
NO_SHOWS_AT_RISK = 2


@dataclass(frozen=True)
class Activity:
    """What the sweep knows of one running pair."""

    pair_id: int
    quiet_since: datetime
    cadence_days: int
    has_upcoming: bool
    recent_outcomes: tuple[str, ...]  # newest first: held / no_show
    nudged_at: datetime | None
    at_risk_since: datetime | None
    risk_reason: str
    risk_details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    nudge: bool
    risk_reason: str = ""
    risk_details: dict[str, Any] = field(default_factory=dict)


def assess(activity: Activity, now: datetime) -> Verdict:
    """The pure rule: should the pair be nudged, and is it at risk (and why)?"""
    cadence = max(1, activity.cadence_days)
    # Calendar days, as people count them: a clock change in between adds no day.
    quiet_days = max(0, (timezone.localdate(now) - timezone.localdate(activity.quiet_since)).days)
    nudge = (
        quiet_days >= NUDGE_AFTER_CADENCES * cadence
        and not activity.has_upcoming
        and (activity.nudged_at is None or activity.nudged_at < activity.quiet_since)
    )
    if quiet_days >= AT_RISK_AFTER_CADENCES * cadence:
        details = {
            "days": quiet_days,
            "cadence_days": cadence,
            "since": timezone.localdate(activity.quiet_since).isoformat(),
        }
        return Verdict(nudge=nudge, risk_reason=RiskReason.NO_MEETING, risk_details=details)
    outcomes = activity.recent_outcomes[:NO_SHOWS_AT_RISK]
    if len(outcomes) == NO_SHOWS_AT_RISK and all(status == MeetingStatus.NO_SHOW for status in outcomes):
        return Verdict(nudge=nudge, risk_reason=RiskReason.NO_SHOWS, risk_details={"count": NO_SHOWS_AT_RISK})
    return Verdict(nudge=nudge)


@dataclass
class ActivitySweep:
    nudged: list[int] = field(default_factory=list)
    flagged: list[int] = field(default_factory=list)
    cleared: list[int] = field(default_factory=list)


def _start_of(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def load_activity(pairs: Iterable[Pair] | None = None, *, now: datetime) -> list[Activity]:
    """The activity of running pairs (all, or the given ones) in a constant number of queries."""
    rows = Pair.objects.running().filter(started_on__isnull=False)
    if pairs is not None:
        rows = rows.filter(pk__in=[pair.pk for pair in pairs])
    current_cadence = Agreement.objects.filter(pair=OuterRef("pk")).order_by("-version").values("cadence_days")[:1]
    rows = rows.annotate(
        last_held=Max("meetings__starts_at", filter=Q(meetings__status=MeetingStatus.HELD)),
        next_planned=Min(
            "meetings__starts_at", filter=Q(meetings__status=MeetingStatus.SCHEDULED, meetings__starts_at__gt=now)
        ),
        agreed_cadence=Subquery(current_cadence),
    ).select_related("program")
    found = list(rows)
    outcomes: dict[int, list[str]] = {}
    recorded = (
        Meeting.objects.filter(
            pair__in=[pair.pk for pair in found], status__in=[MeetingStatus.HELD, MeetingStatus.NO_SHOW]
        )
        .order_by("pair_id", "-starts_at")
        .values_list("pair_id", "status")
    )
    for pair_id, status in recorded:
        outcomes.setdefault(pair_id, []).append(status)
    activity = []
    for pair in found:
        moments = [_start_of(pair.started_on)]
        if pair.last_held is not None:
            moments.append(pair.last_held)
        if pair.resumed_at is not None:
            moments.append(pair.resumed_at)
        activity.append(
            Activity(
                pair_id=pair.pk,
                quiet_since=max(moments),
                cadence_days=int(pair.agreed_cadence or pair.program.cadence_days or 14),
                has_upcoming=pair.next_planned is not None,
                recent_outcomes=tuple(outcomes.get(pair.pk, [])[:NO_SHOWS_AT_RISK]),
                nudged_at=pair.nudged_at,
                at_risk_since=pair.at_risk_since,
                risk_reason=pair.risk_reason,
                risk_details=pair.risk_details if isinstance(pair.risk_details, dict) else {},
            )
        )
    return activity


def _running(pair_id: int) -> Any:
    return Pair.objects.filter(pk=pair_id, status=PairStatus.ACTIVE, paused_at__isnull=True)


def _apply(activity: Activity, verdict: Verdict, now: datetime, sweep: ActivitySweep) -> None:
    pair_id = activity.pair_id
    with transaction.atomic():
        if verdict.nudge:
            spell = Q(nudged_at__isnull=True) | Q(nudged_at__lt=activity.quiet_since)
            if _running(pair_id).filter(spell).update(nudged_at=now):
                sweep.nudged.append(pair_id)
                transaction.on_commit(partial(events.pair_nudged.send, sender=Pair, pair_id=pair_id), robust=True)
        if verdict.risk_reason:
            flagged = _running(pair_id).filter(at_risk_since__isnull=True)
            if flagged.update(at_risk_since=now, risk_reason=verdict.risk_reason, risk_details=verdict.risk_details):
                sweep.flagged.append(pair_id)
                transaction.on_commit(partial(events.pair_flagged.send, sender=Pair, pair_id=pair_id), robust=True)
            else:
                # Still at risk: keep the reason and the figures current, without a second alert.
                _running(pair_id).filter(at_risk_since__isnull=False).update(
                    risk_reason=verdict.risk_reason, risk_details=verdict.risk_details
                )
        elif activity.at_risk_since is not None and _running(pair_id).filter(at_risk_since__isnull=False).update(
            at_risk_since=None, risk_reason="", risk_details={}
        ):
            sweep.cleared.append(pair_id)


def _needs_write(activity: Activity, verdict: Verdict) -> bool:
    if verdict.nudge:
        return True
    if activity.at_risk_since is None:
        return bool(verdict.risk_reason)
    return (activity.risk_reason, activity.risk_details) != (verdict.risk_reason, verdict.risk_details)


def pairs_check_activity(*, pairs: Iterable[Pair] | None = None, now: datetime | None = None) -> ActivitySweep:
    """Nudge, flag and clear running pairs (all of them, or ``pairs``)."""
    now = now or timezone.now()
    sweep = ActivitySweep()
    for activity in load_activity(pairs, now=now):
        verdict = assess(activity, now)
        # Most pairs are fine, and a pair still at risk for the same reason and figures stays as it
        # is: neither costs a write or a transaction.
        if _needs_write(activity, verdict):
            _apply(activity, verdict, now, sweep)
    return sweep
