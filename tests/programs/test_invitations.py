from __future__ import annotations

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from ponte.notifications.models import Notification
from ponte.programs.models import ProgramInvitation, ProgramStatus
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(acme_manager):
    from ponte.programs.models import Program

    return Program.objects.create(
        organization=acme_manager.organization, name="Ponte 2027", slug="ponte-2027", status=ProgramStatus.ENROLLING
    )


def test_manager_invites_colleagues_who_get_an_email_and_a_notification_in_their_language(
    login, acme_manager, acme_junior, acme_senior, program
) -> None:
    acme_senior.user.language = "it"
    acme_senior.user.save()
    PersonFactory(organization=acme_manager.organization)  # no account: cannot be invited yet
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = login(acme_manager).post(reverse("programs:program-invite", args=[program.pk]), {})
    assert response.status_code == 302
    invited = set(ProgramInvitation.objects.filter(program=program).values_list("person__email", flat=True))
    assert {acme_junior.email, acme_senior.email, acme_manager.email} <= invited
    assert len(invited) == 3
    assert Notification.objects.filter(kind="program_invitation", recipient=acme_junior.user).exists()
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "Ponte 2027" in subjects[acme_junior.email]
    assert subjects[acme_senior.email] != subjects[acme_junior.email]  # Italian for the senior


def test_inviting_twice_invites_nobody_twice(login, acme_manager, acme_junior, program) -> None:
    client = login(acme_manager)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("programs:program-invite", args=[program.pk]), {})
    sent = len(mail.outbox)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("programs:program-invite", args=[program.pk]), {})
    assert len(mail.outbox) == sent
    assert ProgramInvitation.objects.filter(program=program, person=acme_junior).count() == 1


def test_invitation_can_target_one_department(login, acme_manager, acme_junior, acme_senior, program) -> None:
    login(acme_manager).post(
        reverse("programs:program-invite", args=[program.pk]), {"department": acme_junior.department_id}
    )
    assert list(ProgramInvitation.objects.values_list("person_id", flat=True)) == [acme_junior.pk]


def test_invitations_only_while_enrolling(login, acme_manager, program) -> None:
    program.status = ProgramStatus.DRAFT
    program.save()
    response = login(acme_manager).post(reverse("programs:program-invite", args=[program.pk]), {})
    assert response.status_code == 400
    assert not ProgramInvitation.objects.exists()


def test_participant_cannot_invite(login, acme_junior, program) -> None:
    assert login(acme_junior).post(reverse("programs:program-invite", args=[program.pk]), {}).status_code == 403
