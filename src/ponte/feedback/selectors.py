"""Reads of check-ins and closing surveys for program managers: k-anonymous aggregates and the HR
contact list.

Figures appear only when at least ``K_ANONYMITY`` distinct people answered, comments only when at
least ``K_ANONYMITY_TEXT`` distinct people wrote one (quality.md). Comments are listed in text
order, never by date or person, so their order gives nobody away.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q

from ponte.core.privacy import K_ANONYMITY, K_ANONYMITY_TEXT
from ponte.people.models import Person
from ponte.programs.models import Program

from .models import CheckIn, ClosingSurvey


@dataclass(frozen=True)
class CheckInSummary:
    """What a manager may see of a program's check-ins. ``None`` marks a withheld figure."""

    sent: int
    people: int
    answers: int | None
    satisfaction: float | None
    learning: float | None
    comments: list[str] | None = field(default=None)


def program_checkin_summary(program: Program) -> CheckInSummary:
    checkins = CheckIn.objects.for_organization(program.organization).filter(pair__program=program)
    answered = checkins.answered()
    people = answered.values("person").distinct().count()
    if people < K_ANONYMITY:
        return CheckInSummary(
            sent=checkins.exclude(sent_at=None).count(), people=people, answers=None, satisfaction=None, learning=None
        )
    figures = answered.aggregate(n=Count("pk"), satisfaction=Avg("satisfaction"), learning=Avg("learning"))
    with_comment = answered.exclude(comment="")
    comments: list[str] | None = None
    if with_comment.values("person").distinct().count() >= K_ANONYMITY_TEXT:
        comments = sorted(with_comment.values_list("comment", flat=True))
    return CheckInSummary(
        sent=checkins.exclude(sent_at=None).count(),
        people=people,
        answers=figures["n"],
        satisfaction=round(figures["satisfaction"], 1),
        learning=round(figures["learning"], 1),
        comments=comments,
    )


def contact_requests(program: Program, *, viewer: Person | None) -> list[CheckIn]:
    """Answered check-ins whose person asked HR to get in touch, newest first.

    A manager who is in the same pair is the partner first: their partner's answers stay hidden.
    """
    rows = (
        CheckIn.objects.for_organization(program.organization)
        .answered()
        .filter(pair__program=program, contact_hr=True)
        .select_related("person", "pair")
        .order_by("-answered_at", "-pk")
    )
    return [row for row in rows if viewer is None or viewer.pk not in {row.pair.junior_id, row.pair.senior_id}]


@dataclass(frozen=True)
class ClosingSummary:
    """What a manager may see of a program's closing surveys. ``None`` marks a withheld figure."""

    asked: int
    people: int
    satisfaction: float | None = None
    learning: float | None = None
    recommend_percent: int | None = None
    most_valuable: list[str] | None = None


def program_closing_summary(program: Program) -> ClosingSummary:
    """Closing surveys of the program: figures from ``K_ANONYMITY`` people, texts from ``K_ANONYMITY_TEXT``."""
    surveys = ClosingSurvey.objects.for_organization(program.organization).filter(pair__program=program)
    answered = surveys.answered()
    people = answered.values("person").distinct().count()
    asked = surveys.count()
    if people < K_ANONYMITY:
        return ClosingSummary(asked=asked, people=people)
    figures = answered.aggregate(
        satisfaction=Avg("satisfaction"),
        learning=Avg("learning"),
        yes=Count("pk", filter=Q(recommend=True)),
        said=Count("pk", filter=Q(recommend__isnull=False)),
    )
    texts = answered.exclude(most_valuable="")
    most_valuable = None
    if texts.values("person").distinct().count() >= K_ANONYMITY_TEXT:
        most_valuable = sorted(texts.values_list("most_valuable", flat=True))
    return ClosingSummary(
        asked=asked,
        people=people,
        satisfaction=round(figures["satisfaction"], 1),
        learning=round(figures["learning"], 1),
        recommend_percent=round(100 * figures["yes"] / figures["said"]) if figures["said"] else None,
        most_valuable=most_valuable,
    )
