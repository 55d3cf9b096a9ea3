"""``manage.py import_people FILE --org SLUG [--dry-run] [--mapping-json JSON]``

The same parsing, checks and all-or-nothing write as the web import, run synchronously.
Exits non-zero when the file has errors (nothing is written then).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.organizations.models import Organization
from ponte.people.importing import columns as c
from ponte.people.importing.messages import render_error
from ponte.people.importing.parsing import FileProblem, read_table
from ponte.people.importing.services import Outcome, file_error, import_bytes, run_import

MAX_ERRORS_PRINTED = 200


def _mapping_from_json(text: str, headers: list[str]) -> dict[str, str]:
    """``{"Column header": "target field" | null}``; a file path holding that JSON works too."""
    path = Path(text)
    if not text.lstrip().startswith("{") and path.is_file():
        text = path.read_text(encoding="utf-8")
    try:
        given = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(f"--mapping-json is not valid JSON: {error}") from error
    if not isinstance(given, dict):
        raise CommandError("--mapping-json must be an object of column header → field.")
    mapping = c.guess_mapping(headers)
    for header, target in given.items():
        if header not in headers:
            raise CommandError(f"Column {header!r} is not in the file. Columns: {', '.join(headers)}")
        if target is not None and target not in c.FIELD_LABELS:
            raise CommandError(f"Unknown field {target!r}. Fields: {', '.join(c.FIELD_LABELS)}")
        index = str(headers.index(header))
        mapping.pop(index, None)
        if target is not None:
            mapping = {key: value for key, value in mapping.items() if value != target}
            mapping[index] = target
    return mapping


class Command(BaseCommand):
    help = "Import people from a CSV or XLSX HR export into an organisation (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Path to a .csv or .xlsx file")
        parser.add_argument("--org", required=True, help="Short name (slug) of the organisation")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and show what would change")
        parser.add_argument(
            "--mapping-json",
            help='Override column guesses: {"Header": "field" or null}, inline or a path to a JSON file',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"No organisation with short name {options['org']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        data = path.read_bytes()
        if options["mapping_json"]:
            try:
                table = read_table(data, path.name)
            except FileProblem as problem:
                outcome = Outcome(errors=[file_error(problem.code, **problem.params)], error_count=1)
            else:
                mapping = _mapping_from_json(options["mapping_json"], table.headers)
                outcome = run_import(organization, table, mapping, dry_run=options["dry_run"])
        else:
            outcome = import_bytes(organization, data, path.name, dry_run=options["dry_run"])
        self._report(outcome, dry_run=options["dry_run"])

    def _report(self, outcome: Outcome, *, dry_run: bool) -> None:
        if not outcome.ok:
            for error in outcome.errors[:MAX_ERRORS_PRINTED]:
                shown = render_error(error)
                where = f"row {shown['row']}, column {shown['column']!r}: " if shown["row"] is not None else ""
                value = f" (value: {shown['value']!r})" if shown["value"] else ""
                self.stderr.write(f"{where}{shown['message']}{value}")
            if outcome.error_count > MAX_ERRORS_PRINTED:
                self.stderr.write(f"… and {outcome.error_count - MAX_ERRORS_PRINTED} more.")
            raise CommandError(f"{outcome.error_count} error(s): nothing was imported.", returncode=2)
        summary = outcome.summary
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {outcome.total_rows} rows: {summary['created']} new, {summary['updated']} updated, "
                f"{summary['unchanged']} unchanged, {summary['departments_created']} new departments."
            )
        )
