"""Turn checked rows into people: plan (what is new, what changes) and write in bulk.

The organisation's people and departments are loaded once into dicts; writes are batched
``bulk_create``/``bulk_update`` calls inside the caller's transaction, never a query per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from ponte.organizations.models import Department, Organization
from ponte.people.models import Person

from . import columns as c
from .validation import Existing

BATCH = 2_000

# Import target → Person attribute, for the targets that are stored as they are.
_PLAIN = {
    c.FIRST_NAME: "first_name",
    c.LAST_NAME: "last_name",
    c.EMPLOYEE_NUMBER: "employee_number",
    c.JOB_TITLE: "job_title",
    c.LOCATION: "location",
    c.LANGUAGES: "languages",
    c.CHANNELS: "channels",
    c.BIRTH_YEAR: "birth_year",
    c.HIRED_ON: "hired_on",
}
_LOADED = (
    "id",
    "email",
    "first_name",
    "last_name",
    "employee_number",
    "job_title",
    "location",
    "languages",
    "channels",
    "birth_year",
    "hired_on",
    "time_zone",
    "department_id",
    "manager_id",
)


@dataclass
class Snapshot:
    """The organisation as it is before the import, keyed by lower-case email."""

    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    email_by_id: dict[int, str] = field(default_factory=dict)
    departments: dict[str, int] = field(default_factory=dict)

    def existing(self) -> Existing:
        return Existing(
            emails=set(self.people),
            manager_of={
                email: self.email_by_id.get(person["manager_id"]) if person["manager_id"] else None
                for email, person in self.people.items()
            },
        )


def load_snapshot(organization: Organization) -> Snapshot:
    snapshot = Snapshot()
    for values in Person.objects.for_organization(organization).order_by("id").values(*_LOADED):
        email = values["email"].lower()
        snapshot.people.setdefault(email, values)
        snapshot.email_by_id[values["id"]] = email
    for name, pk in Department.objects.filter(organization=organization).values_list("name", "id"):
        snapshot.departments.setdefault(name.casefold(), pk)
    return snapshot


@dataclass
class Plan:
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    new_departments: dict[str, str] = field(default_factory=dict)
    actions: dict[int, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.creates) + len(self.updates) + self.unchanged


def _changed(row: dict[str, Any], person: dict[str, Any], snapshot: Snapshot) -> bool:
    for target, attribute in _PLAIN.items():
        if target in row and row[target] != person[attribute]:
            return True
    if row.get(c.TIME_ZONE) and row[c.TIME_ZONE] != person["time_zone"]:
        return True
    if c.DEPARTMENT in row:
        name = row[c.DEPARTMENT]
        if (snapshot.departments.get(name.casefold()) if name else None) != person["department_id"]:
            return True
    if c.MANAGER_EMAIL in row:
        manager = row[c.MANAGER_EMAIL]
        manager_id = snapshot.people[manager]["id"] if manager in snapshot.people else None
        if manager_id != person["manager_id"] or (manager and manager not in snapshot.people):
            return True
    return False


def make_plan(rows: Iterable[dict[str, Any]], snapshot: Snapshot) -> Plan:
    plan = Plan()
    for row in rows:
        name = row.get(c.DEPARTMENT)
        if name and name.casefold() not in snapshot.departments:
            plan.new_departments.setdefault(name.casefold(), name)
        person = snapshot.people.get(row[c.EMAIL])
        if person is None:
            plan.creates.append(row)
            plan.actions[row["row"]] = "new"
        elif _changed(row, person, snapshot):
            plan.updates.append((person, row))
            plan.actions[row["row"]] = "update"
        else:
            plan.unchanged += 1
            plan.actions[row["row"]] = "unchanged"
    return plan


def _depth_order(creates: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Group new people so that each one's new manager is written in an earlier group."""
    by_email = {row[c.EMAIL]: row for row in creates}
    depth: dict[str, int] = {}
    for row in creates:
        chain: list[str] = []
        seen: set[str] = set()
        email: str | None = row[c.EMAIL]
        while email is not None and email in by_email and email not in depth and email not in seen:
            chain.append(email)
            seen.add(email)
            email = by_email[email].get(c.MANAGER_EMAIL)
        base = depth.get(email, -1) if email is not None else -1
        for offset, member in enumerate(reversed(chain), start=1):
            depth[member] = base + offset
    levels: list[list[dict[str, Any]]] = []
    for row in creates:
        level = depth[row[c.EMAIL]]
        while len(levels) <= level:
            levels.append([])
        levels[level].append(row)
    return levels


