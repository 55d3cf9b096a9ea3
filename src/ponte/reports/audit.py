"""The audit log as organisation admins read it: who opened which confidential record, and when.

Rows are described in bulk (one query per kind of record), so a page of fifty entries costs the
same few queries whatever is in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ponte.feedback.models import AuditLog, CheckIn
from ponte.feedback.services import AUDIT_READ_CHECKIN
from ponte.organizations.models import Organization


def action_labels() -> dict[str, str]:
    """Every action the application logs, in the active language."""
    return {AUDIT_READ_CHECKIN: _("Opened a check-in answer")}


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    record: str


def audit_entries(
    organization: Organization, *, action: str = "", since: date | None = None, until: date | None = None
) -> QuerySet[AuditLog]:
    rows = AuditLog.objects.for_organization(organization).select_related("actor")
    if action:
        rows = rows.filter(action=action)
    if since is not None:
        rows = rows.filter(created_at__date__gte=since)
    if until is not None:
        rows = rows.filter(created_at__date__lte=until)
    return rows.order_by("-created_at", "-pk")


def describe(entries: list[AuditLog]) -> list[AuditRow]:
    """What each entry was about, in words: whose answer, in which program."""
    labels = action_labels()
    checkin_ids = [entry.object_id for entry in entries if entry.object_type == "checkin"]
    checkins = CheckIn.objects.filter(pk__in=checkin_ids).select_related("person", "pair__program").in_bulk()
    rows = []
    for entry in entries:
        record = _("Record no longer exists")
        checkin = checkins.get(entry.object_id) if entry.object_type == "checkin" else None
        if checkin is not None:
            record = _("Check-in of %(person)s, %(program)s, due %(date)s") % {
                "person": checkin.person.full_name,
                "program": checkin.pair.program.name,
                "date": checkin.due_on.strftime("%d/%m/%Y"),
            }
        actor = (entry.actor.full_name or entry.actor.email) if entry.actor else _("A deleted account")
        rows.append(
            AuditRow(at=entry.created_at, actor=actor, action=labels.get(entry.action, entry.action), record=record)
        )
    return rows
