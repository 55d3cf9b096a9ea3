"""A person's preferences decide the channels: no email, no place in the notification centre, or
neither; every message still leaves its row, so switching a channel off never makes it repeat."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from ponte.notifications import messages
from ponte.notifications.models import Notification, NotificationPreference
from ponte.organizations.models import Role
from ponte.pairs.models import Pair
from ponte.people.models import Person
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _prefer(person: Person, kind: str = "pair_activated", *, email: bool, in_app: bool, organization=None) -> None:  # type: ignore[no-untyped-def]
    NotificationPreference.objects.create(
        organization=organization or person.organization, user=person.user, kind=kind, email=email, in_app=in_app
    )


def _centre(client) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("notifications:notification-list")).content.decode()


def _bell(client) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("reports:home")).content.decode()


def test_without_preferences_a_message_is_mailed_and_shown(login, pair: Pair, acme_junior) -> None:
    assert messages.pair_activated(pair=pair, person=acme_junior) is True
    assert len(mail.outbox) == 1
    notification = Notification.objects.get(recipient=acme_junior.user)
    assert notification.in_app and notification.emailed
    assert notification.title in _centre(login(acme_junior))


def test_email_off_sends_no_email_but_shows_the_message_in_the_app(login, pair: Pair, acme_junior) -> None:
    _prefer(acme_junior, email=False, in_app=True)
    messages.pair_activated(pair=pair, person=acme_junior)
    assert mail.outbox == []
    notification = Notification.objects.get(recipient=acme_junior.user)
    assert notification.in_app and not notification.emailed
    client = login(acme_junior)
    assert notification.title in _centre(client)
    assert 'class="bell__count">1' in _bell(client)


def test_in_app_off_mails_but_keeps_the_message_out_of_the_centre_and_the_bell(login, pair: Pair, acme_junior) -> None:
    _prefer(acme_junior, email=True, in_app=False)
    messages.pair_activated(pair=pair, person=acme_junior)
    assert [message.to for message in mail.outbox] == [["junior@acme.test"]]
    notification = Notification.objects.get(recipient=acme_junior.user)
    assert notification.emailed and not notification.in_app
    client = login(acme_junior)
    assert notification.title not in _centre(client)
    assert "You have no notifications" in _centre(client)
    assert "bell__count" not in _bell(client)


def test_both_off_shows_nothing_and_still_sends_nothing_twice(login, pair: Pair, acme_junior) -> None:
    _prefer(acme_junior, email=False, in_app=False)
    messages.pair_activated(pair=pair, person=acme_junior)
    assert messages.pair_activated(pair=pair, person=acme_junior) is False
    assert mail.outbox == []
    (notification,) = Notification.objects.filter(recipient=acme_junior.user)
    assert not notification.emailed and not notification.in_app
    assert notification.title not in _centre(login(acme_junior))


def test_in_app_off_still_mails_only_once(pair: Pair, acme_junior) -> None:
    _prefer(acme_junior, in_app=False, email=True)
    messages.pair_activated(pair=pair, person=acme_junior)
    messages.pair_activated(pair=pair, person=acme_junior)
    assert len(mail.outbox) == 1


def test_a_preference_covers_only_its_own_kind(pair: Pair, acme_junior) -> None:
    _prefer(acme_junior, "pair_expired", email=False, in_app=False)
    messages.pair_activated(pair=pair, person=acme_junior)
    messages.pair_expired(pair=pair, person=acme_junior)
    assert [message.subject for message in mail.outbox] == [Notification.objects.get(kind="pair_activated").title]


def test_a_preference_in_another_organisation_does_not_apply(pair: Pair, acme_junior, globex) -> None:
    MembershipFactory(organization=globex, user=acme_junior.user, role=Role.PARTICIPANT)
    _prefer(acme_junior, email=False, in_app=False, organization=globex)
    messages.pair_activated(pair=pair, person=acme_junior)
    assert len(mail.outbox) == 1
    assert Notification.objects.get(recipient=acme_junior.user).in_app


def test_someone_elses_preference_does_not_apply(pair: Pair, acme_junior, acme_senior) -> None:
    _prefer(acme_senior, email=False, in_app=False)
    messages.pair_activated(pair=pair, person=acme_junior)
    messages.pair_activated(pair=pair, person=acme_senior)
    assert [message.to for message in mail.outbox] == [["junior@acme.test"]]


def test_meeting_reminders_follow_the_preference_too(pair: Pair, acme_junior, meeting) -> None:
    _prefer(acme_junior, "meeting_reminder", email=False, in_app=True)
    messages.meeting_reminder(meeting=meeting, person=acme_junior)
    assert mail.outbox == []
    assert Notification.objects.get(recipient=acme_junior.user, kind="meeting_reminder").in_app


def test_a_hidden_notification_cannot_be_opened(login, pair: Pair, acme_junior) -> None:
    _prefer(acme_junior, in_app=False, email=True)
    messages.pair_activated(pair=pair, person=acme_junior)
    hidden = Notification.objects.get(recipient=acme_junior.user)
    response = login(acme_junior).post(reverse("notifications:notification-open", args=[hidden.pk]))
    assert response.status_code == 404
    hidden.refresh_from_db()
    assert hidden.read_at is None


def test_mark_all_read_counts_and_touches_only_shown_notifications(login, pair: Pair, acme_junior) -> None:
    _prefer(acme_junior, "pair_expired", in_app=False, email=True)
    messages.pair_activated(pair=pair, person=acme_junior)
    messages.pair_expired(pair=pair, person=acme_junior)
    response = login(acme_junior).post(reverse("notifications:notification-read-all"), follow=True)
    assert "1 notification marked as read." in response.content.decode()
    assert Notification.objects.get(kind="pair_expired").read_at is None
    assert Notification.objects.get(kind="pair_activated").read_at is not None
