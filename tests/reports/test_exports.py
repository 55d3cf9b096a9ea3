"""The pairs, meetings and check-ins exports: rows the dashboard agrees with, safe cells, no private text."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from ponte.feedback.models import CheckIn, MeetingFeedback
from ponte.meetings.models import ActionItem, Meeting, MeetingChannel, MeetingStatus, PrivateNote
from ponte.organizations.models import Organization
from ponte.pairs.models import EndReason, Pair, PairStatus, Response, RiskReason
from ponte.people.models import Person
from ponte.programs.models import Program
from ponte.reports.dashboard import build_dashboard
from ponte.reports.exports import safe_text
from ponte.reports.metrics.checkins import trends
from ponte.reports.metrics.months import months_for
from ponte.reports.scope import Scope
from tests.reports.cohort import build_cohort, people

pytestmark = pytest.mark.django_db

CANARY = "Qzvprivatecanary"
KINDS = ("pairs", "meetings", "checkins")
FORMATS = ("csv", "xlsx")


def export_url(kind: str, fmt: str, program: Program | None = None) -> str:
    url = reverse("reports:export", kwargs={"kind": kind, "fmt": fmt})
    return f"{url}?program={program.pk}" if program is not None else url


def body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


def csv_rows(client: Client, kind: str, program: Program | None = None) -> list[list[str]]:
    response = client.get(export_url(kind, "csv", program))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def xlsx_rows(client: Client, kind: str, program: Program | None = None) -> list[tuple[object, ...]]:
    response = client.get(export_url(kind, "xlsx", program))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    return list(sheet.iter_rows(values_only=True))


def held_count(rows: list[list[str]]) -> int:
    status = rows[0].index("Status")
    return sum(row[status] == "Held" for row in rows[1:])


# What the rows say, and that they agree with the dashboard.


def test_pairs_export_has_a_row_for_every_pair_the_dashboard_counts(login, acme_manager, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    juniors, seniors = people(acme, 1, prefix="declined-j"), people(acme, 1, prefix="declined-s")
    Pair.objects.create(
        organization=acme, program=cohort.program, junior=juniors[0], senior=seniors[0], status=PairStatus.DECLINED
    )
    build_cohort(acme, pairs=5, name="Green bridge")

    rows = csv_rows(login(acme_manager), "pairs", cohort.program)

    dashboard = build_dashboard(Scope(acme, cohort.program))
    assert len(rows) - 1 == dashboard.activity.pairs.value == 7
    everything = csv_rows(login(acme_manager), "pairs")
    assert len(everything) - 1 == build_dashboard(Scope(acme)).activity.pairs.value == 12


def test_pairs_export_columns_hold_statuses_dates_counts_and_the_risk(login, acme_manager, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    at_risk, ended = cohort.pairs[0], cohort.pairs[1]
    Pair.objects.filter(pk=at_risk.pk).update(
        at_risk_since=datetime(2026, 5, 10, 23, 30, tzinfo=UTC),
        risk_reason=RiskReason.NO_SHOWS,
        risk_details={"count": 2},
        paused_at=datetime(2026, 5, 12, 8, tzinfo=UTC),
    )
    last = Meeting.objects.filter(pair=at_risk).order_by("-starts_at").first()
    Meeting.objects.filter(pk=last.pk).update(status=MeetingStatus.NO_SHOW)
    Pair.objects.filter(pk=ended.pk).update(
        status=PairStatus.ENDED_EARLY, ended_on=date(2026, 6, 1), end_reason=EndReason.NO_TIME
    )

    rows = csv_rows(login(acme_manager), "pairs", cohort.program)

    assert rows[0] == [
        "Program",
        "Junior",
        "Senior",
        "Status",
        "Started on",
        "Ended on",
        "Paused since",
        "At risk since",
        "Risk",
        "Meetings held",
        "No-shows",
        "Last meeting",
        "Reason for ending",
    ]
    by_junior = {row[1]: row for row in rows[1:]}
    first = by_junior[at_risk.junior.full_name]
    # 23:30 UTC on 10 May is already 11 May in Rome, the manager's time zone.
    assert first == [
        "Digital bridge",
        at_risk.junior.full_name,
        at_risk.senior.full_name,
        "Active",
        "2026-03-02",
        "",
        "2026-05-12",
        "2026-05-11",
        "The last 2 meetings did not take place.",
        "2",
        "1",
        "2026-03-23",
        "",
    ]
    second = by_junior[ended.junior.full_name]
    assert second[3:6] == ["Ended early", "2026-03-02", "2026-06-01"]
    assert second[9:] == ["3", "0", "2026-04-06", "Not enough time"]


def test_meetings_export_rows_match_the_dashboards_meetings(login, acme_manager, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6, meetings_per_pair=3)
    Meeting.objects.create(
        organization=acme,
        pair=cohort.pairs[0],
        starts_at=datetime(2026, 12, 20, 15, tzinfo=UTC),
        duration_minutes=30,
        channel=MeetingChannel.PHONE,
    )

    rows = csv_rows(login(acme_manager), "meetings", cohort.program)

    dashboard = build_dashboard(Scope(acme, cohort.program))
    assert held_count(rows) == dashboard.activity.meetings_held.value == 18
    assert len(rows) - 1 == 19
    assert rows[0] == [
        "Program",
        "Junior",
        "Senior",
        "Starts at (Europe/Rome)",
        "Duration (minutes)",
        "Channel",
        "Status",
    ]
    mine = [row for row in rows[1:] if row[1] == cohort.pairs[0].junior.full_name]
    # 09:00 UTC is 10:00 in Rome in winter time (9 March) and 11:00 in summer time (6 April).
    assert [row[3] for row in mine] == ["2026-03-09 10:00", "2026-03-23 10:00", "2026-04-06 11:00", "2026-12-20 16:00"]
    assert mine[0][4:] == ["45", "Video call", "Held"]
    assert mine[-1][4:] == ["30", "Phone", "Scheduled"]


def test_organisation_exports_cover_every_program_and_no_other_organisation(
    login, acme_manager, acme: Organization, globex: Organization
) -> None:
    build_cohort(acme, pairs=5, name="Digital bridge")
    build_cohort(acme, pairs=5, name="Green bridge")
    build_cohort(globex, pairs=5, name="Globex bridge")

    pairs = csv_rows(login(acme_manager), "pairs")
    meetings = csv_rows(login(acme_manager), "meetings")

    assert {row[0] for row in pairs[1:]} == {row[0] for row in meetings[1:]} == {"Digital bridge", "Green bridge"}
    assert len(pairs) - 1 == 10
    assert held_count(meetings) == build_dashboard(Scope(acme)).activity.meetings_held.value == 30


# Check-ins: the dashboard's k-anonymous figures, cell for cell.


def test_checkins_export_is_the_dashboards_trend_month_by_month(login, acme_manager, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6, satisfaction=4, learning=3)
    # One more check-in sent in April, not answered: sent and answered differ.
    pair = cohort.pairs[0]
    CheckIn.objects.create(
        organization=acme,
        pair=pair,
        person=pair.junior,
        due_on=date(2026, 4, 20),
        sent_at=datetime(2026, 4, 20, 8, tzinfo=UTC),
    )

    rows = csv_rows(login(acme_manager), "checkins", cohort.program)

    assert rows[0] == [
        "Program",
        "Month",
        "Check-ins sent",
        "Check-ins answered",
        "People",
        "Average satisfaction (1 to 5)",
        "Average learning (1 to 5)",
        "Note",
    ]
    scope = Scope(acme, cohort.program)
    section = trends(scope, months_for(scope, timezone.localdate()))
    months = [point.month.strftime("%Y-%m") for point in section.satisfaction.points]
    assert [row[1] for row in rows[1:]] == months == ["2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08"]
    april = rows[2]
    assert april == ["Digital bridge", "2026-04", "13", "12", "12", "4.0", "3.0", ""]
    for row, satisfaction, learning in zip(rows[1:], section.satisfaction.points, section.learning.points, strict=True):
        assert row[4] == ("" if satisfaction.figure.people is None else str(satisfaction.figure.people))
        assert row[5] == ("" if satisfaction.figure.value is None else str(satisfaction.figure.value))
        assert row[6] == ("" if learning.figure.value is None else str(learning.figure.value))
    assert rows[1] == ["Digital bridge", "2026-03", "", "", "", "", "", "fewer than 5 people"]


def test_checkins_export_withholds_what_the_dashboard_withholds(login, acme_manager, acme: Organization) -> None:
    """Two people in a second program: 12 of the organisation's 16 answered in April for the big
    program leaves 4 beside it, so both programs' April figures are withheld, as on the dashboards."""
    big = build_cohort(acme, pairs=6)
    small = build_cohort(acme, pairs=2, name="Small bridge")

    rows = csv_rows(login(acme_manager), "checkins")

    today = timezone.localdate()
    for program in (big.program, small.program):
        scope = Scope(acme, program)
        points = trends(scope, months_for(scope, today)).satisfaction.points
        assert all(point.figure.withheld for point in points)
        mine = [row for row in rows[1:] if row[0] == program.name]
        assert len(mine) == len(points) == 6
        assert all(row[2:] == ["", "", "", "", "", "fewer than 5 people"] for row in mine)


