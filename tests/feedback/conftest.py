"""An active pair between Giulia (junior) and Sergio (senior), and helpers to send check-ins."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from ponte.feedback.models import CheckIn
from ponte.organizations.models import Organization
from ponte.pairs.models import Pair, PairStatus
from ponte.people.models import Person
from ponte.programs.models import Program, ProgramStatus

#: Check-in text only its author may read.
COMMENT_CANARY = "Zxqcheckin private worry"


@pytest.fixture
def program(acme: Organization) -> Program:
    return Program.objects.create(organization=acme, name="Digital bridge", slug="bridge", status=ProgramStatus.RUNNING)


def make_pair(
    program: Program, junior: Person, senior: Person, *, started_on: date | None = None, status: str = PairStatus.ACTIVE
) -> Pair:
    return Pair.objects.create(
        organization=program.organization,
        program=program,
        junior=junior,
        senior=senior,
        status=status,
        started_on=started_on or timezone.localdate() - timedelta(days=30),
    )


@pytest.fixture
def pair(program: Program, acme_junior: Person, acme_senior: Person) -> Pair:
    return make_pair(program, acme_junior, acme_senior)


def send(pair: Pair, person: Person, *, due_on: date | None = None) -> CheckIn:
    """A check-in already sent to ``person``."""
    return CheckIn.objects.create(
        organization=pair.organization,
        pair=pair,
        person=person,
        due_on=due_on or timezone.localdate(),
        sent_at=timezone.now(),
    )


def answer(checkin: CheckIn, *, satisfaction: int = 4, learning: int = 3, comment: str = "", contact_hr: bool = False):  # type: ignore[no-untyped-def]
    CheckIn.objects.filter(pk=checkin.pk).update(
        answered_at=timezone.now(),
        satisfaction=satisfaction,
        learning=learning,
        comment=comment,
        contact_hr=contact_hr,
    )
    checkin.refresh_from_db()
    return checkin
