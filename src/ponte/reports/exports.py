"""The pairs, meetings and check-ins exports of a program or a whole organisation, as CSV or XLSX.

The pairs and meetings exports list the pairs a program manager already runs (the team pages
show the same names): statuses, dates and counts only, never a note, an agenda, an answer or a
rating. The check-ins export holds no names at all: it is the dashboard's k-anonymous monthly
figures, computed by the same function, so every cell agrees with the dashboard.

Rows are produced lazily, in the reader's language and time zone captured when the export is
built (a streamed response is read after the view, and its middleware, have returned).
Spreadsheet apps run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, so such
text gets a leading apostrophe; numbers and dates stay typed.
"""

from __future__ import annotations

import csv
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum
from typing import IO, Any

from django.db.models import Count, DateField, Exists, Max, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ponte.core.privacy import K_ANONYMITY
from ponte.feedback.models import CheckIn
from ponte.meetings.models import Meeting, MeetingChannel, MeetingStatus
from ponte.pairs.models import EndReason, Pair, PairStatus
from ponte.programs.models import Program

from .metrics.checkins import trends
from .metrics.months import months_for
from .scope import Scope

Cell = str | int | float | date | None
Row = list[Cell]

#: A spreadsheet reads a cell starting with one of these as a formula (or runs it as one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Files larger than this go from memory to a temporary file while the workbook is written.
XLSX_MEMORY_BYTES = 4 * 1024 * 1024


class Kind(StrEnum):
    PAIRS = "pairs"
    MEETINGS = "meetings"
    CHECKINS = "checkins"


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


#: How XLSX shows the date columns: ISO-like, whatever the reader's locale (CSV writes the same).
DAY = "yyyy-mm-dd"
MINUTE = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 14
    date_format: str | None = None


@dataclass(frozen=True)
class Table:
    """One export: its sheet title, its columns and its rows (read once, lazily)."""

    title: str
    columns: list[Column]
    rows: Iterable[Row]


# Cells.


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as typed, never runs: a formula-like start gets an apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _name(first: str, last: str) -> str:
    return f"{first} {last}".strip()


def _local_day(moment: datetime | None, zone: tzinfo) -> date | None:
    return moment.astimezone(zone).date() if moment is not None else None


def _local_minute(moment: datetime, zone: tzinfo) -> datetime:
    """Wall-clock time in ``zone``, to the minute and naive: spreadsheets have no time zones."""
    return moment.astimezone(zone).replace(second=0, microsecond=0, tzinfo=None)


def _in_language(language: str | None, rows: Iterator[Row]) -> Iterator[Row]:
    """Produce ``rows`` in ``language`` whenever they are read (after the view has returned)."""
    with translation.override(language):
        yield from rows


# The exports.


def pairs_table(scope: Scope) -> Table:
    """Every pair of the scope, whatever its status, with its meeting counts (one query)."""
    zone = timezone.get_current_timezone()
    columns = [
        Column(_("Program"), 28),
        Column(_("Junior"), 24),
        Column(_("Senior"), 24),
        Column(_("Status"), 16),
        Column(_("Started on"), 12, DAY),
        Column(_("Ended on"), 12, DAY),
        Column(_("Paused since"), 12, DAY),
        Column(_("At risk since"), 12, DAY),
        Column(_("Risk"), 48),
        Column(_("Meetings held"), 10),
        Column(_("No-shows"), 10),
        Column(_("Last meeting"), 12, DAY),
        Column(_("Reason for ending"), 32),
    ]
    return Table(_("Pairs"), columns, _in_language(translation.get_language(), _pair_rows(scope, zone)))


