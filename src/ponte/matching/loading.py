"""Database → engine arrays: a program's approved enrolments as a :class:`~ponte.matching.Cohort`.

A constant number of queries whatever the cohort size (enrolments with their people, enrolment skills,
the program's learning areas, availability windows, the organisation's manager links, wishes and
manager decisions); everything else is dictionaries and NumPy.

Rules applied here (documented in one place):

* **"Either" enrolments** are given a side before matching. A person whose skills fit one side only
  (``offers ∩ junior skills`` + ``wants ∩ senior skills`` versus ``offers ∩ senior skills`` +
  ``wants ∩ junior skills``) goes to that side; everybody else goes where the cohort is short of people:
  to the junior side while the junior places (juniors × seniors per junior) are fewer than the seniors,
  otherwise to the senior side (ties: the better skill fit, then junior). People are taken in enrolment
  order, so the rule is deterministic. Sides already fixed elsewhere (a pinned pair, an open pair)
  win over the rule for "either" people. Once placed, an "either" person's skills are narrowed to that
  side's learning areas.
* **Availability** windows are turned into UTC hour bits of one reference week: the week the program
  starts (or, without a start date, the current week), in each person's own time zone. A window counts
  the whole hours it touches (09:30–11:00 → 9 and 10).
* **Channels**: rank = position in ``Person.channels`` (1 = favourite); unlisted channels are not
  acceptable. Somebody who listed no channel accepts all of them equally.
* **Reporting line**: the manager chain is walked up to ``program.reporting_line_depth`` levels from one
  ``(id, manager_id)`` query over the organisation. An "allow despite the reporting line" decision
  exempts exactly that couple: the other person's id is blanked in each of the two chains, so the rule
  still holds between each of them and everybody else.
* **Decisions**: "forbid" decisions are forbidden pairs (either orientation), "pin" decisions are pinned
  pairs (the senior's single place and the junior's places permitting; conflicting pins are dropped,
  oldest first wins).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.utils import timezone

from ponte.people.models import AvailabilityWindow, Person
from ponte.programs.models import (
    Enrolment,
    EnrolmentRole,
    EnrolmentSkill,
    EnrolmentStatus,
    EnrolmentWish,
    Program,
    SkillDirection,
    WishKind,
)

from .models import DecisionKind, PairDecision
from .scoring import weekly_mask_utc
from .types import CHANNELS, MASK_WORDS, Cohort, Rules, Side, Weights

JUNIOR = "junior"
SENIOR = "senior"

type PersonPair = tuple[int, int]  # (junior person id, senior person id)


@dataclass
class LoadedCohort:
    """A cohort of arrays and the maps back to the database rows."""

    program: Program
    cohort: Cohort
    juniors: list[Enrolment]  # row → enrolment (with .person loaded)
    seniors: list[Enrolment]
    skill_ids: list[int]  # skill column → Skill id
    languages: list[str]  # language bit → language code
    reference_monday: date
    either_sides: dict[int, str] = field(default_factory=dict)  # enrolment id → side chosen for "either"
    exempt: set[PersonPair] = field(default_factory=set)  # reporting-line exemptions applied
    junior_row: dict[int, int] = field(default_factory=dict)  # person id → junior row
    senior_row: dict[int, int] = field(default_factory=dict)  # person id → senior row

    def rows_of(self, couples: Iterable[PersonPair]) -> np.ndarray:
        """(n, 2) rows of the (junior person, senior person) couples present on the right sides."""
        rows = [
            (self.junior_row[j], self.senior_row[s])
            for j, s in couples
            if j in self.junior_row and s in self.senior_row
        ]
        return np.array(rows, dtype=np.int64).reshape(-1, 2)


def reference_monday(program: Program, today: date | None = None) -> date:
    """Monday of the program's start week (or of the current week without a start date)."""
    day = program.starts_on or today or timezone.localdate()
    return day - timedelta(days=day.weekday())


def engine_weights(program: Program, stickiness: float = 0.0) -> Weights:
    """The program's weights, normalised to sum to 1 so scores (and ``min_score``) are in [0, 1]."""
    raw = [
        program.weight_forward,
        program.weight_reverse,
        program.weight_availability,
        program.weight_channel,
        program.weight_language,
        program.weight_wish,
    ]
    total = sum(raw) or 1.0
    f, r, a, c, lang, w = (value / total for value in raw)
    return Weights(forward=f, reverse=r, availability=a, channel=c, language=lang, wish=w, stickiness=stickiness)


