"""Agreement writes: the first draft, edits as new versions, both confirmations, progress.

An agreement is never changed in place: every edit adds a version (objectives copied with their
stable ``key``) and clears both confirmations. Progress follows an objective's key across
versions and advances only when the taught person confirms it, never by the teacher's word.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.core.errors import DomainError
from ponte.people.choices import Channel
from ponte.people.models import Person
from ponte.skills.models import Skill

from .models import Agreement, Direction, Objective, ObjectiveProgress, Pair, PairStatus

#: The directions in display order and which facts key of the pair's matching holds their gains.
FACTS_KEY = {Direction.JUNIOR_TO_SENIOR: "junior_teaches", Direction.SENIOR_TO_JUNIOR: "senior_teaches"}
TEXT_MAX_LENGTH = 1000


@dataclass(frozen=True)
class ObjectiveChange:
    """An edit to one objective of the current version, found by its key."""

    key: uuid.UUID
    target_level: int
    success: str


def current_agreement(pair: Pair) -> Agreement | None:
    return Agreement.objects.filter(pair=pair).order_by("-version").first()


def taught_person_id(pair: Pair, direction: str) -> int:
    """The learner of an objective: the senior when the junior teaches, the junior otherwise."""
    return pair.senior_id if direction == Direction.JUNIOR_TO_SENIOR else pair.junior_id


def max_level(skill: Skill) -> int:
    return int(skill.area.framework.max_level)


def _require_member(pair: Pair, person: Person) -> None:
    if person.pk not in {pair.junior_id, pair.senior_id}:
        raise DomainError(_("Only the two people of the pair can change its agreement."), code="not_in_pair")


def _require_active(pair: Pair) -> None:
    if pair.status != PairStatus.ACTIVE:
        raise DomainError(_("The agreement can change only while the pair is active."), code="not_active")


def _gains(pair: Pair, direction: str) -> list[tuple[Skill, int, int]]:
    facts = pair.facts if isinstance(pair.facts, dict) else {}
    raw = facts.get(FACTS_KEY[Direction(direction)], [])
    wanted: list[tuple[int, int, int]] = []
    for gain in raw if isinstance(raw, list) else []:
        try:
            wanted.append((int(gain["skill"]), int(gain["from"]), int(gain["to"])))
        except (KeyError, TypeError, ValueError):
            continue
    skills = (
        Skill.objects.visible_to(pair.organization)
        .select_related("area__framework")
        .in_bulk([skill_id for skill_id, _from, _to in wanted])
    )
    gains = []
    for skill_id, start, target in wanted:
        skill = skills.get(skill_id)
        if skill is None:
            continue
        top = max_level(skill)
        start = max(0, min(start, top - 1))
        target = min(max(target, start + 1), top)
        gains.append((skill, start, target))
    return gains


def _fallback(pair: Pair, direction: str) -> list[tuple[Skill, int, int]]:
    areas = pair.program.junior_skills if direction == Direction.JUNIOR_TO_SENIOR else pair.program.senior_skills
    skill = areas.select_related("area__framework").first()
    if skill is None:
        return []
    return [(skill, 1, min(3, max_level(skill)))]


def _common_channels(pair: Pair) -> list[str]:
    theirs = set(pair.senior.channels or [])
    return [channel for channel in (pair.junior.channels or []) if channel in theirs]


@transaction.atomic
def agreement_draft(*, pair: Pair, by: Person) -> Agreement:
    """Version 1 from the matching facts and the program's rhythm; the existing one if already drafted."""
    _require_member(pair, by)
    _require_active(pair)
    existing = current_agreement(pair)
    if existing is not None:
        return existing
    Pair.objects.select_for_update().filter(pk=pair.pk).first()
    existing = current_agreement(pair)
    if existing is not None:
        return existing
    agreement = Agreement.objects.create(
        organization=pair.organization,
        pair=pair,
        version=1,
        cadence_days=pair.program.cadence_days,
        meeting_minutes=pair.program.meeting_minutes,
        channels=_common_channels(pair),
        created_by=by,
    )
    for direction in (Direction.JUNIOR_TO_SENIOR, Direction.SENIOR_TO_JUNIOR):
        gains = _gains(pair, direction) or _fallback(pair, direction)
        Objective.objects.bulk_create(
            Objective(
                agreement=agreement,
                key=uuid.uuid4(),
                direction=direction,
                skill=skill,
                start_level=start,
                target_level=target,
                position=position,
            )
            for position, (skill, start, target) in enumerate(gains[:3])
        )
    return agreement


