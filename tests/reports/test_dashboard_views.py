"""The program and organisation dashboards: who may see them, what they show, and at what cost."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from ponte.organizations.models import Organization, Role
from ponte.pairs.models import Pair, RiskReason
from ponte.people.models import Person
from tests.factories import member
from tests.reports.cohort import Cohort, build_cohort, department, people

pytestmark = pytest.mark.django_db

ORG_URL = reverse("reports:org-dashboard")


def program_url(cohort: Cohort) -> str:
    return reverse("reports:program-dashboard", args=[cohort.program.pk])


def tile(html: str, label: str) -> str:
    """The value of the first tile with ``label`` (the key figures come first on the page)."""
    found = re.search(rf'<dt class="tile__label">{re.escape(label)}</dt>\s*<dd class="tile__value">([^<]*)</dd>', html)
    assert found is not None, f"no tile {label!r}"
    return found.group(1)


def page(person: Person, url: str) -> tuple[int, str]:
    response = client_for(person).get(url)
    return response.status_code, response.content.decode()


def split_cohort(organization: Organization) -> Cohort:
    """Twelve pairs: six with both people in Sales, six with both in Finance."""
    sales, finance = department(organization, "Sales"), department(organization, "Finance")
    juniors = people(organization, 6, prefix="sales-junior", birth_year=1998, dept=sales) + people(
        organization, 6, prefix="finance-junior", birth_year=1998, dept=finance, location="Roma"
    )
    seniors = people(organization, 6, prefix="sales-senior", birth_year=1963, dept=sales) + people(
        organization, 6, prefix="finance-senior", birth_year=1963, dept=finance, location="Roma"
    )
    return build_cohort(organization, pairs=12, juniors=juniors, seniors=seniors, meetings_per_pair=2)


def flag(pair: Pair, days: int = 45) -> None:
    pair.at_risk_since = timezone.now() - timedelta(days=3)
    pair.risk_reason = RiskReason.NO_MEETING
    pair.risk_details = {"days": days, "cadence_days": 14}
    pair.save(update_fields=["at_risk_since", "risk_reason", "risk_details"])


class TestAccess:
    def test_managers_and_admins_see_both_dashboards(self, acme, acme_manager, acme_admin):
        cohort = build_cohort(acme, pairs=6)
        for person in (acme_manager, acme_admin):
            for url in (ORG_URL, program_url(cohort)):
                status, html = page(person, url)
                assert status == 200, (person, url)
                assert 'id="key-heading"' in html

    def test_participants_are_refused(self, acme, acme_participant, acme_junior):
        cohort = build_cohort(acme, pairs=6)
        for person in (acme_participant, acme_junior):
            assert page(person, ORG_URL)[0] == 403
            assert page(person, program_url(cohort))[0] == 403

    def test_another_organisations_program_is_not_found(self, acme, globex_admin):
        cohort = build_cohort(acme, pairs=6)
        status, html = page(globex_admin, program_url(cohort))
        assert status == 404
        assert cohort.program.name not in html

    def test_another_organisations_dashboard_shows_only_its_own_figures(self, acme, globex, globex_admin):
        build_cohort(acme, pairs=6)
        status, html = page(globex_admin, ORG_URL)
        assert status == 200
        assert "Digital bridge" not in html
        assert tile(html, "Meetings held") == "fewer than 5 people"

    def test_only_get(self, acme, acme_manager):
        cohort = build_cohort(acme, pairs=6)
        assert client_for(acme_manager).post(program_url(cohort)).status_code == 405

    def test_links_to_the_dashboards_for_managers_only(self, acme, acme_manager, acme_participant):
        cohort = build_cohort(acme, pairs=6)
        home = reverse("reports:home")
        assert f'href="{ORG_URL}"' in page(acme_manager, home)[1]
        assert f'href="{ORG_URL}"' not in page(acme_participant, home)[1]
        detail = page(acme_manager, reverse("programs:program-detail", args=[cohort.program.pk]))[1]
        assert f'href="{program_url(cohort)}"' in detail


class TestFigures:
    def test_a_cohort_of_six_pairs(self, acme, acme_manager):
        cohort = build_cohort(acme, pairs=6)
        status, html = page(acme_manager, program_url(cohort))
        assert status == 200
        assert tile(html, "Pairs") == "6"
        assert tile(html, "Meetings held") == "18"
        assert tile(html, "Proposals accepted") == "100%"
        assert tile(html, "Satisfaction") == "4.0 out of 5"
        assert tile(html, "Learning both ways") == "100%"
        assert tile(html, "Seniors&#x27; digital skills") == "+2.0 levels"
        assert tile(html, "Average level at the start") == "2.0"
        assert tile(html, "Average level at the end") == "4.0"
        # Honest uncertainty: the number of learners and the spread beside the change.
        assert re.search(r"\+2\.0 levels</dd>\s*<dd class=\"tile__detail\">± 0\.0 · n = 6</dd>", html)
        assert "Figures about fewer than 5 people are not shown" in html

    def test_the_organisation_lists_its_programs_with_links(self, acme, acme_manager):
        cohort = build_cohort(acme, pairs=6)
        status, html = page(acme_manager, ORG_URL)
        assert status == 200
        assert f'<a href="{program_url(cohort)}">Digital bridge</a>' in html
        assert tile(html, "Meetings held") == "18"

    def test_a_department_filter_narrows_the_figures(self, acme, acme_manager):
        cohort = split_cohort(acme)
        sales = department(acme, "Sales")
        everyone = page(acme_manager, program_url(cohort))[1]
        assert tile(everyone, "Pairs") == "12"
        assert tile(everyone, "Meetings held") == "24"
        status, html = page(acme_manager, f"{program_url(cohort)}?group=department:{sales.pk}")
        assert status == 200
        assert tile(html, "Pairs") == "6"
        assert tile(html, "Meetings held") == "12"
        assert "Figures for: Sales" in html
        assert f'<option value="department:{sales.pk}" selected>Sales</option>' in html

    def test_a_sub_department_counts_in_its_parent(self, acme, acme_manager):
        cohort = split_cohort(acme)
        sales = department(acme, "Sales")
        Person.objects.filter(department__name="Finance").update(department=department(acme, "Field sales", sales))
        html = page(acme_manager, f"{program_url(cohort)}?group=department:{sales.pk}")[1]
        assert tile(html, "Pairs") == "12"
        assert "\u00a0\u00a0\u00a0Field sales</option>" in html

    def test_a_location_filter(self, acme, acme_manager):
        cohort = split_cohort(acme)
        html = page(acme_manager, f"{program_url(cohort)}?group=location:Roma")[1]
        assert tile(html, "Meetings held") == "12"

    @pytest.mark.parametrize(
        "value", ["nope", "department:999999", "generation:millennial", "location:Atlantis", "x:1"]
    )
    def test_a_bad_group_is_refused_without_figures(self, acme, acme_manager, value):
        cohort = build_cohort(acme, pairs=6)
        for url in (program_url(cohort), ORG_URL):
            status, html = page(acme_manager, f"{url}?group={value}")
            assert status == 400
            assert "Choose a group from the list." in html
            assert 'class="error-summary"' in html
            assert 'id="key-heading"' not in html
            assert "tile__value" not in html and "<svg" not in html.split('id="main"', 1)[1]

    def test_another_organisations_department_is_refused(self, acme, globex, acme_manager):
        cohort = build_cohort(acme, pairs=6)
        theirs = department(globex, "Secret lab")
        status, html = page(acme_manager, f"{program_url(cohort)}?group=department:{theirs.pk}")
        assert status == 400
        assert "Secret lab" not in html


class TestPage:
    def test_pairs_at_risk_with_their_actions(self, acme, acme_manager):
        cohort = build_cohort(acme, pairs=6)
        risky, paused = cohort.pairs[0], cohort.pairs[1]
        flag(risky)
        paused.paused_at = timezone.now() - timedelta(days=1)
        paused.save(update_fields=["paused_at"])
        html = page(acme_manager, program_url(cohort))[1]
        assert "No meeting for 45 days; they agreed to meet every 14 days." in html
        assert f'href="{reverse("pairs:pair-detail", args=[risky.pk])}"' in html
        assert f"mailto:{risky.junior.email},{risky.senior.email}?subject=" in html
        pause = reverse("pairs:pair-pause", args=[risky.pk])
        form = re.search(rf'<form method="post" action="{pause}"[^>]*>(.*?)</form>', html, re.S)
        assert form is not None and 'name="csrfmiddlewaretoken"' in form.group(1)
        assert f'href="{reverse("pairs:pair-end", args=[risky.pk])}"' in html
        # A paused pair is listed, but cannot be paused again.
        assert f'href="{reverse("pairs:pair-detail", args=[paused.pk])}"' in html
        assert reverse("pairs:pair-pause", args=[paused.pk]) not in html
        assert 'id="risk-heading"' not in page(acme_manager, ORG_URL)[1]

    def test_exports_and_report_links(self, acme, acme_manager):
        cohort = build_cohort(acme, pairs=6)
        html = page(acme_manager, program_url(cohort))[1]
        for kind in ("pairs", "meetings", "checkins"):
            for fmt in ("csv", "xlsx"):
                url = reverse("reports:export", kwargs={"kind": kind, "fmt": fmt})
                assert f'href="{url}?program={cohort.program.pk}"' in html
                assert f'href="{url}"' in page(acme_manager, ORG_URL)[1]
        assert f'href="{reverse("reports:program-pdf", args=[cohort.program.pk])}"' in html

    def test_the_page_needs_no_inline_style_or_script(self, acme, acme_manager):
        cohort = build_cohort(acme, pairs=6)
        html = page(acme_manager, program_url(cohort))[1]
        assert html.count("<svg") >= 5
        assert "<style" not in html
        assert not re.search(r"\sstyle=", html)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html.split("</head>", 1)[1])

    def test_every_chart_has_its_table(self, acme, acme_manager):
        cohort = build_cohort(acme, pairs=6)
        html = page(acme_manager, program_url(cohort))[1]
        figures = html.count('<figure class="chart">')
        assert figures >= 8
        assert html.count("<figcaption") == figures
        tables = html.count("<summary>Show the figures")
        assert tables >= html.count('role="img"')
        assert tables + html.count("No figures to show yet.") == figures


def _queries(person: Person, url: str) -> int:
    client = client_for(person)
    client.get(url)  # warm the session and caches so both sizes count the same work
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_pairs(acme, globex, acme_manager):
    small = build_cohort(acme, pairs=6, name="Small")
    flag(small.pairs[0])
    globex_manager = _manager(globex)
    large = build_cohort(globex, pairs=12, name="Large")
    for pair in large.pairs[:4]:
        flag(pair)
    assert _queries(acme_manager, program_url(small)) == _queries(globex_manager, program_url(large))
    assert _queries(acme_manager, ORG_URL) == _queries(globex_manager, ORG_URL)


def _manager(organization: Organization) -> Person:
    return member(organization, Role.MANAGER, email="manager@globex.test", first_name="Gail", last_name="Manager")
