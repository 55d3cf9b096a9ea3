"""An experience pill's whole life in a browser, the way the issue tells it.

Giulia (junior) records a short video for Marco, her senior partner, with the browser's own
recorder (Chromium's synthetic camera and microphone) and attaches Italian captions. Marco —
Italian UI — watches it with the captions and the transcript beside it and marks it helpful.
Giulia then shares it with the whole organisation, Helen (program manager) approves it, and
Anna, who has nothing to do with the pair, finds it by searching "fattura": the word appears
only in the transcript, and only as "fatture". axe runs on every page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ponte.library.models import OrgStatus, Pill, PillKind, PillReaction
from ponte.organizations.models import Role
from ponte.pairs.models import Pair, PairStatus
from ponte.programs.models import Program, ProgramStatus
from tests.demo.reference import ensure_reference_skills
from tests.e2e.helpers import axe_check, shot, sign_in
from tests.factories import OrganizationFactory, member

pytestmark = pytest.mark.e2e

PASSWORD = "correct-horse-battery"
CAPTIONS = """WEBVTT

00:00:00.000 --> 00:00:01.500
Oggi vi mostro dove trovare le fatture dei clienti.

00:00:01.500 --> 00:00:03.000
Poi le condividiamo con il gruppo.
"""


@pytest.fixture
def scene(transactional_db: None) -> dict[str, Any]:
    ensure_reference_skills()
    org = OrganizationFactory(name="Bridge Spa", slug="bridge")
    helen = member(org, Role.MANAGER, email="hr@bridge.example", first_name="Helen", last_name="Ward")
    giulia = member(org, Role.PARTICIPANT, email="giulia@bridge.example", first_name="Giulia", last_name="Romano")
    marco = member(org, Role.PARTICIPANT, email="marco@bridge.example", first_name="Marco", last_name="Bianchi")
    anna = member(org, Role.PARTICIPANT, email="anna@bridge.example", first_name="Anna", last_name="Conti")
    for person in (marco, anna):
        assert person.user is not None
        person.user.language = "it"
        person.user.save(update_fields=["language"])
    program = Program.objects.create(
        organization=org, name="Ponte 2027", slug="ponte-2027", status=ProgramStatus.RUNNING
    )
    Pair.objects.create(organization=org, program=program, junior=giulia, senior=marco, status=PairStatus.ACTIVE)
    return {"helen": helen, "giulia": giulia, "marco": marco, "anna": anna}


@pytest.fixture
def open_page(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Any]:
    contexts: list[BrowserContext] = []

    def open_for(email: str) -> Page:
        context = browser.new_context(**browser_context_args, permissions=["camera", "microphone"])
        contexts.append(context)
        page = context.new_page()
        sign_in(page, email, PASSWORD)
        return page

    yield open_for
    for context in contexts:
        context.close()


def _check(page: Page, name: str) -> None:
    axe_check(page)
    shot(page, name)


def test_a_recorded_pill_travels_from_the_pair_to_the_whole_organisation(
    scene: dict[str, Any], open_page: Any, tmp_path: Path
) -> None:
    captions = tmp_path / "sottotitoli.vtt"
    captions.write_text(CAPTIONS, encoding="utf-8")

    giulia = open_page("giulia@bridge.example")
    giulia.goto(reverse("library:pill-create") + f"?for={scene['marco'].pk}")
    _check(giulia, "pill-01-new")
    giulia.locator("input[name=title]").fill("Where the customer invoices live")
    giulia.locator("textarea[name=summary]").fill("Two minutes on the shared folder, for Marco.")
    giulia.locator("[data-record=video]").click()
    expect(giulia.locator("[data-stop]")).to_be_visible()
    giulia.wait_for_timeout(2500)
    giulia.locator("[data-stop]").click()
    expect(giulia.locator("[data-accept]")).to_be_visible()
    giulia.locator("[data-accept]").click()
    expect(giulia.locator("[data-accepted]")).to_be_visible()
    giulia.locator("input[name=captions]").set_input_files(str(captions))
    giulia.locator("input[name=audience][value=person]").check()
    giulia.locator("select[name=recipient]").select_option(str(scene["marco"].pk))
    _check(giulia, "pill-02-recorded")
    with giulia.expect_navigation():
        giulia.locator("form.pill-form button[type=submit]").click()

    pill = Pill.objects.get()
    assert pill.kind == PillKind.VIDEO and pill.recipient == scene["marco"]
    assert pill.media_mime.startswith("video/") and (pill.duration_seconds or 0) > 1
    assert "fatture" in pill.transcript and pill.org_status == OrgStatus.NOT_REQUESTED
    detail = reverse("library:pill-detail", args=[pill.pk])

    marco = open_page("marco@bridge.example")
    marco.goto(detail)
    expect(marco.locator("video track[kind=captions]")).to_have_count(1)
    expect(marco.get_by_text("Oggi vi mostro dove trovare le fatture dei clienti.")).to_be_visible()
    marco.locator("#helpful-button").click()
    expect(marco.locator("#helpful-button")).to_have_attribute("aria-pressed", "true")
    _check(marco, "pill-03-watched")
    assert PillReaction.objects.filter(pill=pill, person=scene["marco"]).exists()

    anna = open_page("anna@bridge.example")
    assert anna.goto(detail).status == 404  # not hers to see, yet

    giulia.goto(reverse("library:pill-share", args=[pill.pk]))
    giulia.locator("input[name=audience][value=organization]").check()
    giulia.locator("input[name=consent]").check()
    _check(giulia, "pill-04-share")
    with giulia.expect_navigation():
        giulia.locator("form:has(input[value=share]) button[type=submit]").click()
    pill.refresh_from_db()
    assert pill.org_status == OrgStatus.PENDING

    helen = open_page("hr@bridge.example")
    helen.goto(reverse("library:review-queue"))
    expect(helen.get_by_role("link", name="Where the customer invoices live")).to_be_visible()
    _check(helen, "pill-05-review")
    helen.locator("input[name=decision][value=approve]").check()
    with helen.expect_navigation():
        helen.locator("form.review-item__form button[type=submit]").click()
    pill.refresh_from_db()
    assert pill.org_status == OrgStatus.APPROVED

    anna.goto(reverse("library:home"))
    anna.locator("input[name=q]").fill("fattura")
    with anna.expect_navigation():
        anna.locator("form.library-search button[type=submit]").first.click()
    result = anna.locator("mark", has_text="fatture")
    expect(result.first).to_be_visible()
    expect(anna.get_by_role("link", name="Where the customer invoices live")).to_be_visible()
    _check(anna, "pill-06-found")
    anna.get_by_role("link", name="Where the customer invoices live").click()
    expect(anna.locator("video")).to_be_visible()
    _check(anna, "pill-07-anna-watches")
