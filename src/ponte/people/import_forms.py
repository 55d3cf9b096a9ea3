"""Forms of the people import: the upload (with size, extension and content checks) and the
column mapping."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ponte.people.importing import columns as c
from ponte.people.importing.messages import field_label, file_problem_text
from ponte.people.importing.parsing import FileProblem, Table, format_for, read_table


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("HR export"),
        help_text=_(
            "A .csv file (comma or semicolon separated) or an Excel .xlsx workbook; "
            "the first row holds the column names."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table: Table | None = None
        self.data_bytes = b""

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if format_for(name) is None:
            raise forms.ValidationError(file_problem_text("bad_extension"), code="bad_extension")
        limit = settings.PONTE_IMPORT_MAX_BYTES
        if upload.size is None or upload.size > limit:
            raise forms.ValidationError(file_problem_text("too_big", {"limit": filesizeformat(limit)}), code="too_big")
        data = upload.read()
        if len(data) > limit:
            raise forms.ValidationError(file_problem_text("too_big", {"limit": filesizeformat(limit)}), code="too_big")
        try:
            self.table = read_table(data, name, max_rows=0)
        except FileProblem as problem:
            raise forms.ValidationError(file_problem_text(problem.code, problem.params), code=problem.code) from problem
        self.data_bytes = data
        return upload


IGNORE = ""


class ImportMappingForm(forms.Form):
    """One select per file column, pre-filled from the header synonyms."""

    def __init__(self, *args: Any, headers: list[str], mapping: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        choices = [(IGNORE, _("Ignore this column")), *((target, label) for target, label in c.FIELD_LABELS.items())]
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header or gettext("Column %(number)s") % {"number": index + 1},
                choices=choices,
                required=False,
                initial=mapping.get(str(index), IGNORE),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        mapping: dict[str, str] = {}
        seen: dict[str, str] = {}
        for index in range(len(self.headers)):
            target = cleaned.get(f"col_{index}") or IGNORE
            if target == IGNORE:
                continue
            if target in seen:
                self.add_error(
                    f"col_{index}",
                    gettext("“%(field)s” is already chosen for the column “%(column)s”.")
                    % {"field": field_label(target), "column": seen[target]},
                )
                continue
            seen[target] = str(self.fields[f"col_{index}"].label or "")
            mapping[str(index)] = target
        missing = c.missing_required(mapping)
        if missing:
            raise forms.ValidationError(
                file_problem_text("missing_columns", {"columns": missing}), code="missing_columns"
            )
        if c.BIRTH_YEAR in seen and c.BIRTH_DATE in seen:
            raise forms.ValidationError(
                gettext("Choose either the birth year or the date of birth, not both."), code="birth_twice"
            )
        cleaned["mapping"] = mapping
        return cleaned

    def rows(self) -> list[forms.BoundField]:
        return [self[f"col_{index}"] for index in range(len(self.headers))]
