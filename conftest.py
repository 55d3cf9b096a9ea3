"""Root fixtures: two organisations and their personas.

acme has an admin, a program manager, a junior, a senior and a participant with no relation to
anyone; globex (the other tenant) has an admin and a participant. Every cross-tenant test uses
globex users against acme objects.
"""

from __future__ import annotations

import os

import pytest
from django.test import Client

from ponte.organizations.models import Organization, Role
from ponte.people.models import Person
from tests.factories import DepartmentFactory, OrganizationFactory, member

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _english(settings: pytest.FixtureRequest) -> None:
    settings.LANGUAGE_CODE = "en"  # type: ignore[attr-defined]


@pytest.fixture
def acme(db: None) -> Organization:
    return OrganizationFactory(name="Acme S.p.A.", slug="acme")


@pytest.fixture
def globex(db: None) -> Organization:
    return OrganizationFactory(name="Globex S.r.l.", slug="globex")


@pytest.fixture
def acme_admin(acme: Organization) -> Person:
    return member(acme, Role.ADMIN, email="admin@acme.test", first_name="Anna", last_name="Admin")


@pytest.fixture
def acme_manager(acme: Organization) -> Person:
    return member(acme, Role.MANAGER, email="manager@acme.test", first_name="Marta", last_name="Manager")


@pytest.fixture
def acme_senior(acme: Organization) -> Person:
    department = DepartmentFactory(organization=acme, name="Finance")
    return member(
        acme,
        Role.PARTICIPANT,
        email="senior@acme.test",
        first_name="Sergio",
        last_name="Senior",
        birth_year=1962,
        department=department,
        job_title="CFO",
    )


@pytest.fixture
def acme_junior(acme: Organization, acme_senior: Person) -> Person:
    department = DepartmentFactory(organization=acme, name="Digital")
    return member(
        acme,
        Role.PARTICIPANT,
        email="junior@acme.test",
        first_name="Giulia",
        last_name="Junior",
        birth_year=1999,
        department=department,
        job_title="Data analyst",
    )


@pytest.fixture
def acme_participant(acme: Organization) -> Person:
    return member(acme, Role.PARTICIPANT, email="other@acme.test", first_name="Oscar", last_name="Other")


@pytest.fixture
def globex_admin(globex: Organization) -> Person:
    return member(globex, Role.ADMIN, email="admin@globex.test", first_name="Gino", last_name="Globex")


@pytest.fixture
def globex_participant(globex: Organization) -> Person:
    return member(globex, Role.PARTICIPANT, email="someone@globex.test", first_name="Gaia", last_name="Globex")


def client_for(person: Person) -> Client:
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client


@pytest.fixture
def login():  # type: ignore[no-untyped-def]
    """``login(person)`` returns a test client signed in as that person."""
    return client_for


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In CI a skipped PostgreSQL or browser test is a failure, not a silent skip."""
    if os.environ.get("PONTE_STRICT_SKIPS") != "1":
        return
    config.pluginmanager.register(_FailOnSkip(), "ponte-fail-on-skip")


class _FailOnSkip:
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
        outcome = yield
        report = outcome.get_result()
        if report.skipped and not hasattr(report, "wasxfail"):
            report.outcome = "failed"
            report.longrepr = f"Skipped in strict mode (PONTE_STRICT_SKIPS=1): {report.longrepr}"
