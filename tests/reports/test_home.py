from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_participant_home_shows_profile_steps_not_organisation_figures(login, acme_junior) -> None:
    body = login(acme_junior).get(reverse("reports:home")).content.decode()
    assert "Your profile" in body
    assert "Your organisation at a glance" not in body


def test_profile_steps_count_what_is_done(login, acme_junior) -> None:
    acme_junior.channels = []
    acme_junior.save()
    body = login(acme_junior).get(reverse("reports:home")).content.decode()
    assert "1 of 5 steps complete" in body


def test_admin_home_shows_organisation_figures(login, acme_admin, acme_junior, globex_participant) -> None:
    response = login(acme_admin).get(reverse("reports:home"))
    assert response.status_code == 200
    assert "Your organisation at a glance" in response.content.decode()
    overview = response.context["overview"]
    assert overview["people_active"] == 3  # admin, senior, junior; globex is not counted


def test_generation_groups_under_five_are_withheld(login, acme_manager) -> None:
    PersonFactory.create_batch(6, organization=acme_manager.organization, birth_year=1990)
    PersonFactory.create_batch(5, organization=acme_manager.organization, birth_year=1970)
    PersonFactory.create_batch(2, organization=acme_manager.organization, birth_year=1960)
    response = login(acme_manager).get(reverse("reports:home"))
    counts = {row.label: row.count for row in response.context["generations"]}
    assert counts["Millennials"] == 6
    assert counts["Baby Boomers"] is None
    # 2 boomers + the manager without a birth year would be deducible from the total: Gen X hides too.
    assert counts["Generation X"] is None
    assert "fewer than 5" in response.content.decode()


def test_user_without_organisation_gets_403(client) -> None:
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("reports:home")).status_code == 403


def test_home_follows_the_users_language(login, acme_junior) -> None:
    acme_junior.user.language = "it"
    acme_junior.user.save()
    body = login(acme_junior).get(reverse("reports:home")).content.decode()
    assert 'lang="it"' in body
