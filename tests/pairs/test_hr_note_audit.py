"""A program manager shown a private note to HR (why someone declined or ended a pair) leaves a row
in the audit log; the two people of the pair reading their own pair page leave none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ponte.feedback.models import AuditLog
from ponte.feedback.services import AUDIT_READ_PAIR_NOTE
from ponte.pairs.models import EndReason, Pair, PairStatus
from ponte.programs.models import Program, ProgramStatus

pytestmark = pytest.mark.django_db

NOTE = "Zxqnote the senior keeps cancelling"


def _pairs(acme, junior, senior) -> tuple[Program, Pair, Pair]:  # type: ignore[no-untyped-def]
    program = Program.objects.create(organization=acme, name="Bridge", slug="bridge", status=ProgramStatus.RUNNING)
    ended = Pair.objects.create(
        organization=acme,
        program=program,
        junior=junior,
        senior=senior,
        status=PairStatus.ENDED_EARLY,
        end_reason=EndReason.values[0],
        end_note=NOTE,
    )
    quiet = Pair.objects.create(
        organization=acme, program=program, junior=junior, senior=senior, status=PairStatus.DECLINED, junior_slot=2
    )
    return program, ended, quiet


def test_a_manager_reading_a_pair_page_with_a_note_is_logged(
    login, acme, acme_manager, acme_junior, acme_senior
) -> None:
    _program, ended, quiet = _pairs(acme, acme_junior, acme_senior)
    client = login(acme_manager)
    assert NOTE in client.get(reverse("pairs:pair-detail", args=[ended.pk])).content.decode()
    client.get(reverse("pairs:pair-detail", args=[quiet.pk]))
    entries = list(AuditLog.objects.values_list("action", "object_type", "object_id", "actor_id"))
    assert entries == [(AUDIT_READ_PAIR_NOTE, "pair", ended.pk, acme_manager.user_id)]


def test_the_team_list_logs_each_note_it_shows(login, acme, acme_admin, acme_manager, acme_junior, acme_senior) -> None:
    program, ended, _quiet = _pairs(acme, acme_junior, acme_senior)
    assert NOTE in login(acme_manager).get(reverse("pairs:program-pairs", args=[program.pk])).content.decode()
    assert list(AuditLog.objects.values_list("object_id", flat=True)) == [ended.pk]
    body = login(acme_admin).get(reverse("reports:audit-log")).content.decode()
    assert "Read a private note to HR" in body
    assert "Note to HR about the pair Giulia Junior and Sergio Senior, Bridge" in body
    assert NOTE not in body


def test_the_people_of_the_pair_reading_their_page_leave_no_entry(login, acme, acme_junior, acme_senior) -> None:
    _program, ended, _quiet = _pairs(acme, acme_junior, acme_senior)
    login(acme_junior).get(reverse("pairs:pair-detail", args=[ended.pk]))
    assert not AuditLog.objects.exists()
