"""Messages about a running pair: nudges, pauses, resumes, early endings and the at-risk alert.
Each reaches the right people, in their language, once per occurrence, and never carries the
private reason or note of an ending."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, translation

from ponte.feedback import events as feedback_events
from ponte.notifications.models import Notification
from ponte.organizations.models import Membership, Role
from ponte.pairs import events as pair_events
from ponte.pairs.models import Agreement, EndReason, Pair, PairStatus, RiskReason
from ponte.programs.models import ProgramStatus
from tests.factories import MembershipFactory, UserFactory

from .conftest import NOTE_CANARY, everything_sent, html_of, mailed, mailed_to, only_mail_to

pytestmark = pytest.mark.django_db

JUNIOR, SENIOR, MANAGER, ADMIN = "junior@acme.test", "senior@acme.test", "manager@acme.test", "admin@acme.test"
SPELL = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)


def _update(pair: Pair, **fields: object) -> Pair:
    Pair.objects.filter(pk=pair.pk).update(**fields)
    pair.refresh_from_db()
    return pair


# Nudges


def _nudge(pair: Pair, at: datetime = SPELL) -> None:
    _update(pair, nudged_at=at)
    feedback_events.pair_nudged.send(sender=Pair, pair_id=pair.pk)


def test_a_nudge_reaches_both_people_with_the_programs_cadence(pair: Pair) -> None:
    _nudge(pair)
    assert mailed_to("pair_nudge") == [JUNIOR, SENIOR]
    to_junior = only_mail_to(JUNIOR, "pair_nudge")
    assert "Sergio Senior" in to_junior.subject
    assert "every 14 days" in to_junior.body
    assert reverse("meetings:pair-meetings", kwargs={"pair_id": pair.pk}) in to_junior.body


def test_a_nudge_uses_the_cadence_the_pair_agreed(pair: Pair) -> None:
    Agreement.objects.create(organization=pair.organization, pair=pair, version=1, cadence_days=30)
    Agreement.objects.create(organization=pair.organization, pair=pair, version=2, cadence_days=21)
    _nudge(pair)
    assert "every 21 days" in only_mail_to(SENIOR, "pair_nudge").body
    assert "every 21 days" in Notification.objects.get(recipient__email=SENIOR).body


def test_a_nudge_is_sent_once_per_quiet_spell(pair: Pair) -> None:
    _nudge(pair)
    _nudge(pair)
    assert len(mailed("pair_nudge")) == 2
    _nudge(pair, SPELL + timedelta(days=40))
    assert len(mailed("pair_nudge")) == 4


def test_a_paused_pair_is_not_nudged(pair: Pair) -> None:
    _update(pair, paused_at=SPELL)
    _nudge(pair)
    assert mail.outbox == []


# At risk


def _flag(pair: Pair, reason: str = RiskReason.NO_MEETING, details: dict | None = None, at: datetime = SPELL) -> None:  # type: ignore[type-arg]
    _update(pair, at_risk_since=at, risk_reason=reason, risk_details={"days": 45, "cadence_days": 14} | (details or {}))
    feedback_events.pair_flagged.send(sender=Pair, pair_id=pair.pk)


def test_an_at_risk_pair_alerts_the_program_managers_only(pair: Pair, acme_manager, acme_admin, globex_admin) -> None:
    _flag(pair)
    assert mailed_to("pair_at_risk") == [MANAGER]
    assert Notification.objects.get().recipient == acme_manager.user


def test_the_alert_says_why_in_words(pair: Pair, acme_manager) -> None:
    _flag(pair)
    message = only_mail_to(MANAGER, "pair_at_risk")
    assert "No meeting for 45 days" in message.body and "every 14 days" in message.body
    assert "Giulia Junior" in message.subject and "Sergio Senior" in message.subject
    assert f"/pairs/{pair.pk}/#risk-202703010930" in message.body


def test_the_alert_counts_the_meetings_that_did_not_take_place(pair: Pair, acme_manager) -> None:
    _flag(pair, RiskReason.NO_SHOWS, {"count": 3})
    assert "The last 3 meetings did not take place" in Notification.objects.get().body


@pytest.mark.parametrize("details", [{"days": "many"}, {"count": None}, {"days": True, "cadence_days": -1}])
def test_malformed_risk_details_still_give_a_reason(pair: Pair, acme_manager, details: dict) -> None:  # type: ignore[type-arg]
    _update(pair, at_risk_since=SPELL, risk_reason=RiskReason.NO_MEETING, risk_details=details)
    feedback_events.pair_flagged.send(sender=Pair, pair_id=pair.pk)
    assert str(RiskReason.NO_MEETING.label) in Notification.objects.get().body


def test_without_program_managers_the_admins_are_alerted(pair: Pair, acme_admin) -> None:
    _flag(pair)
    assert mailed_to("pair_at_risk") == [ADMIN]


def test_a_manager_without_a_profile_is_alerted_in_their_language(pair: Pair, acme) -> None:
    user = UserFactory(email="hr@acme.test", full_name="Helena Hr", language="it")
    MembershipFactory(organization=acme, user=user, role=Role.MANAGER)
    _flag(pair)
    message = only_mail_to("hr@acme.test", "pair_at_risk")
    assert message.extra_headers["Content-Language"] == "it"
    assert "Helena" in message.body


def test_the_pairs_own_people_never_get_the_alert_about_their_pair(pair: Pair, acme_senior, acme_manager) -> None:
    Membership.objects.filter(user=acme_senior.user).update(role=Role.MANAGER)
    _flag(pair)
    assert mailed_to("pair_at_risk") == [MANAGER]


def test_the_alert_is_sent_once_per_flag(pair: Pair, acme_manager) -> None:
    _flag(pair)
    _flag(pair)
    assert len(mailed("pair_at_risk")) == 1
    _flag(pair, at=SPELL + timedelta(days=30))
    assert len(mailed("pair_at_risk")) == 2


def test_no_alert_when_the_pair_is_no_longer_at_risk(pair: Pair, acme_manager) -> None:
    _update(pair, at_risk_since=None)
    feedback_events.pair_flagged.send(sender=Pair, pair_id=pair.pk)
    assert mail.outbox == []


# Pauses


def _pause(pair: Pair, by_person_id: int | None, until: date | None = None, at: datetime = SPELL) -> None:
    _update(pair, paused_at=at, paused_until=until)
    pair_events.pair_paused.send(sender=Pair, pair_id=pair.pk, by_person_id=by_person_id)


def test_a_pause_is_told_to_the_partner_who_did_not_pause(pair: Pair, acme_junior) -> None:
    _pause(pair, acme_junior.pk)
    assert mailed_to("pair_paused") == [SENIOR]
    message = only_mail_to(SENIOR, "pair_paused")
    assert "Giulia Junior paused" in message.body
    assert "Upcoming meetings are cancelled" in message.body


def test_a_pause_by_a_program_manager_is_told_to_both(pair: Pair) -> None:
    _pause(pair, None)
    assert mailed_to("pair_paused") == [JUNIOR, SENIOR]
    assert "A program manager paused" in only_mail_to(JUNIOR, "pair_paused").body


def test_a_pause_says_until_when(pair: Pair, acme_junior) -> None:
    until = date(2027, 4, 15)
    _pause(pair, acme_junior.pk, until)
    with translation.override("en"):
        shown = formats.date_format(until, "DATE_FORMAT")
    message = only_mail_to(SENIOR, "pair_paused")
    assert shown in message.subject and shown in message.body


def test_a_pause_is_told_once_and_a_new_pause_again(pair: Pair, acme_junior) -> None:
    _pause(pair, acme_junior.pk)
    _pause(pair, acme_junior.pk)
    assert len(mailed("pair_paused")) == 1
    _pause(pair, acme_junior.pk, at=SPELL + timedelta(days=20))
    assert len(mailed("pair_paused")) == 2


def test_no_pause_message_when_the_pair_already_resumed(pair: Pair, acme_junior) -> None:
    pair_events.pair_paused.send(sender=Pair, pair_id=pair.pk, by_person_id=acme_junior.pk)
    assert mail.outbox == []


# Resumes


def _resume(pair: Pair, at: datetime = SPELL) -> None:
    _update(pair, paused_at=None, resumed_at=at)
    pair_events.pair_resumed.send(sender=Pair, pair_id=pair.pk)


def test_a_resume_is_told_to_both_once_per_resume(pair: Pair) -> None:
    _resume(pair)
    _resume(pair)
    assert mailed_to("pair_resumed") == [JUNIOR, SENIOR]
    assert "Sergio Senior" in only_mail_to(JUNIOR, "pair_resumed").subject
    _resume(pair, SPELL + timedelta(days=60))
    assert len(mailed("pair_resumed")) == 4


def test_no_resume_message_while_the_pair_is_paused(pair: Pair) -> None:
    _update(pair, paused_at=SPELL, resumed_at=SPELL - timedelta(days=1))
    pair_events.pair_resumed.send(sender=Pair, pair_id=pair.pk)
    assert mail.outbox == []


# Endings


def _end(pair: Pair, ended_by_id: int | None) -> None:
    _update(pair, status=PairStatus.ENDED_EARLY, ended_by_id=ended_by_id, end_reason=EndReason.NOT_WORKING)
    _update(pair, end_note=NOTE_CANARY)
    pair_events.pair_ended.send(sender=Pair, pair_id=pair.pk, ended_by_id=ended_by_id)


def test_an_ending_is_told_to_the_partner_who_did_not_end_it_once(pair: Pair, acme_senior) -> None:
    _end(pair, acme_senior.pk)
    pair_events.pair_ended.send(sender=Pair, pair_id=pair.pk, ended_by_id=acme_senior.pk)
    assert mailed_to("pair_ended_for_you") == [JUNIOR]
    assert "It happens, and it says nothing about you" in only_mail_to(JUNIOR, "pair_ended_for_you").body


def test_an_ending_by_a_program_manager_is_told_to_both(pair: Pair) -> None:
    _end(pair, None)
    assert mailed_to("pair_ended_for_you") == [JUNIOR, SENIOR]


def test_an_ending_never_carries_the_reason_the_note_or_who_ended_it(pair: Pair, acme_senior) -> None:
    _end(pair, acme_senior.pk)
    for text in everything_sent():
        assert NOTE_CANARY not in text
        assert str(EndReason.NOT_WORKING.label) not in text
        assert "Sergio ended" not in text and "Sergio Senior ended" not in text


def test_an_ending_mentions_a_new_partner_while_the_program_runs(pair: Pair, acme_senior) -> None:
    _end(pair, acme_senior.pk)
    assert "a new partner may be proposed" in only_mail_to(JUNIOR, "pair_ended_for_you").body


def test_an_ending_in_a_closed_program_promises_no_new_partner(pair: Pair, acme_senior) -> None:
    pair.program.status = ProgramStatus.CLOSED
    pair.program.save()
    _end(pair, acme_senior.pk)
    message = only_mail_to(JUNIOR, "pair_ended_for_you")
    assert "new partner" not in message.body and "new partner" not in html_of(message)


def test_no_ending_message_for_a_pair_that_did_not_end(pair: Pair, acme_senior) -> None:
    pair_events.pair_ended.send(sender=Pair, pair_id=pair.pk, ended_by_id=acme_senior.pk)
    assert mail.outbox == []
