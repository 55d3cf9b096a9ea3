"""Closing a pair: both people assess every objective and answer a short survey, once, privately."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse

from ponte.core.errors import DomainError
from ponte.feedback import events
from ponte.feedback.closure import ClosingAnswers, closure_answer, closure_objectives, closure_request
from ponte.feedback.models import Assessment, ClosingSurvey
from ponte.pairs.models import Agreement, Direction, Objective, Pair, PairStatus
from ponte.people.models import Person
from ponte.programs.models import Program
from ponte.skills.models import Skill

from .conftest import make_pair

pytestmark = pytest.mark.django_db

SURVEY_CANARY = "Zxqclosing private thought"
ANSWERS = ClosingAnswers(satisfaction=4, learning=5, recommend=True, most_valuable="Prompting", comment=SURVEY_CANARY)


@pytest.fixture
def ended(program: Program, acme_junior: Person, acme_senior: Person) -> Pair:
    """A completed pair whose agreement has one objective each way."""
    pair = make_pair(program, acme_junior, acme_senior, status=PairStatus.COMPLETED)
    agreement = Agreement.objects.create(organization=pair.organization, pair=pair)
    digital = Skill.objects.filter(area__framework__code="digcomp").first()
    vision = Skill.objects.filter(area__framework__code="entrecomp").first()
    assert digital is not None and vision is not None
    Objective.objects.create(
        agreement=agreement,
        key=uuid.uuid4(),
        direction=Direction.JUNIOR_TO_SENIOR,
        skill=digital,
        start_level=2,
        target_level=5,
    )
    Objective.objects.create(
        agreement=agreement,
        key=uuid.uuid4(),
        direction=Direction.SENIOR_TO_JUNIOR,
        skill=vision,
        start_level=1,
        target_level=3,
    )
    return pair


def _survey(pair: Pair, person: Person) -> ClosingSurvey:
    closure_request(pair_id=pair.pk)
    return ClosingSurvey.objects.select_related("pair__junior", "pair__senior").get(pair=pair, person=person)


def _levels(survey: ClosingSurvey, level: int = 3) -> dict[uuid.UUID, int]:
    return {row.objective.key: level for row in closure_objectives(survey)}


def test_both_people_are_asked_once(ended: Pair, django_capture_on_commit_callbacks) -> None:
    asked: list[int] = []

    def heard(sender: Any, *, survey_id: int, **kwargs: Any) -> None:
        asked.append(survey_id)

    events.closure_requested.connect(heard, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = closure_request(pair_id=ended.pk)
            again = closure_request(pair_id=ended.pk)
    finally:
        events.closure_requested.disconnect(heard)
    assert len(first) == 2 and again == [] and sorted(asked) == sorted(first)


def test_an_active_pair_is_not_asked_to_close(program: Program, acme_junior, acme_participant) -> None:
    pair = make_pair(program, acme_junior, acme_participant)
    assert closure_request(pair_id=pair.pk) == []


def test_the_senior_assesses_what_they_learned_and_what_they_taught(ended: Pair, acme_senior) -> None:
    rows = closure_objectives(_survey(ended, acme_senior))
    assert [(row.role, row.learner) for row in rows] == [("self", acme_senior), ("partner", ended.junior)]


def test_answering_records_start_and_end_levels_for_the_digital_gap(ended: Pair, acme_senior) -> None:
    survey = _survey(ended, acme_senior)
    closure_answer(survey=survey, by=acme_senior, answers=ANSWERS, levels=_levels(survey, 4))
    rows = set(Assessment.objects.filter(pair=ended).values_list("role", "moment", "level", "learner_id"))
    assert rows == {
        ("self", "end", 4, acme_senior.pk),
        ("self", "start", 2, acme_senior.pk),
        ("partner", "end", 4, ended.junior_id),
        ("self", "start", 1, ended.junior_id),
    }
    survey.refresh_from_db()
    assert survey.is_answered and survey.recommend is True and survey.comment == SURVEY_CANARY


def test_answering_twice_is_refused_and_writes_nothing_more(ended: Pair, acme_junior) -> None:
    survey = _survey(ended, acme_junior)
    closure_answer(survey=survey, by=acme_junior, answers=ANSWERS, levels=_levels(survey))
    count = Assessment.objects.count()
    with pytest.raises(DomainError) as error:
        closure_answer(survey=survey, by=acme_junior, answers=ANSWERS, levels=_levels(survey, 1))
    assert error.value.code == "already_answered"
    assert Assessment.objects.count() == count


@pytest.mark.parametrize(
    ("levels", "code"),
    [({}, "missing_level"), ("too_high", "level"), ("negative", "level")],
)
def test_levels_must_be_given_and_within_the_framework(ended: Pair, acme_junior, levels: Any, code: str) -> None:
    survey = _survey(ended, acme_junior)
    if levels == "too_high":
        levels = _levels(survey, 9)
    elif levels == "negative":
        levels = _levels(survey, -1)
    with pytest.raises(DomainError) as error:
        closure_answer(survey=survey, by=acme_junior, answers=ANSWERS, levels=levels)
    assert error.value.code == code
    assert not Assessment.objects.exists()
    assert not ClosingSurvey.objects.get(pk=survey.pk).is_answered


def test_only_its_person_answers_a_survey(ended: Pair, acme_junior, acme_senior) -> None:
    survey = _survey(ended, acme_junior)
    with pytest.raises(DomainError):
        closure_answer(survey=survey, by=acme_senior, answers=ANSWERS, levels=_levels(survey))


def test_closure_completes_once_when_both_have_answered(
    ended: Pair, acme_junior, acme_senior, django_capture_on_commit_callbacks
) -> None:
    done: list[int] = []

    def heard(sender: Any, *, pair_id: int, **kwargs: Any) -> None:
        done.append(pair_id)

    events.closure_completed.connect(heard, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            junior = _survey(ended, acme_junior)
            closure_answer(survey=junior, by=acme_junior, answers=ANSWERS, levels=_levels(junior))
            assert done == []
            senior = _survey(ended, acme_senior)
            closure_answer(survey=senior, by=acme_senior, answers=ANSWERS, levels=_levels(senior))
    finally:
        events.closure_completed.disconnect(heard)
    assert done == [ended.pk]


def test_the_closing_page_records_the_answers(login, ended: Pair, acme_junior) -> None:
    survey = _survey(ended, acme_junior)
    url = reverse("feedback:closure-answer", args=[survey.pk])
    client = login(acme_junior)
    page = client.get(url)
    assert page.status_code == 200 and "Sergio" in page.content.decode()
    data = {"satisfaction": "5", "learning": "4", "recommend": "yes", "comment": SURVEY_CANARY}
    data |= {row.field_name: "3" for row in closure_objectives(survey)}
    response = client.post(url, data)
    assert response.status_code == 302
    assert ClosingSurvey.objects.get(pk=survey.pk).is_answered
    assert "You sent your final assessment" in client.get(url).content.decode()


def test_an_incomplete_closing_form_answers_400_and_writes_nothing(login, ended: Pair, acme_junior) -> None:
    survey = _survey(ended, acme_junior)
    response = login(acme_junior).post(
        reverse("feedback:closure-answer", args=[survey.pk]), {"satisfaction": "9", "recommend": "maybe"}
    )
    assert response.status_code == 400
    assert not ClosingSurvey.objects.get(pk=survey.pk).is_answered and not Assessment.objects.exists()


@pytest.mark.parametrize("persona", ["acme_senior", "acme_manager", "acme_admin", "acme_participant", "globex_admin"])
def test_nobody_else_opens_a_persons_closing_survey(request, login, ended: Pair, acme_junior, persona: str) -> None:
    survey = _survey(ended, acme_junior)
    closure_answer(survey=survey, by=acme_junior, answers=ANSWERS, levels=_levels(survey))
    client = login(request.getfixturevalue(persona))
    url = reverse("feedback:closure-answer", args=[survey.pk])
    for response in (client.get(url), client.post(url, {"satisfaction": "1"})):
        assert response.status_code == 404
        assert SURVEY_CANARY not in response.content.decode()


def test_the_pair_page_invites_each_person_to_their_own_closing(login, ended: Pair, acme_junior, acme_manager) -> None:
    survey = _survey(ended, acme_junior)
    page = login(acme_junior).get(reverse("pairs:pair-detail", args=[ended.pk])).content.decode()
    assert reverse("feedback:closure-answer", args=[survey.pk]) in page
    manager_page = login(acme_manager).get(reverse("pairs:pair-detail", args=[ended.pk])).content.decode()
    assert "0 of 2 final assessments received" in manager_page
    assert reverse("feedback:closure-answer", args=[survey.pk]) not in manager_page


def _closed_surveys(program: Program, count: int, *, with_text: int = 0) -> None:
    from django.utils import timezone

    from tests.factories import PersonFactory

    for index in range(count):
        pair = make_pair(
            program,
            PersonFactory(organization=program.organization),
            PersonFactory(organization=program.organization),
            status=PairStatus.COMPLETED,
        )
        ClosingSurvey.objects.create(
            organization=program.organization,
            pair=pair,
            person=pair.junior,
            answered_at=timezone.now(),
            satisfaction=4,
            learning=index % 5 + 1,
            recommend=index % 2 == 0,
            most_valuable=f"{SURVEY_CANARY} {index}" if index < with_text else "",
        )


@pytest.mark.parametrize(("people", "shown"), [(4, False), (5, True)])
def test_managers_see_closing_figures_only_from_five_people(program: Program, people: int, shown: bool) -> None:
    from ponte.feedback.selectors import program_closing_summary

    _closed_surveys(program, people)
    summary = program_closing_summary(program)
    assert (summary.satisfaction is not None) == shown
    assert (summary.recommend_percent is not None) == shown
    if shown:
        assert summary.satisfaction == 4.0 and summary.recommend_percent == 60


@pytest.mark.parametrize(("writers", "shown"), [(9, False), (10, True)])
def test_managers_read_closing_texts_only_from_ten_people(program: Program, writers: int, shown: bool) -> None:
    from ponte.feedback.selectors import program_closing_summary

    _closed_surveys(program, 12, with_text=writers)
    texts = program_closing_summary(program).most_valuable
    assert (texts is not None) == shown
    if texts is not None:
        assert len(texts) == writers and texts == sorted(texts)


def test_the_check_in_summary_page_shows_the_closing_figures(login, program: Program, acme_manager) -> None:
    _closed_surveys(program, 6)
    body = login(acme_manager).get(reverse("feedback:program-checkins", args=[program.pk])).content.decode()
    assert "Closing surveys" in body and "50%" in body