class _Writer:
    def __init__(
        self, organization: Organization, snapshot: Snapshot, plan: Plan, progress: Callable[[int], None] | None
    ) -> None:
        self.organization = organization
        self.plan = plan
        self.progress = progress
        self.department_ids = dict(snapshot.departments)
        self.person_ids = {email: person["id"] for email, person in snapshot.people.items()}
        self.done = 0

    def _tick(self, count: int) -> None:
        before = self.done
        self.done += count
        if self.progress is not None and self.done // BATCH != before // BATCH:
            self.progress(self.done)

    def department_id(self, row: dict[str, Any]) -> int | None:
        name = row.get(c.DEPARTMENT)
        return self.department_ids[name.casefold()] if name else None

    def manager_id(self, row: dict[str, Any]) -> int | None:
        manager = row.get(c.MANAGER_EMAIL)
        return self.person_ids[manager] if manager else None

    def create_departments(self) -> None:
        new = [Department(organization=self.organization, name=name) for name in self.plan.new_departments.values()]
        Department.objects.bulk_create(new, batch_size=BATCH)
        for department in new:
            self.department_ids[department.name.casefold()] = department.pk
        if any(department.pk is None for department in new):
            names = [department.name for department in new]
            for name, pk in Department.objects.filter(organization=self.organization, name__in=names).values_list(
                "name", "id"
            ):
                self.department_ids[name.casefold()] = pk

    def _new_person(self, row: dict[str, Any]) -> Person:
        person = Person(
            organization=self.organization,
            email=row[c.EMAIL],
            time_zone=row.get(c.TIME_ZONE) or self.organization.default_time_zone,
            department_id=self.department_id(row),
            manager_id=self.manager_id(row),
        )
        for target, attribute in _PLAIN.items():
            if target in row:
                setattr(person, attribute, row[target])
        return person

    def create_people(self) -> None:
        for level in _depth_order(self.plan.creates):
            for start in range(0, len(level), BATCH):
                batch = [self._new_person(row) for row in level[start : start + BATCH]]
                Person.objects.bulk_create(batch)
                missing = [person.email for person in batch if person.pk is None]
                for person in batch:
                    if person.pk is not None:
                        self.person_ids[person.email] = person.pk
                if missing:
                    self.person_ids.update(
                        Person.objects.for_organization(self.organization)
                        .filter(email__in=missing)
                        .values_list("email", "id")
                    )
                self._tick(len(batch))

    def update_people(self) -> None:
        """One parameterised UPDATE per changed person, sent with ``executemany``.

        ``bulk_update`` builds a CASE per column per batch and took over 100 s for 100,000 rows on
        SQLite; this takes a few seconds. Only column names from the model go into the SQL text;
        every value is a parameter, prepared by its field as the ORM would.
        """
        rows = self.plan.updates
        if not rows:
            return
        mapped = rows[0][1].keys()  # one mapping per file: every row has the same targets
        names = {"updated_at", "time_zone"} | {attribute for target, attribute in _PLAIN.items() if target in mapped}
        if c.DEPARTMENT in mapped:
            names.add("department")
        if c.MANAGER_EMAIL in mapped:
            names.add("manager")
        fields = [Person._meta.get_field(name) for name in sorted(names)]
        connection = transaction.get_connection()
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)  # type: ignore[union-attr]
        sql = (
            f"UPDATE {quote(Person._meta.db_table)} SET {assignments} "  # noqa: S608 - identifiers from the model only
            f"WHERE {quote('id')} = %s AND {quote('organization_id')} = %s"
        )
        now = timezone.now()
        params: list[list[Any]] = []
        for existing, row in rows:
            person = Person(pk=existing["id"], organization=self.organization, updated_at=now)
            person.time_zone = row.get(c.TIME_ZONE) or existing["time_zone"]
            for target, attribute in _PLAIN.items():
                if target in row:
                    setattr(person, attribute, row[target])
            if c.DEPARTMENT in row:
                person.department_id = self.department_id(row)
            if c.MANAGER_EMAIL in row:
                person.manager_id = self.manager_id(row)
            values = [
                field.get_db_prep_save(getattr(person, field.attname), connection)  # type: ignore[union-attr]
                for field in fields
            ]
            params.append([*values, person.pk, self.organization.pk])
        with connection.cursor() as cursor:
            for start in range(0, len(params), BATCH):
                cursor.executemany(sql, params[start : start + BATCH])
                self._tick(min(BATCH, len(params) - start))


def apply_plan(
    organization: Organization, snapshot: Snapshot, plan: Plan, progress: Callable[[int], None] | None = None
) -> dict[str, Any]:
    """Write the plan. Callers run it inside ``transaction.atomic`` so an error writes nothing."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("apply_plan must run inside a transaction")
    writer = _Writer(organization, snapshot, plan, progress)
    writer.create_departments()
    writer.create_people()
    writer.update_people()
    return summary_of(plan)


def summary_of(plan: Plan) -> dict[str, Any]:
    return {
        "created": len(plan.creates),
        "updated": len(plan.updates),
        "unchanged": plan.unchanged,
        "departments_created": len(plan.new_departments),
        "new_departments": sorted(plan.new_departments.values())[:20],
    }
