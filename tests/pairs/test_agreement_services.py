"""Agreement services: draft both ways, versions, confirmations, progress by the learner, reciprocity."""

from __future__ import annotations

import uuid

import pytest

from ponte.core.errors import DomainError
from ponte.pairs.agreements import (
    ObjectiveChange,
    agreement_change,
    agreement_confirm,
    agreement_draft,
    current_agreement,
    objective_progress_confirm,
    pair_reciprocity,
)
from ponte.pairs.models import Agreement, Direction, Objective, ObjectiveProgress, Pair, PairStatus
from ponte.people.models import Person
from ponte.programs.models import Program
from ponte.skills.models import Skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(proposal: Pair) -> Pair:
    proposal.status = PairStatus.ACTIVE
    proposal.save(update_fields=["status"])
    return proposal


@pytest.fixture
def agreement(pair: Pair, acme_junior: Person) -> Agreement:
    return agreement_draft(pair=pair, by=acme_junior)


def _objective(agreement: Agreement, direction: str) -> Objective:
    objective = agreement.objectives.filter(direction=direction).first()
    assert objective is not None
    return objective


def _change(agreement: Agreement, by: Person, **fields: object) -> Agreement:
    values: dict[str, object] = {
        "cadence_days": agreement.cadence_days,
        "meeting_minutes": agreement.meeting_minutes,
        "channels": agreement.channels,
        "confidentiality_note": agreement.confidentiality_note,
        "objectives": [],
    }
    values.update(fields)
    return agreement_change(agreement=agreement, by=by, **values)  # type: ignore[arg-type]


def test_draft_has_an_objective_each_way_from_the_matching_facts(agreement: Agreement) -> None:
    forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    back = _objective(agreement, Direction.SENIOR_TO_JUNIOR)
    assert (forward.start_level, forward.target_level) == (2, 5)
    assert (back.start_level, back.target_level) == (1, 4)
    assert forward.skill.area.framework.code == "digcomp"
    assert back.skill.area.framework.code == "entrecomp"
    assert agreement.version == 1


def test_draft_takes_the_programs_rhythm_and_the_common_channels(
    pair: Pair, acme_junior: Person, acme_senior: Person
) -> None:
    acme_junior.channels = ["chat", "video", "phone"]
    acme_junior.save(update_fields=["channels"])
    acme_senior.channels = ["phone", "video"]
    acme_senior.save(update_fields=["channels"])
    pair.program.cadence_days = 21
    pair.program.meeting_minutes = 60
    pair.program.save(update_fields=["cadence_days", "meeting_minutes"])
    pair.refresh_from_db()
    agreement = agreement_draft(pair=pair, by=acme_senior)
    assert (agreement.cadence_days, agreement.meeting_minutes) == (21, 60)
    assert agreement.channels == ["video", "phone"]


def test_draft_falls_back_to_the_programs_learning_areas(pair: Pair, acme_junior: Person) -> None:
    digital = Skill.objects.filter(area__framework__code="digcomp").first()
    vision = Skill.objects.filter(area__framework__code="entrecomp").first()
    program: Program = pair.program
    program.junior_skills.add(digital)
    program.senior_skills.add(vision)
    Pair.objects.filter(pk=pair.pk).update(facts={})
    pair.refresh_from_db()
    agreement = agreement_draft(pair=pair, by=acme_junior)
    assert _objective(agreement, Direction.JUNIOR_TO_SENIOR).skill == digital
    assert _objective(agreement, Direction.SENIOR_TO_JUNIOR).skill == vision


def test_draft_twice_keeps_one_version(agreement: Agreement, pair: Pair, acme_senior: Person) -> None:
    assert agreement_draft(pair=pair, by=acme_senior).pk == agreement.pk
    assert Agreement.objects.filter(pair=pair).count() == 1


def test_draft_by_someone_outside_the_pair_is_refused(pair: Pair, acme_participant: Person) -> None:
    with pytest.raises(DomainError):
        agreement_draft(pair=pair, by=acme_participant)
    assert not Agreement.objects.exists()


def test_both_confirmations_confirm_the_agreement(
    agreement: Agreement, acme_junior: Person, acme_senior: Person
) -> None:
    agreement = agreement_confirm(agreement=agreement, person=acme_junior)
    assert not agreement.is_confirmed
    agreement = agreement_confirm(agreement=agreement, person=acme_senior)
    assert agreement.is_confirmed


