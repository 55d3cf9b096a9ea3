"""Every background task of the pair lifecycle, run a second time, changes nothing and mails nobody.

One organisation holds a bit of everything the sweeps act on: an overdue proposal, one due for a
reminder, a pause ending today, a meeting tomorrow, a check-in due, a pair gone quiet, a closed
program with a pair still active. Each task runs once (doing its work), then again: the whole
database and the outbox must be exactly as after the first run.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail, serializers
from django.utils import timezone

from ponte.feedback.models import CheckIn, ClosingSurvey
from ponte.feedback.tasks import sweep_activity, sweep_checkins
from ponte.meetings.models import Meeting
from ponte.meetings.tasks import sweep_meetings
from ponte.notifications.models import Notification
from ponte.organizations.models import Organization
from ponte.pairs.models import Pair, PairStatus
from ponte.pairs.tasks import complete_program_pairs, rematch_program, sweep_pairs
from ponte.programs.models import Program, ProgramStatus
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _people(org: Organization, n: int) -> list:
    from ponte.accounts.models import User

    people = []
    for _ in range(n):
        person = PersonFactory(organization=org)
        person.user = User.objects.create_user(email=person.email, password="x", full_name=person.full_name)
        person.save(update_fields=["user"])
        people.append(person)
    return people


@pytest.fixture
def busy(acme: Organization, acme_manager) -> dict[str, int]:
    now = timezone.now()
    running = Program.objects.create(
        organization=acme, name="Running", slug="running", status=ProgramStatus.RUNNING, cadence_days=7
    )
    closed = Program.objects.create(organization=acme, name="Closed", slug="closed", status=ProgramStatus.CLOSED)
    p = _people(acme, 14)

    def pair(program: Program, j: int, s: int, **fields: object) -> Pair:
        return Pair.objects.create(organization=acme, program=program, junior=p[j], senior=p[s], **fields)

    pair(running, 0, 1, status=PairStatus.PROPOSED, respond_by=now - timedelta(hours=1))
    reminded = pair(running, 2, 3, status=PairStatus.PROPOSED, respond_by=now + timedelta(hours=20))
    Pair.objects.filter(pk=reminded.pk).update(created_at=now - timedelta(days=5))
    pair(
        running,
        4,
        5,
        status=PairStatus.ACTIVE,
        started_on=timezone.localdate() - timedelta(days=3),
        paused_at=now - timedelta(days=9),
        paused_until=timezone.localdate(),
    )
    soon = pair(running, 6, 7, status=PairStatus.ACTIVE, started_on=timezone.localdate() - timedelta(days=2))
    Meeting.objects.create(
        organization=acme,
        pair=soon,
        starts_at=now + timedelta(hours=10),
        duration_minutes=30,
        channel="phone",
    )
    pair(running, 8, 9, status=PairStatus.ACTIVE, started_on=timezone.localdate() - timedelta(days=30))
    last = pair(closed, 10, 11, status=PairStatus.ACTIVE, started_on=timezone.localdate() - timedelta(days=5))
    return {"running": running.pk, "closed": closed.pk, "last_pair": last.pk}


def _snapshot() -> str:
    models = [model for model in apps.get_models() if model.__module__.startswith("ponte.")]
    return "".join(serializers.serialize("json", model._default_manager.order_by("pk")) for model in models)


TASKS = {
    "sweep_pairs": lambda ids: sweep_pairs.call(),
    "sweep_meetings": lambda ids: sweep_meetings.call(),
    "sweep_checkins": lambda ids: sweep_checkins.call(),
    "sweep_activity": lambda ids: sweep_activity.call(),
    "rematch_program": lambda ids: rematch_program.call(ids["running"]),
    "complete_program_pairs": lambda ids: complete_program_pairs.call(ids["closed"]),
}


def test_the_first_run_of_the_tasks_does_real_work(busy: dict[str, int], django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for run in TASKS.values():
            run(busy)
    assert Pair.objects.filter(status=PairStatus.EXPIRED).exists()
    assert Pair.objects.filter(reminder_sent_at__isnull=False).exists()
    assert not Pair.objects.filter(paused_at__isnull=False).exists()
    assert Meeting.objects.filter(reminder_sent_at__isnull=False).exists()
    assert CheckIn.objects.filter(sent_at__isnull=False).exists()
    assert Pair.objects.filter(nudged_at__isnull=False, at_risk_since__isnull=False).exists()
    assert Pair.objects.get(pk=busy["last_pair"]).status == PairStatus.COMPLETED
    assert ClosingSurvey.objects.filter(pair_id=busy["last_pair"]).count() == 2
    assert mail.outbox and Notification.objects.exists()


@pytest.mark.parametrize("name", sorted(TASKS))
def test_running_a_task_twice_changes_nothing_the_second_time(
    busy: dict[str, int], name: str, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        TASKS[name](busy)
    before, sent = _snapshot(), len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        TASKS[name](busy)
    assert len(mail.outbox) == sent
    assert _snapshot() == before


def test_running_all_the_tasks_twice_sends_no_duplicate_email(
    busy: dict[str, int], django_capture_on_commit_callbacks
) -> None:
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            for run in TASKS.values():
                run(busy)
    subjects = [(tuple(message.to), message.subject) for message in mail.outbox]
    assert len(subjects) == len(set(subjects)), "an email went out twice"
