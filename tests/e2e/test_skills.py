"""The "My skills" editor (htmx): search, add, change a level, remove — with the mouse and with the keyboard only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from ponte.demo.generator import DEMO_PASSWORD
from ponte.demo.loader import LoadResult
from ponte.people.models import Person
from ponte.skills.models import Skill
from tests.e2e.helpers import axe_check, shot, sign_in

pytestmark = pytest.mark.e2e

GIULIA = "giulia.romano@lumina.example"


def open_my_skills(page: Page) -> None:
    sign_in(page, GIULIA, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My skills").click()
    expect(page.locator("h1")).to_have_text("My skills")


def fresh_skill(person: Person, framework: str) -> Skill:
    """A reference skill of ``framework`` that the person neither teaches nor wants to learn yet."""
    taken = [*person.offers.values_list("skill", flat=True), *person.wants.values_list("skill", flat=True)]
    skills = Skill.objects.filter(area__framework__organization__isnull=True, area__framework__code=framework)
    found = skills.exclude(pk__in=taken).order_by("-area__position", "-position", "-code").first()
    assert found is not None, f"every {framework} skill is already taken"
    return found


def result_link(page: Page, action: str, skill: Skill) -> Locator:
    # The skill name sits in a visually hidden span, so the accessible name may read "I can teach : Netiquette".
    return page.get_by_role("link", name=re.compile(rf"^{re.escape(action)}\s*: {re.escape(skill.name_en)}$"))


def search(page: Page, skill: Skill) -> None:
    """Type the first letters of the skill's name, as a person would, and wait for it among the results."""
    # The names depend on the database state (real DigComp names, or the tests' "digcomp 2.5" stand-ins),
    # so the letters come from the skill itself.
    box = page.get_by_label("Type a few letters of the skill you are looking for")
    box.fill("")
    box.press_sequentially(skill.name_en[:12], delay=30)
    expect(page.locator("#skill-results .skill-result strong").filter(has_text=skill.name_en).first).to_be_visible()


