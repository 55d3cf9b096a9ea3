"""Writes on person profiles: create, update, availability, invitations and roles."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from ponte.accounts.models import User
from ponte.accounts.services import invitation_send, user_get_or_create
from ponte.core.errors import DomainError
from ponte.organizations.models import Membership, Organization, Role

from .models import AvailabilityWindow, Person

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "job_title",
    "location",
    "time_zone",
    "languages",
    "channels",
    "birth_year",
    "bio",
)
ADMIN_FIELDS = (*PROFILE_FIELDS, "email", "employee_number", "department", "manager", "hired_on", "is_active")


@dataclass(frozen=True)
class Window:
    weekday: int
    start: time
    end: time


def _check_manager(person: Person, manager: Person | None) -> None:
    """Refuse a manager from another organisation, or one that closes a loop in the reporting line."""
    if manager is None:
        return
    if manager.organization_id != person.organization_id:
        raise DomainError(_("The manager must belong to the same organisation."))
    seen: set[int] = set()
    current: Person | None = manager
    while current is not None:
        if person.pk is not None and current.pk == person.pk:
            raise DomainError(_("%(name)s cannot report to someone in their own reporting line.") % {"name": person})
        if current.pk in seen:
            break
        seen.add(current.pk)
        current = current.manager


def _check_email_free(person: Person) -> None:
    taken = Person.objects.for_organization(person.organization).filter(email=person.email).exclude(pk=person.pk)
    if taken.exists():
        raise DomainError(_("Somebody with this email already exists in your organisation."))


def _validate(person: Person) -> None:
    _check_email_free(person)
    _check_manager(person, person.manager)
    try:
        # Constraints are checked above with friendlier messages, and by the database last.
        person.full_clean(exclude=["user", "photo"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc


def person_create(*, organization: Organization, data: dict[str, Any]) -> Person:
    person = Person(organization=organization, **{k: v for k, v in data.items() if k in ADMIN_FIELDS})
    person.email = person.email.strip().lower()
    _validate(person)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        raise DomainError(_("Somebody with this email already exists in your organisation.")) from exc
    return person


def person_update(*, person: Person, data: dict[str, Any], fields: Iterable[str] = PROFILE_FIELDS) -> Person:
    allowed = [field for field in fields if field in data]
    for field in allowed:
        setattr(person, field, data[field])
    if "email" in allowed:
        person.email = person.email.strip().lower()
    _validate(person)
    try:
        with transaction.atomic():
            person.save(update_fields=[*allowed, "updated_at"])
    except IntegrityError as exc:
        raise DomainError(_("Somebody with this email already exists in your organisation.")) from exc
    return person


def person_set_photo(*, person: Person, photo: Any) -> Person:
    """Store a re-encoded copy: drops EXIF (location, camera) and anything hidden in the file."""
    try:
        with Image.open(photo) as image:
            image.load()
            clean = ImageOps.exif_transpose(image).convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise DomainError(_("This file is not a picture we can read.")) from exc
    clean.thumbnail((600, 600))
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=85)
    if person.photo:
        person.photo.delete(save=False)
    person.photo.save(f"{uuid.uuid4().hex}.jpg", ContentFile(buffer.getvalue()), save=False)
    person.save(update_fields=["photo", "updated_at"])
    return person


def person_remove_photo(*, person: Person) -> Person:
    if person.photo:
        person.photo.delete(save=False)
        person.photo = ""
        person.save(update_fields=["photo", "updated_at"])
    return person


def person_set_availability(*, person: Person, windows: Iterable[Window]) -> list[AvailabilityWindow]:
    """Replace the person's weekly availability; adjacent or overlapping windows are merged."""
    merged = _merge(sorted(windows, key=lambda w: (w.weekday, w.start)))
    with transaction.atomic():
        person.availability.all().delete()
        return AvailabilityWindow.objects.bulk_create(
            AvailabilityWindow(person=person, weekday=w.weekday, start=w.start, end=w.end) for w in merged
        )


def _merge(windows: list[Window]) -> list[Window]:
    result: list[Window] = []
    for window in windows:
        if window.end <= window.start:
            raise DomainError(_("Each time window must end after it starts."))
        last = result[-1] if result else None
        if last and last.weekday == window.weekday and window.start <= last.end:
            result[-1] = Window(last.weekday, last.start, max(last.end, window.end))
        else:
            result.append(window)
    return result


def person_invite(*, person: Person, invited_by: User, role: Role = Role.PARTICIPANT) -> Person:
    """Give the person an account in the organisation and email them a link to set a password."""
    if not person.is_active:
        raise DomainError(_("Inactive people cannot be invited."))
    with transaction.atomic():
        user = person.user or user_get_or_create(
            email=person.email, full_name=person.full_name, language=person.organization.default_language
        )
        if user.has_usable_password() and person.user_id == user.pk:
            raise DomainError(_("%(name)s already has an account.") % {"name": person})
        Membership.objects.get_or_create(organization=person.organization, user=user, defaults={"role": role})
        if person.user_id != user.pk:
            person.user = user
            person.save(update_fields=["user", "updated_at"])
        invitation_send(user=user, organization=person.organization, invited_by=invited_by)
    return person


def membership_set_role(*, membership: Membership, role: Role) -> Membership:
    if membership.role == Role.ADMIN and role != Role.ADMIN:
        admins = Membership.objects.for_organization(membership.organization).filter(role=Role.ADMIN).count()
        if admins <= 1:
            raise DomainError(_("An organisation needs at least one admin."))
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    return membership
