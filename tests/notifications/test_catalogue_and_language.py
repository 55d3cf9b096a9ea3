"""Every kind of message is in the catalogue with both email bodies, and every new message is
written in its recipient's language, with the link to the preferences page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from ponte.feedback import events as feedback_events
from ponte.feedback.models import ClosingSurvey, MeetingFeedback
from ponte.meetings.models import Meeting
from ponte.notifications import catalogue
from ponte.notifications.models import Notification
from ponte.organizations.models import Membership
from ponte.pairs import events as pair_events
from ponte.pairs.models import Pair, PairStatus, RiskReason
from ponte.people.models import Person

from .conftest import KUDOS, html_of, mailed, speaks

pytestmark = pytest.mark.django_db

EMAIL_TEMPLATES = Path(catalogue.__file__).parent / "templates" / "notifications" / "email"
AT = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)


def test_every_email_template_belongs_to_a_kind_in_the_catalogue() -> None:
    kinds = {path.stem for path in EMAIL_TEMPLATES.glob("*.txt") if not path.stem.startswith("_")}
    assert kinds == set(catalogue.KINDS)


@pytest.mark.parametrize("kind", sorted(catalogue.KINDS))
def test_every_kind_has_a_text_and_an_html_body(kind: str) -> None:
    assert (EMAIL_TEMPLATES / f"{kind}.txt").is_file() and (EMAIL_TEMPLATES / f"{kind}.html").is_file()


def test_the_managers_group_is_only_for_members_who_manage_programs(acme_junior, acme_manager, acme_admin) -> None:
    def keys(person: Person) -> set[str]:
        membership = Membership.objects.get(user=person.user)
        return {group.key for group in catalogue.groups_for(membership)}

    managers = {group.key for group in catalogue.GROUPS if group.managers_only}
    assert managers and not managers & keys(acme_junior)
    assert managers <= keys(acme_manager) and managers <= keys(acme_admin)


def _kudos(pair: Pair, meeting: Meeting) -> str:
    feedback = MeetingFeedback.objects.create(
        organization=pair.organization,
        meeting=meeting,
        pair=pair,
        author=pair.junior,
        recipient=pair.senior,
        rating=5,
        kudos=KUDOS,
    )
    feedback_events.feedback_given.send(sender=MeetingFeedback, feedback_id=feedback.pk)
    return "kudos_received"


def _nudge(pair: Pair, meeting: Meeting) -> str:
    Pair.objects.filter(pk=pair.pk).update(nudged_at=AT)
    feedback_events.pair_nudged.send(sender=Pair, pair_id=pair.pk)
    return "pair_nudge"


def _flag(pair: Pair, meeting: Meeting) -> str:
    Pair.objects.filter(pk=pair.pk).update(at_risk_since=AT, risk_reason=RiskReason.NO_SHOWS, risk_details={"count": 2})
    feedback_events.pair_flagged.send(sender=Pair, pair_id=pair.pk)
    return "pair_at_risk"


def _pause(pair: Pair, meeting: Meeting) -> str:
    Pair.objects.filter(pk=pair.pk).update(paused_at=AT)
    pair_events.pair_paused.send(sender=Pair, pair_id=pair.pk, by_person_id=None)
    return "pair_paused"


def _resume(pair: Pair, meeting: Meeting) -> str:
    Pair.objects.filter(pk=pair.pk).update(resumed_at=AT)
    pair_events.pair_resumed.send(sender=Pair, pair_id=pair.pk)
    return "pair_resumed"


def _end(pair: Pair, meeting: Meeting) -> str:
    Pair.objects.filter(pk=pair.pk).update(status=PairStatus.ENDED_EARLY)
    pair_events.pair_ended.send(sender=Pair, pair_id=pair.pk, ended_by_id=None)
    return "pair_ended_for_you"


def _closure(pair: Pair, meeting: Meeting) -> str:
    survey = ClosingSurvey.objects.create(organization=pair.organization, pair=pair, person=pair.senior)
    feedback_events.closure_requested.send(sender=ClosingSurvey, survey_id=survey.pk)
    return "closure_due"


NEW_MESSAGES: list[Callable[[Pair, Meeting], str]] = [_kudos, _nudge, _flag, _pause, _resume, _end, _closure]


@pytest.fixture
def italian_organisation(acme_junior, acme_senior, acme_manager) -> list[Person]:
    return [speaks(person, "it") for person in (acme_junior, acme_senior, acme_manager)]


@pytest.mark.parametrize("send", NEW_MESSAGES, ids=lambda send: send.__name__.strip("_"))
def test_new_messages_are_written_in_the_recipients_language(
    send: Callable[[Pair, Meeting], str], pair: Pair, meeting: Meeting, italian_organisation
) -> None:
    kind = send(pair, meeting)
    emails = mailed(kind)
    assert emails
    for message in emails:
        assert message.extra_headers["Content-Language"] == "it"
        assert 'lang="it"' in html_of(message)


@pytest.mark.parametrize("send", NEW_MESSAGES, ids=lambda send: send.__name__.strip("_"))
def test_new_messages_greet_link_and_offer_the_preferences(
    send: Callable[[Pair, Meeting], str], pair: Pair, meeting: Meeting, acme_manager
) -> None:
    kind = send(pair, meeting)
    emails = mailed(kind)
    assert emails
    for message in emails:
        notification = Notification.objects.get(kind=kind, recipient__email=message.to[0])
        assert message.extra_headers["Content-Language"] == "en"
        for text in (message.body, html_of(message)):
            assert settings.PONTE_BASE_URL + notification.url in text.replace("&amp;", "&")
            assert f"{settings.PONTE_BASE_URL}/notifications/preferences/" in text
        assert message.subject == notification.title


def test_the_alert_to_managers_says_why_they_receive_it(pair: Pair, meeting: Meeting, acme_manager) -> None:
    _flag(pair, meeting)
    (message,) = mailed("pair_at_risk")
    assert "As a program manager at Acme" in message.body
    assert "you take part in" not in message.body
