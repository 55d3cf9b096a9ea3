"""Check-in scheduling: first after ``checkin_first_days``, then every ``checkin_every_days``;
the sweep creates and sends each check-in once, however often it runs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ponte.feedback.models import CheckIn
from ponte.feedback.services import checkin_due_dates, checkins_sweep
from ponte.feedback.tasks import sweep_checkins
from ponte.notifications.models import Notification
from ponte.pairs.models import Pair, PairStatus
from ponte.programs.models import Program

from .conftest import make_pair

pytestmark = pytest.mark.django_db

START = date(2027, 1, 10)


def test_programs_default_to_a_first_check_in_after_30_days_then_every_60(program: Program) -> None:
    assert (program.checkin_first_days, program.checkin_every_days) == (30, 60)


def test_due_dates_are_30_days_after_the_start_then_every_60(program: Program) -> None:
    dates = checkin_due_dates(program, START, until=START + timedelta(days=200))
    assert dates == [START + timedelta(days=30), START + timedelta(days=90), START + timedelta(days=150)]


def test_due_dates_follow_the_programs_own_schedule(program: Program) -> None:
    program.checkin_first_days, program.checkin_every_days = 14, 28
    assert checkin_due_dates(program, START, until=START + timedelta(days=50)) == [
        START + timedelta(days=14),
        START + timedelta(days=42),
    ]


def test_nothing_is_due_before_the_first_check_in(pair: Pair) -> None:
    Pair.objects.filter(pk=pair.pk).update(started_on=START)
    assert checkins_sweep(today=START + timedelta(days=29)) == []
    assert not CheckIn.objects.exists()


def test_the_sweep_creates_one_check_in_for_each_person_on_the_due_day(pair: Pair, acme_junior, acme_senior) -> None:
    Pair.objects.filter(pk=pair.pk).update(started_on=START)
    sent = checkins_sweep(today=START + timedelta(days=30))
    rows = CheckIn.objects.order_by("person_id")
    assert len(sent) == 2
    assert {row.person_id for row in rows} == {acme_junior.pk, acme_senior.pk}
    assert {row.due_on for row in rows} == {START + timedelta(days=30)}
    assert all(row.sent_at is not None for row in rows)


def test_the_next_check_in_comes_60_days_after_the_first(pair: Pair) -> None:
    Pair.objects.filter(pk=pair.pk).update(started_on=START)
    checkins_sweep(today=START + timedelta(days=30))
    assert checkins_sweep(today=START + timedelta(days=89)) == []
    assert len(checkins_sweep(today=START + timedelta(days=90))) == 2
    assert sorted({row.due_on for row in CheckIn.objects.all()}) == [
        START + timedelta(days=30),
        START + timedelta(days=90),
    ]


def test_a_pair_that_started_long_ago_gets_only_its_latest_check_in(pair: Pair) -> None:
    Pair.objects.filter(pk=pair.pk).update(started_on=START)
    checkins_sweep(today=START + timedelta(days=200))
    assert {row.due_on for row in CheckIn.objects.all()} == {START + timedelta(days=150)}


@pytest.mark.parametrize("status", [PairStatus.PROPOSED, PairStatus.ENDED_EARLY, PairStatus.COMPLETED])
def test_pairs_that_are_not_active_get_no_check_ins(program: Program, acme_junior, acme_senior, status: str) -> None:
    make_pair(program, acme_junior, acme_senior, started_on=START, status=status)
    assert checkins_sweep(today=START + timedelta(days=30)) == []
    assert not CheckIn.objects.exists()


def test_running_the_task_twice_creates_and_mails_nothing_new(
    pair: Pair, acme_junior, acme_senior, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sweep_checkins.call()
    with django_capture_on_commit_callbacks(execute=True):
        sweep_checkins.call()
    assert CheckIn.objects.count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == [acme_junior.user.email, acme_senior.user.email]
    assert Notification.objects.filter(kind="checkin_due").count() == 2


def test_the_message_links_each_person_to_their_own_check_in(
    pair: Pair, acme_senior, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        checkins_sweep(today=timezone.localdate())
    checkin = CheckIn.objects.get(person=acme_senior)
    message = next(m for m in mail.outbox if m.to == [acme_senior.user.email])
    assert "check-in" in message.subject
    assert f"/feedback/{checkin.pk}/" in message.body


def test_a_sweep_with_nothing_new_to_send_costs_a_constant_number_of_queries(
    program: Program, django_assert_max_num_queries
) -> None:
    from tests.factories import PersonFactory

    def pairs(count: int) -> None:
        for _ in range(count):
            make_pair(
                program,
                PersonFactory(organization=program.organization),
                PersonFactory(organization=program.organization),
                started_on=timezone.localdate() - timedelta(days=31),
            )

    pairs(2)
    checkins_sweep()
    with django_assert_max_num_queries(4):
        assert checkins_sweep() == []
    pairs(20)
    checkins_sweep()
    with django_assert_max_num_queries(4):
        assert checkins_sweep() == []
