"""The issue's privacy check: outside a pill's audience, nobody sees, finds or downloads it.

Each pill carries a canary word in its title and transcript, with real media, captions and a
thumbnail in the library storage, and is indexed for search. Everyone outside the audience gets
404 from every pill URL, finds nothing when searching the canary, and never reads the canary in
any answer (the library home, 'For me', the error pages); everyone inside sees, finds and
downloads it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from ponte.library.models import Audience, Pill, PillComment, PillKind
from ponte.library.search import index_pills
from ponte.organizations.models import Organization, Role
from ponte.people.models import Person, SkillWant
from ponte.programs.models import EnrolmentStatus
from tests.factories import member

from .test_engagement import enrol, make_pair, make_pill, make_program, make_skill, store_files

pytestmark = pytest.mark.django_db

CANARY = "Zqxcanarino"
VTT = f"""WEBVTT

00:00:00.000 --> 00:00:01.500
Oggi vi mostro il {CANARY} delle fatture.

00:00:01.500 --> 00:00:03.000
Poi apriamo insieme il foglio di calcolo.
"""

FILE_ROUTES = ("pill-detail", "pill-media", "pill-thumbnail", "pill-captions")
POST_ROUTES = ("pill-helpful", "comment-add")


@dataclass
class Case:
    pill: Pill
    comment: PillComment
    insiders: list[Person]
    outsiders: list[Person]


def _private_pill(author: Person, **fields: object) -> tuple[Pill, PillComment]:
    skill = make_skill(author.organization, "Fatturazione")
    pill = make_pill(
        author,
        title=f"Il {CANARY} per te",
        summary="Come si condividono le fatture",
        transcript=f"Oggi vi mostro il {CANARY} delle fatture.",
        skills=[skill],
        **fields,
    )
    store_files(pill, kind=PillKind.VIDEO, vtt=VTT)
    index_pills([pill.pk])
    comment = PillComment.objects.create(
        organization=pill.organization, pill=pill, author=author, body=f"Nota {CANARY}"
    )
    return pill, comment


def _tempt(people: list[Person], pill: Pill) -> None:
    """Outsiders want exactly the pill's skill: a leak in 'For me' would show it to them."""
    for person in people:
        for skill in pill.skills.all():
            SkillWant.objects.get_or_create(
                person=person, skill=skill, defaults={"current_level": 1, "target_level": 4}
            )


def _someone(org: Organization, name: str, role: Role = Role.PARTICIPANT) -> Person:
    return member(org, role, email=f"{name.lower()}@{org.slug}.test", first_name=name, last_name="Tester")


def _client(person: Person) -> Client:
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client


def _body(response) -> str:  # type: ignore[no-untyped-def]
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _without_own_query(body: str) -> str:
    """The search page repeats what the person typed (in the search box and in the language
    switch's way back to the page): that echo is theirs, not the pill's."""
    return body.replace(f'value="{CANARY}"', "").replace(f"q={CANARY}", "")


def _assert_hidden_from(person: Person, case: Case) -> None:
    client = _client(person)
    pill = case.pill
    answers = []
    for name in FILE_ROUTES:
        response = client.get(reverse(f"library:{name}", args=[pill.pk]))
        assert response.status_code == 404, (person, name)
        answers.append(response)
    for name in POST_ROUTES:
        response = client.post(reverse(f"library:{name}", args=[pill.pk]), {"body": "Ciao"})
        assert response.status_code == 404, (person, name)
        answers.append(response)
    response = client.post(reverse("library:comment-delete", args=[case.comment.pk]))
    assert response.status_code == 404, (person, "comment-delete")
    answers.append(response)
    search = client.get(reverse("library:home"), {"q": CANARY})
    assert search.status_code == 200
    found = _without_own_query(_body(search))
    assert reverse("library:pill-detail", args=[pill.pk]) not in found
    assert "0 pills found" in found
    assert CANARY not in found
    answers += [client.get(reverse("library:home")), client.get(reverse("library:for-me"))]
    for response in answers:
        assert CANARY not in _body(response), (person, response.request["PATH_INFO"])
    assert PillComment.objects.filter(pill=pill).count() == 1
    pill.refresh_from_db()
    assert pill.helpful_count == 0 and pill.views_count == 0


