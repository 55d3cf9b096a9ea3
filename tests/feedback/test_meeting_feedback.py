"""Feedback after a meeting: only the pair's two people, only once a meeting took place, once each;
the learner's new levels are recorded with it or not at all; the partner reads the kudos and never
the rating or what was learned; managers get 403, colleagues and other tenants 404."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from ponte.core.errors import DomainError
from ponte.feedback import events
from ponte.feedback.meeting_feedback import meeting_feedback_give
from ponte.feedback.models import MeetingFeedback
from ponte.meetings.models import Meeting, MeetingStatus
from ponte.meetings.records import meeting_outcome_record
from ponte.meetings.services import meeting_schedule
from ponte.pairs.agreements import agreement_draft, confirmed_levels
from ponte.pairs.models import Agreement, Direction, Objective, ObjectiveProgress, Pair, PairStatus
from ponte.people.models import Person
from tests.pairs.conftest import skill_facts

pytestmark = pytest.mark.django_db

#: What the author learned: for them (and k-anonymous totals) only.
LEARNED_CANARY = "Zxqlearned private insight"
#: Kudos: written for the partner to read.
KUDOS = "Thank you for your patience with pivot tables"


def meeting_at(pair: Pair, by: Person, *, days_ago: float = 1) -> Meeting:
    now = timezone.now()
    return meeting_schedule(
        pair=pair,
        by=by,
        starts_at=now - timedelta(days=days_ago),
        duration=60,
        channel="video",
        now=now - timedelta(days=days_ago + 1),
    )


def held(pair: Pair, by: Person, *, days_ago: float = 1) -> Meeting:
    meeting = meeting_outcome_record(meeting=meeting_at(pair, by, days_ago=days_ago), by=by, held=True)
    return Meeting.objects.select_related("pair__junior", "pair__senior", "organization").get(pk=meeting.pk)


@pytest.fixture
def agreement(pair: Pair) -> Agreement:
    """Giulia teaches Sergio a digital skill (2 → 5); Sergio teaches Giulia vision (1 → 4)."""
    Pair.objects.filter(pk=pair.pk).update(facts=skill_facts())
    pair.refresh_from_db()
    return agreement_draft(pair=pair, by=pair.junior)


def _objective(agreement: Agreement, direction: str) -> Objective:
    objective = agreement.objectives.get(direction=direction)
    assert objective is not None
    return objective


def give(meeting: Meeting, by: Person, **fields: object) -> MeetingFeedback:
    values: dict[str, object] = {"rating": 4, "learned": LEARNED_CANARY, "kudos": KUDOS, "progress": {}} | fields
    return meeting_feedback_give(meeting=meeting, by=by, **values)  # type: ignore[arg-type]


@pytest.fixture
def given() -> Iterator[list[int]]:
    """Feedback ids announced by ``feedback_given``."""
    sent: list[int] = []

    def receiver(sender: object, feedback_id: int, **kwargs: object) -> None:
        sent.append(feedback_id)

    events.feedback_given.connect(receiver, dispatch_uid="test-feedback-given")
    yield sent
    events.feedback_given.disconnect(dispatch_uid="test-feedback-given")


def _url(meeting: Meeting) -> str:
    return reverse("feedback:meeting-feedback", args=[meeting.pk])


def _detail(meeting: Meeting) -> str:
    return reverse("meetings:meeting-detail", args=[meeting.pk])


# The service


def test_feedback_goes_to_the_partner_and_is_announced_after_commit(
    pair: Pair, acme_junior, acme_senior, given, django_capture_on_commit_callbacks
) -> None:
    meeting = held(pair, acme_junior)
    with django_capture_on_commit_callbacks(execute=True):
        feedback = give(meeting, acme_senior, learned=f"  {LEARNED_CANARY}  ")
    assert (feedback.author, feedback.recipient, feedback.rating, feedback.learned, feedback.kudos) == (
        acme_senior,
        acme_junior,
        4,
        LEARNED_CANARY,
        KUDOS,
    )
    assert given == [feedback.pk]


@pytest.mark.parametrize("status", [MeetingStatus.SCHEDULED, MeetingStatus.NO_SHOW, MeetingStatus.CANCELLED])
def test_feedback_waits_for_a_meeting_that_took_place(pair: Pair, acme_junior, given, status: str) -> None:
    meeting = meeting_at(pair, acme_junior)
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    meeting.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        give(meeting, acme_junior)
    assert refused.value.code == "not_held"
    assert not MeetingFeedback.objects.exists()
    assert given == []


def test_each_person_gives_feedback_once_per_meeting(pair: Pair, acme_junior, acme_senior) -> None:
    meeting = held(pair, acme_junior)
    give(meeting, acme_junior)
    give(meeting, acme_senior)
    with pytest.raises(DomainError) as refused:
        give(meeting, acme_junior, rating=1)
    assert refused.value.code == "already"
    assert MeetingFeedback.objects.get(author=acme_junior).rating == 4


def test_someone_outside_the_pair_cannot_give_feedback(pair: Pair, acme_junior, acme_participant) -> None:
    with pytest.raises(DomainError) as refused:
        give(held(pair, acme_junior), acme_participant)
    assert refused.value.code == "not_in_pair"
    assert not MeetingFeedback.objects.exists()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"learned": "x" * 2001}, "learned"),
        ({"kudos": "x" * 501}, "kudos"),
    ],
)
def test_bad_feedback_is_refused_and_nothing_is_written(pair: Pair, acme_junior, fields: dict, code: str) -> None:
    with pytest.raises(DomainError) as refused:
        give(held(pair, acme_junior), acme_junior, **fields)
    assert refused.value.code == code
    assert not MeetingFeedback.objects.exists()


def test_the_learner_confirms_a_new_level_with_the_feedback(pair: Pair, acme_senior, agreement: Agreement) -> None:
    learning = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    meeting = held(pair, acme_senior)
    give(meeting, acme_senior, progress={learning.key: learning.start_level + 1})
    step = ObjectiveProgress.objects.get()
    assert (step.objective_key, step.level, step.confirmed_by) == (learning.key, learning.start_level + 1, acme_senior)
    assert step.note.startswith("After the meeting of")
    assert confirmed_levels(pair) == {learning.key: learning.start_level + 1}


def test_progress_on_what_the_author_teaches_rolls_the_feedback_back(
    pair: Pair, acme_junior, agreement: Agreement, given, django_capture_on_commit_callbacks
) -> None:
    teaching = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    meeting = held(pair, acme_junior)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError) as refused:
        give(meeting, acme_junior, progress={teaching.key: teaching.start_level + 1})
    assert refused.value.code == "not_taught"
    assert not MeetingFeedback.objects.exists() and not ObjectiveProgress.objects.exists()
    assert given == []


@pytest.mark.parametrize("step", [0, 4])
def test_a_level_outside_the_objective_rolls_the_feedback_back(
    pair: Pair, acme_junior, agreement: Agreement, step: int
) -> None:
    learning = _objective(agreement, Direction.SENIOR_TO_JUNIOR)
    assert learning.start_level + step not in range(learning.start_level + 1, learning.target_level + 1)
    with pytest.raises(DomainError) as refused:
        give(held(pair, acme_junior), acme_junior, progress={learning.key: learning.start_level + step})
    assert refused.value.code == "level"
    assert not MeetingFeedback.objects.exists() and not ObjectiveProgress.objects.exists()


def test_a_valid_level_is_not_kept_when_another_is_refused(pair: Pair, acme_junior, agreement: Agreement) -> None:
    learning = _objective(agreement, Direction.SENIOR_TO_JUNIOR)
    meeting = held(pair, acme_junior)
    with pytest.raises(DomainError) as refused:
        give(meeting, acme_junior, progress={learning.key: learning.start_level + 1, uuid.uuid4(): 2})
    assert refused.value.code == "objective"
    assert not MeetingFeedback.objects.exists() and not ObjectiveProgress.objects.exists()


def test_an_ended_pair_still_gives_feedback_on_its_last_meeting(pair: Pair, acme_junior) -> None:
    meeting = held(pair, acme_junior)
    Pair.objects.filter(pk=pair.pk).update(status=PairStatus.COMPLETED)
    meeting = Meeting.objects.select_related("pair").get(pk=meeting.pk)
    assert give(meeting, acme_junior).pk


# The page


def test_the_form_asks_for_a_rating_what_i_learned_kudos_and_my_levels(
    login, pair: Pair, acme_senior, agreement: Agreement
) -> None:
    learning = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    teaching = _objective(agreement, Direction.SENIOR_TO_JUNIOR)
    response = login(acme_senior).get(_url(held(pair, acme_senior)))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<fieldset" in body and "<legend>How useful was this meeting for you?</legend>" in body
    assert "Only you see this; HR sees only totals of many people." in body
    assert "Kudos to Giulia" in body and "Optional. Giulia will read this." in body
    assert "moves Giulia's progress bar" in body
    form = response.context["form"]
    assert [objective.key for objective in form.objectives.values()] == [learning.key]
    assert f"progress_{teaching.key.hex}" not in form.fields
    levels = [value for value, _label in form.fields[f"progress_{learning.key.hex}"].choices if value != ""]
    assert levels == list(range(learning.start_level + 1, learning.target_level + 1))
    steps = learning.target_level - learning.start_level
    assert f"0 of {steps} steps so far" in body


def test_the_form_offers_only_levels_above_the_confirmed_one(
    login, pair: Pair, acme_senior, agreement: Agreement
) -> None:
    learning = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    give(held(pair, acme_senior, days_ago=3), acme_senior, progress={learning.key: learning.start_level + 2})
    response = login(acme_senior).get(_url(held(pair, acme_senior)))
    field = response.context["form"].fields[f"progress_{learning.key.hex}"]
    assert [value for value, _label in field.choices if value != ""] == list(
        range(learning.start_level + 3, learning.target_level + 1)
    )
    assert f"2 of {learning.target_level - learning.start_level} steps so far" in response.content.decode()


def test_a_person_gives_feedback_with_a_level_and_returns_to_the_meeting(
    login, pair: Pair, acme_senior, acme_junior, agreement: Agreement
) -> None:
    learning = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    meeting = held(pair, acme_senior)
    data = {"rating": "5", "learned": LEARNED_CANARY, "kudos": KUDOS, f"progress_{learning.key.hex}": "4"}
    response = login(acme_senior).post(_url(meeting), data)
    assert response.status_code == 302
    assert response["Location"] == f"{_detail(meeting)}#feedback"
    feedback = MeetingFeedback.objects.get()
    assert (feedback.rating, feedback.recipient, feedback.kudos) == (5, acme_junior, KUDOS)
    assert confirmed_levels(pair) == {learning.key: 4}


def test_leaving_the_levels_unchanged_records_no_progress(login, pair: Pair, acme_senior, agreement: Agreement) -> None:
    learning = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    data = {"rating": "3", "learned": "", "kudos": "", f"progress_{learning.key.hex}": ""}
    assert login(acme_senior).post(_url(held(pair, acme_senior)), data).status_code == 302
    assert MeetingFeedback.objects.exists() and not ObjectiveProgress.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"rating": ""},
        {"rating": "7"},
        {"learned": "x" * 2001},
        {"kudos": "x" * 501},
        {"level": "9"},
        {"level": "1"},
        {"level": "four"},
    ],
)
def test_bad_input_answers_400_and_writes_nothing(
    login, pair: Pair, acme_senior, agreement: Agreement, fields: dict
) -> None:
    learning = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    data = {"rating": "4", "learned": "", "kudos": ""} | fields
    if "level" in data:
        data[f"progress_{learning.key.hex}"] = data.pop("level")
    assert login(acme_senior).post(_url(held(pair, acme_senior)), data).status_code == 400
    assert not MeetingFeedback.objects.exists() and not ObjectiveProgress.objects.exists()


def test_a_forged_level_for_what_i_teach_is_ignored(login, pair: Pair, acme_junior, agreement: Agreement) -> None:
    teaching = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    data = {"rating": "4", "learned": "", "kudos": "", f"progress_{teaching.key.hex}": "5"}
    assert login(acme_junior).post(_url(held(pair, acme_junior)), data).status_code == 302
    assert not ObjectiveProgress.objects.exists()


def test_a_second_feedback_answers_400(login, pair: Pair, acme_junior) -> None:
    meeting = held(pair, acme_junior)
    give(meeting, acme_junior, rating=2)
    client = login(acme_junior)
    assert client.get(_url(meeting)).context["form"] is None
    assert client.post(_url(meeting), {"rating": "5"}).status_code == 400
    assert MeetingFeedback.objects.get().rating == 2


def test_a_meeting_not_held_has_no_form_and_refuses_feedback(login, pair: Pair, acme_junior) -> None:
    meeting = meeting_at(pair, acme_junior)
    client = login(acme_junior)
    response = client.get(_url(meeting))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert "Feedback opens once the meeting is recorded as held." in response.content.decode()
    assert client.post(_url(meeting), {"rating": "5"}).status_code == 400
    assert not MeetingFeedback.objects.exists()


def test_reading_the_form_writes_nothing(login, pair: Pair, acme_senior, agreement: Agreement) -> None:
    meeting = held(pair, acme_senior)
    assert login(acme_senior).get(_url(meeting)).status_code == 200
    assert not MeetingFeedback.objects.exists() and not ObjectiveProgress.objects.exists()


# What each side reads afterwards


def test_the_partner_reads_the_kudos_but_never_the_rating_or_what_was_learned(
    login, pair: Pair, acme_junior, acme_senior
) -> None:
    meeting = held(pair, acme_junior)
    give(meeting, acme_senior, rating=2)
    body = login(acme_junior).get(_detail(meeting)).content.decode()
    assert KUDOS in body and "Kudos from Sergio" in body
    assert LEARNED_CANARY not in body
    assert "2 of 5" not in body
    assert "Give feedback to Sergio" in body
    partner_form = login(acme_junior).get(_url(meeting)).content.decode()
    assert LEARNED_CANARY not in partner_form and KUDOS not in partner_form


def test_the_author_sees_their_own_feedback_on_the_meeting_page(login, pair: Pair, acme_senior) -> None:
    meeting = held(pair, acme_senior)
    give(meeting, acme_senior, rating=2)
    body = login(acme_senior).get(_detail(meeting)).content.decode()
    assert "2 of 5" in body
    assert "Give feedback to" not in body


def test_the_meeting_page_offers_feedback_only_once_the_meeting_took_place(login, pair: Pair, acme_junior) -> None:
    meeting = meeting_at(pair, acme_junior)
    client = login(acme_junior)
    assert _url(meeting) not in client.get(_detail(meeting)).content.decode()
    meeting_outcome_record(meeting=meeting, by=acme_junior, held=True)
    assert f'href="{_url(meeting)}">Give feedback to Sergio' in client.get(_detail(meeting)).content.decode()


def _kudos_box(pair: Pair, viewer: Person | None) -> str:
    request = RequestFactory().get("/")
    request.person = viewer  # type: ignore[attr-defined]
    return Template("{% load feedback_tags %}{% pair_kudos_box pair %}").render(
        Context({"request": request, "pair": pair})
    )


def test_the_pair_kudos_box_lists_kudos_received_newest_first(pair: Pair, acme_junior, acme_senior) -> None:
    give(held(pair, acme_junior, days_ago=10), acme_senior, kudos="Older thanks")
    give(held(pair, acme_junior, days_ago=2), acme_senior, kudos="Newer thanks")
    give(held(pair, acme_junior, days_ago=1), acme_senior, kudos="")
    give(held(pair, acme_junior, days_ago=3), acme_junior, kudos="Thanks Sergio")
    html = _kudos_box(pair, acme_junior)
    assert html.index("Newer thanks") < html.index("Older thanks")
    assert "Thanks Sergio" not in html and LEARNED_CANARY not in html
    assert html.count("After the meeting of") == 2


def test_the_pair_kudos_box_shows_nothing_to_people_outside_the_pair(
    pair: Pair, acme_junior, acme_senior, acme_manager
):
    give(held(pair, acme_junior), acme_senior)
    assert KUDOS not in _kudos_box(pair, acme_manager)
    assert KUDOS not in _kudos_box(pair, None)
    assert KUDOS not in _kudos_box(pair, acme_senior)


# Who may open the page


@pytest.mark.parametrize(
    ("intruder", "status"), [("acme_manager", 403), ("acme_admin", 403), ("acme_participant", 404)]
)
def test_people_outside_the_pair_can_neither_read_nor_give_feedback(
    request, login, pair: Pair, acme_junior, intruder: str, status: int
) -> None:
    meeting = held(pair, acme_junior)
    give(meeting, acme_junior)
    client = login(request.getfixturevalue(intruder))
    response = client.get(_url(meeting))
    assert response.status_code == status
    assert LEARNED_CANARY not in response.content.decode()
    assert client.post(_url(meeting), {"rating": "5"}).status_code == status
    assert MeetingFeedback.objects.count() == 1


@pytest.mark.parametrize("intruder", ["globex_admin", "globex_participant"])
def test_another_organisation_gets_404(request, login, pair: Pair, acme_junior, intruder: str) -> None:
    meeting = held(pair, acme_junior)
    client = login(request.getfixturevalue(intruder))
    assert client.get(_url(meeting)).status_code == 404
    assert client.post(_url(meeting), {"rating": "5"}).status_code == 404
    assert not MeetingFeedback.objects.exists()
