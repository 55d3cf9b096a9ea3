"""The participation funnel: how many people reached each step, from invitation to completion.

Each stage counts distinct people and holds only people of the stage before, so the funnel never
widens (someone matched by hand without an enrolment row does not appear out of nowhere). With a
group filter only the people of the group count; for a pair, that is its partner(s) in the group.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ponte.core.privacy import WITHHELD, Measure
from ponte.meetings.models import Meeting, MeetingStatus
from ponte.pairs.models import Pair, PairStatus
from ponte.programs.models import Enrolment, ProgramInvitation

from ..scope import Scope
from ..sections import Funnel, Measures, Row, reviewed

INVITED = "invited"
ENROLLED = "enrolled"
MATCHED = "matched"
ACCEPTED = "accepted"
ACTIVE = "active"
COMPLETED = "completed"

#: The stages, widest first.
STAGES = (INVITED, ENROLLED, MATCHED, ACCEPTED, ACTIVE, COMPLETED)

#: Pairs both partners accepted, whatever happened next.
ACCEPTED_STATUSES = (PairStatus.ACTIVE, PairStatus.COMPLETED, PairStatus.ENDED_EARLY)


@dataclass(frozen=True)
class _PairSide:
    """One partner of one pair, as the funnel needs it."""

    person_id: int
    status: str
    met: bool


def _pair_sides(scope: Scope) -> list[_PairSide]:
    """Every scope pair's partners who are in the group: one query per side."""
    held = Meeting.objects.filter(pair_id=OuterRef("pk"), status=MeetingStatus.HELD)
    pairs = (
        Pair.objects.for_organization(scope.organization)
        .filter(scope.program_q())
        .annotate(met=Exists(held))
        .order_by()
    )
    sides: list[_PairSide] = []
    for side in ("junior", "senior"):
        rows = pairs.filter(scope.person_q(f"{side}__")).values_list(f"{side}_id", "status", "met")
        sides.extend(_PairSide(person_id, status, met) for person_id, status, met in rows)
    return sides


def _stage_people(scope: Scope) -> dict[str, set[int]]:
    """The person ids at each stage, each set narrowed to the stage before it."""
    in_group = scope.person_q("person__")
    enrolled = set(
        Enrolment.objects.for_organization(scope.organization)
        .filter(scope.program_q(), in_group)
        .values_list("person_id", flat=True)
    )
    invited = enrolled | set(
        ProgramInvitation.objects.for_organization(scope.organization)
        .filter(scope.program_q(), in_group)
        .values_list("person_id", flat=True)
    )
    sides = _pair_sides(scope)
    found = {
        INVITED: invited,
        ENROLLED: enrolled,
        MATCHED: {side.person_id for side in sides},
        ACCEPTED: {side.person_id for side in sides if side.status in ACCEPTED_STATUSES},
        ACTIVE: {side.person_id for side in sides if side.status in ACCEPTED_STATUSES and side.met},
        COMPLETED: {side.person_id for side in sides if side.status == PairStatus.COMPLETED},
    }
    stages: dict[str, set[int]] = {}
    previous: set[int] | None = None
    for stage in STAGES:
        stages[stage] = found[stage] if previous is None else found[stage] & previous
        previous = stages[stage]
    return stages


def _measures(scope: Scope) -> Measures:
    return {stage: Measure(len(people), len(people)) for stage, people in _stage_people(scope).items()}


def _labels() -> dict[str, str]:
    return {
        INVITED: _("Invited or signed up"),
        ENROLLED: _("Enrolled"),
        MATCHED: _("Matched"),
        ACCEPTED: pgettext("people at a funnel stage", "Accepted"),
        ACTIVE: _("Met at least once"),
        COMPLETED: pgettext("people at a funnel stage", "Completed"),
    }


def funnel(scope: Scope) -> Funnel:
    """People at each stage of the scope's programs, every count reviewed against the wider views."""
    figures = reviewed(scope, _measures)
    labels = _labels()
    return Funnel(stages=[Row(key=stage, label=labels[stage], figure=figures.get(stage, WITHHELD)) for stage in STAGES])