def test_an_edit_adds_a_version_clears_confirmations_and_keeps_history(
    agreement: Agreement, acme_junior: Person, acme_senior: Person
) -> None:
    agreement_confirm(agreement=agreement, person=acme_junior)
    agreement_confirm(agreement=agreement, person=acme_senior)
    forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    new = _change(
        agreement,
        acme_senior,
        cadence_days=7,
        objectives=[ObjectiveChange(key=forward.key, target_level=6, success="I publish a dashboard")],
    )
    assert new.version == 2
    assert new.junior_confirmed_at is None and new.senior_confirmed_at is None
    assert current_agreement(agreement.pair) == new
    copied = new.objectives.get(key=forward.key)
    assert (copied.target_level, copied.success) == (6, "I publish a dashboard")
    agreement.refresh_from_db()
    assert agreement.cadence_days != 7 and agreement.is_confirmed
    assert new.objectives.count() == agreement.objectives.count()


def test_an_old_version_can_no_longer_be_confirmed_or_changed(
    agreement: Agreement, acme_junior: Person, acme_senior: Person
) -> None:
    _change(agreement, acme_junior, cadence_days=30)
    with pytest.raises(DomainError):
        agreement_confirm(agreement=agreement, person=acme_senior)
    with pytest.raises(DomainError):
        _change(agreement, acme_senior, cadence_days=7)
    assert Agreement.objects.count() == 2


@pytest.mark.parametrize("target", [2, 1, 99])
def test_a_target_outside_the_framework_is_refused(agreement: Agreement, acme_junior: Person, target: int) -> None:
    forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    with pytest.raises(DomainError):
        _change(agreement, acme_junior, objectives=[ObjectiveChange(key=forward.key, target_level=target, success="")])
    assert Agreement.objects.count() == 1


def test_progress_is_confirmed_by_the_taught_person(agreement: Agreement, acme_senior: Person) -> None:
    forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    step = objective_progress_confirm(pair=agreement.pair, objective_key=forward.key, person=acme_senior, level=3)
    assert step.confirmed_by == acme_senior and step.level == 3


def test_the_teacher_cannot_declare_progress(agreement: Agreement, acme_junior: Person) -> None:
    forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    with pytest.raises(DomainError) as error:
        objective_progress_confirm(pair=agreement.pair, objective_key=forward.key, person=acme_junior, level=3)
    assert error.value.code == "not_taught"
    assert not ObjectiveProgress.objects.exists()


@pytest.mark.parametrize("level", [0, 2, 6])
def test_progress_stays_between_start_and_target(agreement: Agreement, acme_senior: Person, level: int) -> None:
    forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)  # 2 → 5
    with pytest.raises(DomainError):
        objective_progress_confirm(pair=agreement.pair, objective_key=forward.key, person=acme_senior, level=level)
    assert not ObjectiveProgress.objects.exists()


def test_progress_never_goes_back(agreement: Agreement, acme_senior: Person) -> None:
    forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    objective_progress_confirm(pair=agreement.pair, objective_key=forward.key, person=acme_senior, level=4)
    for level in (3, 4):
        with pytest.raises(DomainError):
            objective_progress_confirm(pair=agreement.pair, objective_key=forward.key, person=acme_senior, level=level)
    assert ObjectiveProgress.objects.count() == 1


def test_progress_follows_the_objective_into_a_new_version(
    agreement: Agreement, acme_junior: Person, acme_senior: Person
) -> None:
    forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    objective_progress_confirm(pair=agreement.pair, objective_key=forward.key, person=acme_senior, level=3)
    _change(agreement, acme_junior, cadence_days=7)
    with pytest.raises(DomainError):
        objective_progress_confirm(pair=agreement.pair, objective_key=forward.key, person=acme_senior, level=3)
    objective_progress_confirm(pair=agreement.pair, objective_key=forward.key, person=acme_senior, level=4)


def test_an_unknown_objective_is_refused(agreement: Agreement, acme_senior: Person) -> None:
    with pytest.raises(DomainError):
        objective_progress_confirm(pair=agreement.pair, objective_key=uuid.uuid4(), person=acme_senior, level=3)


def test_reciprocity_none_one_way_then_both(agreement: Agreement, acme_junior: Person, acme_senior: Person) -> None:
    pair = agreement.pair
    assert pair_reciprocity(pair) == (False, False)
    forward = _objective(agreement, Direction.JUNIOR_TO_SENIOR)
    objective_progress_confirm(pair=pair, objective_key=forward.key, person=acme_senior, level=3)
    assert pair_reciprocity(pair) == (True, False)
    back = _objective(agreement, Direction.SENIOR_TO_JUNIOR)
    objective_progress_confirm(pair=pair, objective_key=back.key, person=acme_junior, level=2)
    assert pair_reciprocity(pair) == (True, True)
