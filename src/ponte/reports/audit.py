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
from ponte.feedback.services import AUDIT_READ_CHECKIN, AUDIT_READ_PAIR_NOTE
from ponte.organizations.models import Organization
from ponte.pairs.models import Pair


def action_labels() -> dict[str, str]:
    """Every action the application logs, in the active language."""
    return {
        AUDIT_READ_CHECKIN: _("Opened a check-in answer"),
        AUDIT_READ_PAIR_NOTE: _("Read a private note to HR"),
    }


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
    """What each entry was about, in words: whose answer or note, in which program."""
    labels = action_labels()
    records = _checkin_records(entries) | _pair_records(entries)
    rows = []
    for entry in entries:
        record = records.get((entry.object_type, entry.object_id), _("Record no longer exists"))
        actor = (entry.actor.full_name or entry.actor.email) if entry.actor else _("A deleted account")
        rows.append(
            AuditRow(at=entry.created_at, actor=actor, action=labels.get(entry.action, entry.action), record=record)
        )
    return rows


def _checkin_records(entries: list[AuditLog]) -> dict[tuple[str, int], str]:
    ids = [entry.object_id for entry in entries if entry.object_type == "checkin"]
    checkins = CheckIn.objects.filter(pk__in=ids).select_related("person", "pair__program")
    return {
        ("checkin", checkin.pk): _("Check-in of %(person)s, %(program)s, due %(date)s")
        % {
            "person": checkin.person.full_name,
            "program": checkin.pair.program.name,
            "date": checkin.due_on.strftime("%d/%m/%Y"),
        }
        for checkin in checkins
    }


def _pair_records(entries: list[AuditLog]) -> dict[tuple[str, int], str]:
    ids = [entry.object_id for entry in entries if entry.object_type == "pair"]
    pairs = Pair.objects.filter(pk__in=ids).select_related("junior", "senior", "program")
    return {
        ("pair", pair.pk): _("Note to HR about the pair %(junior)s and %(senior)s, %(program)s")
        % {"junior": pair.junior.full_name, "senior": pair.senior.full_name, "program": pair.program.name}
        for pair in pairs
    }
