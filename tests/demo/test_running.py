"""The demo's running program: pairs with history, and the cases a program team must act on."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from ponte.demo.loader import LoadResult
from ponte.feedback.models import CheckIn, MeetingFeedback
from ponte.feedback.risk import pairs_check_activity
from ponte.meetings.models import Meeting, MeetingStatus
from ponte.pairs.models import Pair, PairStatus
from ponte.programs.models import Program, ProgramStatus

pytestmark = pytest.mark.django_db

GIULIA, MARCO = "giulia.romano@lumina.example", "marco.bianchi@lumina.example"


def test_the_running_program_has_active_pairs_with_history(demo: list[LoadResult]) -> None:
    program = Program.objects.get(organization__slug="lumina", slug="digitale-2026")
    assert program.status == ProgramStatus.RUNNING
    pairs = Pair.objects.filter(program=program)
    assert pairs.count() == 12 and set(pairs.values_list("status", flat=True)) == {PairStatus.ACTIVE}
    assert Meeting.objects.filter(pair__program=program, status=MeetingStatus.HELD).count() >= 40
    people = set(pairs.values_list("junior_id", flat=True)) | set(pairs.values_list("senior_id", flat=True))
    assert len(people) == 24, "nobody is in two pairs of the program"


def test_giulia_and_marco_meet_again_in_a_few_days(demo: list[LoadResult]) -> None:
    pair = Pair.objects.get(program__slug="digitale-2026", junior__email=GIULIA, senior__email=MARCO)
    upcoming = Meeting.objects.filter(pair=pair, status=MeetingStatus.SCHEDULED, starts_at__gt=timezone.now())
    assert upcoming.count() == 1
    assert CheckIn.objects.filter(pair=pair, person__email=GIULIA).open().exists()


def test_the_program_team_finds_pairs_at_risk_and_one_paused(demo: list[LoadResult]) -> None:
    pairs = Pair.objects.filter(program__slug="digitale-2026")
    assert set(pairs.exclude(risk_reason="").values_list("risk_reason", flat=True)) == {"no_meeting", "no_shows"}
    assert pairs.filter(paused_at__isnull=False).count() == 1


def test_the_managers_aggregates_have_enough_people(demo: list[LoadResult]) -> None:
    program = Program.objects.get(slug="digitale-2026")
    authors = MeetingFeedback.objects.filter(pair__program=program).values("author").distinct().count()
    answered = CheckIn.objects.filter(pair__program=program).answered().values("person").distinct().count()
    assert authors >= 10 and answered >= 10


def test_the_demo_history_agrees_with_the_risk_sweep(demo: list[LoadResult]) -> None:
    """The first sweep after loading keeps the demo's at-risk pairs and raises no new alarm."""
    at_risk = set(Pair.objects.filter(program__slug="digitale-2026", at_risk_since__isnull=False).values_list("pk"))
    sweep = pairs_check_activity()
    assert sweep.flagged == [] and sweep.cleared == [] and sweep.nudged == []
    assert set(Pair.objects.filter(at_risk_since__isnull=False).values_list("pk")) == at_risk
    assert mail.outbox == []
