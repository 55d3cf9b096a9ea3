"""Importing people from an Italian HR export: upload → columns → check → confirm → summary, and a bad file.

The Lumina admin (Paolo Greco) uses Ponte in Italian, so the journey reads the Italian interface.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ponte.demo.generator import DEMO_PASSWORD
from ponte.demo.loader import LoadResult
from ponte.people.models import ImportJob, Person
from tests.e2e.helpers import axe_check, shot, sign_in

pytestmark = pytest.mark.e2e

ADMIN = "admin@lumina.example"
HEADERS = "Nome;Cognome;E-mail;Reparto;Email responsabile;Anno di nascita"
GOOD_ROWS = [
    "Niccolò;Cantù;niccolo.cantu@lumina.example;Innovazione;;1968",
    "Ilaria;Morè;ilaria.more@lumina.example;Innovazione;niccolo.cantu@lumina.example;1994",
    "Gabriele;D'Aniello;gabriele.daniello@lumina.example;Sostenibilità;niccolo.cantu@lumina.example;1987",
    "Annalisa;Pellè;annalisa.pelle@lumina.example;Sostenibilità;;2001",
]


def write_csv(path: Path, lines: list[str]) -> Path:
    # What Excel writes for "CSV UTF-8" on an Italian PC: a BOM, semicolons, Windows line ends.
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig", newline="")
    return path


def upload(page: Page, csv: Path) -> None:
    """From the home page, through the main navigation to the upload form, and on to the columns."""
    page.get_by_role("navigation", name="Principale").get_by_role("link", name="Importazione").click()
    expect(page.locator("h1")).to_have_text("Importa persone")
    axe_check(page)
    page.get_by_label("Export HR").set_input_files(csv)
    page.get_by_role("button", name="Carica e continua").click()
    expect(page.locator("h1")).to_have_text("Conferma le colonne")


def test_admin_imports_a_csv_and_finds_a_new_person(page: Page, demo_org: list[LoadResult], tmp_path: Path) -> None:
    csv = write_csv(tmp_path / "dipendenti.csv", [HEADERS, *GOOD_ROWS])
    assert not Person.objects.filter(email__in=["niccolo.cantu@lumina.example", "ilaria.more@lumina.example"]).exists()
    sign_in(page, ADMIN, DEMO_PASSWORD)

    upload(page, csv)
    expect(page.locator(".page-header .lead")).to_contain_text("separate da punto e virgola")
    # Every Italian header was recognised; the samples show the accented names intact.
    expected = {
        "Nome": "first_name",
        "Cognome": "last_name",
        "E-mail": "email",
        "Reparto": "department",
        "Email responsabile": "manager_email",
        "Anno di nascita": "birth_year",
    }
    for header, target in expected.items():
        expect(page.get_by_label(header, exact=True)).to_have_value(target)
    expect(page.locator(".import-samples").first).to_contain_text("Niccolò")
    axe_check(page)
    shot(page, "import-mapping")
    page.get_by_role("button", name="Verifica il file").click()

    # The task backend of the test settings runs the check inline, so the preview is there at once.
    expect(page.locator("#status-heading")).to_contain_text("Pronto per l'importazione")
    expect(page.locator(".lead").filter(has_text="Tutte le 4 righe sono valide.")).to_be_visible()
    preview = page.locator("section[aria-labelledby=preview-heading] tbody tr")
    expect(preview).to_have_count(4)
    expect(preview.first).to_contain_text("Niccolò Cantù")
    expect(preview.nth(1)).to_contain_text("niccolo.cantu@lumina.example")
    axe_check(page)
    shot(page, "import-preview")
    assert not Person.objects.filter(email="niccolo.cantu@lumina.example").exists(), "nothing is saved before confirm"

    page.get_by_role("button", name="Conferma e importa").click()
    expect(page.locator("#status-heading")).to_contain_text("Importato")
    summary = page.locator(".import-summary")
    expect(summary).to_contain_text("4 nuove persone")
    expect(summary).to_contain_text("2 nuovi reparti: Innovazione, Sostenibilità")
    axe_check(page)
    shot(page, "import-done")

    page.get_by_role("link", name="Vedi le persone").click()
    expect(page.locator("h1")).to_have_text("Persone")
    axe_check(page)
    page.get_by_label("Cerca per nome, email o qualifica").fill("Cantù")
    page.get_by_role("search").get_by_role("button", name="Cerca").click()
    row = page.locator("tbody tr").filter(has_text="Niccolò Cantù")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Innovazione")
    axe_check(page)
    shot(page, "import-people-list")

    ilaria = Person.objects.select_related("manager", "department").get(email="ilaria.more@lumina.example")
    assert (ilaria.first_name, ilaria.last_name) == ("Ilaria", "Morè")
    assert ilaria.manager is not None and ilaria.manager.email == "niccolo.cantu@lumina.example"
    assert ilaria.department is not None and ilaria.department.name == "Innovazione"
    assert ilaria.birth_year == 1994


def test_a_file_with_bad_rows_shows_each_problem_and_imports_nobody(
    page: Page, demo_org: list[LoadResult], tmp_path: Path
) -> None:
    csv = write_csv(
        tmp_path / "dipendenti-errori.csv",
        [
            HEADERS + ";Data di assunzione",
            "Niccolò;Cantù;niccolo.cantu@lumina.example;Innovazione;;1968;01/09/2015",
            "Ilaria;Morè;ilaria.more(at)lumina;Innovazione;niccolo.cantu@lumina.example;1994;31/02/2021",
            "Annalisa;Pellè;annalisa.pelle@lumina.example;Sostenibilità;;2001;15/03/2023",
        ],
    )
    people_before = Person.objects.count()
    sign_in(page, ADMIN, DEMO_PASSWORD)

    upload(page, csv)
    expect(page.get_by_label("Data di assunzione", exact=True)).to_have_value("hired_on")
    axe_check(page)
    page.get_by_role("button", name="Verifica il file").click()

    expect(page.locator("#status-heading")).to_contain_text("Con errori")
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Il file ha 2 problemi: nessuno è stato importato.")
    expect(summary).to_be_focused()
    problems = page.locator("table.import-errors tbody tr")
    expect(problems).to_have_count(2)
    # Row 3 of the file (the header is row 1) holds both mistakes; each is shown with its column and value.
    email_problem = problems.filter(has_text="ilaria.more(at)lumina")
    date_problem = problems.filter(has_text="31/02/2021")
    expect(email_problem.locator("td").first).to_have_text("3")
    expect(email_problem).to_contain_text("E-mail")
    expect(date_problem.locator("td").first).to_have_text("3")
    expect(date_problem).to_contain_text("Data di assunzione")
    expect(page.get_by_role("button", name="Conferma e importa")).to_have_count(0)
    expect(page.get_by_role("link", name="Scarica tutti i problemi (CSV)")).to_be_visible()
    axe_check(page)
    shot(page, "import-errors")

    assert Person.objects.count() == people_before
    assert not Person.objects.filter(email="niccolo.cantu@lumina.example").exists()
    assert ImportJob.objects.get().status == "invalid"

    # The job is listed among past imports, marked as such.
    page.get_by_role("link", name="Tutte le importazioni").click()
    expect(page.locator("tbody tr").filter(has_text="dipendenti-errori.csv")).to_contain_text("Con errori")
    axe_check(page)
