"""The library's home: search, filters, newest first, the 'For me' strip, only visible pills."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ponte.library.models import PillKind
from ponte.library.search import index_pills
from ponte.people.models import SkillWant
from tests.factories import PersonFactory

from .test_engagement import enrol, make_pill, make_program, make_skill, org_pill, store_files

pytestmark = pytest.mark.django_db

HOME = "library:home"


def _home(client, **params: object):  # type: ignore[no-untyped-def]
    return client.get(reverse(HOME), params)


def test_without_words_the_newest_visible_pills_come_first(login, acme_junior, acme_senior, acme_participant) -> None:
    older = org_pill(acme_junior, title="Older pill", published_at=timezone.now() - timedelta(days=2))
    newer = org_pill(acme_junior, title="Newer pill")
    make_pill(acme_junior, recipient=acme_senior, title="Private for Sergio")
    response = _home(login(acme_participant))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index(newer.title) < body.index(older.title)
    assert "Private for Sergio" not in body


def test_a_card_shows_kind_in_words_thumbnail_author_and_counts(login, acme_junior, acme_participant) -> None:
    pill = store_files(org_pill(acme_junior, title="Fatture elettroniche"), kind=PillKind.VIDEO)
    pill.helpful_count, pill.views_count = 3, 7
    pill.save()
    body = _home(login(acme_participant)).content.decode()
    assert reverse("library:pill-thumbnail", args=[pill.pk]) in body
    assert reverse("library:pill-detail", args=[pill.pk]) in body
    assert '<span class="pill-kind__label">Video</span>' in body
    assert "By Giulia Junior" in body
    assert "3 found it helpful" in body
    assert "7 views" in body
    assert "0:03" in body


def test_a_pill_without_thumbnail_gets_no_broken_image(login, acme_junior, acme_participant) -> None:
    pill = org_pill(acme_junior)
    body = _home(login(acme_participant)).content.decode()
    assert reverse("library:pill-thumbnail", args=[pill.pk]) not in body


def test_searching_finds_by_words_and_highlights_them(login, acme_junior, acme_participant) -> None:
    wanted = org_pill(acme_junior, title="Come condividere le fatture", summary="Con i clienti")
    org_pill(acme_junior, title="Pivot tables", summary="Spreadsheets")
    index_pills([wanted.pk])
    response = _home(login(acme_participant), q="fatture")
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("library:pill-detail", args=[wanted.pk]) in body
    assert "Pivot tables" not in body
    assert "<mark>" in body
    assert "1 pill found" in body


def test_search_never_returns_pills_the_viewer_cannot_see(login, acme_junior, acme_senior, acme_participant) -> None:
    private = make_pill(acme_junior, recipient=acme_senior, title="Zxqsecretword for Sergio")
    index_pills([private.pk])
    body = _home(login(acme_participant), q="Zxqsecretword").content.decode()
    assert "Zxqsecretword for" not in body
    assert "0 pills found" in body


def test_the_filters_narrow_the_list(login, acme_junior, acme_senior, acme_participant) -> None:
    org = acme_junior.organization
    excel = make_skill(org, "Excel")
    program = make_program(org)
    enrol(program, acme_participant)
    video = store_files(org_pill(acme_junior, title="Video one", language="en", skills=[excel]), kind=PillKind.VIDEO)
    text = org_pill(acme_senior, title="Text one", language="it", program=program)
    client = login(acme_participant)
    cases = {
        "kind": (PillKind.VIDEO, video, text),
        "language": ("it", text, video),
        "author": (acme_senior.pk, text, video),
        "program": (program.pk, text, video),
        "skill": (excel.pk, video, text),
        "area": (excel.area_id, video, text),
    }
    for name, (value, kept, dropped) in cases.items():
        body = _home(client, **{name: value}).content.decode()
        assert kept.title in body, name
        assert dropped.title not in body, name


def test_the_date_filter_uses_the_viewers_day(login, acme_junior, acme_participant) -> None:
    # Half past midnight on 11 March in Rome (the viewer's clock) is still 10 March in UTC.
    rome = zoneinfo.ZoneInfo("Europe/Rome")
    march = org_pill(acme_junior, title="March pill", published_at=datetime(2026, 3, 11, 0, 30, tzinfo=rome))
    april = org_pill(acme_junior, title="April pill", published_at=datetime(2026, 4, 2, 9, 0, tzinfo=rome))
    client = login(acme_participant)
    body = _home(client, date_from="2026-03-11", date_to="2026-03-11").content.decode()
    assert march.title in body and april.title not in body
    body = _home(client, date_to="2026-03-10").content.decode()
    assert march.title not in body and april.title not in body
    body = _home(client, date_from="2026-03-12").content.decode()
    assert april.title in body and march.title not in body


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "executable"},
        {"language": "klingon"},
        {"date_from": "yesterday"},
        {"date_from": "2026-05-02", "date_to": "2026-05-01"},
        {"page": "abc"},
        {"page": "0"},
        {"author": "not-a-number"},
        {"q": "x" * 201},
    ],
)
def test_bad_filter_values_answer_400_with_a_message(login, acme_participant, params) -> None:
    response = _home(login(acme_participant), **params)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


def test_another_organisations_ids_are_invalid_choices(login, acme_participant, globex_participant) -> None:
    globex = globex_participant.organization
    skill = make_skill(globex, "Globex skill")
    program = make_program(globex, "Globex program")
    org_pill(globex_participant, title="Globex pill")
    client = login(acme_participant)
    for params in (
        {"skill": skill.pk},
        {"area": skill.area_id},
        {"program": program.pk},
        {"author": globex_participant.pk},
    ):
        response = _home(client, **params)
        assert response.status_code == 400, params
        assert "Globex" not in response.content.decode()


def test_authors_of_pills_the_viewer_cannot_see_are_not_choices(
    login, acme_junior, acme_senior, acme_participant
) -> None:
    make_pill(acme_junior, recipient=acme_senior)
    response = _home(login(acme_participant), author=acme_junior.pk)
    assert response.status_code == 400


def test_results_are_paginated(login, acme_junior, acme_participant) -> None:
    for n in range(23):
        org_pill(acme_junior, title=f"Numbered pill {n:02d}", published_at=timezone.now() - timedelta(minutes=n))
    client = login(acme_participant)
    first = _home(client).content.decode()
    assert "Numbered pill 00" in first and "Numbered pill 22" not in first
    assert "Page 1 of 2" in first
    second = _home(client, page=2).content.decode()
    assert "Numbered pill 22" in second and "Numbered pill 00" not in second


def test_the_for_me_strip_shows_three_suggestions_and_a_link(login, acme_junior, acme_participant) -> None:
    excel = make_skill(acme_junior.organization, "Excel")
    SkillWant.objects.create(person=acme_participant, skill=excel, current_level=1, target_level=4)
    for n in range(5):
        org_pill(acme_junior, skills=[excel], title=f"Excel trick {n}")
    body = _home(login(acme_participant)).content.decode()
    strip = body[body.index('id="for-me-heading"') : body.index('role="search"')]
    assert strip.count('class="pill-card"') == 3
    assert reverse("library:for-me") in strip
    assert "Because you want to learn Excel" in strip


def test_the_strip_steps_aside_while_searching(login, acme_junior, acme_participant) -> None:
    org_pill(acme_junior)
    body = _home(login(acme_participant), kind=PillKind.TEXT).content.decode()
    assert 'id="for-me-heading"' not in body


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get(reverse(HOME))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def _queries(client, **params: object) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert _home(client, **params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("params", [{}, {"q": "pillola"}, {"q": "pillola", "kind": PillKind.TEXT}])
def test_the_query_count_does_not_grow_with_the_results(login, acme_junior, acme_participant, params) -> None:
    org = acme_junior.organization
    excel = make_skill(org, "Excel")
    SkillWant.objects.create(person=acme_participant, skill=excel, current_level=1, target_level=4)
    client = login(acme_participant)

    def add(count: int) -> None:
        pills = [org_pill(PersonFactory(organization=org), title=f"Pillola {n}", skills=[excel]) for n in range(count)]
        index_pills([pill.pk for pill in pills])

    add(2)
    few = _queries(client, **params)
    add(15)
    assert _queries(client, **params) == few
