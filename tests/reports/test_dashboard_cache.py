"""Dashboard figures are kept in the cache for a few minutes; pairs at risk are always read fresh."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from ponte.organizations.models import Organization
from ponte.reports.dashboard import build_dashboard
from ponte.reports.scope import Scope
from tests.reports.cohort import build_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cached(settings: pytest.FixtureRequest) -> Iterator[None]:
    settings.REPORTS_CACHE_SECONDS = 60  # type: ignore[attr-defined]
    cache.clear()
    yield
    cache.clear()


def _queries(scope: Scope) -> int:
    with CaptureQueriesContext(connection) as queries:
        build_dashboard(scope)
    return len(queries)


def test_a_second_read_reuses_the_figures_and_reads_only_the_pairs_at_risk(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    scope = Scope(acme, cohort.program)
    first = build_dashboard(scope)
    assert _queries(scope) == 1  # the pairs at risk
    assert build_dashboard(scope).activity == first.activity
    assert build_dashboard(scope).at_risk == []

    pair = cohort.pairs[0]
    pair.at_risk_since = timezone.now()
    pair.save(update_fields=["at_risk_since"])
    assert [item.pair.pk for item in build_dashboard(scope).at_risk] == [pair.pk]


def test_each_language_and_scope_has_its_own_figures(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    build_dashboard(Scope(acme, cohort.program))
    with translation.override("it"):
        labels = [stage.label for stage in build_dashboard(Scope(acme, cohort.program)).funnel.stages]
    assert "Iscritte" in labels
    assert _queries(Scope(acme)) > 1  # the organisation view is not the program's


def test_without_a_cache_time_every_read_computes(acme: Organization, settings: pytest.FixtureRequest) -> None:
    settings.REPORTS_CACHE_SECONDS = 0  # type: ignore[attr-defined]
    cohort = build_cohort(acme, pairs=6)
    scope = Scope(acme, cohort.program)
    build_dashboard(scope)
    assert _queries(scope) > 1
