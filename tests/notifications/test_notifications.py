from __future__ import annotations

import pytest
from django.urls import reverse

from ponte.notifications.models import Notification
from ponte.notifications.services import notification_create

pytestmark = pytest.mark.django_db


def _notify(person, title: str = "Your partner proposal", url: str = "/people/me/"):
    return notification_create(
        organization=person.organization, recipient=person.user, kind="test", title=title, url=url
    )


def test_bell_shows_unread_count(login, acme_junior) -> None:
    _notify(acme_junior)
    _notify(acme_junior, "Second")
    body = login(acme_junior).get(reverse("reports:home")).content.decode()
    assert 'class="bell__count">2' in body


def test_empty_notification_centre_explains_itself(login, acme_junior) -> None:
    body = login(acme_junior).get(reverse("notifications:notification-list")).content.decode()
    assert "You have no notifications" in body


def test_opening_marks_read_and_follows_local_links_only(login, acme_junior) -> None:
    local = _notify(acme_junior)
    external = _notify(acme_junior, "Phish", url="https://evil.example/")
    client = login(acme_junior)
    assert client.post(reverse("notifications:notification-open", args=[local.pk])).headers["Location"] == "/people/me/"
    response = client.post(reverse("notifications:notification-open", args=[external.pk]))
    assert response.headers["Location"] == reverse("notifications:notification-list")
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_someone_elses_notification_is_404(login, acme_junior, acme_senior) -> None:
    theirs = _notify(acme_senior)
    assert login(acme_junior).post(reverse("notifications:notification-open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_read_all(login, acme_junior, acme_senior) -> None:
    _notify(acme_junior)
    theirs = _notify(acme_senior)
    login(acme_junior).post(reverse("notifications:notification-read-all"))
    assert Notification.objects.filter(recipient=acme_junior.user, read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
