"""Reads of meeting feedback: what a person is learning (for the feedback form), the kudos they
received, and the k-anonymous summary program managers see.

Managers never read one person's feedback: the average rating appears only when at least
``K_ANONYMITY`` distinct people gave feedback, what they learned only when at least
``K_ANONYMITY_TEXT`` distinct people wrote it, in text order (never by date or person, so the
order gives nobody away). Kudos are counted, never shown: they are written for the partner.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Avg, Count, Q

from ponte.core.privacy import K_ANONYMITY, K_ANONYMITY_TEXT
from ponte.pairs.agreements import confirmed_levels, current_agreement, taught_person_id
from ponte.pairs.models import Pair
from ponte.people.models import Person
from ponte.programs.models import Program

from .models import MeetingFeedback


@dataclass(frozen=True)
class LearningObjective:
    """An objective of the current agreement that the person is learning, with the level confirmed."""

    key: uuid.UUID
    skill: str
    start: int
    target: int
    reached: int

    @property
    def done(self) -> int:
        return self.reached - self.start

    @property
    def steps(self) -> int:
        return self.target - self.start

    @property
    def next_levels(self) -> list[int]:
        return list(range(self.reached + 1, self.target + 1))


def learning_objectives(pair: Pair, person: Person) -> list[LearningObjective]:
    """The objectives ``person`` learns in the pair's current agreement, in agreement order."""
    agreement = current_agreement(pair)
    if agreement is None:
        return []
    levels = confirmed_levels(pair)
    rows = []
    for objective in agreement.objectives.select_related("skill"):
        if taught_person_id(pair, objective.direction) != person.pk:
            continue
        confirmed = max(levels.get(objective.key, objective.start_level), objective.start_level)
        reached = min(confirmed, objective.target_level)
        rows.append(
            LearningObjective(
                key=objective.key,
                skill=objective.skill.name,
                start=objective.start_level,
                target=objective.target_level,
                reached=reached,
            )
        )
    return rows


@dataclass(frozen=True)
class ReceivedKudos:
    """Kudos one person received, with the meeting they were written after."""

    text: str
    meeting_at: datetime


def kudos_received(pair: Pair, person: Person) -> list[ReceivedKudos]:
    """Every kudos ``person`` received in the pair, newest first."""
    rows = (
        MeetingFeedback.objects.for_organization(pair.organization)
        .filter(pair=pair, recipient=person)
        .exclude(kudos="")
        .select_related("meeting")
        .order_by("-created_at", "-pk")
    )
    return [ReceivedKudos(text=row.kudos, meeting_at=row.meeting.starts_at) for row in rows]


@dataclass(frozen=True)
class FeedbackSummary:
    """What a manager may see of a program's meeting feedback. ``None`` marks a withheld figure."""

    given: int
    authors: int
    rating: float | None
    learned: list[str] | None
    kudos: int


def program_feedback_summary(program: Program) -> FeedbackSummary:
    rows = MeetingFeedback.objects.for_organization(program.organization).filter(pair__program=program)
    figures = rows.aggregate(
        given=Count("pk"),
        authors=Count("author", distinct=True),
        rating=Avg("rating"),
        kudos=Count("pk", filter=~Q(kudos="")),
    )
    authors: int = figures["authors"]
    rating = round(figures["rating"], 1) if authors >= K_ANONYMITY and figures["rating"] is not None else None
    with_text = rows.exclude(learned="")
    learned: list[str] | None = None
    if with_text.values("author").distinct().count() >= K_ANONYMITY_TEXT:
        learned = sorted(with_text.values_list("learned", flat=True))
    return FeedbackSummary(
        given=figures["given"], authors=authors, rating=rating, learned=learned, kudos=figures["kudos"]
    )
