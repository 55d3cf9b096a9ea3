"""An active pair between Giulia (junior, Rome) and Sergio (senior), and helpers to book meetings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from ponte.meetings.models import Meeting
from ponte.meetings.services import meeting_schedule
from ponte.organizations.models import Organization
from ponte.pairs.models import Pair, PairStatus
from ponte.people.models import Person
from ponte.programs.models import Program, ProgramStatus

#: Agenda text only the pair's two people may read.
AGENDA_CANARY = "Zxqagenda private plan"

#: A fixed "now" before the DST changes of 2027 used by the calendar tests.
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def program(acme: Organization) -> Program:
    return Program.objects.create(
        organization=acme, name="Digital bridge", slug="bridge", status=ProgramStatus.RUNNING, meeting_minutes=45
    )


def make_pair(program: Program, junior: Person, senior: Person, status: str = PairStatus.ACTIVE) -> Pair:
    return Pair.objects.create(
        organization=program.organization,
        program=program,
        junior=junior,
        senior=senior,
        status=status,
        started_on=timezone.localdate(),
    )


@pytest.fixture
def pair(program: Program, acme_junior: Person, acme_senior: Person) -> Pair:
    return make_pair(program, acme_junior, acme_senior)


def book(
    pair: Pair, by: Person, *, starts_at: datetime | None = None, now: datetime | None = None, **fields: object
) -> Meeting:
    """A meeting in three days, or at ``starts_at`` as seen at ``now`` (default: the real now)."""
    values: dict[str, object] = {"duration": 60, "channel": "video", "agenda": AGENDA_CANARY} | fields
    return meeting_schedule(
        pair=pair,
        by=by,
        starts_at=starts_at or timezone.now() + timedelta(days=3),
        now=now,
        **values,  # type: ignore[arg-type]
    )