def _pair_rows(scope: Scope, zone: tzinfo) -> Iterator[Row]:
    held, no_show = Q(meetings__status=MeetingStatus.HELD), Q(meetings__status=MeetingStatus.NO_SHOW)
    rows = (
        Pair.objects.for_organization(scope.organization)
        .filter(scope.pair_q())
        .annotate(
            held=Count("meetings", filter=held),
            no_shows=Count("meetings", filter=no_show),
            last_meeting=Max("meetings__starts_at", filter=held),
        )
        .values(
            "program__name",
            "junior__first_name",
            "junior__last_name",
            "senior__first_name",
            "senior__last_name",
            "status",
            "started_on",
            "ended_on",
            "paused_at",
            "at_risk_since",
            "risk_reason",
            "risk_details",
            "end_reason",
            "held",
            "no_shows",
            "last_meeting",
        )
        .order_by("program__name", "program_id", "junior__last_name", "junior__first_name", "senior__last_name", "pk")
    )
    statuses, reasons = dict(PairStatus.choices), dict(EndReason.choices)
    for row in rows.iterator():
        at_risk = row["at_risk_since"]
        # The model words the reason; an unsaved instance lends it the three fields it reads.
        risk = (
            Pair(risk_reason=row["risk_reason"], risk_details=row["risk_details"], at_risk_since=at_risk).risk_summary
            if at_risk is not None
            else ""
        )
        yield [
            row["program__name"],
            _name(row["junior__first_name"], row["junior__last_name"]),
            _name(row["senior__first_name"], row["senior__last_name"]),
            str(statuses.get(row["status"], row["status"])),
            row["started_on"],
            row["ended_on"],
            _local_day(row["paused_at"], zone),
            _local_day(at_risk, zone),
            risk,
            row["held"],
            row["no_shows"],
            _local_day(row["last_meeting"], zone),
            str(reasons.get(row["end_reason"], row["end_reason"])),
        ]


def meetings_table(scope: Scope) -> Table:
    """Every meeting of the scope's pairs: when, how long, how, and whether it took place."""
    zone = timezone.get_current_timezone()
    columns = [
        Column(_("Program"), 28),
        Column(_("Junior"), 24),
        Column(_("Senior"), 24),
        Column(_("Starts at (%(zone)s)") % {"zone": str(zone)}, 18, MINUTE),
        Column(_("Duration (minutes)"), 10),
        Column(_("Channel"), 24),
        Column(_("Status"), 14),
    ]
    return Table(_("Meetings"), columns, _in_language(translation.get_language(), _meeting_rows(scope, zone)))


def _meeting_rows(scope: Scope, zone: tzinfo) -> Iterator[Row]:
    rows = (
        Meeting.objects.for_organization(scope.organization)
        .filter(scope.pair_q("pair__"))
        .values(
            "pair__program__name",
            "pair__junior__first_name",
            "pair__junior__last_name",
            "pair__senior__first_name",
            "pair__senior__last_name",
            "starts_at",
            "duration_minutes",
            "channel",
            "status",
        )
        .order_by("pair__program__name", "pair__program_id", "starts_at", "pk")
    )
    channels, statuses = dict(MeetingChannel.choices), dict(MeetingStatus.choices)
    for row in rows.iterator():
        yield [
            row["pair__program__name"],
            _name(row["pair__junior__first_name"], row["pair__junior__last_name"]),
            _name(row["pair__senior__first_name"], row["pair__senior__last_name"]),
            _local_minute(row["starts_at"], zone),
            row["duration_minutes"],
            str(channels.get(row["channel"], row["channel"])),
            str(statuses.get(row["status"], row["status"])),
        ]


def checkins_table(scope: Scope, today: date) -> Table:
    """Check-in figures per program and month, exactly as each program's dashboard shows them.

    A month whose satisfaction figure is withheld shows no counts either: the number of check-ins
    sent and answered would describe the same few people.
    """
    columns = [
        Column(_("Program"), 28),
        Column(_("Month"), 10),
        Column(_("Check-ins sent"), 12),
        Column(_("Check-ins answered"), 12),
        Column(_("People"), 10),
        Column(_("Average satisfaction (1 to 5)"), 14),
        Column(_("Average learning (1 to 5)"), 14),
        Column(_("Note"), 24),
    ]
    # A few rows per program month: computed now, in the reader's language and time zone.
    rows = list(_checkin_rows(scope, today))
    return Table(_("Check-ins"), columns, rows)


def _checkin_programs(scope: Scope) -> list[Program]:
    """The scope's programs that have sent a check-in, by name."""
    if scope.program is not None:
        return [scope.program]
    sent = CheckIn.objects.filter(pair__program=OuterRef("pk"), sent_at__isnull=False)
    return list(Program.objects.for_organization(scope.organization).filter(Exists(sent)).order_by("name", "pk"))


