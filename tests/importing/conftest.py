"""Messy HR exports built in code: BOM, semicolons, accents, blank lines, Windows-1252, XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from ponte.organizations.models import Organization

ITALIAN_HEADERS = [
    "Matricola",
    "Nome",
    "Cognome",
    "E-mail aziendale",
    "Qualifica",
    "Reparto",
    "Email responsabile",
    "Sede",
    "Fuso orario",
    "Lingue",
    "Canali preferiti",
    "Data di nascita",
    "Data di assunzione",
]


def csv_bytes(
    rows: Sequence[Sequence[object]], *, delimiter: str = ";", encoding: str = "utf-8", bom: bool = False
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(row)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good_rows() -> list[list[object]]:
    """A clean Italian export: a CEO, two managers under her, three people under them."""
    return [
        ITALIAN_HEADERS,
        [
            "001",
            "Carla",
            "Capo",
            "carla.capo@acme.test",
            "CEO",
            "Direzione",
            "",
            "Milano",
            "Europe/Rome",
            "Italiano, inglese",
            "In presenza, video",
            "03/04/1961",
            "01/09/1990",
        ],
        [
            "002",
            "Niccolò",
            "Bianchi",
            "niccolo.bianchi@acme.test",
            "CFO",
            "Finanza",
            "carla.capo@acme.test",
            "Milano",
            "",
            "it;en",
            "telefono",
            "1970-12-31",
            "2001-02-01",
        ],
        [
            "003",
            "Giulia",
            "Verdi",
            "Giulia.Verdi@Acme.test",
            "Head of digital",
            "Digitale",
            "carla.capo@acme.test",
            "Roma",
            "Europe/Rome",
            "English",
            "chat; email",
            "7/5/1995",
            "15-06-2020",
        ],
        [
            "004",
            "Luca",
            "Neri",
            "luca.neri@acme.test",
            "Analyst",
            "Finanza",
            "niccolo.bianchi@acme.test",
            "Milano",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "005",
            "Sofia",
            "Gallo",
            "sofia.gallo@acme.test",
            "Developer",
            "digitale",
            "giulia.verdi@acme.test",
            "Torino",
            "",
            "italiano e francese",
            "Videochiamata",
            "",
            "2022-03-01",
        ],
    ]


@pytest.fixture
def good_csv() -> bytes:
    return csv_bytes(good_rows(), bom=True)


@pytest.fixture
def good_xlsx() -> bytes:
    rows = good_rows()
    rows[1][11] = datetime(1961, 4, 3)
    rows[2][12] = date(2001, 2, 1)
    return xlsx_bytes(rows)


@pytest.fixture
def org(acme: Organization) -> Organization:
    return acme
