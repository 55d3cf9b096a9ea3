"""The matching pages: a manager runs, reviews, pins, forbids, pairs by hand and publishes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ponte.matching.models import DecisionKind, MatchRun, PairDecision, RunStatus
from ponte.pairs.models import Pair
from ponte.programs.models import ProgramStatus

from .conftest import cohort, enrol, make_person

pytestmark = pytest.mark.django_db


def test_a_manager_runs_reviews_pins_and_publishes(
    program, acme_manager, login, django_capture_on_commit_callbacks
) -> None:
    _juniors, _seniors = cohort(program, juniors=2, seniors=3)
    client = login(acme_manager)
    page = client.get(reverse("matching:program-matching", args=[program.pk]))
    assert page.status_code == 200 and "Run matching" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("matching:run-start", args=[program.pk]))
    run = MatchRun.objects.get(program=program)
    assert started.status_code == 302 and started.url == reverse("matching:run-detail", args=[run.pk])
    detail = client.get(started.url).content.decode()
    assert run.proposals.count() == 2
    assert "Proposed pairs" in detail and "hours a week in common" in detail and "Participation rate" in detail
    proposal = run.proposals.select_related("junior__person", "senior__person").first()
    name = f"Pin {proposal.junior.person.full_name} and {proposal.senior.person.full_name}"
    assert f'aria-label="{name}"' in detail

    pinned = client.post(reverse("matching:proposal-pin", args=[proposal.pk]))
    assert pinned.status_code == 302
    assert PairDecision.objects.filter(program=program, kind=DecisionKind.PIN).count() == 1

    refused = client.post(reverse("pairs:run-publish", args=[run.pk]))
    assert refused.status_code == 400 and not Pair.objects.exists()
    published = client.post(reverse("pairs:run-publish", args=[run.pk]), {"confirm": "on"})
    assert published.status_code == 302 and Pair.objects.filter(program=program).count() == 2
    program.refresh_from_db()
    assert program.status == ProgramStatus.RUNNING


def test_forbidding_needs_a_reason(program, acme_manager, login, django_capture_on_commit_callbacks) -> None:
    cohort(program, juniors=1, seniors=1)
    client = login(acme_manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:run-start", args=[program.pk]))
    proposal = MatchRun.objects.get().proposals.get()
    url = reverse("matching:proposal-forbid", args=[proposal.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Same team in practice"}).status_code == 302
    assert PairDecision.objects.get(kind=DecisionKind.FORBID).reason == "Same team in practice"


def test_manual_pair_in_a_reporting_line_is_refused_then_allowed(program, acme, acme_manager, login) -> None:
    boss = make_person(acme, "Bruno")
    giulia = make_person(acme, "Giulia", manager=boss)
    enrol(program, giulia, "junior")
    enrol(program, boss, "senior")
    client = login(acme_manager)
    url = reverse("pairs:pair-manual", args=[program.pk])
    refused = client.post(url, {"junior": giulia.pk, "senior": boss.pk})
    assert refused.status_code == 400 and "reporting line" in refused.content.decode()
    assert client.post(url, {"junior": giulia.pk, "senior": boss.pk, "allow_reporting_line": "on"}).status_code == 400
    allowed = client.post(
        url, {"junior": giulia.pk, "senior": boss.pk, "allow_reporting_line": "on", "reason": "Other site"}
    )
    assert allowed.status_code == 302
    kinds = set(PairDecision.objects.values_list("kind", flat=True))
    assert kinds == {DecisionKind.ALLOW_REPORTING_LINE, DecisionKind.PIN}


def test_progress_is_polled_while_the_run_works(program, acme_manager, login) -> None:
    cohort(program, juniors=1, seniors=1)
    run = MatchRun.objects.create(
        organization=program.organization, program=program, status=RunStatus.RUNNING, progress=40
    )
    client = login(acme_manager)
    full = client.get(reverse("matching:run-detail", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in full and 'value="40"' in full and "Reload this page" in full
    partial = client.get(reverse("matching:run-detail", args=[run.pk]), headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode() and "HX-Refresh" not in partial.headers
    MatchRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error="boom")
    done = client.get(reverse("matching:run-detail", args=[run.pk]), headers={"HX-Request": "true"})
    assert done.headers.get("HX-Refresh") == "true"


def test_participants_are_refused(program, acme_junior, login, django_capture_on_commit_callbacks) -> None:
    cohort(program, juniors=1, seniors=1)
    run = MatchRun.objects.create(organization=program.organization, program=program, status=RunStatus.DONE)
    client = login(acme_junior)
    assert client.get(reverse("matching:program-matching", args=[program.pk])).status_code == 403
    assert client.post(reverse("matching:run-start", args=[program.pk])).status_code == 403
    assert client.get(reverse("matching:run-detail", args=[run.pk])).status_code == 403
    assert client.post(reverse("pairs:run-publish", args=[run.pk]), {"confirm": "on"}).status_code == 403
    assert not MatchRun.objects.exclude(pk=run.pk).exists()


def test_another_organisation_gets_404(program, globex_admin, login) -> None:
    client = login(globex_admin)
    assert client.get(reverse("matching:program-matching", args=[program.pk])).status_code == 404
    assert client.post(reverse("matching:run-start", args=[program.pk])).status_code == 404
