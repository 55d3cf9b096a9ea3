"""Closing a pair: the final assessment of every objective and a short closing survey.

When a pair completes or ends early, each of its two people is asked (once) for:

* the level they reached in each skill they **learned** (self-assessment, end),
* the level their partner reached in each skill they **taught** (partner's assessment, end),
* a short survey (satisfaction, learning, would they recommend it, what was most valuable).

The starting level both confirmed in the agreement is recorded beside it as the start
self-assessment, so every objective has start and end figures for the digital-gap reports.
Answers are confidential like check-ins. When both people have answered, ``closure_completed``
is sent once (the pair row is locked while answers are counted).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.core.errors import DomainError
from ponte.pairs.agreements import confirmed_levels, current_agreement, max_level, taught_person_id
from ponte.pairs.models import Objective, Pair, PairStatus
from ponte.people.models import Person

from . import events
from .models import Assessment, AssessmentMoment, AssessmentRole, ClosingSurvey

TEXT_MAX_LENGTH = 2000
ENDED = (PairStatus.COMPLETED, PairStatus.ENDED_EARLY)


@dataclass(frozen=True)
class ClosureObjective:
    """One objective as the person closing sees it: their own learning, or what they taught."""

    objective: Objective
    role: str  # AssessmentRole
    learner: Person
    teacher: Person
    top: int
    confirmed: int

    @property
    def field_name(self) -> str:
        return f"level_{self.objective.key.hex}"


def closure_request(*, pair_id: int) -> list[int]:
    """Ask both people of an ended pair for their closing answers. Returns the new survey ids."""
    pair = Pair.objects.filter(pk=pair_id, status__in=ENDED).first()
    if pair is None:
        return []
    created: list[int] = []
    for person_id in (pair.junior_id, pair.senior_id):
        try:
            with transaction.atomic():
                survey, new = ClosingSurvey.objects.get_or_create(
                    pair=pair, person_id=person_id, defaults={"organization_id": pair.organization_id}
                )
                if new:
                    created.append(survey.pk)
                    transaction.on_commit(
                        partial(events.closure_requested.send, sender=ClosingSurvey, survey_id=survey.pk), robust=True
                    )
        except IntegrityError:  # the other run created it in between
            continue
    return created


def closure_objectives(survey: ClosingSurvey) -> list[ClosureObjective]:
    """The objectives of the pair's current agreement this person assesses, learned ones first."""
    pair = survey.pair
    agreement = current_agreement(pair)
    if agreement is None:
        return []
    reached = confirmed_levels(pair)
    rows = []
    for objective in agreement.objectives.select_related("skill__area__framework").order_by("direction", "position"):
        learner_id = taught_person_id(pair, objective.direction)
        learner = pair.junior if learner_id == pair.junior_id else pair.senior
        teacher = pair.senior if learner_id == pair.junior_id else pair.junior
        role = AssessmentRole.SELF if learner_id == survey.person_id else AssessmentRole.PARTNER
        rows.append(
            ClosureObjective(
                objective=objective,
                role=role,
                learner=learner,
                teacher=teacher,
                top=max_level(objective.skill),
                confirmed=reached.get(objective.key, objective.start_level),
            )
        )
    rows.sort(key=lambda row: row.role != AssessmentRole.SELF)
    return rows


@dataclass(frozen=True)
class ClosingAnswers:
    satisfaction: int
    learning: int
    recommend: bool
    most_valuable: str = ""
    comment: str = ""


def _check(answers: ClosingAnswers, objectives: list[ClosureObjective], levels: dict[uuid.UUID, int]) -> None:
    if not (1 <= answers.satisfaction <= 5 and 1 <= answers.learning <= 5):
        raise DomainError(_("Choose a value from 1 to 5."), code="out_of_range")
    if len(answers.most_valuable) > TEXT_MAX_LENGTH or len(answers.comment) > TEXT_MAX_LENGTH:
        raise DomainError(_("One of your answers is too long."), code="too_long")
    for row in objectives:
        level = levels.get(row.objective.key)
        if level is None:
            raise DomainError(
                _("Choose a level for %(skill)s.") % {"skill": row.objective.skill.name}, code="missing_level"
            )
        if not 0 <= level <= row.top:
            raise DomainError(
                _("Choose a level between 0 and %(top)d for %(skill)s.")
                % {"top": row.top, "skill": row.objective.skill.name},
                code="level",
            )


def closure_answer(
    *,
    survey: ClosingSurvey,
    by: Person,
    answers: ClosingAnswers,
    levels: dict[uuid.UUID, int],
    now: datetime | None = None,
) -> ClosingSurvey:
    """Record the person's closing survey and final assessments, all or nothing, once."""
    if survey.person_id != by.pk:
        raise DomainError(_("Only the person this was sent to can answer it."), code="not_yours")
    now = now or timezone.now()
    objectives = closure_objectives(survey)
    _check(answers, objectives, levels)
    pair = survey.pair
    with transaction.atomic():
        # Locked first, so two people answering at once count each other's answer exactly once.
        Pair.objects.select_for_update().filter(pk=pair.pk).first()
        won = ClosingSurvey.objects.filter(pk=survey.pk, person=by, answered_at__isnull=True).update(
            answered_at=now,
            satisfaction=answers.satisfaction,
            learning=answers.learning,
            recommend=answers.recommend,
            most_valuable=answers.most_valuable.strip(),
            comment=answers.comment.strip(),
            updated_at=now,
        )
        if not won:
            raise DomainError(_("You have already answered."), code="already_answered")
        Assessment.objects.bulk_create(_assessments(pair, by, objectives, levels), ignore_conflicts=True)
        answered = ClosingSurvey.objects.filter(pair=pair).answered().count()
        if answered == 2:
            transaction.on_commit(partial(events.closure_completed.send, sender=Pair, pair_id=pair.pk), robust=True)
    survey.refresh_from_db()
    return survey


def _assessments(
    pair: Pair, by: Person, objectives: list[ClosureObjective], levels: dict[uuid.UUID, int]
) -> list[Assessment]:
    rows = []
    for row in objectives:
        objective = row.objective
        common = {
            "organization_id": pair.organization_id,
            "pair": pair,
            "objective_key": objective.key,
            "skill_id": objective.skill_id,
            "learner": row.learner,
        }
        rows.append(
            Assessment(**common, rater=by, role=row.role, moment=AssessmentMoment.END, level=levels[objective.key])
        )
        # The starting level the learner agreed to: written by whichever of the two answers first.
        rows.append(
            Assessment(
                **common,
                rater=row.learner,
                role=AssessmentRole.SELF,
                moment=AssessmentMoment.START,
                level=objective.start_level,
            )
        )
    return rows
