"""Agreement pages: the two people draft, change, confirm and record progress; managers only read."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ponte.pairs.agreements import agreement_draft, current_agreement, objective_progress_confirm
from ponte.pairs.models import Agreement, Direction, Objective, ObjectiveProgress, Pair, PairStatus
from ponte.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(proposal: Pair) -> Pair:
    proposal.status = PairStatus.ACTIVE
    proposal.started_on = timezone.localdate()
    proposal.save(update_fields=["status", "started_on"])
    return proposal


@pytest.fixture
def agreement(pair: Pair, acme_junior: Person) -> Agreement:
    return agreement_draft(pair=pair, by=acme_junior)


def _url(name: str, pair: Pair) -> str:
    return reverse(f"pairs:{name}", args=[pair.pk])


def _objective(agreement: Agreement, direction: str) -> Objective:
    objective = agreement.objectives.filter(direction=direction).first()
    assert objective is not None
    return objective


def _edit_data(agreement: Agreement, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "cadence_days": agreement.cadence_days,
        "meeting_minutes": agreement.meeting_minutes,
        "confidentiality_note": "",
        "rank_video": "1",
    }
    for objective in agreement.objectives.all():
        data[f"target_{objective.key.hex}"] = objective.target_level
        data[f"success_{objective.key.hex}"] = objective.success
    data.update(overrides)
    return data


def test_a_person_of_the_pair_drafts_the_agreement_from_the_pair_page(login, pair: Pair, acme_senior: Person) -> None:
    client = login(acme_senior)
    assert "Draft our agreement" in client.get(_url("pair-detail", pair)).content.decode()
    response = client.post(_url("agreement-draft", pair))
    assert response.status_code == 302
    agreement = current_agreement(pair)
    assert agreement is not None
    assert {o.direction for o in agreement.objectives.all()} == {Direction.JUNIOR_TO_SENIOR, Direction.SENIOR_TO_JUNIOR}


def test_the_pair_page_shows_both_directions_progress_and_reciprocity(
    login, agreement: Agreement, acme_junior: Person, acme_senior: Person
) -> None:
    forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    objective_progress_confirm(pair=agreement.pair, objective_key=forward.key, person=acme_senior, level=4)
    body = login(acme_junior).get(_url("pair-detail", agreement.pair)).content.decode()
    assert "Giulia teaches Sergio" in body and "Sergio teaches Giulia" in body
    assert "2 of 3 levels, confirmed by Sergio" in body
    assert '<progress class="progress" value="2" max="3"' in body
    assert "So far only Giulia → Sergio." in body
    back = _objective(agreement, Direction.SENIOR_TO_JUNIOR)
    objective_progress_confirm(pair=agreement.pair, objective_key=back.key, person=acme_junior, level=2)
    assert "Learning runs both ways." in login(acme_junior).get(_url("pair-detail", agreement.pair)).content.decode()


def test_both_confirm_on_the_agreement_page(
    login, agreement: Agreement, acme_junior: Person, acme_senior: Person
) -> None:
    for person in (acme_junior, acme_senior):
        response = login(person).post(_url("agreement-confirm", agreement.pair), {"version": "1"})
        assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.is_confirmed
    assert "confirmed by both of you" in login(acme_junior).get(_url("agreement", agreement.pair)).content.decode()


def test_confirming_a_version_that_changed_meanwhile_answers_400(
    login, agreement: Agreement, acme_junior: Person
) -> None:
    response = login(acme_junior).post(_url("agreement-confirm", agreement.pair), {"version": "7"})
    assert response.status_code == 400
    agreement.refresh_from_db()
    assert agreement.junior_confirmed_at is None


def test_an_edit_saves_a_new_version_and_the_history_shows_what_changed(
    login, agreement: Agreement, acme_junior: Person, acme_senior: Person
) -> None:
    login(acme_senior).post(_url("agreement-confirm", agreement.pair), {"version": "1"})
    client = login(acme_junior)
    assert client.get(_url("agreement-edit", agreement.pair)).status_code == 200
    data = _edit_data(agreement, cadence_days=21, rank_phone="1", rank_video="2", confidentiality_note="Just us")
    response = client.post(_url("agreement-edit", agreement.pair), data)
    assert response.status_code == 302
    new = current_agreement(agreement.pair)
    assert new is not None and new.version == 2
    assert new.channels == ["phone", "video"] and new.cadence_days == 21
    assert new.senior_confirmed_at is None
    history = client.get(_url("agreement-history", agreement.pair)).content.decode()
    assert "Version 2" in history and "Version 1" in history
    assert "Meet every (days)" in history and "Just us" in history and "Phone, Video call" in history


@pytest.mark.parametrize(
    "overrides",
    [{"cadence_days": "3"}, {"meeting_minutes": "abc"}, {"rank_video": "1", "rank_phone": "1"}, {"target": 99}],
)
def test_a_bad_edit_answers_400_and_writes_nothing(
    login, agreement: Agreement, acme_junior: Person, overrides: dict[str, object]
) -> None:
    if "target" in overrides:
        forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
        overrides = {f"target_{forward.key.hex}": overrides["target"]}
    response = login(acme_junior).post(_url("agreement-edit", agreement.pair), _edit_data(agreement, **overrides))
    assert response.status_code == 400
    assert Agreement.objects.count() == 1


def test_the_learner_confirms_progress_on_the_page(login, agreement: Agreement, acme_senior: Person) -> None:
    forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    client = login(acme_senior)
    assert "Confirm what I learned" in client.get(_url("agreement", agreement.pair)).content.decode()
    data = {"objective": str(forward.key), "level": "3", "note": "I built my first pivot table"}
    response = client.post(_url("agreement-progress", agreement.pair), data)
    assert response.status_code == 302
    step = ObjectiveProgress.objects.get()
    assert (step.level, step.confirmed_by) == (3, acme_senior)


def test_the_teacher_cannot_record_progress(login, agreement: Agreement, acme_junior: Person) -> None:
    forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    response = login(acme_junior).post(
        _url("agreement-progress", agreement.pair), {"objective": str(forward.key), "level": "3"}
    )
    assert response.status_code == 400
    assert "Only the person who is learning can confirm progress." in response.content.decode()
    assert not ObjectiveProgress.objects.exists()


@pytest.mark.parametrize("data", [{"objective": "nope", "level": "3"}, {"level": "9"}, {"level": "x"}])
def test_bad_progress_answers_400_and_writes_nothing(
    login, agreement: Agreement, acme_senior: Person, data: dict[str, str]
) -> None:
    forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    response = login(acme_senior).post(
        _url("agreement-progress", agreement.pair), {"objective": str(forward.key), **data}
    )
    assert response.status_code == 400
    assert not ObjectiveProgress.objects.exists()


def test_a_manager_reads_the_agreement_but_cannot_change_it(login, agreement: Agreement, acme_manager: Person) -> None:
    client = login(acme_manager)
    page = client.get(_url("agreement", agreement.pair))
    assert page.status_code == 200
    assert "I confirm this agreement" not in page.content.decode()
    assert "Confirm what I learned" not in page.content.decode()
    assert client.get(_url("agreement-history", agreement.pair)).status_code == 200
    assert "Our agreement" in client.get(_url("pair-detail", agreement.pair)).content.decode()
    forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    assert client.get(_url("agreement-edit", agreement.pair)).status_code == 403
    assert client.post(_url("agreement-edit", agreement.pair), _edit_data(agreement)).status_code == 403
    assert client.post(_url("agreement-confirm", agreement.pair), {"version": "1"}).status_code == 403
    assert client.post(_url("agreement-draft", agreement.pair)).status_code == 403
    data = {"objective": str(forward.key), "level": "3"}
    assert client.post(_url("agreement-progress", agreement.pair), data).status_code == 403
    assert Agreement.objects.count() == 1 and not ObjectiveProgress.objects.exists()
    agreement.refresh_from_db()
    assert agreement.junior_confirmed_at is None and agreement.senior_confirmed_at is None


@pytest.mark.parametrize("name", ["agreement", "agreement-history", "agreement-edit"])
def test_someone_else_in_the_organisation_gets_404(
    login, agreement: Agreement, acme_participant: Person, name: str
) -> None:
    assert login(acme_participant).get(_url(name, agreement.pair)).status_code == 404


def test_someone_else_cannot_post_progress(login, agreement: Agreement, acme_participant: Person) -> None:
    forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    data = {"objective": str(forward.key), "level": "3"}
    assert login(acme_participant).post(_url("agreement-progress", agreement.pair), data).status_code == 404
    assert not ObjectiveProgress.objects.exists()


def test_a_proposed_pair_cannot_draft_yet(login, proposal: Pair, acme_junior: Person) -> None:
    response = login(acme_junior).post(_url("agreement-draft", proposal))
    assert response.status_code == 400
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "agreement"),
        ("get", "agreement-history"),
        ("get", "agreement-edit"),
        ("post", "agreement-edit"),
        ("post", "agreement-draft"),
        ("post", "agreement-confirm"),
        ("post", "agreement-progress"),
    ],
)
def test_another_organisation_gets_404(
    login, agreement: Agreement, globex_admin: Person, method: str, name: str
) -> None:
    response = getattr(login(globex_admin), method)(_url(name, agreement.pair), {"version": "1"})
    assert response.status_code == 404
    assert Agreement.objects.count() == 1
    agreement.refresh_from_db()
    assert agreement.junior_confirmed_at is None and agreement.senior_confirmed_at is None


def test_the_history_of_a_first_draft_says_so(login, agreement: Agreement, acme_junior: Person) -> None:
    body = login(acme_junior).get(_url("agreement-history", agreement.pair)).content.decode()
    assert "Version 1" in body and "The first draft." in body
