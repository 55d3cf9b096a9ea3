"""A pair's whole life in a browser: agreement → three meetings → feedback → check-in → closure.

Giulia (junior, English, Rome) and Marco (senior, Italian, New York) are an active pair that has
not met for 50 days, so the risk sweep flags it and Helen (HR) sees it at risk. They agree on
both directions, then meet three times: each meeting is booked in the browser and, as the days
pass (the test moves it into the past), recorded as held with shared notes, a private note, an
action item and feedback from both — each confirming the level they reached, which moves the
other's progress bar. The risk clears; a check-in is answered; Helen sees learning running both
ways; she closes the program and both send their final assessment. axe runs on every page.

Marco's pages are in Italian, so his steps find controls by their form and name, never by text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ponte.feedback.models import Assessment, CheckIn, ClosingSurvey, MeetingFeedback
from ponte.feedback.risk import pairs_check_activity
from ponte.feedback.services import checkins_sweep
from ponte.meetings.models import Meeting, MeetingStatus, PrivateNote
from ponte.organizations.models import Role
from ponte.pairs.models import ObjectiveProgress, Pair, PairStatus
from ponte.people.models import AvailabilityWindow
from ponte.programs.models import Program, ProgramStatus
from ponte.skills.models import Skill
from tests.demo.reference import ensure_reference_skills
from tests.e2e.helpers import axe_check, shot, sign_in
from tests.factories import DepartmentFactory, OrganizationFactory, member

pytestmark = pytest.mark.e2e

PASSWORD = "correct-horse-battery"
PRIVATE = "Remember to bring real examples from his office"


@pytest.fixture
def scene(transactional_db: None) -> dict[str, Any]:
    ensure_reference_skills()
    org = OrganizationFactory(name="Bridge Spa", slug="bridge")
    digital = Skill.objects.filter(area__framework__code="digcomp").order_by("pk").first()
    vision = Skill.objects.filter(area__framework__code="entrecomp").order_by("pk").first()
    assert digital is not None and vision is not None
    helen = member(org, Role.MANAGER, email="hr@bridge.example", first_name="Helen", last_name="Ward")
    giulia = member(
        org,
        Role.PARTICIPANT,
        email="giulia@bridge.example",
        first_name="Giulia",
        last_name="Romano",
        time_zone="Europe/Rome",
        department=DepartmentFactory(organization=org, name="Digital"),
        channels=["video", "chat"],
    )
    marco = member(
        org,
        Role.PARTICIPANT,
        email="marco@bridge.example",
        first_name="Marco",
        last_name="Bianchi",
        time_zone="America/New_York",
        department=DepartmentFactory(organization=org, name="Finance"),
        channels=["video", "phone"],
    )
    assert marco.user is not None
    marco.user.language = "it"
    marco.user.save(update_fields=["language"])
    for person, start in ((giulia, 14), (marco, 8)):
        AvailabilityWindow.objects.create(person=person, weekday=2, start=time(start), end=time(start + 3))
    program = Program.objects.create(
        organization=org, name="Ponte 2027", slug="ponte-2027", status=ProgramStatus.RUNNING, cadence_days=14
    )
    pair = Pair.objects.create(
        organization=org,
        program=program,
        junior=giulia,
        senior=marco,
        status=PairStatus.ACTIVE,
        junior_response="accepted",
        senior_response="accepted",
        started_on=timezone.localdate() - timedelta(days=50),
        facts={
            "v": 1,
            "junior_teaches": [{"skill": digital.pk, "teacher": 6, "from": 2, "to": 5, "target": 5}],
            "senior_teaches": [{"skill": vision.pk, "teacher": 7, "from": 1, "to": 4, "target": 4}],
            "channels": ["video"],
            "languages": ["it"],
            "hours": 3,
        },
    )
    return {"helen": helen, "giulia": giulia, "marco": marco, "pair": pair, "program": program}


@pytest.fixture
def open_context(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Any]:
    contexts: list[BrowserContext] = []

    def open_for(email: str, zone: str) -> Page:
        context = browser.new_context(**{**browser_context_args, "timezone_id": zone})
        contexts.append(context)
        page = context.new_page()
        sign_in(page, email, PASSWORD)
        return page

    yield open_for
    for context in contexts:
        context.close()


def _visit(page: Page, url: str, name: str = "") -> None:
    page.goto(url)
    axe_check(page)
    if name:
        shot(page, name)


def _submit(page: Page, form: str, button: str = "button[type=submit]") -> None:
    with page.expect_navigation():
        page.locator(f"{form} {button}").first.click()


def _book_meeting(page: Page, pair: Pair) -> Meeting:
    _visit(page, reverse("meetings:pair-meetings", args=[pair.pk]))
    before = set(Meeting.objects.filter(pair=pair).values_list("pk", flat=True))
    form = f"form[action='{reverse('meetings:meeting-create', args=[pair.pk])}']"
    page.locator(f"{form} input[name=date]").fill((timezone.localdate() + timedelta(days=2)).isoformat())
    page.locator(f"{form} input[name=time]").fill("15:00")
    page.locator(f"{form} select[name=channel]").select_option("video")
    page.locator(f"{form} textarea[name=agenda]").fill("Prompts for the monthly report")
    _submit(page, form)
    (meeting,) = Meeting.objects.filter(pair=pair).exclude(pk__in=before)
    return meeting


def _as_if_it_started(meeting: Meeting, days_ago: float) -> None:
    """Time passes: the booked meeting is now in the past (the browser cannot wait two weeks)."""
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(days=days_ago, hours=1))


def _record(page: Page, meeting: Meeting, *, notes: str = "", private: str = "", action: str = "") -> None:
    url = reverse("meetings:meeting-detail", args=[meeting.pk])
    _visit(page, url)
    _submit(page, f"form[action='{reverse('meetings:meeting-outcome', args=[meeting.pk])}']", "button[value=held]")
    if notes:
        form = f"form[action='{reverse('meetings:meeting-notes', args=[meeting.pk])}']"
        page.locator(f"{form} textarea").fill(notes)
        _submit(page, form)
    if private:
        form = f"form[action='{reverse('meetings:meeting-private-note', args=[meeting.pk])}']"
        page.locator(f"{form} textarea").fill(private)
        _submit(page, form)
    if action:
        form = f"form[action='{reverse('meetings:action-create', args=[meeting.pk])}']"
        page.locator(f"{form} input[name=text]").fill(action)
        _submit(page, form)
    axe_check(page)


def _give_feedback(page: Page, meeting: Meeting, *, rating: int, learned: str, kudos: str, progress: bool) -> None:
    url = reverse("feedback:meeting-feedback", args=[meeting.pk])
    _visit(page, url)
    form = f"form[action='{url}']"
    page.locator(f"{form} input[name=rating][value='{rating}']").check()
    page.locator(f"{form} textarea[name=learned]").fill(learned)
    page.locator(f"{form} textarea[name=kudos]").fill(kudos)
    if not MeetingFeedback.objects.filter(meeting=meeting).exists():
        shot(page, "journey-feedback-form")
    if progress:
        for select in page.locator(f"{form} select").all():
            options = select.locator("option").all()
            # The first level above the one already confirmed (the first option may be "no change").
            values = [o.get_attribute("value") for o in options if o.get_attribute("value")]
            select.select_option(values[0])
    _submit(page, form)


def test_a_pair_agrees_meets_gives_feedback_checks_in_and_closes(scene: dict[str, Any], open_context) -> None:
    pair: Pair = scene["pair"]
    pairs_check_activity()  # the hourly sweep: 50 days without a meeting, rhythm 14 days
    assert Pair.objects.get(pk=pair.pk).risk_reason == "no_meeting"

    helen = open_context("hr@bridge.example", "Europe/Rome")
    _visit(helen, reverse("pairs:program-pairs", args=[scene["program"].pk]), "journey-hr-pair-at-risk")
    expect(helen.locator("table")).to_contain_text("At risk")
    _visit(helen, reverse("pairs:pair-detail", args=[pair.pk]))
    expect(helen.locator("#risk")).to_contain_text("No meeting for 50 days")

    giulia = open_context("giulia@bridge.example", "Europe/Rome")
    marco = open_context("marco@bridge.example", "America/New_York")
    expect(marco.locator("html")).to_have_attribute("lang", "it")

    # The agreement, both ways, confirmed by both.
    _visit(giulia, reverse("pairs:pair-detail", args=[pair.pk]), "journey-giulia-pair")
    expect(giulia.locator("body")).to_contain_text("America/New_York")
    _submit(giulia, f"form[action='{reverse('pairs:agreement-draft', args=[pair.pk])}']")
    confirm = f"form[action='{reverse('pairs:agreement-confirm', args=[pair.pk])}']"
    axe_check(giulia)
    _submit(giulia, confirm)
    _visit(marco, reverse("pairs:agreement", args=[pair.pk]))
    _submit(marco, confirm)
    assert pair.agreements.get().is_confirmed

    # Three meetings, each booked, held, noted and given feedback by both.
    meetings = []
    for number, days_ago in enumerate((20, 9, 0)):
        meeting = _book_meeting(giulia if number % 2 == 0 else marco, pair)
        _as_if_it_started(meeting, days_ago)
        last = number == 2
        _record(
            giulia,
            meeting,
            notes="We wrote a prompt that summarises the monthly report." if last else "",
            private=PRIVATE if last else "",
            action="Try the prompt on next month's report" if last else "",
        )
        _give_feedback(giulia, meeting, rating=5, learned="How a budget is negotiated", kudos="Grazie!", progress=True)
        _give_feedback(marco, meeting, rating=4, learned="Prompting", kudos="Great patience", progress=True)
        meetings.append(meeting)
    assert Meeting.objects.filter(pair=pair, status=MeetingStatus.HELD).count() == 3
    assert MeetingFeedback.objects.filter(pair=pair).count() == 6
    assert ObjectiveProgress.objects.filter(pair=pair).count() >= 2
    assert Pair.objects.get(pk=pair.pk).at_risk_since is None, "a meeting that took place clears the risk"

    # Marco reads the shared notes and Giulia's kudos on his own clock, never her private note.
    last = Meeting.objects.get(pk=meetings[-1].pk)
    _visit(marco, reverse("meetings:meeting-detail", args=[last.pk]), "journey-marco-meeting")
    body = marco.locator("main")
    expect(body).to_contain_text("We wrote a prompt")
    expect(body).to_contain_text("Grazie!")
    expect(body).not_to_contain_text(PRIVATE)
    new_york = last.starts_at.astimezone(ZoneInfo("America/New_York")).strftime("%H:%M")
    expect(marco.locator("h1 + p time")).to_contain_text(new_york)
    assert PrivateNote.objects.get(meeting=last).author == scene["giulia"]
    _visit(giulia, reverse("pairs:pair-detail", args=[pair.pk]), "journey-giulia-pair-after-meetings")
    expect(giulia.locator("main")).to_contain_text("Great patience")

    # The check-in comes (the hourly sweep), Giulia answers it from her home page.
    Pair.objects.filter(pk=pair.pk).update(started_on=timezone.localdate() - timedelta(days=31))
    checkins_sweep()
    _visit(giulia, reverse("reports:home"))
    checkin = CheckIn.objects.get(pair=pair, person=scene["giulia"])
    giulia.locator(f"a[href='{reverse('feedback:checkin-answer', args=[checkin.pk])}']").first.click()
    giulia.wait_for_url(re.compile(r"/feedback/\d+/$"))
    axe_check(giulia)
    giulia.locator("input[name=satisfaction][value='5']").check()
    giulia.locator("input[name=learning][value='4']").check()
    giulia.locator("textarea[name=comment]").fill("We get on well.")
    _submit(giulia, "form[action*='/feedback/']")
    assert CheckIn.objects.get(pk=checkin.pk).is_answered

    # HR sees the pair no longer at risk and learning running both ways, then closes the program.
    _visit(helen, reverse("pairs:program-pairs", args=[scene["program"].pk]), "journey-hr-pairs-after")
    row = helen.locator("tbody tr", has_text="Giulia Romano")
    expect(row).to_contain_text("Both ways")
    expect(row).not_to_contain_text("At risk")
    _visit(helen, reverse("pairs:pair-detail", args=[pair.pk]), "journey-hr-pair-progress")
    expect(helen.locator("#pair-meetings-title + dl")).to_contain_text("3")
    _visit(helen, reverse("programs:program-detail", args=[scene["program"].pk]))
    helen.once("dialog", lambda dialog: dialog.accept())
    _submit(helen, "form[action$='/transition/']:has(input[value=closed])")
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.COMPLETED

    # Both send their final assessment.
    for page, person in ((giulia, scene["giulia"]), (marco, scene["marco"])):
        survey = ClosingSurvey.objects.get(pair=pair, person=person)
        _visit(page, reverse("pairs:pair-detail", args=[pair.pk]))
        page.locator(f"a[href='{reverse('feedback:closure-answer', args=[survey.pk])}']").click()
        page.wait_for_url(re.compile(r"/feedback/closure/\d+/$"))
        axe_check(page)
        if person == scene["giulia"]:
            shot(page, "journey-giulia-closure")
        form = f"form[action='{reverse('feedback:closure-answer', args=[survey.pk])}']"
        page.locator(f"{form} input[name=satisfaction][value='5']").check()
        page.locator(f"{form} input[name=learning][value='5']").check()
        page.locator(f"{form} input[name=recommend][value='yes']").check()
        _submit(page, form)
        axe_check(page)
    assert ClosingSurvey.objects.filter(pair=pair).answered().count() == 2
    assert set(Assessment.objects.filter(pair=pair).values_list("moment", "role")) == {
        ("start", "self"),
        ("end", "self"),
        ("end", "partner"),
    }
