"""The program report: a PDF whose sentences state the dashboard's figures, in the reader's language."""

from __future__ import annotations

import contextlib
import re
import zlib
from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.http import content_disposition_header

from ponte.feedback.models import Assessment, AssessmentMoment, CheckIn
from ponte.meetings.models import Meeting
from ponte.organizations.models import Organization
from ponte.pairs.models import ObjectiveProgress, Pair, PairStatus, RiskReason
from ponte.programs.models import Program, ProgramStatus
from ponte.reports.dashboard import build_dashboard
from ponte.reports.pdf import page_footer_css, program_report_html, program_report_pdf
from ponte.reports.scope import Scope
from tests.reports.cohort import Cohort, build_cohort

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)
CANARY = "Qzvreportcanary"


def pdf_url(program: Program) -> str:
    return reverse("reports:program-pdf", kwargs={"program_id": program.pk})


def varied_cohort(org: Organization) -> Cohort:
    """Six pairs with four meetings each (two in March, two in April), and figures that differ:

    - seniors' digital change: three of +4 (2 → 6) and three of +2 (2 → 4): 3.0 on average, ± 1.1;
    - juniors' learned-back change: +1 each (3 → 4);
    - satisfaction: six answers of 5 and six of 4: 4.5, ± 0.5 (n = 12);
    - three pairs where only the senior confirmed progress: 50% both ways, 50% one way.
    """
    cohort = build_cohort(org, pairs=6, meetings_per_pair=4, digital_levels=(2, 4), back_levels=(3, 4))
    top = cohort.pairs[:3]
    Assessment.objects.filter(
        pair__in=top, learner_id__in=[pair.senior_id for pair in top], moment=AssessmentMoment.END
    ).update(level=6)
    CheckIn.objects.filter(person_id__in=[pair.senior_id for pair in cohort.pairs]).update(satisfaction=5)
    ObjectiveProgress.objects.filter(confirmed_by_id__in=[pair.junior_id for pair in top]).delete()
    return cohort


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's compressed streams, inflated: WeasyPrint packs the document catalog in one."""
    inflated = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        with contextlib.suppress(zlib.error):
            inflated.append(zlib.decompress(match.group(1)))
    return b"\n".join(inflated)


def report(org: Organization, program: Program) -> str:
    return program_report_html(build_dashboard(Scope(org, program), today=TODAY))


# What the report says.


def test_the_summary_states_the_exact_figures(acme: Organization) -> None:
    cohort = varied_cohort(acme)

    html = report(acme, cohort.program)

    assert "6 pairs met on average 0.7 times a month." in html
    assert "people rated their pair 4.5 out of 5 on average (n = 12, ± 0.5)." in html
    assert "Seniors' digital level rose by 3.0 levels on average (n = 6, ± 1.1)." in html
    # One level exactly takes the singular.
    assert "their level in what seniors taught them rose by 1.0 level on average (n = 6, ± 0.0)." in html
    assert "In 50% of pairs both directions progressed, and in 50% only one did (6 pairs with goals both ways)." in html
    assert "too small" not in html


def test_the_cover_names_the_program_its_dates_and_the_day_it_was_prepared(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5)

    html = report(acme, cohort.program)

    assert "<h1>Digital bridge</h1>" in html
    assert "Acme S.p.A." in html
    assert "2 March 2026" in html and "29 August 2026" in html
    assert "Running" in html
    assert f"Prepared on {timezone.localdate().day} " in html
    assert "Period covered: March 2026 to August 2026." in html


def test_withheld_figures_are_replaced_by_a_sentence_saying_the_group_is_too_small(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=2)

    html = report(acme, cohort.program)

    assert "met on average" not in html
    assert "The group is too small to report how often pairs met: fewer than 5 people." in html
    assert "The group is too small to report how satisfied people are: fewer than 5 people answered." in html
    assert "The group is too small to report the seniors' digital progress: fewer than 5 people." in html
    assert "The group is too small to report what juniors learned back: fewer than 5 people." in html
    assert "The group is too small to report whether both partners learned: fewer than 5 people." in html


