"""Browser journey: a manager opens a program, a junior enrols with htmx, the manager approves. axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ponte.demo.generator import DEMO_PASSWORD
from ponte.programs.models import Enrolment, EnrolmentStatus, WishKind
from tests.e2e.conftest import (  # noqa: F401 — the browser fixtures live beside the other browser tests
    _allow_django_orm_beside_playwright,
    browser_context_args,
    browser_type_launch_args,
    chromium_path,
    demo_org,
)
from tests.e2e.helpers import axe_check, sign_in, sign_out

pytestmark = pytest.mark.e2e

MANAGER = "hr@lumina.example"
GIULIA = "giulia.romano@lumina.example"


@pytest.mark.usefixtures("demo_org")
def test_manager_opens_a_program_junior_enrols_and_manager_approves(page: Page) -> None:
    sign_in(page, MANAGER, DEMO_PASSWORD)
    page.goto("/programs/new/")
    axe_check(page)
    page.locator("#id_name").fill("Ponte Browser 2026")
    with page.expect_navigation():
        page.locator("form[method=post] button.button--primary[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Ponte Browser 2026")
    axe_check(page)
    with page.expect_navigation():
        page.locator("form:has(input[name=to][value=enrolling]) button").click()
    program_url = page.url
    sign_out(page)

    sign_in(page, GIULIA, DEMO_PASSWORD)
    page.goto("/programs/")
    axe_check(page)
    page.get_by_role("link", name=re.compile(r"^Enrol\s*: Ponte Browser 2026$")).click()
    expect(page.locator("h1")).to_contain_text("Ponte Browser 2026")
    axe_check(page)
    page.get_by_label("Junior (digital mentor)").check()
    # htmx swaps in the rows for a junior: no "want" row for the DigComp skills juniors teach.
    expect(page.locator("#enrol-skills input[name^=offer_]").first).to_be_attached()
    page.get_by_label("Find a colleague by name").press_sequentially("Bianchi", delay=30)
    page.locator("#wish-picker input[name=prefer]").first.check()
    page.get_by_label("My weekly availability in my profile is up to date").check()
    axe_check(page)
    with page.expect_navigation():
        page.locator("button[name=action][value=save]").click()
    expect(page.locator(".message--success")).to_be_visible()
    axe_check(page)
    enrolment = Enrolment.objects.get(program__name="Ponte Browser 2026", person__email=GIULIA)
    assert enrolment.role == "junior"
    assert enrolment.wishes.filter(kind=WishKind.PREFER).exists()
    wished = enrolment.wishes.get().person.full_name
    sign_out(page)

    sign_in(page, MANAGER, DEMO_PASSWORD)
    page.goto(program_url.rstrip("/") + "/enrolments/")
    axe_check(page)
    assert wished not in page.content()
    with page.expect_navigation():
        page.locator(f"form[action$='/enrolments/{enrolment.pk}/approve/'] button").click()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.APPROVED
