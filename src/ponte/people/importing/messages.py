"""Error codes of an import and their text.

Errors are stored as codes + params and rendered when shown, so an Italian and an English
admin each read the same report in their own language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .columns import FIELD_LABELS

ROW_MESSAGES: dict[str, Promise] = {
    "required": _("This field is required."),
    "too_long": _("Too long: at most %(limit)s characters."),
    "email_invalid": _("This is not a valid email address."),
    "duplicate_email": _("The same email appears more than once in the file (rows %(rows)s)."),
    "date_format": _("Write dates as dd/mm/yyyy or yyyy-mm-dd."),
    "date_invalid": _("This date does not exist."),
    "birth_year_format": _("Write the birth year with four digits, e.g. 1975."),
    "birth_year_range": _("The birth year must be between %(low)s and %(high)s."),
    "time_zone_unknown": _("Unknown time zone: use a name such as Europe/Rome."),
    "language_unknown": _("Unknown language “%(item)s”: use names such as Italian or codes such as it."),
    "channel_unknown": _("Unknown channel “%(item)s”: use in person, video call, phone, chat or email."),
    "manager_unknown": _("No person with this email in the file or in your organisation."),
    "manager_self": _("A person cannot be their own manager."),
    "manager_cycle": _("Reporting lines go round in a circle: %(chain)s."),
}

FILE_MESSAGES: dict[str, Promise] = {
    "bad_extension": _("Upload a .csv or .xlsx file."),
    "not_text": _("This file is not a text CSV file. Export the spreadsheet as CSV or XLSX and try again."),
    "not_xlsx": _("This file is not a valid Excel (.xlsx) workbook."),
    "bad_csv": _("The CSV file could not be read: %(detail)s"),
    "no_header": _("The file is empty: the first row must hold the column names."),
    "no_rows": _("The file has column names but no people."),
    "too_big": _("The file is too big: the limit is %(limit)s."),
    "missing_columns": _("These required columns are not mapped: %(columns)s."),
    "file_missing": _("The uploaded file is no longer available. Upload it again."),
}


def _format(template: Promise, params: Mapping[str, Any]) -> str:
    try:
        return str(template) % dict(params) if params else str(template)
    except (KeyError, TypeError, ValueError):
        return str(template)


def row_error_text(code: str, params: Mapping[str, Any] | None = None) -> str:
    template = ROW_MESSAGES.get(code)
    return _format(template, params or {}) if template is not None else code


def field_label(target: str) -> str:
    label = FIELD_LABELS.get(target)
    return str(label) if label is not None else target


def file_problem_text(code: str, params: Mapping[str, Any] | None = None) -> str:
    template = FILE_MESSAGES.get(code)
    shown = dict(params or {})
    if isinstance(shown.get("columns"), list):
        shown["columns"] = ", ".join(field_label(target) for target in shown["columns"])
    return _format(template, shown) if template is not None else code


def render_error(error: Mapping[str, Any]) -> dict[str, Any]:
    """A stored error ({row, column, field, value, code, params}) with its message in the active language."""
    if error.get("row") is None:
        message = file_problem_text(error["code"], error.get("params"))
    else:
        message = row_error_text(error["code"], error.get("params"))
    return {**error, "message": message, "field_label": field_label(error["field"]) if error.get("field") else ""}
