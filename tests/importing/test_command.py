"""The import_people management command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ponte.organizations.models import Organization
from ponte.people.models import Person

from .conftest import csv_bytes, good_rows


def test_imports_a_file_and_prints_a_summary(
    acme: Organization, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(good_rows(), bom=True))

    call_command("import_people", str(path), "--org", "acme")

    assert "Imported 5 rows: 5 new, 0 updated, 0 unchanged, 3 new departments." in capsys.readouterr().out
    assert Person.objects.filter(organization=acme).count() == 5


def test_dry_run_writes_nothing(acme: Organization, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(good_rows()))

    call_command("import_people", str(path), "--org", "acme", "--dry-run")

    assert "Would import 5 rows" in capsys.readouterr().out
    assert Person.objects.count() == 0


def test_errors_are_printed_and_exit_non_zero(
    acme: Organization, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = good_rows()
    rows[2][3] = "bad"
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(rows))

    with pytest.raises(CommandError) as error:
        call_command("import_people", str(path), "--org", "acme")

    assert error.value.returncode == 2
    assert "row 3, column 'E-mail aziendale'" in capsys.readouterr().err
    assert Person.objects.count() == 0


def test_mapping_json_overrides_the_guess(acme: Organization, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes([["Posta", "N", "C", "Ufficio"], ["a@acme.test", "Anna", "Rossi", "Legale"]]))
    mapping = {"Posta": "email", "N": "first_name", "C": "last_name", "Ufficio": None}

    call_command("import_people", str(path), "--org", "acme", "--mapping-json", json.dumps(mapping))

    person = Person.objects.get(email="a@acme.test")
    assert person.department is None


def test_unknown_organisation_is_an_error(db: None, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"Email\r\n")
    with pytest.raises(CommandError):
        call_command("import_people", str(path), "--org", "nope")
