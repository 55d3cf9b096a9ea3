"""Pairs a manager should act on: at risk first, the longest at risk first, then paused pairs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.organizations.models import Organization
from ponte.pairs.models import Pair, PairStatus, RiskReason
from ponte.reports.metrics.risk import at_risk
from ponte.reports.scope import GroupFilter, GroupKind, Scope
from tests.reports.cohort import Cohort, build_cohort, department, people

NOW = datetime(2026, 5, 15, 9, tzinfo=UTC)


def days_ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def flag(made: Pair, **fields: object) -> None:
    Pair.objects.filter(pk=made.pk).update(**fields)


def flagged_cohort(organization: Organization, name: str = "Digital bridge") -> Cohort:
    """Six pairs: two at risk, one paused, one both, one quiet, one at risk but already over."""
    cohort = build_cohort(organization, pairs=6, name=name)
    first, second, third, fourth, _quiet, over = cohort.pairs
    flag(
        first,
        at_risk_since=days_ago(10),
        risk_reason=RiskReason.NO_MEETING,
        risk_details={"days": 45, "cadence_days": 14},
    )
    flag(second, at_risk_since=days_ago(20), risk_reason=RiskReason.NO_SHOWS, risk_details={"count": 3})
    flag(third, paused_at=days_ago(5))
    flag(fourth, paused_at=days_ago(30), at_risk_since=days_ago(15), risk_reason=RiskReason.NO_SHOWS)
    flag(over, status=PairStatus.COMPLETED, at_risk_since=days_ago(40), risk_reason=RiskReason.NO_MEETING)
    return cohort


def test_at_risk_first_oldest_first_then_paused(acme: Organization) -> None:
    cohort = flagged_cohort(acme)
    first, second, third, fourth, _quiet, _over = cohort.pairs
    found = at_risk(Scope(acme, cohort.program))
    assert [item.pair.pk for item in found] == [second.pk, fourth.pk, first.pk, third.pk]
    assert [item.reason for item in found] == [
        "The last 3 meetings did not take place.",
        "The last 2 meetings did not take place.",
        "No meeting for 45 days; they agreed to meet every 14 days.",
        "",
    ]
    assert [item.since for item in found] == [days_ago(20), days_ago(15), days_ago(10), days_ago(5)]
    assert [item.paused for item in found] == [False, True, False, True]


def test_names_come_with_the_pair_without_more_queries(acme: Organization) -> None:
    cohort = flagged_cohort(acme)
    with CaptureQueriesContext(connection) as queries:
        names = [
            (item.pair.junior.full_name, item.pair.senior.full_name, item.pair.program.name)
            for item in at_risk(Scope(acme))
        ]
    assert len(queries) == 1
    assert names[0] == (
        f"{cohort.juniors[1].first_name} Tester",
        f"{cohort.seniors[1].first_name} Tester",
        "Digital bridge",
    )


def test_the_limit_keeps_the_most_urgent(acme: Organization) -> None:
    cohort = flagged_cohort(acme)
    assert [item.pair.pk for item in at_risk(Scope(acme), limit=2)] == [cohort.pairs[1].pk, cohort.pairs[3].pk]


def test_only_the_scope_pairs(acme: Organization, globex: Organization) -> None:
    here = flagged_cohort(acme, name="Here")
    there = flagged_cohort(acme, name="There")
    flagged_cohort(globex)
    assert len(at_risk(Scope(acme))) == 8
    assert {item.pair.program_id for item in at_risk(Scope(acme, here.program))} == {here.program.pk}
    assert len(at_risk(Scope(acme, there.program))) == 4


def test_a_group_sees_pairs_with_a_partner_inside_it(acme: Organization) -> None:
    support = department(acme, "Support")
    juniors = people(acme, 2, prefix="support", dept=support) + people(acme, 4, prefix="elsewhere")
    cohort = build_cohort(acme, pairs=6, juniors=juniors)
    for made in cohort.pairs:
        flag(made, at_risk_since=days_ago(made.pk % 7 + 1), risk_reason=RiskReason.NO_MEETING)
    group = GroupFilter(
        kind=GroupKind.DEPARTMENT, value=str(support.pk), label=support.name, department_ids=frozenset({support.pk})
    )
    # Names are not aggregates: a manager sees the two pairs even though two people are under five.
    found = at_risk(Scope(acme, cohort.program, group))
    assert {item.pair.pk for item in found} == {cohort.pairs[0].pk, cohort.pairs[1].pk}


def test_query_count_does_not_grow_with_the_pairs(acme: Organization) -> None:
    used = []
    for name in ("One", "Two"):
        flagged_cohort(acme, name=name)
        with CaptureQueriesContext(connection) as queries:
            for item in at_risk(Scope(acme)):
                _ = (item.pair.junior.full_name, item.pair.senior.full_name, item.pair.program.name)
        used.append(len(queries))
    assert used == [1, 1]
