"""Admins and program managers look after the people of their organisation."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from ponte.accounts.models import Invitation
from ponte.organizations.models import Membership, Role
from ponte.people.models import Person
from tests.factories import DepartmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_manager_sees_people_list_of_own_organisation_only(
    login, acme_manager, acme_junior, globex_participant
) -> None:
    response = login(acme_manager).get(reverse("people:person-list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert acme_junior.full_name in body
    assert globex_participant.full_name not in body


def test_participant_cannot_list_people(login, acme_junior) -> None:
    assert login(acme_junior).get(reverse("people:person-list")).status_code == 403


def test_people_list_filters_by_search_and_department(login, acme_admin, acme_junior, acme_senior) -> None:
    client = login(acme_admin)
    body = client.get(reverse("people:person-list"), {"q": "giulia"}).content.decode()
    assert acme_junior.full_name in body and acme_senior.full_name not in body
    body = client.get(reverse("people:person-list"), {"department": acme_senior.department_id}).content.decode()
    assert acme_senior.full_name in body and acme_junior.full_name not in body


def test_people_list_query_count_does_not_grow_with_rows(login, acme_admin, django_assert_max_num_queries) -> None:
    department = DepartmentFactory(organization=acme_admin.organization)
    boss = PersonFactory(organization=acme_admin.organization)
    PersonFactory.create_batch(40, organization=acme_admin.organization, department=department, manager=boss)
    client = login(acme_admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("people:person-list")).status_code == 200


def test_admin_creates_a_person(login, acme_admin) -> None:
    data = {
        "first_name": "Lucia",
        "last_name": "D'Amico",
        "email": "Lucia.Damico@Acme.test",
        "time_zone": "Europe/Rome",
        "languages": ["it"],
        "is_active": "on",
    }
    response = login(acme_admin).post(reverse("people:person-create"), data)
    assert response.status_code == 302
    person = Person.objects.get(email="lucia.damico@acme.test")
    assert person.organization == acme_admin.organization


def test_duplicate_email_is_a_clear_400(login, acme_admin, acme_junior) -> None:
    data = {
        "first_name": "X",
        "last_name": "Y",
        "email": acme_junior.email,
        "time_zone": "Europe/Rome",
        "is_active": "on",
    }
    response = login(acme_admin).post(reverse("people:person-create"), data)
    assert response.status_code == 400
    assert Person.objects.filter(email=acme_junior.email).count() == 1


def test_manager_cycle_is_refused(login, acme_admin, acme_junior, acme_senior) -> None:
    acme_senior.manager = acme_junior
    acme_senior.save()
    data = {
        "first_name": acme_junior.first_name,
        "last_name": acme_junior.last_name,
        "email": acme_junior.email,
        "time_zone": "Europe/Rome",
        "manager": str(acme_senior.pk),
        "is_active": "on",
    }
    response = login(acme_admin).post(reverse("people:person-edit", args=[acme_junior.pk]), data)
    assert response.status_code == 400
    acme_junior.refresh_from_db()
    assert acme_junior.manager_id is None


def test_manager_from_another_organisation_is_not_a_choice(login, acme_admin, acme_junior, globex_participant) -> None:
    data = {
        "first_name": "G",
        "last_name": "J",
        "email": acme_junior.email,
        "time_zone": "Europe/Rome",
        "manager": str(globex_participant.pk),
        "is_active": "on",
    }
    response = login(acme_admin).post(reverse("people:person-edit", args=[acme_junior.pk]), data)
    assert response.status_code == 400
    acme_junior.refresh_from_db()
    assert acme_junior.manager_id is None


def test_admin_promotes_participant_to_program_manager(login, acme_admin, acme_junior) -> None:
    data = {
        "first_name": acme_junior.first_name,
        "last_name": acme_junior.last_name,
        "email": acme_junior.email,
        "time_zone": "Europe/Rome",
        "role": Role.MANAGER,
        "is_active": "on",
    }
    assert login(acme_admin).post(reverse("people:person-edit", args=[acme_junior.pk]), data).status_code == 302
    assert Membership.objects.get(user=acme_junior.user).role == Role.MANAGER


def test_last_admin_cannot_step_down(login, acme_admin) -> None:
    data = {
        "first_name": "Anna",
        "last_name": "Admin",
        "email": acme_admin.email,
        "time_zone": "Europe/Rome",
        "role": Role.PARTICIPANT,
        "is_active": "on",
    }
    response = login(acme_admin).post(reverse("people:person-edit", args=[acme_admin.pk]), data)
    assert response.status_code == 400
    assert Membership.objects.get(user=acme_admin.user).role == Role.ADMIN


def test_manager_cannot_edit_people(login, acme_manager, acme_junior) -> None:
    assert login(acme_manager).get(reverse("people:person-edit", args=[acme_junior.pk])).status_code == 403


def test_invitation_creates_account_membership_and_email_in_persons_language(
    login, acme_admin, django_capture_on_commit_callbacks
) -> None:
    acme_admin.organization.default_language = "it"
    acme_admin.organization.save()
    person = PersonFactory(organization=acme_admin.organization, email="nuovo@acme.test")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(acme_admin).post(reverse("people:person-invite", args=[person.pk]))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user is not None and not person.user.has_usable_password()
    assert Membership.objects.filter(
        user=person.user, organization=acme_admin.organization, role=Role.PARTICIPANT
    ).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nuovo@acme.test"]
    assert "password" in mail.outbox[0].body.lower()
    assert "Acme" in mail.outbox[0].subject
    assert Invitation.objects.usable().filter(user=person.user).count() == 1


def test_inviting_someone_with_an_account_is_a_400(login, acme_admin, acme_junior) -> None:
    response = login(acme_admin).post(reverse("people:person-invite", args=[acme_junior.pk]))
    assert response.status_code == 400
    assert not mail.outbox


def test_invite_is_post_only(login, acme_admin, acme_participant) -> None:
    assert login(acme_admin).get(reverse("people:person-invite", args=[acme_participant.pk])).status_code == 405


def test_people_list_pages_keep_the_filters(login, acme_admin) -> None:
    department = DepartmentFactory(organization=acme_admin.organization, name="Sales")
    PersonFactory.create_batch(55, organization=acme_admin.organization, department=department, job_title="Seller")
    body = login(acme_admin).get(reverse("people:person-list"), {"q": "Seller"}).content.decode()
    assert "Page 1 of 2" in body
    assert "?q=Seller&amp;page=2" in body
