"""Editing one's own profile, availability and photo, and switching the interface language — as a person would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Page, expect

from ponte.accounts.models import User
from ponte.demo.generator import DEMO_PASSWORD
from ponte.demo.loader import LoadResult
from ponte.people.models import Person
from tests.e2e.helpers import axe_check, shot, sign_in

pytestmark = pytest.mark.e2e

MARCO = "marco.bianchi@lumina.example"
GIULIA = "giulia.romano@lumina.example"


def open_profile(page: Page) -> None:
    """Reach "Il mio profilo" through the main navigation, the way Marco would."""
    page.get_by_role("navigation", name=re.compile("^(Main|Principale)$")).get_by_role(
        "link", name="Il mio profilo"
    ).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("people:profile")) + "$"))
    expect(page.locator("h1")).to_have_text("Marco Bianchi")


def test_senior_edits_profile_availability_and_photo(page: Page, demo_org: list[LoadResult], tmp_path: Path) -> None:
    sign_in(page, MARCO, DEMO_PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "it")
    open_profile(page)
    axe_check(page)
    shot(page, "profile-marco-before")

    # --- Profile: location, one more language, channels ranked 1 in person, 2 phone.
    page.get_by_role("link", name="Modifica il mio profilo").click()
    expect(page.locator("h1")).to_have_text("Modifica il mio profilo")
    axe_check(page)
    page.get_by_label("Sede").fill("Torino")
    english = page.get_by_role("checkbox", name=re.compile("^Inglese"))
    expect(english).not_to_be_checked()
    english.check()
    page.get_by_label("Di persona").select_option("1")
    page.get_by_label("Telefono").select_option("2")
    for other in ("video", "chat", "email"):
        page.locator(f"#id_rank_{other}").select_option("")
    shot(page, "profile-marco-edit-filled")
    page.get_by_role("button", name="Salva", exact=True).click()

    expect(page.locator(".messages")).to_contain_text("Il tuo profilo è stato salvato.")
    about = page.locator("section[aria-labelledby=about-heading]")
    expect(about.locator("dd").filter(has_text="Torino")).to_be_visible()
    expect(about).to_contain_text("Inglese")
    expect(page.locator("ol.ranked li")).to_have_text(["Di persona", "Telefono"])
    axe_check(page)
    shot(page, "profile-marco-saved")
    marco = Person.objects.get(email=MARCO)
    assert marco.location == "Torino"
    assert set(marco.languages) == {"it", "en"}
    assert marco.channels == ["in_person", "phone"]

    # --- Availability: tick Tuesday 10–12 and Thursday 08–10.
    page.get_by_role("link", name="Modifica la mia disponibilità").click()
    expect(page.locator("table.availability")).to_be_visible()
    axe_check(page)
    tuesday = page.get_by_role("checkbox", name="Martedì dalle 10:00 alle 12:00")
    thursday = page.get_by_role("checkbox", name="Giovedì dalle 08:00 alle 10:00")
    tuesday.check()
    thursday.check()
    shot(page, "profile-marco-availability")
    page.get_by_role("button", name="Salva la disponibilità").click()

    expect(page.locator(".messages")).to_contain_text("La tua disponibilità è stata salvata.")
    windows = page.locator("section[aria-labelledby=channels-heading] ul li")
    expect(windows.filter(has_text="Martedì 10:00–12:00")).to_have_count(1)
    expect(windows.filter(has_text="Giovedì 08:00–10:00")).to_have_count(1)
    axe_check(page)
    saved = set(marco.availability.values_list("weekday", "start__hour", "end__hour"))
    assert {(1, 10, 12), (3, 8, 10)} <= saved

    # --- Photo: a small PNG made on the spot.
    png = tmp_path / "marco.png"
    Image.new("RGB", (120, 120), (40, 110, 160)).save(png, format="PNG")
    page.get_by_role("link", name="Cambia foto").click()
    expect(page.locator("h1")).to_have_text("La mia foto")
    axe_check(page)
    page.locator("input[type=file][name=photo]").set_input_files(png)
    page.get_by_role("button", name="Carica la foto").click()

    expect(page.locator(".messages")).to_contain_text("La tua foto è stata salvata.")
    avatar = page.locator(".page-header .avatar img")
    expect(avatar).to_have_attribute("src", reverse("people:person-photo", args=[marco.pk]))
    page.wait_for_load_state("load")
    assert avatar.evaluate("img => img.complete && img.naturalWidth > 0"), "the avatar image did not load"
    axe_check(page)
    shot(page, "profile-marco-with-photo")
    marco.refresh_from_db()
    assert marco.photo


def test_two_channels_ranked_first_show_a_focused_error_and_save_nothing(
    page: Page, demo_org: list[LoadResult]
) -> None:
    before = Person.objects.get(email=MARCO)
    sign_in(page, MARCO, DEMO_PASSWORD)
    page.goto(reverse("people:profile-edit"))
    page.get_by_label("Sede").fill("Napoli")
    page.get_by_label("Di persona").select_option("1")
    page.get_by_label("Telefono").select_option("1")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="Salva", exact=True).click()
    assert posted.value.status == 400

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Correggi quanto segue:")
    expect(summary).to_contain_text("Dai a ogni canale una posizione diversa")
    # What Marco typed is still there to correct, not lost.
    expect(page.get_by_label("Sede")).to_have_value("Napoli")
    axe_check(page)
    shot(page, "profile-marco-error")

    after = Person.objects.get(email=MARCO)
    assert (after.location, after.channels) == (before.location, before.channels)


def test_junior_switches_the_interface_to_italian_and_back(page: Page, demo_org: list[LoadResult]) -> None:
    sign_in(page, GIULIA, DEMO_PASSWORD)
    page.goto(reverse("people:profile"))
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Edit my profile")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name=re.compile("^Italiano")).click()
    expect(html).to_have_attribute("lang", "it")
    # The switch keeps her on the page she was reading.
    expect(page).to_have_url(re.compile(re.escape(reverse("people:profile")) + "$"))
    expect(page.get_by_role("link", name="Modifica il mio profilo")).to_be_visible()
    assert User.objects.get(email=GIULIA).language == "it"
    axe_check(page)
    shot(page, "profile-giulia-italian")

    page.get_by_role("button", name=re.compile("^English")).click()
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Edit my profile")).to_be_visible()
    assert User.objects.get(email=GIULIA).language == "en"
    axe_check(page)