def _assert_open_to(person: Person, case: Case) -> None:
    client = _client(person)
    pill = case.pill
    page = client.get(reverse("library:pill-detail", args=[pill.pk]))
    assert page.status_code == 200, person
    assert CANARY in _body(page)
    media = client.get(reverse("library:pill-media", args=[pill.pk]), {"download": "1"})
    assert media.status_code == 200, person
    assert _body(media)  # the file itself
    assert CANARY in _body(client.get(reverse("library:pill-captions", args=[pill.pk])))
    assert client.get(reverse("library:pill-thumbnail", args=[pill.pk])).status_code == 200
    search = _body(client.get(reverse("library:home"), {"q": CANARY}))
    assert reverse("library:pill-detail", args=[pill.pk]) in search, person


@pytest.fixture
def person_case(
    acme_admin, acme_manager, acme_junior, acme_senior, acme_participant, globex_admin, globex_participant
) -> Case:
    pill, comment = _private_pill(acme_junior, audience=Audience.PERSON, recipient=acme_senior)
    outsiders = [globex_admin, globex_participant, acme_participant, acme_admin, acme_manager]
    _tempt(outsiders, pill)
    return Case(pill, comment, insiders=[acme_junior, acme_senior], outsiders=outsiders)


@pytest.fixture
def pair_case(
    acme_admin, acme_manager, acme_junior, acme_senior, acme_participant, globex_admin, globex_participant
) -> Case:
    program = make_program(acme_junior.organization)
    for person in (acme_junior, acme_senior, acme_participant):
        enrol(program, person)
    pair = make_pair(program, acme_junior, acme_senior)
    pill, comment = _private_pill(acme_junior, audience=Audience.PAIR, pair=pair)
    # acme_participant is in the same program, just not in this pair.
    outsiders = [globex_admin, globex_participant, acme_participant, acme_admin, acme_manager]
    _tempt(outsiders, pill)
    return Case(pill, comment, insiders=[acme_junior, acme_senior], outsiders=outsiders)


@pytest.fixture
def program_case(acme_admin, acme_manager, acme_junior, acme_participant, globex_admin, globex_participant) -> Case:
    org = acme_junior.organization
    program = make_program(org)
    enrolled = _someone(org, "Enrolled")
    waiting = _someone(org, "Waiting")
    withdrawn = _someone(org, "Withdrawn")
    enrol(program, acme_junior)
    enrol(program, enrolled)
    enrol(program, waiting, status=EnrolmentStatus.PENDING)
    enrol(program, withdrawn, status=EnrolmentStatus.WITHDRAWN)
    other_program = make_program(org, "Another program")
    enrol(other_program, acme_participant)
    pill, comment = _private_pill(acme_junior, audience=Audience.PROGRAM, program=program)
    outsiders = [globex_admin, globex_participant, acme_participant, waiting, withdrawn]
    _tempt(outsiders, pill)
    return Case(pill, comment, insiders=[acme_junior, enrolled, acme_manager, acme_admin], outsiders=outsiders)


@pytest.mark.parametrize("case_name", ["person_case", "pair_case", "program_case"])
def test_outside_the_audience_nothing_is_seen_found_or_downloaded(request, case_name: str) -> None:
    case: Case = request.getfixturevalue(case_name)
    for person in case.outsiders:
        _assert_hidden_from(person, case)


@pytest.mark.parametrize("case_name", ["person_case", "pair_case", "program_case"])
def test_inside_the_audience_the_pill_is_seen_found_and_downloaded(request, case_name: str) -> None:
    case: Case = request.getfixturevalue(case_name)
    for person in case.insiders:
        _assert_open_to(person, case)


def test_a_pending_pill_reaches_program_managers_but_not_colleagues(
    acme_manager, acme_junior, acme_senior, acme_participant
) -> None:
    pill, comment = _private_pill(acme_junior, recipient=acme_senior, org_status="pending")
    case = Case(pill, comment, insiders=[acme_manager], outsiders=[acme_participant])
    _assert_hidden_from(acme_participant, case)
    _assert_open_to(acme_manager, case)
