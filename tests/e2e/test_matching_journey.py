"""The whole matching journey in a browser, one browser context per person, with axe on every page.

A program manager (English) opens a program; two juniors and three seniors enrol through the real form,
in Italian and in English; the manager approves, closes enrolment, runs matching, reviews the explained
proposals, pins one pair, runs again (the pin is kept) and publishes. A senior of the other pair declines:
the junior sees only that the proposal is closed, the re-match proposes the third senior, both accept and
the pair is active for both and on the manager's pairs page.

The cohort is small and built so that the outcome is known: Giulia privately wishes for Marco, Paolo has
fewer hours in common than Susan, so the optimum is Giulia–Marco and Tom–Susan, with Paolo unmatched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import time
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ponte.matching.models import MatchRun, RunStatus
from ponte.organizations.models import Organization, Role
from ponte.pairs.models import Pair, PairStatus
from ponte.people.models import AvailabilityWindow, Person, SkillOffer, SkillWant
from ponte.programs.models import Enrolment, EnrolmentStatus, Program, ProgramStatus
from ponte.skills.models import Skill
from tests.demo.reference import ensure_reference_skills
from tests.e2e.helpers import axe_check, shot, sign_in
from tests.factories import DepartmentFactory, OrganizationFactory, member

pytestmark = pytest.mark.e2e

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password
PROGRAM = "Ponte Journey 2026"

#: first name, last name, role in the program, UI language, weekly windows (weekday, from, to).
FULL_WEEK = ((0, 9, 12), (2, 14, 17))
PEOPLE = {
    "giulia": ("Giulia", "Romano", "junior", "it", FULL_WEEK),
    "tom": ("Tom", "Baker", "junior", "en", FULL_WEEK),
    "marco": ("Marco", "Bianchi", "senior", "it", FULL_WEEK),
    "susan": ("Susan", "Clarke", "senior", "en", FULL_WEEK),
    "paolo": ("Paolo", "Ferri", "senior", "it", ((0, 9, 11),)),  # fewer hours in common: third choice
}


def _skills(code: str) -> list[Skill]:
    return list(Skill.objects.filter(area__framework__code=code).order_by("pk")[:3])


def _email(key: str) -> str:
    return f"{key}@journey.example"


def _build_organisation() -> tuple[Organization, dict[str, Person]]:
    """A manager and five people, each in their own department, who all speak Italian and English."""
    ensure_reference_skills()
    org = OrganizationFactory(name="Journey Spa", slug="journey")
    digital, leading = _skills("digcomp"), _skills("entrecomp")
    people = {
        "manager": member(
            org,
            Role.MANAGER,
            email=_email("hr"),
            first_name="Helen",
            last_name="Ward",
            department=DepartmentFactory(organization=org, name="People"),
        )
    }
    for key, (first, last, role, language, windows) in PEOPLE.items():
        person = member(
            org,
            Role.PARTICIPANT,
            email=_email(key),
            first_name=first,
            last_name=last,
            job_title="Analyst" if role == "junior" else "Director",
            department=DepartmentFactory(organization=org, name=f"{last} unit"),
            languages=["it", "en"],
            channels=["video", "chat"],
        )
        person.user.language = language
        person.user.save(update_fields=["language"])
        AvailabilityWindow.objects.bulk_create(
            [AvailabilityWindow(person=person, weekday=d, start=time(a), end=time(b)) for d, a, b in windows]
        )
        teach, learn = (digital, leading) if role == "junior" else (leading, digital)
        # The profile says what each one can teach and wants to learn: the enrol form pre-fills from it.
        SkillOffer.objects.bulk_create([SkillOffer(person=person, skill=s, level=6) for s in teach[:2]])
        SkillWant.objects.bulk_create(
            [SkillWant(person=person, skill=s, current_level=1, target_level=4) for s in learn[:2]]
        )
        people[key] = person
    return org, people


@pytest.fixture
def journey(transactional_db: None) -> tuple[Organization, dict[str, Person]]:
    return _build_organisation()


@pytest.fixture
def open_context(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Any]:
    """Open one signed-in browser context per person, so sessions never mix; closed at the end."""
    contexts: list[BrowserContext] = []

    def open_for(email: str) -> Page:
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, email, PASSWORD)
        return page

    yield open_for
    for context in contexts:
        context.close()


def _expect_language(page: Page, language: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)


def _enrol(page: Page, program: Program, key: str, *, wish: str | None = None) -> None:
    """Enrol through the real form: role (htmx swaps the skill rows), pre-filled skills, availability."""
    _first, _last, role, language, _windows = PEOPLE[key]
    digital, leading = _skills("digcomp"), _skills("entrecomp")
    teach, learn = (digital, leading) if role == "junior" else (leading, digital)
    page.goto(reverse("programs:program-list"))
    _expect_language(page, language)
    axe_check(page)
    with page.expect_navigation():
        page.locator(f"a[href$='/programs/{program.pk}/enrol/']").click()
    axe_check(page)
    with page.expect_response(lambda r: f"/programs/{program.pk}/enrol/" in r.url and r.request.method == "GET"):
        page.locator(f"input[name=role][value={role}]").check()
    skills = page.locator("#enrol-skills")
    # What the profile says is ticked already; the other side's skills are not offered to this role.
    for skill in teach[:2]:
        expect(skills.locator(f"input[name=offer_{skill.pk}]")).to_be_checked()
    for skill in learn[:2]:
        expect(skills.locator(f"input[name=want_{skill.pk}]")).to_be_checked()
    expect(skills.locator(f"input[name=want_{teach[0].pk}]")).to_have_count(0)
    # One more skill to teach, with a level: it waits folded under "More skills you could add", and its
    # level only shows once ticked, so an unticked row never looks answered.
    more = skills.locator(f"input[name=offer_{teach[2].pk}]")
    level = skills.locator(f"select[name=offer_level_{teach[2].pk}]")
    expect(more).to_be_hidden()
    skills.locator(f"details.skill-more:has(input[name=offer_{teach[2].pk}]) > summary").click()
    expect(more).to_be_visible()
    expect(level).to_be_hidden()
    more.check()
    expect(level).to_be_visible()
    level.select_option("5")
    axe_check(page)  # after the htmx swap
    if wish:
        with page.expect_response(lambda r: "q=" in r.url):
            page.locator("#colleague-q").press_sequentially(wish, delay=20)
        page.locator("#wish-picker input[name=prefer]").first.check()
        axe_check(page)
    page.locator("#id_availability_confirmed").check()
    shot(page, f"journey-02-enrol-{key}-{language}")
    with page.expect_navigation():
        page.locator("button[name=action][value=save]").click()
    expect(page.locator(".message--success")).to_be_visible()
    _expect_language(page, language)
    axe_check(page)
    enrolment = Enrolment.objects.get(program=program, person__email=_email(key))
    assert enrolment.role == role and enrolment.availability_confirmed
    assert enrolment.status == EnrolmentStatus.PENDING
    assert enrolment.skills.filter(direction="offer").count() == 3


def _proposal_row(page: Page, junior: str) -> Any:
    return page.locator("table.matching-proposals tbody tr").filter(has_text=junior)


def _wait_for_review(page: Page) -> MatchRun:
    """The run page polls with htmx while matching works; reload until the run is ready for review."""
    heading = page.locator("#run-heading")
    for _attempt in range(20):
        if "Ready for review" in (heading.text_content() or ""):
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(heading).to_contain_text("Ready for review")
    run_id = int(re.search(r"/runs/(\d+)/", page.url).group(1))  # type: ignore[union-attr]
    run = MatchRun.objects.get(pk=run_id)
    assert run.status == RunStatus.DONE
    return run


def _card(page: Page, pair: Pair) -> Any:
    return page.locator(f"#pair-{pair.pk}")


def test_enrol_match_pin_publish_decline_rematch_and_accept(
    journey: tuple[Organization, dict[str, Person]], open_context: Any
) -> None:
    org, people = journey

    # 1. The manager opens a program with learning areas in both directions.
    hr = open_context(_email("hr"))
    _expect_language(hr, "en")
    hr.goto(reverse("programs:program-create"))
    axe_check(hr)
    digital, leading = _skills("digcomp"), _skills("entrecomp")
    expect(hr.locator(f"input[name=junior_skills][value='{digital[0].pk}']")).to_be_checked()
    expect(hr.locator(f"input[name=senior_skills][value='{leading[0].pk}']")).to_be_checked()
    hr.locator("#id_name").fill(PROGRAM)
    hr.locator("#id_description").fill("Juniors teach digital skills; seniors teach leadership back.")
    shot(hr, "journey-01-program-form")
    with hr.expect_navigation():
        hr.locator("form[method=post] button.button--primary[type=submit]").click()
    expect(hr.locator("h1")).to_have_text(PROGRAM)
    program = Program.objects.get(organization=org, name=PROGRAM)
    assert program.junior_skills.filter(pk=digital[0].pk).exists()
    assert program.senior_skills.filter(pk=leading[0].pk).exists()
    with hr.expect_navigation():
        hr.locator("form:has(input[name=to][value=enrolling]) button").click()
    program.refresh_from_db()
    assert program.status == ProgramStatus.ENROLLING
    axe_check(hr)

    # 2. Five people enrol themselves, in Italian and in English; Giulia privately wishes for Marco.
    pages = {key: open_context(_email(key)) for key in PEOPLE}
    _enrol(pages["giulia"], program, "giulia", wish="Bianchi")
    for key in ("tom", "marco", "susan", "paolo"):
        _enrol(pages[key], program, key)

    # 3. The manager approves everybody, closes enrolment and runs matching.
    hr.goto(reverse("programs:enrolment-list", args=[program.pk]))
    axe_check(hr)
    # Giulia's private wish for Marco is never shown to the manager.
    giulia_enrolment = people["giulia"].enrolments.get()
    assert "Bianchi" not in (hr.locator(f"#enrolment-{giulia_enrolment.pk}").text_content() or "")
    with hr.expect_navigation():
        hr.locator("form[action$='/enrolments/approve-all/'] button").click()
    assert Enrolment.objects.filter(program=program, status=EnrolmentStatus.APPROVED).count() == 5
    shot(hr, "journey-03-enrolments-approved")
    hr.once("dialog", lambda dialog: dialog.accept())
    with hr.expect_navigation():
        hr.locator("form[action$='/close-enrolment/'] button").click()
    program.refresh_from_db()
    assert program.status == ProgramStatus.MATCHING
    axe_check(hr)

    hr.goto(reverse("programs:program-detail", args=[program.pk]))
    with hr.expect_navigation():
        hr.locator(f"a[href$='{reverse('matching:program-matching', args=[program.pk])}']").click()
    axe_check(hr)
    with hr.expect_navigation():
        hr.locator("form[action$='/run/'] button").click()
    first_run = _wait_for_review(hr)
    axe_check(hr)

    # The optimum: Giulia–Marco (her wish) and Tom–Susan (more hours than Paolo); Paolo has no partner.
    giulia_row, tom_row = _proposal_row(hr, "Giulia Romano"), _proposal_row(hr, "Tom Baker")
    expect(giulia_row).to_contain_text("Marco Bianchi")
    expect(tom_row).to_contain_text("Susan Clarke")
    for row in (giulia_row, tom_row):
        expect(row).to_contain_text("can take")  # the explanation, in words
        expect(row).to_contain_text("different departments")
    expect(hr.locator("section[aria-labelledby=unmatched-heading]")).to_contain_text("Paolo Ferri")
    shot(hr, "journey-04-run-review")

    # Pin Giulia and Marco, run again: the pin is kept.
    with hr.expect_navigation():
        hr.get_by_role("button", name="Pin Giulia Romano and Marco Bianchi").click()
    expect(_proposal_row(hr, "Giulia Romano").locator(".badge--ok")).to_have_text("Pinned")
    axe_check(hr)
    hr.goto(reverse("matching:program-matching", args=[program.pk]))
    with hr.expect_navigation():
        hr.locator("form[action$='/run/'] button").click()
    second_run = _wait_for_review(hr)
    assert second_run.pk != first_run.pk
    expect(_proposal_row(hr, "Giulia Romano").locator(".badge--ok")).to_have_text("Pinned")
    expect(_proposal_row(hr, "Giulia Romano")).to_contain_text("Marco Bianchi")
    expect(_proposal_row(hr, "Tom Baker").locator(".badge--ok")).to_have_count(0)
    assert second_run.proposals.filter(pinned=True).count() == 1
    axe_check(hr)
    shot(hr, "journey-05-rerun-pin-kept")

    # Publish, after ticking the confirmation.
    hr.locator("#id_confirm").check()
    with hr.expect_navigation():
        hr.locator("form[action$='/publish/'] button[type=submit]").click()
    program.refresh_from_db()
    assert program.status == ProgramStatus.RUNNING
    axe_check(hr)
    shot(hr, "journey-06-published")
    pinned = Pair.objects.get(program=program, junior=people["giulia"], senior=people["marco"])
    declined = Pair.objects.get(program=program, junior=people["tom"], senior=people["susan"])
    assert {pinned.status, declined.status} == {PairStatus.PROPOSED}

    # 4. Susan declines on "My partners" (in English); a no-fault decline, with a private note to HR.
    susan = pages["susan"]
    susan.goto(reverse("pairs:my-pairs"))
    card = _card(susan, declined)
    expect(card).to_contain_text("Tom Baker")
    expect(card).to_contain_text("Tom can take you from level")  # addressed to Susan, not about her
    axe_check(susan)
    card.locator("summary").click()
    card.locator("textarea, input[name=note]").first.fill("Zq private: too busy this quarter")
    axe_check(susan)
    shot(susan, "journey-07-susan-declines")
    card.locator("button.button--danger").click()
    expect(_card(susan, declined)).to_contain_text("You declined")
    axe_check(susan)
    declined.refresh_from_db()
    assert declined.status == PairStatus.DECLINED

    # The re-match proposed Tom a new partner: Paolo (never Susan again).
    rematch = Pair.objects.get(program=program, junior=people["tom"], status=PairStatus.PROPOSED)
    assert rematch.senior_id == people["paolo"].pk

    # Tom sees only that the proposal is closed, never who declined nor the note; and his new proposal.
    tom = pages["tom"]
    tom.goto(reverse("pairs:my-pairs"))
    closed = _card(tom, declined)
    expect(closed).to_contain_text("This proposal is closed")
    expect(closed).not_to_contain_text(re.compile("declin", re.IGNORECASE))
    expect(tom.locator("main")).not_to_contain_text("Zq private")
    expect(_card(tom, rematch)).to_contain_text("Paolo Ferri")
    axe_check(tom)
    shot(tom, "journey-08-tom-closed-and-new-proposal")

    # 5. Tom (English) and Paolo (Italian) accept: the pair is active for both.
    _card(tom, rematch).get_by_role("button", name=re.compile("Paolo Ferri")).click()
    expect(_card(tom, rematch).locator("form input[value=accept]")).to_have_count(0)
    axe_check(tom)
    paolo = pages["paolo"]
    paolo.goto(reverse("pairs:my-pairs"))
    _expect_language(paolo, "it")
    axe_check(paolo)
    _card(paolo, rematch).get_by_role("button", name=re.compile("Tom Baker")).click()
    expect(_card(paolo, rematch).locator(".badge--ok")).to_be_visible()
    axe_check(paolo)
    shot(paolo, "journey-09-paolo-active-it")
    rematch.refresh_from_db()
    assert rematch.status == PairStatus.ACTIVE
    tom.reload()
    expect(_card(tom, rematch).locator(".badge--ok")).to_have_text("Active pair")
    axe_check(tom)

    # Marco (Italian) sees the pinned proposal waiting for his answer.
    marco = pages["marco"]
    marco.goto(reverse("pairs:my-pairs"))
    _expect_language(marco, "it")
    expect(_card(marco, pinned)).to_contain_text("Giulia Romano")
    axe_check(marco)

    # The manager's pairs page: the active pair, the decline (with its private note) and the waiting one.
    hr.goto(reverse("pairs:program-pairs", args=[program.pk]))
    table = hr.locator("table.pair-table")
    expect(table.locator("tr").filter(has_text="Paolo Ferri")).to_contain_text("Active")
    expect(table.locator("tr").filter(has_text="Susan Clarke")).to_contain_text("Declined")
    expect(table.locator("tr").filter(has_text="Marco Bianchi")).to_contain_text("Proposed")
    axe_check(hr)
    shot(hr, "journey-10-manager-pairs")
