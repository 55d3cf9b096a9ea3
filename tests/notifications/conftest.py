"""An active pair between Giulia (junior) and Sergio (senior) in a running acme program, and
helpers to read what was mailed and what the notification centre shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ponte.meetings.models import Meeting, MeetingStatus
from ponte.notifications.models import Notification
from ponte.organizations.models import Organization
from ponte.pairs.models import Pair, PairStatus
from ponte.people.models import Person
from ponte.programs.models import Program, ProgramStatus

#: Private text that must never reach anyone in an email or a notification.
NOTE_CANARY = "Zxqnote private reason"
LEARNED_CANARY = "Zxqlearned private insight"
KUDOS = "Thank you for your patience with pivot tables"


@pytest.fixture
def program(acme: Organization) -> Program:
    return Program.objects.create(
        organization=acme, name="Digital bridge", slug="bridge", status=ProgramStatus.RUNNING, cadence_days=14
    )


@pytest.fixture
def pair(program: Program, acme_junior: Person, acme_senior: Person) -> Pair:
    return Pair.objects.create(
        organization=program.organization,
        program=program,
        junior=acme_junior,
        senior=acme_senior,
        status=PairStatus.ACTIVE,
        started_on=timezone.localdate() - timedelta(days=60),
    )


@pytest.fixture
def meeting(pair: Pair) -> Meeting:
    return Meeting.objects.create(
        organization=pair.organization,
        pair=pair,
        starts_at=datetime(2027, 3, 1, 9, 0, tzinfo=UTC),
        duration_minutes=45,
        channel="video",
        status=MeetingStatus.HELD,
    )


def speaks(person: Person, language: str) -> Person:
    assert person.user is not None
    person.user.language = language
    person.user.save(update_fields=["language"])
    return person


def mailed(kind: str) -> list[mail.EmailMultiAlternatives]:
    """The emails of one kind of message: other apps' listeners may mail about the same event."""
    sent = set(Notification.objects.filter(kind=kind, emailed=True).values_list("recipient__email", "title"))
    return [message for message in mail.outbox if (message.to[0], message.subject) in sent]  # type: ignore[misc]


def mailed_to(kind: str) -> list[str]:
    return sorted(message.to[0] for message in mailed(kind))


def only_mail_to(address: str, kind: str) -> mail.EmailMultiAlternatives:
    (message,) = [message for message in mailed(kind) if message.to == [address]]
    return message


def html_of(message: mail.EmailMessage) -> str:
    return str(message.alternatives[0][0])  # type: ignore[attr-defined]


def everything_sent() -> list[str]:
    """Every text a person could read: each email's subject, text and HTML, and each notification."""
    texts = [part for message in mail.outbox for part in (message.subject, message.body, html_of(message))]
    texts += [f"{n.title}\n{n.body}" for n in Notification.objects.all()]
    return texts