def agreement_confirm(*, agreement: Agreement, person: Person) -> Agreement:
    """One person confirms this version; only the current version can be confirmed."""
    pair = agreement.pair
    _require_member(pair, person)
    _require_active(pair)
    field = "junior_confirmed_at" if person.pk == pair.junior_id else "senior_confirmed_at"
    with transaction.atomic():
        latest = Agreement.objects.filter(pair=pair).aggregate(v=Max("version"))["v"]
        if latest != agreement.version:
            raise DomainError(_("This agreement has changed since: read the new version first."), code="stale")
        Agreement.objects.filter(pk=agreement.pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()})
    agreement.refresh_from_db()
    return agreement


def agreement_change(
    *,
    agreement: Agreement,
    by: Person,
    cadence_days: int,
    meeting_minutes: int,
    channels: list[str],
    confidentiality_note: str,
    objectives: list[ObjectiveChange],
) -> Agreement:
    """A new version with the changes, objectives copied by key; both confirmations cleared."""
    pair = agreement.pair
    _require_member(pair, by)
    _require_active(pair)
    by_key = {change.key: change for change in objectives}
    old = list(agreement.objectives.select_related("skill__area__framework"))
    for objective in old:
        change = by_key.get(objective.key)
        if change is None:
            continue
        if not objective.start_level < change.target_level <= max_level(objective.skill):
            raise DomainError(
                _("The target level must be above the starting level and at most the framework's highest."),
                code="target",
            )
        if len(change.success) > TEXT_MAX_LENGTH:
            raise DomainError(_("What success looks like is too long."), code="success")
    if len(confidentiality_note) > TEXT_MAX_LENGTH:
        raise DomainError(_("The confidentiality note is too long."), code="note")
    try:
        with transaction.atomic():
            latest = Agreement.objects.filter(pair=pair).aggregate(v=Max("version"))["v"]
            if latest != agreement.version:
                raise DomainError(_("This agreement has changed since: read the new version first."), code="stale")
            new = Agreement.objects.create(
                organization=agreement.organization,
                pair=pair,
                version=agreement.version + 1,
                cadence_days=cadence_days,
                meeting_minutes=meeting_minutes,
                channels=list(channels),
                confidentiality_note=confidentiality_note,
                created_by=by,
            )
            copies = []
            for objective in old:
                change = by_key.get(objective.key)
                copies.append(
                    Objective(
                        agreement=new,
                        key=objective.key,
                        direction=objective.direction,
                        skill=objective.skill,
                        start_level=objective.start_level,
                        target_level=change.target_level if change else objective.target_level,
                        success=change.success if change else objective.success,
                        position=objective.position,
                    )
                )
            Objective.objects.bulk_create(copies)
    except IntegrityError as error:
        raise DomainError(_("This agreement has changed since: read the new version first."), code="stale") from error
    return new


def confirmed_levels(pair: Pair) -> dict[uuid.UUID, int]:
    """The highest level the taught person confirmed, per objective key."""
    rows = ObjectiveProgress.objects.filter(pair=pair).values("objective_key").annotate(level=Max("level")).order_by()
    return {row["objective_key"]: row["level"] for row in rows}


