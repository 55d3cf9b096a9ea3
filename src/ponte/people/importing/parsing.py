"""Read an HR export (CSV or XLSX bytes) into a header and trimmed rows. No Django here."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

Cell = str | date | datetime | int | float
Row = tuple[int, list[Cell]]

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)

# Control characters never seen in a spreadsheet export: their presence means a binary file.
_BINARY_BYTES = frozenset(range(0, 9)) | frozenset({11, 12}) | frozenset(range(14, 32))


class FileProblem(Exception):  # noqa: N818 - a message for the person, not a programming error
    """The file as a whole cannot be read. ``code`` is rendered by ``messages.file_problem_text``."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Table:
    file_format: str
    headers: list[str]
    header_row: int
    rows: list[Row] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


def format_for(filename: str) -> str | None:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return suffix if suffix in FORMATS else None


def decode_text(data: bytes) -> tuple[str, str]:
    """Strict UTF-8 (with or without BOM) first; Windows-1252 only when that fails."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise FileProblem("not_text") from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise FileProblem("not_text") from error


def looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    return sample.startswith(b"MZ") or any(byte in _BINARY_BYTES for byte in sample)


def sniff_delimiter(text: str) -> str:
    """``;`` (Italian Excel) or ``,``: whichever splits the first lines more consistently."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for candidate in (",", ";", "\t"):
        counts = [len(next(csv.reader([line], delimiter=candidate))) for line in lines]
        if counts[0] < 2:
            continue
        consistent = sum(1 for count in counts if count == counts[0]) / len(counts)
        score = consistent * 1000 + counts[0]
        if score > best_score:
            best, best_score = candidate, score
    return best


def _clean(cell: object) -> Cell:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, date | int | float):
        return cell
    return str(cell).strip()


def _is_blank(cells: list[Cell]) -> bool:
    return all(cell == "" for cell in cells)


def _headers(cells: list[Cell]) -> list[str]:
    headers = [str(cell).strip() for cell in cells]
    while headers and not headers[-1]:
        headers.pop()
    return headers


def _fit(cells: list[Cell], width: int) -> list[Cell]:
    if len(cells) < width:
        return cells + [""] * (width - len(cells))
    return cells[:width] if all(cell == "" for cell in cells[width:]) else cells


def _table_from_records(records: Iterator[tuple[int, list[Cell]]], file_format: str, max_rows: int | None) -> Table:
    table: Table | None = None
    for number, raw in records:
        cells = [_clean(cell) for cell in raw]
        if _is_blank(cells):
            continue
        if table is None:
            table = Table(file_format=file_format, headers=_headers(cells), header_row=number)
            if max_rows == 0:
                return table
            continue
        table.rows.append((number, _fit(cells, len(table.headers))))
        if max_rows is not None and len(table.rows) >= max_rows:
            return table
    if table is None or not table.headers:
        raise FileProblem("no_header")
    return table


def read_csv(data: bytes, *, max_rows: int | None = None) -> Table:
    if looks_binary(data):
        raise FileProblem("not_text")
    text, encoding = decode_text(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        table = _table_from_records(
            ((number, list(record)) for number, record in enumerate(reader, start=1)), CSV, max_rows
        )
    except csv.Error as error:
        raise FileProblem("bad_csv", detail=str(error)) from error
    table.encoding = encoding
    table.delimiter = delimiter
    return table


def is_xlsx(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def read_xlsx(data: bytes, *, max_rows: int | None = None) -> Table:
    if not is_xlsx(data):
        raise FileProblem("not_xlsx")
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of error on a damaged file
        raise FileProblem("not_xlsx") from error
    try:
        sheet = workbook.worksheets[0]
        records = ((number, list(values)) for number, values in enumerate(sheet.iter_rows(values_only=True), start=1))
        table = _table_from_records(records, XLSX, max_rows)
    finally:
        workbook.close()
    return table


def read_table(data: bytes, filename: str, *, max_rows: int | None = None) -> Table:
    file_format = format_for(filename)
    if file_format == XLSX:
        return read_xlsx(data, max_rows=max_rows)
    if file_format == CSV:
        return read_csv(data, max_rows=max_rows)
    raise FileProblem("bad_extension")
