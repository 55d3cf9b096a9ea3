"""The review page reads a constant number of queries whatever the cohort size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ponte.matching.services import match_run_execute, match_run_start

from .conftest import cohort

pytestmark = pytest.mark.django_db


def _review_queries(client, program, user) -> tuple[int, int]:
    run = match_run_execute(run=match_run_start(program=program, by=user))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("matching:run-detail", args=[run.pk])).status_code == 200
    return len(captured), run.proposals.count()


def test_review_page_does_not_grow_with_the_cohort(program, acme_manager, login) -> None:
    client = login(acme_manager)
    cohort(program, juniors=2, seniors=3)
    few, small = _review_queries(client, program, acme_manager.user)
    cohort(program, juniors=8, seniors=10)
    queries, large = _review_queries(client, program, acme_manager.user)
    assert large > small
    assert queries == few
