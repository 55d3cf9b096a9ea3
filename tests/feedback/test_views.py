"""Check-in pages: only the person answers (once); the partner never sees an answer; managers
see k-anonymous aggregates and, when a person asked HR for contact, that answer — audit-logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ponte.feedback.models import AuditLog, CheckIn
from ponte.feedback.selectors import program_checkin_summary
from ponte.organizations.models import Organization, Role
from ponte.pairs.models import Pair
from ponte.programs.models import Program
from tests.factories import member

from .conftest import COMMENT_CANARY, answer, make_pair, send

pytestmark = pytest.mark.django_db


def _answer_url(checkin: CheckIn) -> str:
    return reverse("feedback:checkin-answer", kwargs={"checkin_id": checkin.pk})


def _detail_url(checkin: CheckIn) -> str:
    return reverse("feedback:checkin-detail", kwargs={"checkin_id": checkin.pk})


def _program_url(program: Program) -> str:
    return reverse("feedback:program-checkins", kwargs={"program_id": program.pk})


VALID = {"satisfaction": "4", "learning": "5", "comment": COMMENT_CANARY, "contact_hr": "on"}


def _people(org: Organization, n: int, prefix: str) -> list:
    return [
        member(org, Role.PARTICIPANT, email=f"{prefix}{i}@acme.test", first_name=f"{prefix}{i}", last_name="X")
        for i in range(n)
    ]


def _answered_by(program: Program, n: int, *, comment: str = "") -> None:
    """``n`` distinct people, in pairs, answered a check-in."""
    people = _people(program.organization, n + n % 2, "p")
    checkins = []
    for junior, senior in zip(people[::2], people[1::2], strict=True):
        pair = make_pair(program, junior, senior)
        checkins += [send(pair, junior), send(pair, senior)]
    for checkin in checkins[:n]:
        answer(checkin, satisfaction=4, learning=2, comment=comment)


# The person answers


def test_the_person_sees_their_open_check_ins(login, pair: Pair, acme_junior) -> None:
    checkin = send(pair, acme_junior)
    response = login(acme_junior).get(reverse("feedback:my-checkins"))
    assert response.status_code == 200
    assert _answer_url(checkin) in response.content.decode()


def test_the_answer_form_has_labelled_scales_in_fieldsets(login, pair: Pair, acme_junior) -> None:
    body = login(acme_junior).get(_answer_url(send(pair, acme_junior))).content.decode()
    assert body.count("<fieldset") == 2
    assert "1 – not at all" in body and "5 – very much" in body
    assert "I&#x27;d like HR to contact me" in body or "I'd like HR to contact me" in body


def test_the_person_answers_their_check_in(login, pair: Pair, acme_junior) -> None:
    checkin = send(pair, acme_junior)
    response = login(acme_junior).post(_answer_url(checkin), VALID)
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert (checkin.satisfaction, checkin.learning, checkin.comment, checkin.contact_hr) == (
        4,
        5,
        COMMENT_CANARY,
        True,
    )
    assert checkin.answered_at is not None


def test_answering_twice_is_refused_and_keeps_the_first_answer(login, pair: Pair, acme_junior) -> None:
    checkin = send(pair, acme_junior)
    client = login(acme_junior)
    client.post(_answer_url(checkin), VALID)
    response = client.post(_answer_url(checkin), VALID | {"satisfaction": "1", "comment": "changed"})
    assert response.status_code == 400
    checkin.refresh_from_db()
    assert (checkin.satisfaction, checkin.comment) == (4, COMMENT_CANARY)


@pytest.mark.parametrize(
    "data",
    [
        {"learning": "3"},
        {"satisfaction": "0", "learning": "3"},
        {"satisfaction": "6", "learning": "3"},
        {"satisfaction": "x", "learning": "3"},
        {"satisfaction": "3", "learning": "3", "comment": "a" * 2001},
    ],
)
def test_bad_input_answers_400_and_writes_nothing(login, pair: Pair, acme_junior, data: dict[str, str]) -> None:
    checkin = send(pair, acme_junior)
    response = login(acme_junior).post(_answer_url(checkin), data)
    assert response.status_code == 400
    checkin.refresh_from_db()
    assert checkin.answered_at is None and checkin.satisfaction is None


@pytest.mark.parametrize("who", ["acme_senior", "acme_participant", "acme_manager", "acme_admin"])
def test_nobody_else_can_open_or_answer_a_check_in(login, request, pair: Pair, acme_junior, who: str) -> None:
    checkin = send(pair, acme_junior)
    client = login(request.getfixturevalue(who))
    assert client.get(_answer_url(checkin)).status_code == 404
    assert client.post(_answer_url(checkin), VALID).status_code == 404
    checkin.refresh_from_db()
    assert checkin.answered_at is None


# The partner never sees an answer


def test_the_partner_finds_no_trace_of_the_answer_on_any_page_they_can_open(
    login, pair: Pair, acme_junior, acme_senior
) -> None:
    mine = answer(send(pair, acme_junior), comment=COMMENT_CANARY, contact_hr=True)
    send(pair, acme_senior)
    client = login(acme_senior)
    urls = [
        reverse("feedback:my-checkins"),
        _answer_url(mine),
        _detail_url(mine),
        _program_url(pair.program),
        reverse("pairs:pair-detail", kwargs={"pair_id": pair.pk}),
        reverse("meetings:pair-meetings", kwargs={"pair_id": pair.pk}),
        reverse("notifications:notification-list"),
        reverse("pairs:my-pairs"),
        "/",
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert COMMENT_CANARY not in response.content.decode(), url


# Managers


def test_participants_cannot_open_the_program_summary(login, program: Program, acme_participant) -> None:
    assert login(acme_participant).get(_program_url(program)).status_code == 403


def test_managers_see_no_figures_when_fewer_than_5_people_answered(login, program: Program, acme_manager) -> None:
    _answered_by(program, 4, comment=COMMENT_CANARY)
    body = login(acme_manager).get(_program_url(program)).content.decode()
    assert "Fewer than 5 people answered" in body
    assert "4.0" not in body and "2.0" not in body
    assert COMMENT_CANARY not in body


def test_managers_see_means_from_5_people_but_comments_only_from_10(login, program: Program, acme_manager) -> None:
    _answered_by(program, 6, comment=COMMENT_CANARY)
    body = login(acme_manager).get(_program_url(program)).content.decode()
    assert "4.0" in body and "2.0" in body
    assert COMMENT_CANARY not in body
    assert "fewer than 10 people wrote a comment" in body


def test_managers_read_comments_once_10_people_wrote_one(login, program: Program, acme_manager) -> None:
    _answered_by(program, 10, comment=COMMENT_CANARY)
    body = login(acme_manager).get(_program_url(program)).content.decode()
    assert COMMENT_CANARY in body


def test_managers_see_who_asked_hr_for_contact(login, pair: Pair, acme_junior, acme_manager) -> None:
    checkin = answer(send(pair, acme_junior), comment=COMMENT_CANARY, contact_hr=True)
    body = login(acme_manager).get(_program_url(pair.program)).content.decode()
    assert _detail_url(checkin) in body
    assert COMMENT_CANARY not in body


def test_a_manager_reads_an_answer_that_asked_for_contact_and_the_read_is_logged(
    login, pair: Pair, acme_junior, acme_manager
) -> None:
    checkin = answer(send(pair, acme_junior), comment=COMMENT_CANARY, contact_hr=True)
    client = login(acme_manager)
    assert COMMENT_CANARY in client.get(_detail_url(checkin)).content.decode()
    client.get(_detail_url(checkin))
    entries = AuditLog.objects.filter(object_type="checkin", object_id=checkin.pk)
    assert entries.count() == 2
    assert {(e.actor_id, e.organization_id, e.action) for e in entries} == {
        (acme_manager.user_id, pair.organization_id, "read_checkin_answer")
    }


def test_an_answer_without_a_contact_request_does_not_exist_for_managers(
    login, pair: Pair, acme_junior, acme_manager, acme_admin
) -> None:
    checkin = answer(send(pair, acme_junior), comment=COMMENT_CANARY, contact_hr=False)
    for person in (acme_manager, acme_admin):
        response = login(person).get(_detail_url(checkin))
        assert response.status_code == 404
        assert COMMENT_CANARY not in response.content.decode()
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize("who", ["acme_senior", "acme_participant"])
def test_participants_cannot_read_an_answer_even_with_a_contact_request(
    login, request, pair: Pair, acme_junior, who: str
) -> None:
    checkin = answer(send(pair, acme_junior), comment=COMMENT_CANARY, contact_hr=True)
    assert login(request.getfixturevalue(who)).get(_detail_url(checkin)).status_code == 404
    assert not AuditLog.objects.exists()


def test_a_manager_who_is_the_partner_cannot_read_the_answer(
    login, program: Program, acme_junior, acme_manager
) -> None:
    pair = make_pair(program, acme_junior, acme_manager)
    checkin = answer(send(pair, acme_junior), comment=COMMENT_CANARY, contact_hr=True)
    client = login(acme_manager)
    assert client.get(_detail_url(checkin)).status_code == 404
    assert _detail_url(checkin) not in client.get(_program_url(program)).content.decode()


def test_the_home_page_links_to_open_check_ins_only(login, pair: Pair, acme_junior, acme_senior) -> None:
    mine = send(pair, acme_junior)
    theirs = send(pair, acme_senior)
    body = login(acme_junior).get("/").content.decode()
    assert _answer_url(mine) in body
    assert _answer_url(theirs) not in body
    answer(mine)
    assert _answer_url(mine) not in login(acme_junior).get("/").content.decode()


@pytest.mark.parametrize(
    ("people", "figures_shown", "comments_shown"),
    [(4, False, False), (5, True, False), (9, True, False), (10, True, True)],
)
def test_figures_need_5_people_and_comments_10(
    program: Program, people: int, figures_shown: bool, comments_shown: bool
) -> None:
    _answered_by(program, people, comment=COMMENT_CANARY)
    summary = program_checkin_summary(program)
    assert (summary.satisfaction is not None, summary.answers is not None) == (figures_shown, figures_shown)
    assert (summary.comments is not None) == comments_shown


def test_identical_comments_are_shown_once_with_how_many_people_wrote_them() -> None:
    from ponte.core.templatetags.ponte_text import grouped

    assert grouped(["Useful", "Longer, please", "Useful ", "", "Useful"]) == [("Useful", 3), ("Longer, please", 1)]
    assert grouped(None) == []