def test_checkins_export_types_its_numbers_in_xlsx(login, acme_manager, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6, satisfaction=5, learning=2)

    rows = xlsx_rows(login(acme_manager), "checkins", cohort.program)

    assert rows[2] == ("Digital bridge", "2026-04", 12, 12, 12, 5, 2, None)


# Files: formats, names, safe cells.


def test_csv_starts_with_a_byte_order_mark_and_is_named_after_the_program(login, acme_manager, acme) -> None:
    cohort = build_cohort(acme, pairs=5)
    response = login(acme_manager).get(export_url("pairs", "csv", cohort.program))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == content_disposition_header(
        True, f"ponte-pairs-digital-bridge-{today}.csv"
    )
    assert "no-store" in response["Cache-Control"]
    assert body(response).startswith(b"\xef\xbb\xbfProgram,Junior,Senior,")


def test_organisation_wide_files_are_named_all(login, acme_manager, acme) -> None:
    response = login(acme_manager).get(export_url("meetings", "xlsx"))
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == content_disposition_header(True, f"ponte-meetings-all-{today}.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_xlsx_reads_back_with_a_bold_frozen_header_and_typed_cells(login, acme_manager, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5)
    response = login(acme_manager).get(export_url("pairs", "xlsx", cohort.program))
    book = openpyxl.load_workbook(io.BytesIO(body(response)))
    sheet = book.active

    assert sheet.title == "Pairs"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["B"].width == 24
    row = sheet[2]
    assert row[4].value == datetime(2026, 3, 2) and row[4].is_date
    assert row[4].number_format == "yyyy-mm-dd"
    assert row[9].value == 3 and row[9].data_type == "n"
    assert row[11].value == datetime(2026, 4, 6)
    assert sheet.max_row == 6

    meetings = openpyxl.load_workbook(io.BytesIO(body(login(acme_manager).get(export_url("meetings", "xlsx")))))
    start = meetings.active["D2"]
    assert start.value == datetime(2026, 3, 9, 10, 0) and start.number_format == "yyyy-mm-dd hh:mm"


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil.test","click")', "+1+2", "-2+3", "@SUM(A1)"])
def test_a_formula_like_name_is_written_as_text(login, acme_manager, acme: Organization, name: str) -> None:
    juniors = people(acme, 5, prefix="j")
    Person.objects.filter(pk=juniors[0].pk).update(first_name=name, last_name="")
    cohort = build_cohort(acme, pairs=5, juniors=list(Person.objects.filter(pk__in=[p.pk for p in juniors])))
    client = login(acme_manager)

    csv_names = {row[1] for row in csv_rows(client, "pairs", cohort.program)}
    xlsx_names = {row[1] for row in xlsx_rows(client, "meetings", cohort.program)}

    assert f"'{name}" in csv_names
    assert f"'{name}" in xlsx_names
    assert name not in csv_names | xlsx_names


def test_safe_text_leaves_ordinary_text_alone() -> None:
    assert safe_text("Anna Rossi") == "Anna Rossi"
    assert safe_text("") == ""
    assert safe_text("\rx") == "'\rx"


def test_a_control_character_in_a_name_does_not_break_the_workbook(login, acme_manager, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5)
    Person.objects.filter(pk=cohort.juniors[0].pk).update(first_name="Bell\x07a")
    names = {row[1] for row in xlsx_rows(login(acme_manager), "pairs", cohort.program)}
    assert f"Bella {cohort.juniors[0].last_name}" in names


# Privacy: nothing private reaches any export.


def _write_canaries(cohort) -> None:  # type: ignore[no-untyped-def]
    pair = cohort.pairs[0]
    Pair.objects.filter(pk=pair.pk).update(
        status=PairStatus.ENDED_EARLY, end_note=CANARY, decline_note=CANARY, end_reason=EndReason.OTHER
    )
    meeting = pair.meetings.first()
    Meeting.objects.filter(pk=meeting.pk).update(
        agenda=CANARY, shared_notes=CANARY, location=CANARY, phone_note=CANARY, video_url=f"https://{CANARY}.test/"
    )
    PrivateNote.objects.create(organization=pair.organization, meeting=meeting, author=pair.junior, text=CANARY)
    ActionItem.objects.create(
        organization=pair.organization, pair=pair, meeting=meeting, owner=pair.junior, text=CANARY
    )
    MeetingFeedback.objects.create(
        organization=pair.organization,
        meeting=meeting,
        pair=pair,
        author=pair.junior,
        recipient=pair.senior,
        rating=5,
        learned=CANARY,
        kudos=CANARY,
    )
    CheckIn.objects.filter(pair=pair).update(comment=CANARY)
    declined = Pair.objects.create(
        organization=pair.organization,
        program=cohort.program,
        junior=cohort.juniors[1],
        senior=people(pair.organization, 1, prefix="canary-senior")[0],
        status=PairStatus.DECLINED,
        junior_response=Response.DECLINED,
        decline_note=CANARY,
    )
    assert declined.pk


def test_no_private_note_reaches_any_export(login, acme_manager, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    _write_canaries(cohort)
    client = login(acme_manager)
    for kind in KINDS:
        for program in (cohort.program, None):
            text = "\n".join(",".join(row) for row in csv_rows(client, kind, program))
            assert CANARY not in text
            cells = " ".join(str(cell) for row in xlsx_rows(client, kind, program) for cell in row)
            assert CANARY not in cells
            assert cohort.juniors[0].full_name in cells or kind == "checkins"


# Access.


def test_participants_may_not_export(login, acme_junior, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5)
    client = login(acme_junior)
    assert client.get(export_url("pairs", "csv")).status_code == 403
    assert client.get(export_url("pairs", "csv", cohort.program)).status_code == 403


def test_admins_and_program_managers_may_export(login, acme_admin, acme_manager, acme: Organization) -> None:
    for person in (acme_admin, acme_manager):
        assert login(person).get(export_url("checkins", "xlsx")).status_code == 200


def test_another_organisations_program_is_not_found(login, globex_admin, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5)
    for kind in KINDS:
        assert login(globex_admin).get(export_url(kind, "csv", cohort.program)).status_code == 404


def test_without_a_program_another_organisation_gets_only_its_own_rows(login, globex_admin, acme) -> None:
    cohort = build_cohort(acme, pairs=5)
    rows = csv_rows(login(globex_admin), "pairs")
    assert rows == [rows[0]]
    assert cohort.juniors[0].full_name not in str(csv_rows(login(globex_admin), "meetings"))


@pytest.mark.parametrize(
    ("kind", "fmt", "query"),
    [("people", "csv", ""), ("pairs", "pdf", ""), ("pairs", "csv", "?program=abc"), ("pairs", "csv", "?program=-1")],
)
def test_bad_requests_get_400_with_a_message(login, acme_manager, kind: str, fmt: str, query: str) -> None:
    url = reverse("reports:export", kwargs={"kind": kind, "fmt": fmt}) + query
    response = login(acme_manager).get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() in {
        "Unknown export: choose pairs, meetings or checkins, as csv or xlsx.",
        "The program must be given by its number.",
    }


def test_a_program_number_too_large_for_the_database_is_not_found(login, acme_manager) -> None:
    assert login(acme_manager).get(export_url("pairs", "csv") + "?program=" + "9" * 30).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(export_url("pairs", "csv"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_exports_answer_only_get(login, acme_manager) -> None:
    assert login(acme_manager).post(export_url("pairs", "csv")).status_code == 405


# Queries do not grow with the rows.


def _queries(client: Client, kind: str, fmt: str, program: Program) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(export_url(kind, fmt, program))
        body(response)
    return len(queries)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_query_count_does_not_grow_with_the_pairs(login, acme_manager, acme: Organization, kind: str, fmt: str) -> None:
    small = build_cohort(acme, pairs=3, name="Small bridge")
    large = build_cohort(acme, pairs=12, name="Large bridge", meetings_per_pair=5)
    for pair in large.pairs[:4]:
        Meeting.objects.create(
            organization=acme,
            pair=pair,
            starts_at=datetime(2026, 5, 4, 9, tzinfo=UTC) + timedelta(days=pair.pk % 7),
            duration_minutes=45,
            channel=MeetingChannel.CHAT,
            status=MeetingStatus.NO_SHOW,
        )
    client = login(acme_manager)
    _queries(client, kind, fmt, small.program)  # warm the session and caches
    assert _queries(client, kind, fmt, small.program) == _queries(client, kind, fmt, large.program)
