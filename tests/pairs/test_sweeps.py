"""Expiry after the deadline and one reminder before it: each runs any number of times, mails once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ponte.core.errors import DomainError
from ponte.notifications.models import Notification
from ponte.pairs import tasks
from ponte.pairs.models import Pair, PairStatus, Response
from ponte.pairs.services import pair_remind, pairs_expire_overdue, pairs_remind_due
from ponte.programs.models import Program

from .conftest import propose

pytestmark = pytest.mark.django_db


def _to(address: str) -> list[str]:
    return [message.subject for message in mail.outbox if address in message.to]


def test_overdue_proposals_expire_once_and_mail_each_person_once(
    proposal: Pair, rematches, django_capture_on_commit_callbacks
) -> None:
    later = proposal.respond_by + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert pairs_expire_overdue(now=later) == [proposal.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert pairs_expire_overdue(now=later) == []
    assert Pair.objects.get(pk=proposal.pk).status == PairStatus.EXPIRED
    assert len(_to("junior@acme.test")) == 1 and len(_to("senior@acme.test")) == 1
    assert Notification.objects.filter(kind="pair_expired").count() == 2
    assert rematches == [proposal.program_id]


def test_proposals_still_in_time_do_not_expire(proposal: Pair, rematches) -> None:
    assert pairs_expire_overdue(now=proposal.respond_by - timedelta(seconds=1)) == []
    assert Pair.objects.get(pk=proposal.pk).status == PairStatus.PROPOSED
    assert rematches == []


def test_active_pairs_never_expire(proposal: Pair, rematches) -> None:
    Pair.objects.filter(pk=proposal.pk).update(status=PairStatus.ACTIVE)
    assert pairs_expire_overdue(now=proposal.respond_by + timedelta(days=1)) == []


def test_one_expiry_sweep_rematches_each_program_once(
    proposal: Pair, running: Program, acme_participant, rematches, django_capture_on_commit_callbacks
) -> None:
    other = propose(running, acme_participant, Pair.objects.get(pk=proposal.pk).junior, slot=2)
    later = max(proposal.respond_by, other.respond_by) + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert sorted(pairs_expire_overdue(now=later)) == sorted([proposal.pk, other.pk])
    assert rematches == [running.pk]


def test_the_reminder_goes_once_to_whoever_has_not_answered(proposal: Pair, django_capture_on_commit_callbacks) -> None:
    Pair.objects.filter(pk=proposal.pk).update(junior_response=Response.ACCEPTED)
    soon = proposal.respond_by - timedelta(hours=24)
    with django_capture_on_commit_callbacks(execute=True):
        assert pairs_remind_due(now=soon) == [proposal.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert pairs_remind_due(now=soon + timedelta(hours=1)) == []
    assert _to("junior@acme.test") == []
    assert len(_to("senior@acme.test")) == 1
    assert _to("senior@acme.test")[0].startswith("Reminder")
    assert Pair.objects.get(pk=proposal.pk).reminder_sent_at == soon


def test_no_reminder_long_before_the_deadline(proposal: Pair) -> None:
    assert pairs_remind_due(now=proposal.respond_by - timedelta(days=3)) == []
    assert Pair.objects.get(pk=proposal.pk).reminder_sent_at is None


def test_a_short_answer_window_is_not_reminded_in_its_first_half(running: Program, acme_junior, acme_senior) -> None:
    pair = propose(running, acme_junior, acme_senior, days=1)
    assert pairs_remind_due(now=pair.created_at + timedelta(hours=2)) == []
    assert pairs_remind_due(now=pair.created_at + timedelta(hours=13)) == [pair.pk]


def test_the_sweep_task_twice_sends_each_message_once(
    proposal: Pair, rematches, django_capture_on_commit_callbacks
) -> None:
    soon = Pair.objects.filter(pk=proposal.pk)
    soon.update(created_at=timezone.now() - timedelta(days=6), respond_by=timezone.now() + timedelta(hours=10))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep_pairs.enqueue()
        tasks.sweep_pairs.enqueue()
    assert len(mail.outbox) == 2  # one reminder to each, not four
    soon.update(respond_by=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("pairs_sweep", stdout=_Sink())
        call_command("pairs_sweep", stdout=_Sink())
    assert len(mail.outbox) == 4  # plus one "time has ended" to each
    assert rematches == [proposal.program_id]


def test_the_sweep_is_scheduled_every_five_minutes() -> None:
    from crontask import scheduler

    jobs = [job for job in scheduler.get_jobs() if job.name == tasks.sweep_pairs.name]
    assert len(jobs) == 1
    assert "*/5" in str(jobs[0].trigger)


def test_a_manager_can_remind_again_but_not_after_both_answered(
    proposal: Pair, acme_manager, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert sorted(pair_remind(pair=proposal, by=acme_manager.user)) == sorted(
            [proposal.junior_id, proposal.senior_id]
        )
        pair_remind(pair=proposal, by=acme_manager.user)
    assert len(mail.outbox) == 4
    Pair.objects.filter(pk=proposal.pk).update(junior_response=Response.ACCEPTED, senior_response=Response.ACCEPTED)
    proposal.refresh_from_db()
    with pytest.raises(DomainError):
        pair_remind(pair=proposal, by=acme_manager.user)


def test_a_manager_cannot_remind_a_closed_proposal(proposal: Pair, acme_manager) -> None:
    Pair.objects.filter(pk=proposal.pk).update(status=PairStatus.DECLINED)
    proposal.refresh_from_db()
    with pytest.raises(DomainError):
        pair_remind(pair=proposal, by=acme_manager.user)


class _Sink:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass
