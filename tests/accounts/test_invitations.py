from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from ponte.accounts.models import Invitation
from ponte.people.services import person_invite
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _invite(acme_admin) -> tuple[object, str]:
    person = PersonFactory(organization=acme_admin.organization, email="invitee@acme.test")
    with TestCase.captureOnCommitCallbacks(execute=True):
        person_invite(person=person, invited_by=acme_admin.user)
    link = re.search(r"http\S+/accounts/invitation/(\S+)/", mail.outbox[-1].body)
    assert link is not None
    return person, link.group(1)


def test_invitation_link_sets_password_and_signs_in(client, acme_admin) -> None:
    person, token = _invite(acme_admin)
    url = reverse("accounts:invitation-accept", args=[token])
    response = client.post(url, {"password1": "a-long-secret-phrase", "password2": "a-long-secret-phrase"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user.check_password("a-long-secret-phrase")
    assert client.get(reverse("reports:home")).status_code == 200


def test_invitation_link_works_only_once(client, acme_admin) -> None:
    _, token = _invite(acme_admin)
    url = reverse("accounts:invitation-accept", args=[token])
    client.post(url, {"password1": "a-long-secret-phrase", "password2": "a-long-secret-phrase"})
    assert client.get(url).status_code == 404


def test_expired_invitation_is_refused(client, acme_admin) -> None:
    _, token = _invite(acme_admin)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(reverse("accounts:invitation-accept", args=[token])).status_code == 404


def test_new_invitation_revokes_the_old_link(client, acme_admin) -> None:
    person, first = _invite(acme_admin)
    with TestCase.captureOnCommitCallbacks(execute=True):
        person_invite(person=person, invited_by=acme_admin.user)
    assert client.get(reverse("accounts:invitation-accept", args=[first])).status_code == 404


def test_weak_or_mismatched_password_is_a_400(client, acme_admin) -> None:
    person, token = _invite(acme_admin)
    url = reverse("accounts:invitation-accept", args=[token])
    weak = client.post(url, {"password1": "123", "password2": "123"})
    assert weak.status_code == 400
    mismatched = client.post(url, {"password1": "a-long-secret-phrase", "password2": "another-long-phrase"})
    assert mismatched.status_code == 400
    assert "password2" in mismatched.context["form"].errors
    person.refresh_from_db()
    assert not person.user.has_usable_password()


def test_tokens_are_stored_hashed(acme_admin) -> None:
    _, token = _invite(acme_admin)
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_password_reset_links_expire_within_an_hour(settings) -> None:
    assert settings.PASSWORD_RESET_TIMEOUT <= 3600