def engine_rules(program: Program) -> Rules:
    return Rules(
        forbid_same_department=program.require_different_department,
        reporting_depth=program.reporting_line_depth if program.forbid_reporting_line else 0,
        require_availability=True,
        max_utc_distance_hours=float(program.max_time_zone_hours) if program.max_time_zone_hours is not None else None,
        min_score=program.min_score,
        combine="min" if program.skill_combine == "min" else "sum",
    )


def window_hours(start: time, end: time) -> tuple[int, int]:
    """Whole hours a window touches: floor of the start, ceiling of the end (24 at most)."""
    end_hour = end.hour + (1 if (end.minute or end.second) else 0)
    return start.hour, min(24, max(end_hour, start.hour))


def _offset_minutes(tz_name: str, monday: date) -> int:
    moment = datetime.combine(monday, time(12), tzinfo=UTC).astimezone(ZoneInfo(tz_name))
    offset = moment.utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def _manager_chains(organization_id: int, people: Iterable[int], depth: int) -> dict[int, list[int]]:
    """person id → [manager, skip-level, …] (``depth`` long, −1 padded), from one query."""
    parent = dict(Person.objects.filter(organization_id=organization_id).values_list("id", "manager_id"))
    chains: dict[int, list[int]] = {}
    for person in people:
        chain: list[int] = []
        current = parent.get(person)
        seen = {person}
        while current is not None and len(chain) < depth and current not in seen:
            chain.append(current)
            seen.add(current)
            current = parent.get(current)
        chains[person] = chain + [-1] * (depth - len(chain))
    return chains


def _resolve_sides(
    enrolments: list[Enrolment],
    skills: Mapping[int, list[tuple[int, str, int, int]]],
    junior_skills: set[int],
    senior_skills: set[int],
    capacity: int,
    fixed: Mapping[int, str],
) -> dict[int, str]:
    """enrolment id → side, for every enrolment (see the module docstring for the rule)."""
    sides: dict[int, str] = {}
    either: list[Enrolment] = []
    for enrolment in enrolments:
        if enrolment.role == EnrolmentRole.JUNIOR:
            sides[enrolment.pk] = JUNIOR
        elif enrolment.role == EnrolmentRole.SENIOR:
            sides[enrolment.pk] = SENIOR
        elif enrolment.person_id in fixed:
            sides[enrolment.pk] = fixed[enrolment.person_id]
        else:
            either.append(enrolment)
    n_junior = sum(1 for side in sides.values() if side == JUNIOR)
    n_senior = len(sides) - n_junior
    for enrolment in either:
        rows = skills.get(enrolment.pk, [])
        as_junior = sum(
            1
            for skill, direction, _level, _target in rows
            if (direction == SkillDirection.OFFER and skill in junior_skills)
            or (direction == SkillDirection.WANT and skill in senior_skills)
        )
        as_senior = sum(
            1
            for skill, direction, _level, _target in rows
            if (direction == SkillDirection.OFFER and skill in senior_skills)
            or (direction == SkillDirection.WANT and skill in junior_skills)
        )
        if as_junior and not as_senior:
            side = JUNIOR
        elif as_senior and not as_junior:
            side = SENIOR
        elif n_junior * capacity < n_senior:
            side = JUNIOR
        elif n_junior * capacity > n_senior:
            side = SENIOR
        else:
            side = SENIOR if as_senior > as_junior else JUNIOR
        sides[enrolment.pk] = side
        if side == JUNIOR:
            n_junior += 1
        else:
            n_senior += 1
    return sides


