"""Kudos reach the partner they were written for, quoted, and nothing else of the feedback does;
the final assessment is asked once of each person of an ended pair."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ponte.feedback import events as feedback_events
from ponte.feedback.models import ClosingSurvey, MeetingFeedback
from ponte.meetings.models import Meeting
from ponte.notifications import messages
from ponte.notifications.models import Notification
from ponte.pairs.models import Pair, PairStatus

from .conftest import KUDOS, LEARNED_CANARY, everything_sent, html_of, mailed_to, only_mail_to

pytestmark = pytest.mark.django_db


def _feedback(meeting: Meeting, author, recipient, *, kudos: str = KUDOS) -> MeetingFeedback:  # type: ignore[no-untyped-def]
    return MeetingFeedback.objects.create(
        organization=meeting.organization,
        meeting=meeting,
        pair=meeting.pair,
        author=author,
        recipient=recipient,
        rating=2,
        learned=LEARNED_CANARY,
        kudos=kudos,
    )


def _give(feedback: MeetingFeedback) -> None:
    feedback_events.feedback_given.send(sender=MeetingFeedback, feedback_id=feedback.pk)


def test_kudos_reach_their_recipient_only(meeting: Meeting, acme_junior, acme_senior) -> None:
    _give(_feedback(meeting, acme_junior, acme_senior))
    assert mailed_to("kudos_received") == ["senior@acme.test"]
    assert Notification.objects.get().recipient == acme_senior.user


def test_kudos_name_their_author_quote_the_kudos_and_link_the_meeting(
    meeting: Meeting, acme_junior, acme_senior
) -> None:
    _give(_feedback(meeting, acme_junior, acme_senior))
    message = only_mail_to("senior@acme.test", "kudos_received")
    assert "Giulia" in message.subject
    link = reverse("meetings:meeting-detail", kwargs={"meeting_id": meeting.pk})
    for text in (message.body, html_of(message)):
        assert KUDOS in text and link in text
    notification = Notification.objects.get()
    assert KUDOS in notification.body and notification.url == link


def test_kudos_are_escaped_in_the_html_email(meeting: Meeting, acme_junior, acme_senior) -> None:
    _give(_feedback(meeting, acme_junior, acme_senior, kudos="<script>alert(1)</script> thanks"))
    html = html_of(only_mail_to("senior@acme.test", "kudos_received"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_feedback_without_kudos_sends_nothing(meeting: Meeting, acme_junior, acme_senior) -> None:
    _give(_feedback(meeting, acme_junior, acme_senior, kudos="   "))
    _give(_feedback(meeting, acme_senior, acme_junior, kudos=""))
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_kudos_are_sent_once(meeting: Meeting, acme_junior, acme_senior) -> None:
    feedback = _feedback(meeting, acme_junior, acme_senior)
    _give(feedback)
    _give(feedback)
    assert len(mail.outbox) == 1


def test_kudos_never_carry_the_rating_or_what_was_learned(meeting: Meeting, acme_junior, acme_senior) -> None:
    _give(_feedback(meeting, acme_junior, acme_senior))
    for text in everything_sent():
        assert LEARNED_CANARY not in text
        assert "2/5" not in text and "rating" not in text.lower() and "useful" not in text.lower()


def test_the_message_function_refuses_empty_kudos(meeting: Meeting, acme_junior, acme_senior) -> None:
    assert messages.kudos_received(feedback=_feedback(meeting, acme_junior, acme_senior, kudos="")) is False
    assert mail.outbox == []


# The final assessment


def _closure(pair: Pair, person) -> ClosingSurvey:  # type: ignore[no-untyped-def]
    Pair.objects.filter(pk=pair.pk).update(status=PairStatus.COMPLETED, ended_on=timezone.localdate())
    survey = ClosingSurvey.objects.create(organization=pair.organization, pair=pair, person=person)
    feedback_events.closure_requested.send(sender=ClosingSurvey, survey_id=survey.pk)
    return survey


def test_the_final_assessment_is_asked_of_its_person_once(pair: Pair, acme_junior) -> None:
    survey = _closure(pair, acme_junior)
    feedback_events.closure_requested.send(sender=ClosingSurvey, survey_id=survey.pk)
    assert mailed_to("closure_due") == ["junior@acme.test"]
    message = only_mail_to("junior@acme.test", "closure_due")
    assert "Sergio Senior" in message.subject
    assert reverse("feedback:closure-answer", kwargs={"survey_id": survey.pk}) in message.body


def test_an_answered_survey_is_not_asked_again(pair: Pair, acme_junior) -> None:
    survey = ClosingSurvey.objects.create(
        organization=pair.organization, pair=pair, person=acme_junior, answered_at=timezone.now()
    )
    feedback_events.closure_requested.send(sender=ClosingSurvey, survey_id=survey.pk)
    assert mail.outbox == []
