"""An organisation admin reviews the audit log in the browser, filters it, with axe on the page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ponte.feedback.models import AuditLog, CheckIn
from ponte.organizations.models import Role
from ponte.pairs.models import Pair, PairStatus
from ponte.programs.models import Program, ProgramStatus
from tests.e2e.helpers import axe_check, shot, sign_in
from tests.factories import OrganizationFactory, member

pytestmark = pytest.mark.e2e


def test_an_admin_reviews_who_opened_confidential_answers(page: Page, transactional_db: None) -> None:
    org = OrganizationFactory(name="Audit Spa", slug="audit")
    member(org, Role.ADMIN, email="admin@audit.example", first_name="Ada", last_name="Admin")
    manager = member(org, Role.MANAGER, email="hr@audit.example", first_name="Helen", last_name="Ward")
    junior = member(org, Role.PARTICIPANT, email="j@audit.example", first_name="Giulia", last_name="Romano")
    senior = member(org, Role.PARTICIPANT, email="s@audit.example", first_name="Marco", last_name="Bianchi")
    program = Program.objects.create(organization=org, name="Ponte", slug="ponte", status=ProgramStatus.RUNNING)
    pair = Pair.objects.create(
        organization=org, program=program, junior=junior, senior=senior, status=PairStatus.ACTIVE
    )
    checkin = CheckIn.objects.create(
        organization=org,
        pair=pair,
        person=junior,
        due_on=timezone.localdate(),
        sent_at=timezone.now(),
        answered_at=timezone.now(),
        satisfaction=2,
        learning=2,
        contact_hr=True,
    )
    AuditLog.objects.create(
        organization=org, actor=manager.user, action="read_checkin_answer", object_type="checkin", object_id=checkin.pk
    )

    sign_in(page, "admin@audit.example", "correct-horse-battery")
    page.goto(reverse("reports:audit-log"))
    expect(page.locator("table")).to_contain_text("Helen Ward")
    expect(page.locator("table")).to_contain_text("Giulia Romano")
    axe_check(page)
    shot(page, "audit-log")
    page.locator("input[name=since]").fill("2099-01-01")
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator("main")).not_to_contain_text("Helen Ward")
    axe_check(page)
