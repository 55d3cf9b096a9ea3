"""Reading messy files: encodings, delimiters, blank lines, XLSX cell types, binary files."""

from __future__ import annotations

from datetime import datetime

import pytest

from ponte.people.importing.columns import guess_mapping, normalize_header
from ponte.people.importing.parsing import FileProblem, read_table

from .conftest import csv_bytes, xlsx_bytes


def test_utf8_with_bom_and_semicolons_is_read_and_reported() -> None:
    table = read_table(csv_bytes([["Nome", "Cognome"], [" Niccolò ", "Rossi"]], bom=True), "people.csv")
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ";")
    assert table.headers == ["Nome", "Cognome"]
    assert table.rows == [(2, ["Niccolò", "Rossi"])]


def test_commas_are_sniffed() -> None:
    table = read_table(csv_bytes([["Name", "Surname"], ["Ann", "Lee"]], delimiter=","), "people.csv")
    assert table.delimiter == ","
    assert table.rows[0][1] == ["Ann", "Lee"]


def test_windows_1252_is_the_fallback_when_utf8_fails() -> None:
    table = read_table(csv_bytes([["Nome", "Cognome"], ["Niccolò", "Però"]], encoding="cp1252"), "people.csv")
    assert table.encoding == "cp1252"
    assert table.rows[0][1] == ["Niccolò", "Però"]


def test_blank_lines_are_skipped_but_row_numbers_match_the_spreadsheet() -> None:
    data = b"\r\nNome;Cognome\r\n;\r\nAnna;Bassi\r\n\r\n  ;  \r\nBruno;Conti\r\n"
    table = read_table(data, "people.csv")
    assert table.header_row == 2
    assert [number for number, _cells in table.rows] == [4, 7]


def test_xlsx_keeps_dates_as_dates_and_skips_blank_rows() -> None:
    data = xlsx_bytes([["Nome", "Data di nascita"], ["Anna", datetime(1980, 5, 17)], [None, None], ["Bruno", None]])
    table = read_table(data, "people.xlsx")
    assert table.file_format == "xlsx"
    assert table.rows == [(2, ["Anna", datetime(1980, 5, 17)]), (4, ["Bruno", ""])]


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "people.csv", "not_text"),
        (b"Nome;Cognome\r\nA\x00;B\r\n", "people.csv", "not_text"),
        (b"PK\x03\x04 not really a zip", "people.xlsx", "not_xlsx"),
        (b"Nome;Cognome\r\n", "people.xlsx", "not_xlsx"),
        (b"\r\n\r\n", "people.csv", "no_header"),
        (b"Nome", "people.exe", "bad_extension"),
    ],
)
def test_unreadable_files_are_refused_with_a_code(data: bytes, name: str, code: str) -> None:
    with pytest.raises(FileProblem) as problem:
        read_table(data, name)
    assert problem.value.code == code


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("E-mail", "email"),
        ("Email aziendale", "email"),
        ("EMAIL", "email"),
        ("Nome", "first_name"),
        ("First name", "first_name"),
        ("Cognome", "last_name"),
        ("Surname", "last_name"),
        ("Matricola", "employee_number"),
        ("Employee ID", "employee_number"),
        ("Qualifica", "job_title"),
        ("Dipartimento", "department"),
        ("Email responsabile", "manager_email"),
        ("Manager e-mail", "manager_email"),
        ("Fuso orario", "time_zone"),
        ("Lingue", "languages"),
        ("Canali preferiti", "channels"),
        ("Anno di nascita", "birth_year"),
        ("Data di nascita:", "birth_date"),
        ("Data di assunzione", "hired_on"),
        ("Città", "location"),
    ],
)
def test_headers_in_italian_or_english_are_recognised(header: str, target: str) -> None:
    assert guess_mapping(["Unknown column", header]) == {"1": target}


def test_each_target_is_guessed_once() -> None:
    assert guess_mapping(["Email", "E-mail"]) == {"0": "email"}
    assert normalize_header("  Canali   PREFERITI! ") == "canali preferiti"
