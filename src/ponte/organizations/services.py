from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ponte.core.errors import DomainError

from .models import Department, Organization


def _check_parent(department: Department, parent: Department | None) -> None:
    if parent is None:
        return
    if parent.organization_id != department.organization_id:
        raise DomainError(_("The parent department must belong to the same organisation."))
    current: Department | None = parent
    while current is not None:
        if department.pk is not None and current.pk == department.pk:
            raise DomainError(_("A department cannot sit inside itself."))
        current = current.parent


def department_save(
    *, organization: Organization, name: str, parent: Department | None, department: Department | None = None
) -> Department:
    department = department or Department(organization=organization)
    department.name = name.strip()
    _check_parent(department, parent)
    department.parent = parent
    try:
        with transaction.atomic():
            department.save()
    except IntegrityError as exc:
        raise DomainError(_("A department with this name already exists.")) from exc
    return department


def department_delete(*, department: Department) -> None:
    if department.children.exists() or department.people.exists():
        raise DomainError(_("Only empty departments can be deleted: move its people and sub-departments first."))
    department.delete()
