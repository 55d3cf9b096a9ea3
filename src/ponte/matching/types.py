"""Plain data types of the matching engine: inputs as NumPy arrays, parameters, results.

Indices, never names: juniors are rows 0..J-1, seniors 0..S-1, skills 0..K-1, languages are bits of
a mask and channels are the five columns of :data:`CHANNELS`. The Django layer maps them back.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

CHANNELS: tuple[str, ...] = ("in_person", "video", "phone", "chat", "email")
LEVELS = 8  # DigComp proficiency levels 1..8 (0 = none)
HOURS_PER_WEEK = 168
MASK_WORDS = 3  # 168 hour bits in three uint64 words

#: Weight of the channel ranked 1st, 2nd, ... 5th (0 = not acceptable), before L2 normalisation.
RANK_WEIGHTS: tuple[float, ...] = (0.0, 1.0, 0.75, 0.5, 0.35, 0.25)

#: Order of the component columns of :attr:`MatchResult.components` and :func:`score_pairs`.
COMPONENTS: tuple[str, ...] = ("forward", "reverse", "availability", "channel", "language", "wish", "stickiness")

Pairs = NDArray[np.int64]  # shape (n, 2): (junior index, senior index)
IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


class Reason(enum.IntFlag):
    """Why a junior–senior pair is not allowed (bit flags: a pair can fail several rules)."""

    NONE = 0
    SAME_DEPARTMENT = 1
    REPORTING_LINE = 2
    NO_SHARED_LANGUAGE = 4
    AVOID_WISH = 8
    FORBIDDEN = 16
    TIME_ZONE_DISTANCE = 32
    NO_AVAILABILITY_OVERLAP = 64
    BELOW_MIN_SCORE = 128


class Status(enum.IntEnum):
    """Outcome for one person after a run ("why wasn't I matched?")."""

    MATCHED = 0
    NO_ALLOWED_PARTNER = 1  # every possible partner is excluded by a hard rule
    ALL_BELOW_THRESHOLD = 2  # some partners are allowed, all score below the minimum
    CAPACITY_TAKEN = 3  # allowed partners exist; they went to pairs that scored better overall


def _empty_pairs() -> Pairs:
    return np.zeros((0, 2), dtype=np.int64)


@dataclass(frozen=True)
class Side:
    """One side of the cohort (juniors or seniors), one row per person.

    offer:        (n, K) uint8, level the person can teach (0 = not offered, 1..8).
    want_from:    (n, K) uint8, current level of a wanted skill.
    want_to:      (n, K) uint8, target level (0 = not wanted; a want counts when want_to > want_from).
    availability: (n, 3) uint64, UTC hour bits of the reference week (see :func:`weekly_mask_utc`).
    channels:     (n, 5) uint8, rank of each channel of :data:`CHANNELS` (1 = favourite, 0 = not acceptable).
    languages:    (n,) uint64, bit i set when the person speaks language i.
    department:   (n,) int64 department id (-1 = unknown, never equal to anything).
    person_id:    (n,) int64 ids used by the manager chains (unique across both sides).
    managers:     (n, D) int64 manager chain: column 0 = manager, 1 = skip-level, ... (-1 = none).
    utc_offset_minutes: (n,) int64, current UTC offset (only for the time-zone distance rule).
    capacity:     (n,) int64, how many partners the person may get (juniors 1..3, seniors 1).
    """

    offer: NDArray[np.uint8]
    want_from: NDArray[np.uint8]
    want_to: NDArray[np.uint8]
    availability: NDArray[np.uint64]
    channels: NDArray[np.uint8]
    languages: NDArray[np.uint64]
    department: IntArray
    person_id: IntArray
    managers: IntArray
    utc_offset_minutes: IntArray
    capacity: IntArray

    def __len__(self) -> int:
        return int(self.offer.shape[0])

    @property
    def n_skills(self) -> int:
        return int(self.offer.shape[1])

    def take(self, idx: IntArray) -> Side:
        """The sub-side of the rows ``idx`` (in that order)."""
        return Side(
            offer=self.offer[idx],
            want_from=self.want_from[idx],
            want_to=self.want_to[idx],
            availability=self.availability[idx],
            channels=self.channels[idx],
            languages=self.languages[idx],
            department=self.department[idx],
            person_id=self.person_id[idx],
            managers=self.managers[idx],
            utc_offset_minutes=self.utc_offset_minutes[idx],
            capacity=self.capacity[idx],
        )

    def validate(self, name: str) -> None:
        n, k = self.offer.shape
        checks: list[tuple[bool, str]] = [
            (self.want_from.shape == (n, k) and self.want_to.shape == (n, k), "want arrays must be (n, K)"),
            (self.availability.shape == (n, MASK_WORDS), "availability must be (n, 3) uint64"),
            (self.channels.shape == (n, len(CHANNELS)), "channels must be (n, 5)"),
            (self.languages.shape == (n,), "languages must be (n,)"),
            (self.department.shape == (n,) and self.person_id.shape == (n,), "department/person_id must be (n,)"),
            (self.managers.ndim == 2 and self.managers.shape[0] == n, "managers must be (n, D)"),
            (self.utc_offset_minutes.shape == (n,) and self.capacity.shape == (n,), "offset/capacity must be (n,)"),
            (bool(np.all(self.offer <= LEVELS)) and bool(np.all(self.want_to <= LEVELS)), "levels must be 0..8"),
            (bool(np.all(self.capacity >= 0)), "capacity must be >= 0"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"{name}: {message}")


@dataclass(frozen=True)
class Cohort:
    """Everything the engine needs about one program's enrolled people.

    Pair arrays are (n, 2) int64 of (junior index, senior index).
    prefer:    private "prefer" wishes (either side); a bonus, never a rule.
    avoid:     private "avoid" wishes; a hard rule.
    forbidden: pairs a program manager excluded; a hard rule.
    pinned:    pairs that must be in the solution (accepted pairs, manager overrides); they are kept even
               when a rule would exclude them, and they use up capacity.
    previous:  pairs proposed by an earlier run; they get the stickiness bonus when re-matching.
    """

    juniors: Side
    seniors: Side
    prefer: Pairs = field(default_factory=_empty_pairs)
    avoid: Pairs = field(default_factory=_empty_pairs)
    forbidden: Pairs = field(default_factory=_empty_pairs)
    pinned: Pairs = field(default_factory=_empty_pairs)
    previous: Pairs = field(default_factory=_empty_pairs)

    def validate(self) -> None:
        self.juniors.validate("juniors")
        self.seniors.validate("seniors")
        if self.juniors.n_skills != self.seniors.n_skills:
            raise ValueError("juniors and seniors must share the skill index")
        n_j, n_s = len(self.juniors), len(self.seniors)
        for name in ("prefer", "avoid", "forbidden", "pinned", "previous"):
            pairs = getattr(self, name)
            if pairs.ndim != 2 or pairs.shape[1] != 2:
                raise ValueError(f"{name} must be an (n, 2) array")
            if pairs.size and (
                pairs[:, 0].min() < 0 or pairs[:, 0].max() >= n_j or pairs[:, 1].min() < 0 or pairs[:, 1].max() >= n_s
            ):
                raise ValueError(f"{name} has an index out of range")
        if self.pinned.size:
            seniors, counts = np.unique(self.pinned[:, 1], return_counts=True)
            if np.any(counts > self.seniors.capacity[seniors]):
                raise ValueError("pinned pairs exceed a senior's capacity")
            juniors, counts = np.unique(self.pinned[:, 0], return_counts=True)
            if np.any(counts > self.juniors.capacity[juniors]):
                raise ValueError("pinned pairs exceed a junior's capacity")
            if len(np.unique(self.pinned[:, 0] * n_s + self.pinned[:, 1])) != len(self.pinned):
                raise ValueError("a pinned pair is listed twice")


@dataclass(frozen=True)
class Weights:
    """Weights of the score components (each component is in [0, 1]).

    forward:      the junior teaches what the senior wants (the "reverse mentoring" direction).
    reverse:      the senior teaches back what the junior wants (the two-way part).
    availability: shared weekly hours, saturating at :attr:`Rules.saturation_hours`.
    channel:      cosine of rank-weighted channel preferences.
    language:     cosine of the language sets, |shared| / sqrt(|junior's| · |senior's|) (1 = same set).
    wish:         1.0 when either person asked to be paired with the other.
    stickiness:   1.0 for a pair proposed by the previous run (re-matching only; 0 by default).
    The defaults sum to 1.0 without stickiness, so a score is in [0, 1] (+ stickiness).
    """

    forward: float = 0.35
    reverse: float = 0.25
    availability: float = 0.15
    channel: float = 0.10
    language: float = 0.05
    wish: float = 0.10
    stickiness: float = 0.0

    def as_array(self) -> FloatArray:
        return np.array(
            [self.forward, self.reverse, self.availability, self.channel, self.language, self.wish, self.stickiness],
            dtype=np.float64,
        )


@dataclass(frozen=True)
class Rules:
    """Hard rules (edge filters) and the shape of the score.

    forbid_same_department: pairs inside one department are excluded (cross-department exchange).
    reporting_depth:        exclude pairs where one is in the other's manager chain up to this depth
                            (1 = direct manager, 2 = manager and skip-level; 0 = off).
    require_availability:   exclude pairs with no shared weekly hour.
    max_utc_distance_hours: exclude pairs whose UTC offsets differ by more (None = off).
    min_score:              exclude pairs whose total score (bonuses included) is below this.
    saturation_hours:       shared hours per week that count as full availability (1.0).
    combine:                "sum" of the two skill directions, or "min" ("both must gain"): then the
                            skill part is (forward + reverse weight) × min(forward, reverse).
    """

    forbid_same_department: bool = True
    reporting_depth: int = 2
    require_availability: bool = True
    max_utc_distance_hours: float | None = None
    min_score: float = 0.0
    saturation_hours: int = 4
    combine: Literal["sum", "min"] = "sum"


@dataclass(frozen=True)
class SolveOptions:
    """How to solve.

    objective:        "score" maximises the total score; "coverage" first matches the most people,
                      then maximises the score among those solutions.
    full_edge_limit:  use every allowed pair as an edge while J×S is at most this; above, shortlist.
    junior_top / senior_top: the two-sided shortlist (each junior's best seniors ∪ each senior's
                      best juniors).
    verify:           "full" rescoring of all pairs after the sparse solve (pricing: add the pruned
                      pairs that would improve the solution, re-solve, and prove the gap); "bound":
                      a cheap valid bound from the shortlist thresholds only; "auto": full up to
                      ``verify_full_limit`` pairs.
    pricing_rounds:   how many times pruned pairs may be added back and the problem re-solved.
    pricing_margin:   pruned pairs within this reduced cost (score units) are added back too, which
                      usually saves a round.
    block_elements:   how many pair scores one block holds (memory bound: ~13 bytes per element, ~220 MB;
                      big blocks keep the matrix products efficient).
    scale:            scores are integers score × scale inside the min-cost flow.
    """

    objective: Literal["score", "coverage"] = "score"
    full_edge_limit: int = 2_000_000
    junior_top: int = 40
    senior_top: int = 15
    verify: Literal["auto", "full", "bound"] = "auto"
    verify_full_limit: int = 400_000_000
    pricing_rounds: int = 3
    pricing_margin: float = 0.003
    block_elements: int = 1 << 24
    scale: int = 10_000


@dataclass(frozen=True)
class Quality:
    """Figures of one run (shares are in [0, 1], times in seconds)."""

    pairs: int
    pinned_pairs: int
    juniors_matched: float
    seniors_matched: float
    total_score: float
    mean_score: float
    p10_score: float
    min_score: float
    juniors_top1: float  # share of matched juniors whose best partner is their best-scoring candidate
    juniors_top5: float
    seniors_top1: float
    seniors_top5: float
    capacity_use: float  # junior slots used / junior slots
    blocking_pairs: int  # two people who both score each other above what they got
    blocking_scope: Literal["all pairs", "candidate pairs"]
    upper_bound: float  # valid bound on the objective of the full problem (same units as objective)
    objective: float  # the solved objective (score, or score + reward per pair in coverage mode)
    gap: float  # (upper_bound - objective) / objective, >= 0; 0 = proven optimal
    edges: int  # edges given to the solver in the last round
    shortlisted: bool
    pricing_rounds: int
    time_scoring: float
    time_solving: float
    time_bound: float
    time_total: float


@dataclass(frozen=True)
class MatchResult:
    """Pairs chosen by :func:`ponte.matching.match`, sorted by (junior, senior)."""

    junior: IntArray
    senior: IntArray
    score: FloatArray
    components: FloatArray  # (pairs, len(COMPONENTS)) in [0, 1]
    pinned: BoolArray
    junior_status: NDArray[np.int8]  # Status per junior
    senior_status: NDArray[np.int8]
    junior_allowed: IntArray  # partners passing every hard rule (before the minimum score)
    senior_allowed: IntArray
    junior_eligible: IntArray  # partners passing the rules and the minimum score
    senior_eligible: IntArray
    excluded: dict[str, int]  # pairs excluded per reason (a pair can count under several reasons)
    quality: Quality

    def pairs(self) -> Pairs:
        return np.stack([self.junior, self.senior], axis=1)