def _checkin_counts(scope: Scope) -> dict[tuple[int, date], list[int]]:
    """Check-ins sent (by month sent) and answered (by month answered, as the dashboard places
    answers) per program, in one grouped query."""
    rows = (
        CheckIn.objects.for_organization(scope.organization)
        .filter(scope.pair_q("pair__"), sent_at__isnull=False)
        .annotate(
            sent_month=TruncMonth("sent_at", output_field=DateField()),
            answered_month=TruncMonth("answered_at", output_field=DateField()),
        )
        .values_list("pair__program_id", "sent_month", "answered_month")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0])
    for program_id, sent_month, answered_month, count in rows:
        counts[(program_id, sent_month)][0] += count
        if answered_month is not None:
            counts[(program_id, answered_month)][1] += count
    return counts


def _checkin_rows(scope: Scope, today: date) -> Iterator[Row]:
    counts = _checkin_counts(scope)
    withheld = _("fewer than %(k)d people") % {"k": K_ANONYMITY}
    for program in _checkin_programs(scope):
        program_scope = Scope(scope.organization, program)
        section = trends(program_scope, months_for(program_scope, today))
        for satisfaction, learning in zip(section.satisfaction.points, section.learning.points, strict=True):
            sent: int | None = None
            answered: int | None = None
            if not satisfaction.figure.withheld:
                sent, answered = counts[(program.pk, satisfaction.month)]
            yield [
                program.name,
                satisfaction.month.strftime("%Y-%m"),
                sent,
                answered,
                satisfaction.figure.people,
                satisfaction.figure.value,
                learning.figure.value,
                withheld if satisfaction.figure.withheld or learning.figure.withheld else "",
            ]


BUILDERS: dict[Kind, Callable[[Scope, date], Table]] = {
    Kind.PAIRS: lambda scope, _today: pairs_table(scope),
    Kind.MEETINGS: lambda scope, _today: meetings_table(scope),
    Kind.CHECKINS: checkins_table,
}


def build_table(kind: Kind, scope: Scope, today: date) -> Table:
    """The export ``kind`` of a scope without a group filter (a program or the organisation)."""
    return BUILDERS[kind](scope, today)


def filename(kind: Kind, program: Program | None, today: date, fmt: Format) -> str:
    return f"ponte-{kind}-{program.slug if program is not None else 'all'}-{today.isoformat()}.{fmt}"


# Writers.


class _Echo:
    """The file-like object ``csv.writer`` writes a row to: it hands the row back instead."""

    def write(self, text: str) -> str:
        return text


def _csv_cell(cell: Cell) -> Any:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return safe_text(cell)
    if isinstance(cell, datetime):
        return cell.strftime("%Y-%m-%d %H:%M")
    if isinstance(cell, date):
        return cell.isoformat()
    return cell


def csv_chunks(table: Table) -> Iterator[str]:
    """The table as CSV text, row by row; the byte order mark tells Excel it is UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([safe_text(column.header) for column in table.columns])
    for row in table.rows:
        yield writer.writerow([_csv_cell(cell) for cell in row])


def _xlsx_cell(sheet: WriteOnlyWorksheet, cell: Cell, column: Column) -> Any:
    if isinstance(cell, str):
        # openpyxl refuses control characters; a name pasted with one must not break the export.
        return safe_text(ILLEGAL_CHARACTERS_RE.sub("", cell))
    if isinstance(cell, date) and column.date_format is not None:
        typed = WriteOnlyCell(sheet, value=cell)
        typed.number_format = column.date_format
        return typed
    return cell


def write_xlsx(table: Table) -> IO[bytes]:
    """The table as a workbook with a bold, frozen header row; the file is positioned at its start."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.title[:31])
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header: list[WriteOnlyCell] = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=safe_text(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, cell, column) for cell, column in zip(row, table.columns, strict=True)])
    output = tempfile.SpooledTemporaryFile(max_size=XLSX_MEMORY_BYTES)  # noqa: SIM115 - the response closes it
    workbook.save(output)
    output.seek(0)
    return output