@transaction.atomic
def objective_progress_confirm(
    *, pair: Pair, objective_key: uuid.UUID, person: Person, level: int, note: str = ""
) -> ObjectiveProgress:
    """The taught person confirms a level reached: between start and target, never going back."""
    _require_active(pair)
    agreement = current_agreement(pair)
    objective = agreement.objectives.filter(key=objective_key).first() if agreement else None
    if objective is None:
        raise DomainError(_("This objective is not part of the agreement."), code="objective")
    if person.pk != taught_person_id(pair, objective.direction):
        raise DomainError(_("Only the person who is learning can confirm progress."), code="not_taught")
    if not objective.start_level < level <= objective.target_level:
        raise DomainError(_("Choose a level between the starting level and the target."), code="level")
    if len(note) > TEXT_MAX_LENGTH:
        raise DomainError(_("The note is too long."), code="note")
    Pair.objects.select_for_update().filter(pk=pair.pk).first()
    reached = confirmed_levels(pair).get(objective.key, objective.start_level)
    if level <= reached:
        raise DomainError(
            _("Progress only moves forward: choose a level above the one already confirmed."), code="back"
        )
    return ObjectiveProgress.objects.create(
        organization=pair.organization,
        pair=pair,
        objective_key=objective.key,
        level=level,
        confirmed_by=person,
        note=note,
    )


def pair_reciprocity(pair: Pair) -> tuple[bool, bool]:
    """Whether the junior→senior and the senior→junior directions each have confirmed progress."""
    return pairs_reciprocity([pair.pk]).get(pair.pk, (False, False))


def pairs_reciprocity(pair_ids: list[int]) -> dict[int, tuple[bool, bool]]:
    """``pair_reciprocity`` for many pairs in two queries (pairs without progress are left out)."""
    progressed = set(
        ObjectiveProgress.objects.filter(pair__in=pair_ids).values_list("pair_id", "objective_key").distinct()
    )
    if not progressed:
        return {}
    keys = {key for _pair, key in progressed}
    directions: dict[int, set[str]] = {}
    for pair_id, key, direction in Objective.objects.filter(agreement__pair__in=pair_ids, key__in=keys).values_list(
        "agreement__pair_id", "key", "direction"
    ):
        if (pair_id, key) in progressed:
            directions.setdefault(pair_id, set()).add(direction)
    return {
        pair_id: (Direction.JUNIOR_TO_SENIOR in found, Direction.SENIOR_TO_JUNIOR in found)
        for pair_id, found in directions.items()
    }


def _channel_names(codes: list[str]) -> str:
    known = set(Channel.values)
    return ", ".join(str(Channel(code).label) for code in codes or [] if code in known)


def agreement_changes(older: Agreement, newer: Agreement) -> list[dict[str, Any]]:
    """What differs between two versions, as (label, before, after) for the history page."""
    changes: list[dict[str, Any]] = []
    for field, label in (
        ("cadence_days", _("Meet every (days)")),
        ("meeting_minutes", _("Meeting length (minutes)")),
        ("channels", _("Channels")),
        ("confidentiality_note", _("Confidentiality")),
    ):
        before, after = getattr(older, field), getattr(newer, field)
        if field == "channels":
            before, after = _channel_names(before), _channel_names(after)
        if before != after:
            changes.append({"label": label, "before": before, "after": after})
    before_objectives = {o.key: o for o in older.objectives.select_related("skill")}
    for objective in newer.objectives.select_related("skill"):
        previous = before_objectives.get(objective.key)
        if previous is None:
            continue
        if previous.target_level != objective.target_level:
            changes.append(
                {
                    "label": _("Target level for %(skill)s") % {"skill": objective.skill.name},
                    "before": previous.target_level,
                    "after": objective.target_level,
                }
            )
        if previous.success != objective.success:
            changes.append(
                {
                    "label": _("What success looks like for %(skill)s") % {"skill": objective.skill.name},
                    "before": previous.success,
                    "after": objective.success,
                }
            )
    return changes