def load_cohort(
    program: Program,
    *,
    accepted: Iterable[PersonPair] = (),
    forbidden: Iterable[PersonPair] = (),
    previous: Iterable[PersonPair] = (),
    fixed_sides: Mapping[int, str] | None = None,
    today: date | None = None,
) -> LoadedCohort:
    """The program's APPROVED enrolments as engine arrays.

    ``accepted``: couples that must stay (open pairs when re-matching): pinned first, before the
    managers' pins. ``forbidden``: extra couples to exclude (declined or expired proposals).
    ``previous``: couples that get the stickiness bonus. ``fixed_sides``: person id → "junior"/"senior"
    for people whose side is already decided.
    """
    accepted = list(accepted)
    decisions = list(
        PairDecision.objects.filter(program=program)
        .order_by("created_at", "pk")
        .values_list("junior_id", "senior_id", "kind")
    )
    fixed: dict[int, str] = {}
    for j, s, kind in decisions:
        if kind == DecisionKind.PIN:
            fixed.setdefault(j, JUNIOR)
            fixed.setdefault(s, SENIOR)
    for j, s in accepted:
        fixed[j], fixed[s] = JUNIOR, SENIOR
    fixed.update(fixed_sides or {})

    enrolments = list(
        Enrolment.objects.filter(program=program, status=EnrolmentStatus.APPROVED)
        .select_related("person")
        .order_by("pk")
    )
    skill_rows: dict[int, list[tuple[int, str, int, int]]] = {}
    for enrolment_id, skill_id, direction, level, target in EnrolmentSkill.objects.filter(
        enrolment__program=program, enrolment__status=EnrolmentStatus.APPROVED
    ).values_list("enrolment_id", "skill_id", "direction", "level", "target_level"):
        skill_rows.setdefault(enrolment_id, []).append((skill_id, direction, level, target))
    junior_skills = set(program.junior_skills.values_list("pk", flat=True))
    senior_skills = set(program.senior_skills.values_list("pk", flat=True))
    capacity = int(program.junior_capacity)
    sides = _resolve_sides(enrolments, skill_rows, junior_skills, senior_skills, capacity, fixed)

    juniors = [e for e in enrolments if sides[e.pk] == JUNIOR]
    seniors = [e for e in enrolments if sides[e.pk] == SENIOR]
    either_sides = {e.pk: sides[e.pk] for e in enrolments if e.role == EnrolmentRole.EITHER}

    # narrow an "either" person's skills to the side they were given
    def kept(enrolment: Enrolment) -> list[tuple[int, str, int, int]]:
        rows = skill_rows.get(enrolment.pk, [])
        if enrolment.role != EnrolmentRole.EITHER:
            return rows
        teach, learn = (
            (junior_skills, senior_skills) if sides[enrolment.pk] == JUNIOR else (senior_skills, junior_skills)
        )
        return [
            row
            for row in rows
            if (row[1] == SkillDirection.OFFER and (not teach or row[0] in teach))
            or (row[1] == SkillDirection.WANT and (not learn or row[0] in learn))
        ]

    skill_ids = sorted(junior_skills | senior_skills | {row[0] for rows in skill_rows.values() for row in rows})
    skill_col = {skill: k for k, skill in enumerate(skill_ids)}

    person_ids = [e.person_id for e in enrolments]
    windows: dict[int, list[tuple[int, int, int]]] = {}
    for person_id, weekday, start, end in AvailabilityWindow.objects.filter(
        person__enrolments__program=program, person__enrolments__status=EnrolmentStatus.APPROVED
    ).values_list("person_id", "weekday", "start", "end"):
        windows.setdefault(person_id, []).append((weekday, *window_hours(start, end)))

    depth = int(program.reporting_line_depth) if program.forbid_reporting_line else 0
    chains = _manager_chains(program.organization_id, person_ids, max(depth, 1))

    languages = sorted({code for e in enrolments for code in (e.person.languages or [])})[:64]
    language_bit = {code: i for i, code in enumerate(languages)}
    monday = reference_monday(program, today)
    mask_cache: dict[tuple[str, tuple[tuple[int, int, int], ...]], np.ndarray] = {}
    offset_cache: dict[str, int] = {}

    def side(rows: list[Enrolment], cap: int) -> Side:
        n, k = len(rows), len(skill_ids)
        offer = np.zeros((n, k), dtype=np.uint8)
        want_from = np.zeros((n, k), dtype=np.uint8)
        want_to = np.zeros((n, k), dtype=np.uint8)
        availability = np.zeros((n, MASK_WORDS), dtype=np.uint64)
        channels = np.zeros((n, len(CHANNELS)), dtype=np.uint8)
        langs = np.zeros(n, dtype=np.uint64)
        department = np.full(n, -1, dtype=np.int64)
        managers = np.full((n, max(depth, 1)), -1, dtype=np.int64)
        offsets = np.zeros(n, dtype=np.int64)
        for i, enrolment in enumerate(rows):
            person = enrolment.person
            for skill, direction, level, target in kept(enrolment):
                col = skill_col[skill]
                if direction == SkillDirection.OFFER:
                    offer[i, col] = min(level, 8)
                else:
                    want_from[i, col] = min(level, 8)
                    want_to[i, col] = min(target, 8)
            key = (person.time_zone, tuple(sorted(windows.get(person.pk, []))))
            if key not in mask_cache:
                mask_cache[key] = weekly_mask_utc(key[1], person.time_zone, monday)
            availability[i] = mask_cache[key]
            listed = [code for code in (person.channels or []) if code in CHANNELS]
            if listed:
                for rank, code in enumerate(dict.fromkeys(listed), start=1):
                    channels[i, CHANNELS.index(code)] = rank
            else:
                channels[i, :] = 1
            bits = 0
            for code in person.languages or []:
                if code in language_bit:
                    bits |= 1 << language_bit[code]
            langs[i] = bits
            department[i] = person.department_id if person.department_id is not None else -1
            if depth:
                managers[i] = chains[person.pk][:depth]
            if person.time_zone not in offset_cache:
                offset_cache[person.time_zone] = _offset_minutes(person.time_zone, monday)
            offsets[i] = offset_cache[person.time_zone]
        return Side(
            offer=offer,
            want_from=want_from,
            want_to=want_to,
            availability=availability,
            channels=channels,
            languages=langs,
            department=department,
            person_id=np.array([e.person_id for e in rows], dtype=np.int64),
            managers=managers,
            utc_offset_minutes=offsets,
            capacity=np.full(n, cap, dtype=np.int64),
        )

    junior_side = side(juniors, capacity)
    senior_side = side(seniors, 1)
    junior_row = {e.person_id: i for i, e in enumerate(juniors)}
    senior_row = {e.person_id: i for i, e in enumerate(seniors)}

    # "allow despite the reporting line": blank each other's id in the two chains
    exempt: set[PersonPair] = set()
    if depth:
        for j, s, kind in decisions:
            if kind != DecisionKind.ALLOW_REPORTING_LINE:
                continue
            for a, b in ((j, s), (s, j)):
                for chain_rows, row_of in ((junior_side.managers, junior_row), (senior_side.managers, senior_row)):
                    if a in row_of:
                        chain = chain_rows[row_of[a]]
                        chain[chain == b] = -1
            exempt.add((j, s))

    wishes = EnrolmentWish.objects.filter(
        enrolment__program=program, enrolment__status=EnrolmentStatus.APPROVED
    ).values_list("enrolment__person_id", "person_id", "kind")
    prefer: list[PersonPair] = []
    avoid: list[PersonPair] = []
    for owner, other, kind in wishes:
        bucket = prefer if kind == WishKind.PREFER else avoid
        bucket.extend([(owner, other), (other, owner)])  # whichever orientation matches the sides

    loaded = LoadedCohort(
        program=program,
        cohort=Cohort(juniors=junior_side, seniors=senior_side),
        juniors=juniors,
        seniors=seniors,
        skill_ids=skill_ids,
        languages=languages,
        reference_monday=monday,
        either_sides=either_sides,
        exempt=exempt,
        junior_row=junior_row,
        senior_row=senior_row,
    )
    forbid = [(j, s) for j, s, kind in decisions if kind == DecisionKind.FORBID]
    forbid += [(s, j) for j, s in forbid]
    forbid += list(forbidden)

    # pins: accepted couples first, then managers' pins, within capacities
    taken_j: dict[int, int] = {}
    taken_s: set[int] = set()
    pinned: list[tuple[int, int]] = []
    pin_couples = [*accepted, *((j, s) for j, s, kind in decisions if kind == DecisionKind.PIN)]
    forbidden_set = {(j, s) for j, s in forbid} - set(accepted)
    for j, s in pin_couples:
        if j not in junior_row or s not in senior_row:
            continue
        row = (junior_row[j], senior_row[s])
        if row in pinned or s in taken_s or taken_j.get(j, 0) >= capacity:
            continue
        if (j, s) in forbidden_set:
            continue
        pinned.append(row)
        taken_s.add(s)
        taken_j[j] = taken_j.get(j, 0) + 1

    loaded.cohort = Cohort(
        juniors=junior_side,
        seniors=senior_side,
        prefer=_unique(loaded.rows_of(prefer)),
        avoid=_unique(loaded.rows_of(avoid)),
        forbidden=_unique(loaded.rows_of([c for c in forbid if c not in set(accepted)])),
        pinned=np.array(pinned, dtype=np.int64).reshape(-1, 2),
        previous=_unique(loaded.rows_of(previous)),
    )
    return loaded


def _unique(pairs: np.ndarray) -> np.ndarray:
    return np.unique(pairs, axis=0) if len(pairs) else pairs