def test_a_fall_in_level_reads_as_a_fall(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5, digital_levels=(4, 3))

    html = report(acme, cohort.program)

    assert "Seniors' digital level fell by 1.0 level on average (n = 5, ± 0.0)." in html


def test_the_report_explains_its_figures(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5)

    html = report(acme, cohort.program)

    assert "About these figures" in html
    assert "No figure in this report describes fewer than 5 people." in html
    assert "Levels come from self-assessments" in html


def test_the_report_carries_every_chart_with_its_own_styles_and_table(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6, meetings_per_pair=4)

    html = report(acme, cohort.program)

    assert html.count("<svg") == html.count("<figure>") >= 5
    assert "<style" in html.split("<svg", 1)[1]  # the PDF variant keeps pygal's stylesheet
    assert "The figures of “Meetings held per pair, by month”" in html
    assert '<td class="number">2.0</td>' in html  # March and April: two meetings per pair


def test_the_report_follows_the_readers_language(acme: Organization) -> None:
    cohort = varied_cohort(acme)

    with translation.override("it"):
        html = report(acme, cohort.program)
        starts_on = formats.date_format(date(2026, 3, 2), "DATE_FORMAT")

    assert '<html lang="it">' in html
    assert "0,7" in html and "4,5" in html and "± 1,1" in html
    assert starts_on in html and "2 March 2026" not in html


def test_page_numbers_come_from_one_translatable_sentence() -> None:
    assert page_footer_css() == '"Page " counter(page) " of " counter(pages)'


def test_the_report_names_no_pair_and_quotes_no_note(acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=6)
    pair = cohort.pairs[0]
    Pair.objects.filter(pk=pair.pk).update(
        at_risk_since=datetime(2026, 5, 1, tzinfo=UTC), risk_reason=RiskReason.NO_SHOWS, risk_details={"count": 2}
    )
    Pair.objects.filter(pk=cohort.pairs[1].pk).update(status=PairStatus.ENDED_EARLY, end_note=CANARY)
    Meeting.objects.filter(pair=pair).update(agenda=CANARY, shared_notes=CANARY)
    CheckIn.objects.filter(pair=pair).update(comment=CANARY)

    dashboard = build_dashboard(Scope(acme, cohort.program), today=TODAY)
    assert dashboard.at_risk  # the dashboard lists the pair; the report does not
    html = program_report_html(dashboard)

    assert CANARY not in html
    for person in (*cohort.juniors, *cohort.seniors):
        assert person.first_name not in html


def test_a_program_without_figures_still_makes_a_report(acme: Organization) -> None:
    program = Program.objects.create(organization=acme, name="Empty", slug="empty", status=ProgramStatus.DRAFT)

    pdf = program_report_pdf(build_dashboard(Scope(acme, program), today=TODAY))

    assert pdf.startswith(b"%PDF-")


# The download.


def test_managers_download_the_report_as_a_pdf(login, acme_manager, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5)

    response = login(acme_manager).get(pdf_url(cohort.program))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == content_disposition_header(
        True, f"ponte-report-digital-bridge-{timezone.localdate().isoformat()}.pdf"
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")


def test_the_download_is_in_the_users_language(login, acme_admin, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5)
    acme_admin.user.language = "it"
    acme_admin.user.save()

    response = login(acme_admin).get(pdf_url(cohort.program))

    assert response.status_code == 200
    assert b"/Lang (it)" in pdf_objects(response.content)


def test_participants_may_not_download_the_report(login, acme_junior, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5)
    assert login(acme_junior).get(pdf_url(cohort.program)).status_code == 403


def test_another_organisations_program_report_is_not_found(login, globex_admin, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5)
    assert login(globex_admin).get(pdf_url(cohort.program)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_for_the_report(client: Client, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5)
    response = client.get(pdf_url(cohort.program))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_report_answers_only_get(login, acme_manager, acme: Organization) -> None:
    cohort = build_cohort(acme, pairs=5)
    assert login(acme_manager).post(pdf_url(cohort.program)).status_code == 405
