"""Signing in, the landing page of each role, switching language, signing out — as a person would."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ponte.accounts.models import User
from ponte.demo.generator import DEMO_PASSWORD
from ponte.demo.loader import LoadResult
from tests.e2e.helpers import axe_check, shot, sign_in, sign_out

pytestmark = pytest.mark.e2e


def test_login_page_is_accessible(page: Page, live_server: object) -> None:
    page.goto("/accounts/login/")
    expect(page.locator("h1")).to_be_visible()
    axe_check(page)
    shot(page, "login")


@pytest.mark.parametrize(
    ("email", "role", "organisation"),
    [
        ("admin@lumina.example", "admin", "Lumina Energia S.p.A."),
        ("hr@lumina.example", "manager", "Lumina Energia S.p.A."),
        ("giulia.romano@lumina.example", "participant", "Lumina Energia S.p.A."),
        ("marco.bianchi@lumina.example", "participant-senior", "Lumina Energia S.p.A."),
        ("admin@globex.example", "admin-globex", "Globex Italia S.r.l."),
    ],
)
def test_each_role_lands_on_its_own_home_page(
    page: Page, demo_org: list[LoadResult], email: str, role: str, organisation: str
) -> None:
    sign_in(page, email, DEMO_PASSWORD)

    assert page.url.rstrip("/") == page.evaluate("location.origin")
    expect(page.locator(".brand__org")).to_have_text(organisation)
    overview = page.locator("#overview-heading")
    import_link = page.locator(f"a[href='{reverse('people:import-start')}']")
    if role.startswith("admin"):
        expect(overview).to_be_visible()
        expect(import_link.first).to_be_visible()
    elif role == "manager":
        expect(overview).to_be_visible()
        expect(import_link).to_have_count(0)
    else:
        expect(overview).to_have_count(0)
        expect(page.locator("#profile-heading")).to_be_visible()
    axe_check(page)
    shot(page, f"home-{role}")


def test_language_switch_goes_to_italian_and_back(page: Page, demo_org: list[LoadResult]) -> None:
    sign_in(page, "giulia.romano@lumina.example", DEMO_PASSWORD)
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en")

    with page.expect_navigation():
        page.locator("button[name=language][value=it]").click()
    expect(html).to_have_attribute("lang", "it")
    assert User.objects.get(email="giulia.romano@lumina.example").language == "it"
    axe_check(page)
    shot(page, "home-participant-it")

    with page.expect_navigation():
        page.locator("button[name=language][value=en]").click()
    expect(html).to_have_attribute("lang", "en")
    assert User.objects.get(email="giulia.romano@lumina.example").language == "en"


def test_wrong_password_shows_an_error_and_stays_on_the_login_page(page: Page, demo_org: list[LoadResult]) -> None:
    sign_in(page, "giulia.romano@lumina.example", "not-the-password")

    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("input[name=login]")).to_have_value("giulia.romano@lumina.example")
    assert "/accounts/login/" in page.url
    axe_check(page)
    shot(page, "login-error")


def test_signing_out_returns_to_the_login_page(page: Page, demo_org: list[LoadResult]) -> None:
    sign_in(page, "hr@lumina.example", DEMO_PASSWORD)
    sign_out(page)

    expect(page.locator("input[name=login]")).to_be_visible()
    page.goto("/")
    assert "/accounts/login/" in page.url, "home is not reachable after signing out"
    axe_check(page)


def test_pages_load_their_stylesheet_script_and_logo(page: Page, live_server: object) -> None:
    # axe passes on an unstyled page too, so a missing stylesheet needs its own check.
    broken: list[str] = []
    page.on("response", lambda response: broken.append(response.url) if response.status >= 400 else None)
    page.goto("/accounts/login/")
    page.wait_for_load_state("networkidle")
    assert broken == []
