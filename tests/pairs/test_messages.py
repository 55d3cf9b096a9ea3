"""Pair messages: email and in-app, in the recipient's language and time zone, never twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core import mail

from ponte.matching.events import pairs_proposed
from ponte.notifications import messages
from ponte.notifications.models import Notification
from ponte.pairs.models import Pair

pytestmark = pytest.mark.django_db


def _by_recipient() -> dict[str, mail.EmailMultiAlternatives]:
    return {message.to[0]: message for message in mail.outbox}  # type: ignore[misc]


def test_a_published_proposal_mails_and_notifies_both_people_once(proposal: Pair, acme_junior, acme_senior) -> None:
    pairs_proposed.send(sender=Pair, pair_ids=[proposal.pk], program_id=proposal.program_id)
    pairs_proposed.send(sender=Pair, pair_ids=[proposal.pk], program_id=proposal.program_id)
    assert sorted(_by_recipient()) == ["junior@acme.test", "senior@acme.test"]
    assert len(mail.outbox) == 2
    to_junior = _by_recipient()["junior@acme.test"]
    assert "Sergio Senior" in to_junior.body
    assert "/pairs/#pair-" in to_junior.body
    notification = Notification.objects.get(recipient=acme_junior.user, kind="pair_proposed")
    assert notification.url.startswith("/pairs/")
    assert "Sergio Senior" in notification.body
    assert Notification.objects.filter(recipient=acme_senior.user, kind="pair_proposed").count() == 1


def test_no_proposal_message_for_a_pair_that_is_no_longer_proposed(proposal: Pair) -> None:
    Pair.objects.filter(pk=proposal.pk).update(status="declined")
    pairs_proposed.send(sender=Pair, pair_ids=[proposal.pk], program_id=proposal.program_id)
    assert mail.outbox == []


def test_emails_are_written_in_each_recipients_language_and_time_zone(proposal: Pair, acme_junior, acme_senior) -> None:
    acme_junior.user.language = "it"
    acme_junior.user.save()
    acme_senior.user.language = "en"
    acme_senior.user.save()
    acme_senior.time_zone = "America/New_York"
    acme_senior.save()
    Pair.objects.filter(pk=proposal.pk).update(respond_by=datetime(2031, 3, 12, 17, 0, tzinfo=UTC))
    proposal.refresh_from_db()

    messages.pair_proposed(pair=proposal, person=acme_junior)
    messages.pair_proposed(pair=proposal, person=acme_senior)

    italian, english = _by_recipient()["junior@acme.test"], _by_recipient()["senior@acme.test"]
    assert italian.subject != english.subject
    assert "12 marzo, 18:00" in italian.subject.lower()  # Rome is UTC+1 in March
    assert "12 March, 13:00" in english.subject  # New York is UTC-4 after its DST start
    html = italian.alternatives[0][0]  # type: ignore[index]
    assert 'lang="it"' in html
    assert "12 marzo" in italian.body.lower()


def test_every_message_has_a_subject_a_text_and_an_html_body(proposal: Pair, acme_junior) -> None:
    for send in (
        messages.pair_proposed,
        messages.pair_reminder,
        messages.pair_activated,
        messages.pair_closed_for_you,
        messages.pair_expired,
    ):
        assert send(pair=proposal, person=acme_junior) is True
    assert len(mail.outbox) == 5
    for message in mail.outbox:
        assert message.subject and "Giulia" in message.body
        html = message.alternatives[0][0]  # type: ignore[attr-defined]
        assert "<html" in html and "http://" in html
    assert Notification.objects.filter(recipient=acme_junior.user).count() == 5


def test_once_only_messages_are_not_repeated_but_reminders_are(proposal: Pair, acme_junior) -> None:
    assert messages.pair_activated(pair=proposal, person=acme_junior) is True
    assert messages.pair_activated(pair=proposal, person=acme_junior) is False
    assert messages.pair_reminder(pair=proposal, person=acme_junior) is True
    assert messages.pair_reminder(pair=proposal, person=acme_junior) is True
    assert len(mail.outbox) == 3


def test_the_closed_message_never_says_who_declined_or_why(proposal: Pair, acme_junior) -> None:
    messages.pair_closed_for_you(pair=proposal, person=acme_junior)
    (message,) = mail.outbox
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    for text in (message.subject, message.body, html):
        assert "Sergio" not in text
        assert "declin" not in text.lower()
        assert "says nothing about you" in text or text == message.subject
