from __future__ import annotations

import pytest
from django.urls import reverse

from ponte.organizations.models import Department
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_admin_sees_departments_as_a_tree_with_head_counts(login, acme_admin, acme_senior) -> None:
    finance = acme_senior.department
    DepartmentFactory(organization=finance.organization, name="Tax", parent=finance)
    body = login(acme_admin).get(reverse("organizations:department-list")).content.decode()
    assert body.index("Finance") < body.index("Tax")
    assert 'class="depth-1"' in body


def test_admin_creates_a_sub_department(login, acme_admin, acme_senior) -> None:
    response = login(acme_admin).post(
        reverse("organizations:department-create"), {"name": "Treasury", "parent": acme_senior.department_id}
    )
    assert response.status_code == 302
    assert Department.objects.get(name="Treasury").parent_id == acme_senior.department_id


def test_duplicate_name_is_a_400(login, acme_admin, acme_senior) -> None:
    response = login(acme_admin).post(reverse("organizations:department-create"), {"name": "Finance"})
    assert response.status_code == 400
    assert Department.objects.filter(name="Finance").count() == 1


def test_department_cannot_move_inside_its_own_child(login, acme_admin, acme) -> None:
    parent = DepartmentFactory(organization=acme, name="Ops")
    child = DepartmentFactory(organization=acme, name="Ops North", parent=parent)
    response = login(acme_admin).post(
        reverse("organizations:department-edit", args=[parent.pk]), {"name": "Ops", "parent": child.pk}
    )
    assert response.status_code == 400
    parent.refresh_from_db()
    assert parent.parent_id is None


def test_parent_from_another_organisation_is_refused(login, acme_admin, acme, globex) -> None:
    theirs = DepartmentFactory(organization=globex, name="Theirs")
    response = login(acme_admin).post(reverse("organizations:department-create"), {"name": "Mine", "parent": theirs.pk})
    assert response.status_code == 400
    assert not Department.objects.filter(name="Mine").exists()


def test_department_with_people_cannot_be_deleted(login, acme_admin, acme_senior) -> None:
    response = login(acme_admin).post(reverse("organizations:department-delete", args=[acme_senior.department_id]))
    assert response.status_code == 302
    assert Department.objects.filter(pk=acme_senior.department_id).exists()


def test_empty_department_is_deleted(login, acme_admin, acme) -> None:
    empty = DepartmentFactory(organization=acme, name="Empty")
    login(acme_admin).post(reverse("organizations:department-delete", args=[empty.pk]))
    assert not Department.objects.filter(pk=empty.pk).exists()


def test_program_manager_gets_403_on_departments(login, acme_manager, acme_senior) -> None:
    client = login(acme_manager)
    assert client.get(reverse("organizations:department-list")).status_code == 403
    assert client.get(reverse("organizations:department-edit", args=[acme_senior.department_id])).status_code == 403
