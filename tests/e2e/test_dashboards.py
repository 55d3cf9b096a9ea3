"""HR reads the dashboards of the demo organisation after a simulated program run, filters them
and downloads the exports and the PDF report; axe runs on every page.

Helen (hr@lumina.example) reads Ponte in Italian, so controls are found by their address or form,
never by text. The downloads are opened and checked against the database: the pairs and meetings
exports hold exactly the program's rows, the PDF is a PDF.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from ponte.demo.generator import DEMO_PASSWORD, GLOBEX, LUMINA
from ponte.demo.loader import load_demo
from ponte.meetings.models import Meeting, MeetingStatus
from ponte.pairs.models import Pair
from ponte.programs.models import Program, ProgramStatus
from tests.demo.reference import ensure_reference_skills
from tests.e2e.helpers import axe_check, shot, sign_in

pytestmark = pytest.mark.e2e


def _download(page: Page, selector: str) -> bytes:
    with page.expect_download() as info:
        page.locator(selector).first.click()
    return Path(info.value.path()).read_bytes()


def test_hr_reads_both_dashboards_filters_and_downloads(page: Page, transactional_db: None) -> None:
    ensure_reference_skills()
    load_demo(companies=[LUMINA.scaled(0.4), GLOBEX.scaled(0.5)], simulate=True)
    closed = Program.objects.get(organization__slug=LUMINA.slug, status=ProgramStatus.CLOSED)
    page.set_viewport_size({"width": 1280, "height": 900})

    sign_in(page, "hr@lumina.example", DEMO_PASSWORD)
    page.locator(f"nav a[href='{reverse('reports:org-dashboard')}']").click()
    expect(page.locator("h1")).to_contain_text("Lumina")
    expect(page.locator("figure svg").first).to_be_visible()
    axe_check(page)
    shot(page, "dashboard-organisation")

    # Filter by a generation: the page says which group it shows and keeps the choice.
    page.locator("select[name=group]").select_option("generation:gen_x")
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    assert "group=generation%3Agen_x" in page.url
    expect(page.locator("select[name=group]")).to_have_value("generation:gen_x")
    axe_check(page)

    program_url = reverse("reports:program-dashboard", args=[closed.pk])
    page.goto(reverse("reports:org-dashboard"))
    page.locator(f"a[href='{program_url}']").first.click()
    expect(page.locator("h1")).to_contain_text(closed.name)
    axe_check(page)
    shot(page, "dashboard-program")

    # The funnel's stages never grow from one to the next (each holds the people of the one after).
    funnel = [
        int(cell.replace(".", "").replace(",", ""))
        for cell in page.locator("#funnel-heading ~ figure table tbody td").all_text_contents()
        if cell.strip().replace(".", "").isdigit()
    ]
    assert funnel and funnel == sorted(funnel, reverse=True)

    pairs_csv = _download(page, f"a[href*='pairs.csv?program={closed.pk}']")
    assert pairs_csv.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(pairs_csv.decode("utf-8-sig"))))
    assert len(rows) - 1 == Pair.objects.filter(program=closed).count()

    meetings_xlsx = _download(page, f"a[href*='meetings.xlsx?program={closed.pk}']")
    sheet = load_workbook(io.BytesIO(meetings_xlsx)).active
    assert sheet is not None
    assert sheet.max_row - 1 == Meeting.objects.filter(pair__program=closed).count()
    held = Meeting.objects.filter(pair__program=closed, status=MeetingStatus.HELD).count()
    assert held > 0

    checkins_csv = _download(page, f"a[href*='checkins.csv?program={closed.pk}']")
    assert len(list(csv.reader(io.StringIO(checkins_csv.decode("utf-8-sig"))))) > 1

    pdf = _download(page, f"a[href='{reverse('reports:program-pdf', args=[closed.pk])}']")
    assert pdf.startswith(b"%PDF-")