def test_junior_adds_changes_and_removes_skills(page: Page, demo_org: list[LoadResult]) -> None:
    giulia = Person.objects.get(email=GIULIA)
    teach = fresh_skill(giulia, "digcomp")
    learn = fresh_skill(giulia, "entrecomp")
    taught = giulia.offers.select_related("skill").order_by("skill__code").first()
    wanted = giulia.wants.select_related("skill").order_by("skill__code").first()
    assert taught and wanted, "the demo should give Giulia skills to teach and to learn"
    new_level = 7 if taught.level != 7 else 6
    status = page.locator("#skills-status")

    open_my_skills(page)
    expect(status).to_have_attribute("aria-live", "polite")
    axe_check(page)
    shot(page, "skills-giulia-start")

    # Live search, then "I can teach" a DigComp skill with a level.
    search(page, teach)
    axe_check(page)
    shot(page, "skills-giulia-search")
    result_link(page, "I can teach", teach).click()
    expect(page.get_by_role("heading", name=f"Add “{teach.name_en}” to what I can teach")).to_be_visible()
    axe_check(page)
    page.get_by_label("How well do you know it?").select_option("4")
    shot(page, "skills-giulia-add-offer")
    page.get_by_role("button", name="Add to “I can teach”").click()
    expect(status).to_have_text(f"Added “{teach.name_en}” to “I can teach”.")
    expect(page.locator(f"#offer-level-{teach.pk}")).to_have_value("4")
    expect(page.locator("#add-panel")).to_be_empty()
    axe_check(page)

    # "I want to learn" an EntreComp skill, from level 1 to level 4.
    search(page, learn)
    result_link(page, "I want to learn", learn).click()
    expect(page.get_by_role("heading", name=f"Add “{learn.name_en}” to what I want to learn")).to_be_visible()
    axe_check(page)
    page.get_by_label("Where are you now?").select_option("1")
    page.get_by_label("Where would you like to get?").select_option("4")
    shot(page, "skills-giulia-add-want")
    page.get_by_role("button", name="Add to “I want to learn”").click()
    expect(status).to_have_text(f"Added “{learn.name_en}” to “I want to learn”.")
    expect(page.locator(f"#want-current-{learn.pk}")).to_have_value("1")
    expect(page.locator(f"#want-target-{learn.pk}")).to_have_value("4")
    axe_check(page)

    # Change a level in place.
    page.locator(f"#offer-level-{taught.skill_id}").select_option(str(new_level))
    page.get_by_role("button", name=f"Save {taught.skill.name_en}", exact=True).click()
    expect(status).to_have_text(f"Saved the level of “{taught.skill.name_en}”.")
    expect(page.locator(f"#offer-level-{taught.skill_id}")).to_have_value(str(new_level))
    axe_check(page)

    # Remove one.
    page.get_by_role("button", name=f"Remove {wanted.skill.name_en}", exact=True).click()
    expect(status).to_have_text(f"Removed “{wanted.skill.name_en}” from “I want to learn”.")
    expect(page.locator(f"#want-{wanted.skill_id}")).to_have_count(0)
    axe_check(page)
    shot(page, "skills-giulia-after-changes")

    # Reloading shows what was saved, not what htmx last drew.
    page.reload()
    expect(page.locator(f"#offer-level-{teach.pk}")).to_have_value("4")
    expect(page.locator(f"#offer-level-{taught.skill_id}")).to_have_value(str(new_level))
    expect(page.locator(f"#want-current-{learn.pk}")).to_have_value("1")
    expect(page.locator(f"#want-target-{learn.pk}")).to_have_value("4")
    expect(page.locator(f"#want-{wanted.skill_id}")).to_have_count(0)
    expect(status).to_be_empty()
    axe_check(page)
    assert giulia.offers.get(skill=teach).level == 4
    assert giulia.offers.get(skill=taught.skill).level == new_level
    want = giulia.wants.get(skill=learn)
    assert (want.current_level, want.target_level) == (1, 4)
    assert not giulia.wants.filter(skill=wanted.skill).exists()


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector`` — the way a keyboard user gets somewhere."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} was not reachable with {limit} presses of Tab")


def test_junior_adds_a_skill_with_the_keyboard_only(page: Page, demo_org: list[LoadResult]) -> None:
    teach = fresh_skill(Person.objects.get(email=GIULIA), "digcomp")
    sign_in(page, GIULIA, DEMO_PASSWORD)
    page.goto(reverse("people:my-skills"))
    expect(page.locator("h1")).to_have_text("My skills")

    # The skip link comes first and jumps over the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    tab_to(page, "#skill-q")
    page.keyboard.type(teach.name_en[:12], delay=30)
    expect(result_link(page, "I can teach", teach)).to_be_visible()
    axe_check(page)

    # The link carries the search, so adding can refresh these results.
    tab_to(page, f"a[hx-get*='add=offer&skill={teach.pk}&q=']")
    page.keyboard.press("Enter")
    level = page.locator("#add-level")
    # The form's first field takes the focus, so the keyboard user carries on from there.
    expect(level).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(level).to_have_value("3")
    axe_check(page)
    shot(page, "skills-giulia-keyboard-add")
    tab_to(page, "#add-panel button[type=submit]")
    page.keyboard.press("Space")

    expect(page.locator("#skills-status")).to_have_text(f"Added “{teach.name_en}” to “I can teach”.")
    # Focus lands on the new row's level, not on <body>.
    expect(page.locator(f"#offer-level-{teach.pk}")).to_be_focused()
    # The search result is no longer stale: it says the skill is taught instead of offering to add it again.
    row = page.locator("#skill-results .skill-result").filter(has_text=teach.name_en)
    expect(row).to_contain_text("✓ You can teach this")
    expect(result_link(page, "I can teach", teach)).to_have_count(0)
    axe_check(page)
    shot(page, "skills-giulia-keyboard-added")

    page.reload()
    expect(page.locator(f"#offer-level-{teach.pk}")).to_have_value("3")
    assert Person.objects.get(email=GIULIA).offers.get(skill=teach).level == 3
