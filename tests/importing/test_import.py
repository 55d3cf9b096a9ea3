"""The import itself: per-row errors, all-or-nothing, upserts, managers, departments, tenancy."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from ponte.organizations.models import Department, Organization
from ponte.people.importing.messages import render_error
from ponte.people.importing.services import import_bytes
from ponte.people.models import Person
from tests.factories import DepartmentFactory, PersonFactory

from .conftest import ITALIAN_HEADERS, csv_bytes, good_rows


def errors_by_cell(errors: list[dict[str, Any]]) -> set[tuple[int, str, str]]:
    return {(error["row"], error["column"], error["code"]) for error in errors}


def counts() -> tuple[int, int]:
    return Person.objects.count(), Department.objects.count()


def test_a_good_file_creates_people_departments_and_reporting_lines(acme: Organization, good_csv: bytes) -> None:
    outcome = import_bytes(acme, good_csv, "people.csv")

    assert outcome.ok, outcome.errors
    assert outcome.summary["created"] == 5
    assert outcome.summary["departments_created"] == 3
    people = {person.email: person for person in Person.objects.for_organization(acme).select_related("manager")}
    niccolo = people["niccolo.bianchi@acme.test"]
    assert niccolo.first_name == "Niccolò"
    assert niccolo.manager is not None and niccolo.manager.email == "carla.capo@acme.test"
    assert niccolo.languages == ["it", "en"]
    assert niccolo.birth_year == 1970
    assert niccolo.hired_on.isoformat() == "2001-02-01"
    assert niccolo.time_zone == acme.default_time_zone
    assert people["sofia.gallo@acme.test"].manager == people["giulia.verdi@acme.test"]
    assert people["carla.capo@acme.test"].channels == ["in_person", "video"]
    assert people["carla.capo@acme.test"].birth_year == 1961
    # "Digitale" and "digitale" are one department.
    assert people["sofia.gallo@acme.test"].department == people["giulia.verdi@acme.test"].department
    assert sorted(Department.objects.filter(organization=acme).values_list("name", flat=True)) == [
        "Digitale",
        "Direzione",
        "Finanza",
    ]


def test_reimporting_the_same_file_changes_nothing(acme: Organization, good_csv: bytes) -> None:
    import_bytes(acme, good_csv, "people.csv")
    before = list(Person.objects.order_by("pk").values())

    outcome = import_bytes(acme, good_csv, "people.csv")

    assert outcome.summary == {**outcome.summary, "created": 0, "updated": 0, "unchanged": 5, "departments_created": 0}
    assert list(Person.objects.order_by("pk").values()) == before


def test_existing_people_are_updated_by_email_whatever_its_case(acme: Organization, good_csv: bytes) -> None:
    finance = DepartmentFactory(organization=acme, name="FINANZA")
    existing = PersonFactory(organization=acme, email="Luca.Neri@ACME.test", job_title="Intern", department=None)

    outcome = import_bytes(acme, good_csv, "people.csv")

    assert outcome.ok, outcome.errors
    assert (outcome.summary["created"], outcome.summary["updated"]) == (4, 1)
    existing.refresh_from_db()
    assert existing.job_title == "Analyst"
    assert existing.department == finance
    assert existing.manager is not None and existing.manager.email == "niccolo.bianchi@acme.test"
    assert Person.objects.for_organization(acme).filter(email__iexact="luca.neri@acme.test").count() == 1


def test_managers_can_be_existing_people_of_the_organisation(acme: Organization) -> None:
    boss = PersonFactory(organization=acme, email="boss@acme.test")
    data = csv_bytes(
        [["Email", "Nome", "Cognome", "Email responsabile"], ["new@acme.test", "Nuovo", "Arrivo", "BOSS@acme.test"]]
    )

    outcome = import_bytes(acme, data, "people.csv")

    assert outcome.ok, outcome.errors
    assert Person.objects.get(email="new@acme.test").manager == boss


def test_other_organisations_people_with_the_same_email_are_untouched(
    acme: Organization, globex: Organization, good_csv: bytes
) -> None:
    twin = PersonFactory(organization=globex, email="luca.neri@acme.test", job_title="Globex job")
    globex_boss = PersonFactory(organization=globex, email="boss@globex.test")
    data = csv_bytes(
        [["Email", "Nome", "Cognome", "Email responsabile"], ["x@acme.test", "X", "Y", "boss@globex.test"]]
    )

    assert import_bytes(acme, good_csv, "people.csv").ok
    foreign_manager = import_bytes(acme, data, "people.csv")

    twin.refresh_from_db()
    assert twin.job_title == "Globex job"
    assert Person.objects.filter(organization=globex).count() == 2
    assert errors_by_cell(foreign_manager.errors) == {(2, "Email responsabile", "manager_unknown")}
    assert not Person.objects.filter(manager=globex_boss).exists()


def messy_rows() -> list[list[object]]:
    rows = good_rows()
    rows[2][3] = "not-an-email"  # row 3: bad email
    rows[3][12] = "2020/31/12"  # row 4: bad hire date
    rows[4][6] = "ghost@acme.test"  # row 5: manager nowhere
    rows[5][3] = "carla.capo@acme.test"  # row 6: duplicate of row 2
    rows[5][8] = "Europe/Atlantis"  # row 6: unknown time zone
    rows.append(["006", "", "Senza", "senza.nome@acme.test", "", "", "", "", "", "klingon", "telepatia", "1900", ""])
    return rows


def test_a_bad_file_reports_every_problem_by_row_and_column(acme: Organization) -> None:
    outcome = import_bytes(acme, csv_bytes(messy_rows(), bom=True), "people.csv")

    assert errors_by_cell(outcome.errors) == {
        (2, "E-mail aziendale", "duplicate_email"),
        (3, "E-mail aziendale", "email_invalid"),
        (4, "Data di assunzione", "date_format"),
        (5, "Email responsabile", "manager_unknown"),
        (6, "E-mail aziendale", "duplicate_email"),
        (6, "Fuso orario", "time_zone_unknown"),
        (7, "Nome", "required"),
        (7, "Lingue", "language_unknown"),
        (7, "Canali preferiti", "channel_unknown"),
        (7, "Data di nascita", "date_format"),
    }
    assert outcome.error_count == 10
    assert [error["row"] for error in outcome.errors] == sorted(error["row"] for error in outcome.errors)
    bad_email = next(error for error in outcome.errors if error["code"] == "email_invalid")
    assert bad_email["value"] == "not-an-email"


def test_a_bad_file_writes_nothing(acme: Organization, good_csv: bytes) -> None:
    before = counts()

    outcome = import_bytes(acme, csv_bytes(messy_rows()), "people.csv")

    assert not outcome.ok
    assert counts() == before


def test_errors_are_rendered_in_the_viewers_language(acme: Organization) -> None:
    outcome = import_bytes(acme, csv_bytes(messy_rows()), "people.csv")
    error = next(error for error in outcome.errors if error["code"] == "required")

    with translation.override("en"):
        assert render_error(error)["message"] == "This field is required."


def test_reporting_line_cycles_and_self_management_are_refused(acme: Organization) -> None:
    header = ["Email", "Nome", "Cognome", "Manager email"]
    data = csv_bytes(
        [
            header,
            ["a@acme.test", "A", "A", "b@acme.test"],
            ["b@acme.test", "B", "B", "a@acme.test"],
            ["c@acme.test", "C", "C", "c@acme.test"],
            ["d@acme.test", "D", "D", "a@acme.test"],
        ]
    )

    outcome = import_bytes(acme, data, "people.csv")

    assert errors_by_cell(outcome.errors) == {
        (2, "Manager email", "manager_cycle"),
        (3, "Manager email", "manager_cycle"),
        (4, "Manager email", "manager_self"),
    }
    assert Person.objects.count() == 0


def test_a_cycle_through_an_existing_person_is_refused(acme: Organization) -> None:
    boss = PersonFactory(organization=acme, email="boss@acme.test")
    PersonFactory(organization=acme, email="deputy@acme.test", manager=boss)
    data = csv_bytes(
        [["Email", "Nome", "Cognome", "Email responsabile"], ["boss@acme.test", "B", "B", "deputy@acme.test"]]
    )

    outcome = import_bytes(acme, data, "people.csv")

    assert errors_by_cell(outcome.errors) == {(2, "Email responsabile", "manager_cycle")}


def test_birth_year_range_and_missing_required_columns(acme: Organization) -> None:
    data = csv_bytes([["Email", "Nome", "Cognome", "Anno di nascita"], ["a@acme.test", "A", "A", "1920"]])
    assert errors_by_cell(import_bytes(acme, data, "people.csv").errors) == {(2, "Anno di nascita", "birth_year_range")}

    no_email = import_bytes(acme, csv_bytes([["Nome", "Cognome"], ["A", "B"]]), "people.csv")
    assert [error["code"] for error in no_email.errors] == ["missing_columns"]


def test_an_xlsx_export_imports_like_the_csv(acme: Organization, good_xlsx: bytes) -> None:
    outcome = import_bytes(acme, good_xlsx, "people.xlsx")

    assert outcome.ok, outcome.errors
    assert outcome.summary["created"] == 5
    carla = Person.objects.get(email="carla.capo@acme.test")
    assert carla.birth_year == 1961
    assert Person.objects.get(email="niccolo.bianchi@acme.test").hired_on.isoformat() == "2001-02-01"


def test_windows_1252_file_with_accents(acme: Organization) -> None:
    rows = [ITALIAN_HEADERS[:4], ["1", "Niccolò", "Però", "n@acme.test"]]
    outcome = import_bytes(acme, csv_bytes(rows, encoding="cp1252"), "people.csv")

    assert outcome.ok, outcome.errors
    assert Person.objects.get(email="n@acme.test").last_name == "Però"


def test_dry_run_checks_without_writing(acme: Organization, good_csv: bytes) -> None:
    outcome = import_bytes(acme, good_csv, "people.csv", dry_run=True)

    assert outcome.ok and outcome.summary["created"] == 5
    assert not outcome.applied
    assert Person.objects.count() == 0
