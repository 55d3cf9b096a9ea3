"""Check every row of a table against a column mapping. Plain Python: the organisation's
existing people come in as two dicts, so a 100,000-row file is checked without a query."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import columns as c
from .parsing import Cell, Table
from .values import (
    ValueProblem,
    as_text,
    parse_birth_date,
    parse_birth_year,
    parse_channels,
    parse_date,
    parse_email,
    parse_languages,
    parse_time_zone,
)

MAX_ERRORS = 50_000
PROGRESS_EVERY = 5_000
_MAX_VALUE_SHOWN = 200
_MAX_CHAIN_SHOWN = 8

TEXT_LIMITS = {
    c.FIRST_NAME: 100,
    c.LAST_NAME: 100,
    c.EMPLOYEE_NUMBER: 50,
    c.JOB_TITLE: 200,
    c.LOCATION: 200,
    c.DEPARTMENT: 200,
}

_PARSERS: dict[str, Callable[[Cell], Any]] = {
    c.EMAIL: parse_email,
    c.MANAGER_EMAIL: parse_email,
    c.TIME_ZONE: parse_time_zone,
    c.LANGUAGES: parse_languages,
    c.CHANNELS: parse_channels,
    c.BIRTH_YEAR: parse_birth_year,
    c.BIRTH_DATE: parse_birth_date,
    c.HIRED_ON: parse_date,
}
_TEXT_TARGETS = frozenset({c.FIRST_NAME, c.LAST_NAME, c.EMPLOYEE_NUMBER, c.JOB_TITLE, c.LOCATION})


def _empty(target: str) -> Any:
    if target in (c.LANGUAGES, c.CHANNELS):
        return []
    return "" if target in _TEXT_TARGETS else None


@dataclass
class Existing:
    """What the organisation already has: emails (lower case) and who manages whom (by email)."""

    emails: set[str] = field(default_factory=set)
    manager_of: dict[str, str | None] = field(default_factory=dict)


@dataclass
class Checked:
    rows: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    error_count: int

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def truncated(self) -> bool:
        return self.error_count > len(self.errors)


class _Errors:
    def __init__(self, headers: list[str], mapping: Mapping[str, str]) -> None:
        self.items: list[dict[str, Any]] = []
        self.count = 0
        self.headers = headers
        self.column_of = {target: int(index) for index, target in mapping.items()}

    def add(self, row: int, target: str, value: Cell, code: str, **params: Any) -> None:
        self.count += 1
        if len(self.items) >= MAX_ERRORS:
            return
        index = self.column_of[target]
        self.items.append(
            {
                "row": row,
                "col": index,
                "column": self.headers[index] if index < len(self.headers) else "",
                "field": target,
                "value": as_text(value)[:_MAX_VALUE_SHOWN],
                "code": code,
                "params": params,
            }
        )


def _clean_row(number: int, cells: list[Cell], targets: list[tuple[int, str]], errors: _Errors) -> dict[str, Any]:
    row: dict[str, Any] = {"row": number}
    for index, target in targets:
        cell = cells[index] if index < len(cells) else ""
        if cell == "":
            if target in c.REQUIRED:
                errors.add(number, target, cell, "required")
            row["birth_year" if target == c.BIRTH_DATE else target] = _empty(target)
            continue
        parser = _PARSERS.get(target)
        if parser is None:
            text = as_text(cell)
            limit = TEXT_LIMITS.get(target)
            if limit is not None and len(text) > limit:
                errors.add(number, target, cell, "too_long", limit=limit)
            row[target] = text
            continue
        try:
            value = parser(cell)
        except ValueProblem as problem:
            errors.add(number, target, cell, problem.code, **problem.params)
            value = None
        row["birth_year" if target == c.BIRTH_DATE else target] = value
    return row


def _find_cycles(manager_of: Mapping[str, str | None], starts: list[str]) -> dict[str, list[str]]:
    """Email → the cycle it belongs to, for every start email that sits on a reporting-line cycle."""
    done: set[str] = set()
    in_cycle: dict[str, list[str]] = {}
    for start in starts:
        path: list[str] = []
        position: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in done:
            if node in position:
                cycle = path[position[node] :]
                for member in cycle:
                    in_cycle[member] = cycle
                break
            position[node] = len(path)
            path.append(node)
            node = manager_of.get(node)
        done.update(path)
    return in_cycle


def check_table(
    table: Table,
    mapping: Mapping[str, str],
    existing: Existing,
    progress: Callable[[int], None] | None = None,
) -> Checked:
    targets = sorted((int(index), target) for index, target in mapping.items() if target in c.FIELD_LABELS)
    errors = _Errors(table.headers, mapping)
    rows: list[dict[str, Any]] = []
    rows_by_email: dict[str, list[int]] = {}
    for count, (number, cells) in enumerate(table.rows, start=1):
        row = _clean_row(number, cells, targets, errors)
        rows.append(row)
        email = row.get(c.EMAIL)
        if email:
            rows_by_email.setdefault(email, []).append(number)
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)

    cells_by_row = dict(table.rows)
    index_of = {target: index for index, target in targets}

    def cell(number: int, target: str) -> Cell:
        cells = cells_by_row[number]
        index = index_of[target]
        return cells[index] if index < len(cells) else ""

    for numbers in rows_by_email.values():
        if len(numbers) > 1:
            shown = ", ".join(str(number) for number in numbers[:10]) + ("…" if len(numbers) > 10 else "")
            for number in numbers:
                errors.add(number, c.EMAIL, cell(number, c.EMAIL), "duplicate_email", rows=shown)

    if c.MANAGER_EMAIL in index_of:
        _check_managers(rows, rows_by_email, existing, errors, cell)

    errors.items.sort(key=lambda error: (error["row"], error["col"]))
    if progress is not None:
        progress(len(table.rows))
    return Checked(rows=rows, errors=errors.items, error_count=errors.count)


def _check_managers(
    rows: list[dict[str, Any]],
    rows_by_email: Mapping[str, list[int]],
    existing: Existing,
    errors: _Errors,
    cell: Callable[[int, str], Cell],
) -> None:
    manager_of: dict[str, str | None] = dict(existing.manager_of)
    for row in rows:
        email, manager = row.get(c.EMAIL), row.get(c.MANAGER_EMAIL)
        if not email or len(rows_by_email[email]) > 1:
            # A duplicated email is already an error; its rows would only add phantom cycles.
            continue
        if manager and manager == email:
            errors.add(row["row"], c.MANAGER_EMAIL, cell(row["row"], c.MANAGER_EMAIL), "manager_self")
            manager = None
        elif manager and manager not in rows_by_email and manager not in existing.emails:
            errors.add(row["row"], c.MANAGER_EMAIL, cell(row["row"], c.MANAGER_EMAIL), "manager_unknown")
            manager = None
        manager_of[email] = manager
    cycles = _find_cycles(manager_of, list(rows_by_email))
    for email, cycle in cycles.items():
        numbers = rows_by_email.get(email)
        if not numbers:
            continue
        shown = cycle[:_MAX_CHAIN_SHOWN]
        chain = " → ".join([*shown, cycle[0]] if len(cycle) <= _MAX_CHAIN_SHOWN else [*shown, "…"])
        errors.add(numbers[0], c.MANAGER_EMAIL, cell(numbers[0], c.MANAGER_EMAIL), "manager_cycle", chain=chain)
