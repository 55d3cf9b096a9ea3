"""Answering a partner proposal in the browser, and the program team following the answers, with axe."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ponte.demo.generator import DEMO_PASSWORD
from ponte.demo.loader import LoadResult
from ponte.pairs.models import Pair, PairStatus, Response
from ponte.people.models import Person
from ponte.programs.models import Program, ProgramStatus
from tests.e2e.helpers import axe_check, shot, sign_in, sign_out

pytestmark = pytest.mark.e2e

MARCO = "marco.bianchi@lumina.example"
GIULIA = "giulia.romano@lumina.example"
HR = "hr@lumina.example"


def test_both_accept_a_proposal_and_hr_follows_the_answers(page: Page, demo_org: list[LoadResult]) -> None:
    marco = Person.objects.get(email=MARCO)
    giulia = Person.objects.get(email=GIULIA)
    Pair.objects.filter(program__organization=marco.organization).involving(marco).delete()
    Pair.objects.filter(program__organization=marco.organization).involving(giulia).delete()
    program = Program.objects.create(
        organization=marco.organization, name="Ponte e2e", slug="ponte-e2e", status=ProgramStatus.RUNNING
    )
    pair = Pair.objects.create(
        organization=marco.organization,
        program=program,
        junior=giulia,
        senior=marco,
        status=PairStatus.PROPOSED,
        respond_by=timezone.now() + timedelta(days=5),
        facts={"channels": ["video"], "favourite_channel": True, "hours": 3, "different_departments": True},
    )

    sign_in(page, GIULIA, DEMO_PASSWORD)
    page.goto(reverse("pairs:my-pairs"))
    card = page.locator(f"#pair-{pair.pk}")
    expect(card).to_contain_text("Marco Bianchi")
    axe_check(page)
    card.locator("summary").click()  # the decline panel opens, labelled, and can be closed again
    axe_check(page)
    shot(page, "pairs-giulia-proposal")
    card.get_by_role("button", name=re.compile("Marco Bianchi")).click()  # Accept (htmx swaps the card)
    expect(page.locator(f"#pair-{pair.pk}")).to_contain_text("Marco")
    expect(page.locator(f"#pair-{pair.pk} form input[value=accept]")).to_have_count(0)
    assert Pair.objects.get(pk=pair.pk).junior_response == Response.ACCEPTED
    axe_check(page)
    sign_out(page)

    sign_in(page, MARCO, DEMO_PASSWORD)
    page.goto(reverse("pairs:my-pairs"))
    page.locator(f"#pair-{pair.pk}").get_by_role("button", name=re.compile("Giulia")).click()
    # Wait for htmx to swap the answered card in before reading the database.
    expect(page.locator(f"#pair-{pair.pk} form input[value=accept]")).to_have_count(0)
    expect(page.locator(f"#pair-{pair.pk}")).to_contain_text(str(timezone.localdate().year))
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.ACTIVE
    sign_out(page)

    sign_in(page, HR, DEMO_PASSWORD)
    page.goto(reverse("pairs:program-pairs", args=[program.pk]))
    expect(page.locator("table")).to_contain_text("Giulia")
    axe_check(page)
    shot(page, "pairs-program-table")
