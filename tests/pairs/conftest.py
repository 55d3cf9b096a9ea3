"""A running acme program and a proposal between Giulia (junior) and Sergio (senior)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ponte.organizations.models import Organization
from ponte.pairs.models import Pair, PairStatus
from ponte.people.models import Person
from ponte.programs.models import Program, ProgramStatus
from ponte.skills.models import Skill

#: A private note to HR: it must never reach the partner, in a page, an email or a notification.
NOTE_CANARY = "Zxqnote private reason"


def skill_facts() -> dict[str, object]:
    digital = Skill.objects.filter(area__framework__code="digcomp").first()
    vision = Skill.objects.filter(area__framework__code="entrecomp").first()
    assert digital is not None and vision is not None
    return {
        "v": 1,
        "junior_teaches": [{"skill": digital.pk, "teacher": 6, "from": 2, "to": 5, "target": 5}],
        "senior_teaches": [{"skill": vision.pk, "teacher": 7, "from": 1, "to": 4, "target": 4}],
        "channels": ["video"],
        "favourite_channel": True,
        "languages": ["it"],
        "hours": 4,
        "different_departments": True,
        "excluded_by": ["AVOID_WISH"],
        "components": {"forward": 0.5, "reverse": 0.4, "wish": 0.9},
    }


@pytest.fixture
def running(acme: Organization) -> Program:
    return Program.objects.create(organization=acme, name="Digital bridge", slug="bridge", status=ProgramStatus.RUNNING)


def propose(
    program: Program, junior: Person, senior: Person, *, days: float = 7, slot: int = 1, **fields: object
) -> Pair:
    return Pair.objects.create(
        organization=program.organization,
        program=program,
        junior=junior,
        senior=senior,
        junior_slot=slot,
        status=PairStatus.PROPOSED,
        respond_by=timezone.now() + timedelta(days=days),
        facts=skill_facts(),
        score=0.6,
        **fields,
    )


@pytest.fixture
def proposal(running: Program, acme_junior: Person, acme_senior: Person) -> Pair:
    return propose(running, acme_junior, acme_senior)


@pytest.fixture
def rematches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Program ids the re-match task asked publishing for (the task calls it through the module)."""
    import ponte.pairs.publishing as publishing

    calls: list[int] = []

    def record(*, program: Program, by: object = None) -> list[Pair]:
        calls.append(program.pk)
        return []

    monkeypatch.setattr(publishing, "rematch_and_publish", record)
    return calls


@pytest.fixture
def active(running: Program, acme_junior: Person, acme_senior: Person) -> Pair:
    """Giulia and Sergio, active for 40 days in the running program."""
    return Pair.objects.create(
        organization=running.organization,
        program=running,
        junior=acme_junior,
        senior=acme_senior,
        status=PairStatus.ACTIVE,
        started_on=timezone.localdate() - timedelta(days=40),
    )
