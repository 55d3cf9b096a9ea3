"""Messages about pills: the person (or pair partner) a pill was made for, the program managers
asked to approve it, and its author told the answer — once each, in the recipient's language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ponte.library import events
from ponte.library.models import Audience, OrgStatus, Pill
from ponte.library.services import PillData, Target, pill_create, pill_review, pill_share
from ponte.notifications.models import Notification
from ponte.organizations.models import Membership, Organization, Role
from ponte.pairs.models import Pair
from ponte.people.models import Person
from ponte.programs.models import Program

from .conftest import html_of, mailed, mailed_to, only_mail_to, speaks

pytestmark = pytest.mark.django_db

NOTE = "It shows a customer's <b>name</b>"


def _pill(author: Person, **fields: object) -> Pill:
    return Pill.objects.create(
        organization=author.organization,
        author=author,
        title="Le fatture in tre passi",
        summary="Passo per passo",
        **fields,
    )


def _published(pill: Pill) -> None:
    events.pill_published.send(sender=Pill, pill_id=pill.pk)


def _requested(pill: Pill) -> None:
    events.pill_shared_widely.send(sender=Pill, pill_id=pill.pk)


def _reviewed(pill: Pill, *, approved: bool, note: str = "") -> None:
    Pill.objects.filter(pk=pill.pk).update(
        org_status=OrgStatus.APPROVED if approved else OrgStatus.DECLINED,
        org_reviewed_at=timezone.now(),
        org_review_note=note,
    )
    events.pill_reviewed.send(sender=Pill, pill_id=pill.pk, approved=approved)


def _pending(author: Person) -> Pill:
    return _pill(author, audience=Audience.ORGANIZATION, org_status=OrgStatus.PENDING, org_consent_at=timezone.now())


# -- a pill for you -------------------------------------------------------------------------------


def test_the_recipient_hears_once_in_their_language(acme_junior, acme_senior) -> None:
    speaks(acme_senior, "it")
    pill = _pill(acme_junior, recipient=acme_senior)
    _published(pill)
    _published(pill)
    (message,) = mail.outbox
    assert message.to == ["senior@acme.test"]
    assert message.extra_headers["Content-Language"] == "it"
    assert 'lang="it"' in html_of(message)
    assert "Giulia Junior" in message.subject
    link = reverse("library:pill-detail", kwargs={"pill_id": pill.pk})
    assert link in message.body and link in html_of(message)
    assert Notification.objects.get(kind="pill_recorded_for_you").recipient == acme_senior.user


def test_the_message_names_the_author_and_the_pill_in_english(acme_junior, acme_senior) -> None:
    _published(_pill(acme_junior, recipient=acme_senior))
    message = only_mail_to("senior@acme.test", "pill_recorded_for_you")
    assert message.subject == "Giulia Junior recorded a pill for you"
    assert "Le fatture in tre passi" in message.body
    assert "/notifications/preferences/" in message.body
    assert "you take part in" not in message.body


def test_the_pair_partner_hears_and_the_author_does_not(pair: Pair, acme_junior, acme_senior) -> None:
    _published(_pill(acme_senior, audience=Audience.PAIR, pair=pair))
    assert mailed_to("pill_recorded_for_you") == ["junior@acme.test"]


def test_a_program_pill_messages_nobody(program: Program, acme_junior) -> None:
    _published(_pill(acme_junior, audience=Audience.PROGRAM, program=program))
    assert mail.outbox == [] and not Notification.objects.exists()


def test_recipient_and_pair_partner_hear_once_each(pair: Pair, acme_junior, acme_senior) -> None:
    _published(_pill(acme_junior, recipient=acme_senior, pair=pair))
    assert mailed_to("pill_recorded_for_you") == ["senior@acme.test"]


# -- waiting for approval -------------------------------------------------------------------------


def test_program_managers_are_asked_to_approve(acme_junior, acme_manager, acme_admin, acme_participant) -> None:
    speaks(acme_manager, "it")
    _requested(_pending(acme_junior))
    (message,) = mailed("pill_review_requested")
    assert message.to == ["manager@acme.test"]
    assert message.extra_headers["Content-Language"] == "it"
    assert reverse("library:review-queue") in message.body
    assert "Le fatture in tre passi" in message.subject


def test_admins_are_asked_when_there_is_no_program_manager(acme_junior, acme_admin) -> None:
    _requested(_pending(acme_junior))
    assert mailed_to("pill_review_requested") == ["admin@acme.test"]
    assert "As a program manager at Acme" in mailed("pill_review_requested")[0].body


def test_a_manager_is_not_asked_to_approve_their_own_pill(acme_manager, acme_admin) -> None:
    _requested(_pending(acme_manager))
    assert mailed_to("pill_review_requested") == ["admin@acme.test"]


def test_a_request_no_longer_pending_sends_nothing(acme_junior, acme_manager) -> None:
    pill = _pending(acme_junior)
    Pill.objects.filter(pk=pill.pk).update(org_status=OrgStatus.NOT_REQUESTED, org_consent_at=None)
    _requested(pill)
    assert mail.outbox == []


def test_asking_again_after_a_decline_is_a_new_message(acme_junior, acme_manager) -> None:
    pill = _pending(acme_junior)
    _requested(pill)
    _requested(pill)
    assert len(mailed("pill_review_requested")) == 1
    Pill.objects.filter(pk=pill.pk).update(org_consent_at=timezone.now() + timedelta(minutes=5))
    _requested(pill)
    assert len(mailed("pill_review_requested")) == 2


def test_other_organisations_managers_never_hear(acme_junior, acme_manager, globex_admin) -> None:
    _requested(_pending(acme_junior))
    assert "admin@globex.test" not in [m.to[0] for m in mail.outbox]


# -- the answer -----------------------------------------------------------------------------------


def test_the_author_hears_the_approval_once(acme_junior, acme_manager) -> None:
    speaks(acme_junior, "it")
    pill = _pending(acme_junior)
    _reviewed(pill, approved=True)
    events.pill_reviewed.send(sender=Pill, pill_id=pill.pk, approved=True)
    (message,) = mailed("pill_approved")
    assert message.to == ["junior@acme.test"]
    assert message.extra_headers["Content-Language"] == "it"


def test_the_author_hears_the_decline_with_the_note_escaped(acme_junior, acme_manager) -> None:
    pill = _pending(acme_junior)
    _reviewed(pill, approved=False, note=NOTE)
    message = only_mail_to("junior@acme.test", "pill_not_approved")
    assert NOTE in message.body
    html = html_of(message)
    assert "<b>name</b>" not in html and "&lt;b&gt;name&lt;/b&gt;" in html
    assert NOTE in Notification.objects.get(kind="pill_not_approved").body


def test_a_review_that_no_longer_holds_sends_nothing(acme_junior) -> None:
    pill = _pending(acme_junior)
    events.pill_reviewed.send(sender=Pill, pill_id=pill.pk, approved=True)
    assert mail.outbox == []


# -- end to end through the services ------------------------------------------------------------


def test_the_authoring_services_send_each_message_once(
    acme: Organization, acme_junior, acme_senior, acme_manager, django_capture_on_commit_callbacks
) -> None:
    assert Membership.objects.get(user=acme_manager.user).role == Role.MANAGER
    with django_capture_on_commit_callbacks(execute=True):
        pill = pill_create(
            author=acme_junior,
            data=PillData(title="Pivot tables", target=Target(audience=Audience.PERSON, recipient=acme_senior)),
            media=None,
            captions=None,
        )
    with django_capture_on_commit_callbacks(execute=True):
        pill_share(pill=pill, by=acme_junior, audience=Audience.ORGANIZATION, consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        pill_review(pill=pill, by=acme_manager, approve=True, note="")
    assert mailed_to("pill_recorded_for_you") == ["senior@acme.test"]
    assert mailed_to("pill_review_requested") == ["manager@acme.test"]
    assert mailed_to("pill_approved") == ["junior@acme.test"]
    assert len(mail.outbox) == 3
