"""Vectorised pair scores: blocks of juniors × all seniors, never a Python loop over pairs.

Skill fit as matrix products. For a wanted skill (current c → target t) and an offer level o the gain
``max(0, min(o, t) − c)`` equals the number of levels l in 1..8 with ``o ≥ l`` and ``c < l ≤ t``; with
one indicator column per (skill, level) the summed gain over skills is one matrix product. Dividing the
"wants" side by the person's total wanted gap makes it a share in [0, 1]. Channel cosines and (with
the weights folded into the junior side) both skill directions share a single product in "sum" mode.
Weekly availability is another product over the hour bits that anyone uses, then saturated.

Speed (100k people are 2.4·10⁹ pairs, so every pass over a block counts): offer-level columns that no
offerer tells apart are merged (fewer product columns, same sums); the rules that depend on one value per
person (department, language set, UTC offset) are penalty columns of the same product instead of
per-pair masks; "no shared hour" is arithmetic, not a masked write; blocks are large enough for efficient
matrix products and reuse their buffers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from .types import (
    HOURS_PER_WEEK,
    LEVELS,
    MASK_WORDS,
    RANK_WEIGHTS,
    BoolArray,
    Cohort,
    FloatArray,
    IntArray,
    Pairs,
    Reason,
    Rules,
    Side,
    Weights,
)

F32 = np.float32
NEG_INF = F32(-np.inf)

# --------------------------------------------------------------------------------------------------
# Weekly availability masks
# --------------------------------------------------------------------------------------------------


def weekly_mask_utc(
    windows: Iterable[tuple[int, int, int]], tz_name: str, reference_monday: date
) -> NDArray[np.uint64]:
    """UTC hour bits (3 uint64 words) of weekly local windows, for one explicit reference week.

    ``windows`` are ``(weekday, start_hour, end_hour)`` in local time (weekday 0 = Monday, end exclusive,
    ``end_hour`` up to 24). Each local hour of the week starting on ``reference_monday`` is converted with
    the zone's rules *of that week*, so the same windows give different UTC hours in a January and a
    July week. Bit ``h`` stands for the hour starting ``h`` hours after Monday 00:00 UTC of the reference
    week; hours falling outside that UTC week wrap around (the schedule repeats weekly). A local hour
    that does not exist (spring-forward gap) maps to the UTC hour it would have with the earlier offset.
    """
    if reference_monday.weekday() != 0:
        raise ValueError("reference_monday must be a Monday")
    zone = ZoneInfo(tz_name)
    start_utc = datetime.combine(reference_monday, time(0), tzinfo=UTC)
    words = [0] * MASK_WORDS
    for weekday, start, end in windows:
        if not (0 <= weekday <= 6 and 0 <= start <= end <= 24):
            raise ValueError(f"bad window {(weekday, start, end)!r}")
        day = reference_monday + timedelta(days=weekday)
        for hour in range(start, end):
            local = datetime.combine(day, time(hour), tzinfo=zone)
            offset = int((local.astimezone(UTC) - start_utc).total_seconds() // 3600) % HOURS_PER_WEEK
            words[offset // 64] |= 1 << (offset % 64)
    return np.array(words, dtype=np.uint64)


def hours_to_mask(hours: Iterable[int]) -> NDArray[np.uint64]:
    """Mask with the given UTC hours of the week (0..167) set."""
    words = [0] * MASK_WORDS
    for hour in hours:
        h = int(hour) % HOURS_PER_WEEK
        words[h // 64] |= 1 << (h % 64)
    return np.array(words, dtype=np.uint64)


def mask_to_hours(mask: NDArray[np.uint64]) -> list[int]:
    """The UTC hours of the week (0..167) set in a mask."""
    return [int(h) for h in np.flatnonzero(mask_bits(mask.reshape(1, MASK_WORDS))[0])]


def mask_bits(masks: NDArray[np.uint64]) -> NDArray[np.uint8]:
    """(n, 3) uint64 masks → (n, 168) 0/1 uint8."""
    as_bytes = np.ascontiguousarray(masks.astype("<u8")).view(np.uint8)
    return np.unpackbits(as_bytes, axis=1, bitorder="little")[:, :HOURS_PER_WEEK]


def popcount(x: NDArray[np.uint64]) -> NDArray[np.uint8]:
    return np.bitwise_count(x)


# --------------------------------------------------------------------------------------------------
# Features
# --------------------------------------------------------------------------------------------------


def _offer_levels(offer: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """(n, K) → (n, K·8): column k·8 + (l−1) is offer ≥ l."""
    levels = np.arange(1, LEVELS + 1, dtype=np.uint8)
    return (offer[:, :, None] >= levels).reshape(offer.shape[0], offer.shape[1] * LEVELS)


def _want_levels(want_from: NDArray[np.uint8], want_to: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """(n, K) → (n, K·8): column k·8 + (l−1) is from < l ≤ to."""
    levels = np.arange(1, LEVELS + 1, dtype=np.uint8)
    return ((want_from[:, :, None] < levels) & (levels <= want_to[:, :, None])).reshape(
        want_from.shape[0], want_from.shape[1] * LEVELS
    )


def wanted_gap(side: Side) -> IntArray:
    """Total wanted levels per person: Σ max(0, to − from)."""
    gap = side.want_to.astype(np.int64) - side.want_from.astype(np.int64)
    return np.clip(gap, 0, None).sum(axis=1)


def channel_vectors(channels: NDArray[np.uint8]) -> FloatArray:
    """Rank-weighted, L2-normalised channel vectors (zero for someone accepting no channel)."""
    vec = np.asarray(RANK_WEIGHTS, dtype=np.float64)[np.clip(channels, 0, len(RANK_WEIGHTS) - 1)]
    norm = np.linalg.norm(vec, axis=1, keepdims=True)
    return np.divide(vec, norm, out=np.zeros_like(vec), where=norm > 0)


def language_vectors(languages: NDArray[np.uint64], n_bits: int) -> FloatArray:
    """Language sets as L2-normalised 0/1 vectors: their dot product is |A∩B| / sqrt(|A|·|B|)."""
    bits = ((languages.astype(np.uint64)[:, None] >> np.arange(n_bits, dtype=np.uint64)) & np.uint64(1)).astype(
        np.float64
    )
    norm = np.sqrt(bits.sum(axis=1, keepdims=True))
    return np.divide(bits, norm, out=np.zeros_like(bits), where=norm > 0)


def _keys(pairs: Pairs, n_seniors: int) -> IntArray:
    return (pairs[:, 0] * n_seniors + pairs[:, 1]).astype(np.int64)


def reporting_pairs(cohort: Cohort, depth: int) -> Pairs:
    """Pairs where one person is in the other's manager chain, up to ``depth`` levels."""
    if depth <= 0:
        return np.zeros((0, 2), dtype=np.int64)
    out: list[Pairs] = []
    for lower, upper, lower_is_junior in (
        (cohort.juniors, cohort.seniors, True),
        (cohort.seniors, cohort.juniors, False),
    ):
        order = np.argsort(upper.person_id, kind="stable")
        sorted_ids = upper.person_id[order]
        chain = lower.managers[:, : min(depth, lower.managers.shape[1])]
        for level in range(chain.shape[1]):
            ids = chain[:, level]
            pos = np.searchsorted(sorted_ids, ids)
            pos = np.clip(pos, 0, max(len(sorted_ids) - 1, 0))
            if len(sorted_ids) == 0:
                continue
            hit = (ids >= 0) & (sorted_ids[pos] == ids)
            low = np.flatnonzero(hit)
            up = order[pos[hit]]
            out.append(np.stack([low, up], axis=1) if lower_is_junior else np.stack([up, low], axis=1))
    if not out:
        return np.zeros((0, 2), dtype=np.int64)
    return np.unique(np.concatenate(out).astype(np.int64), axis=0)


#: Junior classes (departments, language sets, UTC offsets) up to this many become penalty columns of a
#: product; above, the rule is checked pair by pair.
_MAX_PENALTY_CLASSES = 128


def count_true(mask: BoolArray, axis: int) -> IntArray:
    """``np.count_nonzero(mask, axis)``, faster: bytes summed in a narrow integer type."""
    n = mask.shape[axis]
    dtype = np.uint16 if n < (1 << 16) else np.int64
    return np.asarray(mask.view(np.uint8).sum(axis=axis, dtype=dtype), dtype=np.int64)


def _merge_identical(key: NDArray[np.bool_], other: FloatArray) -> tuple[NDArray[np.bool_], FloatArray]:
    """Merge the columns whose ``key`` columns are identical, summing the matching ``other`` columns.

    ``key @ other.T`` is unchanged (each product is the same sum, grouped), with fewer columns.
    """
    if key.shape[0] == 0 or key.shape[1] <= 1:
        return key, other
    uniq, inverse = np.unique(key.T, axis=0, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    onehot = (inverse[:, None] == np.arange(len(uniq))[None, :]).astype(np.float64)
    return np.ascontiguousarray(uniq.T), other @ onehot


def _skill_pair(
    offer: NDArray[np.bool_], wants: NDArray[np.bool_], gap: IntArray, offer_first: bool
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Compact features of one skill direction: (offer side, want side as a share of the wanted gap).

    Columns nobody uses on one side are dropped and offer columns that are identical (levels below
    everyone's lowest offered level) are merged, summing the want side's columns.
    """
    cols = offer.any(axis=0) & wants.any(axis=0)
    key, counts = _merge_identical(offer[:, cols], wants[:, cols].astype(np.float64))
    inv = np.divide(1.0, gap, out=np.zeros(gap.shape, dtype=np.float64), where=gap > 0)
    share = (counts * inv[:, None]).astype(F32)
    offer_f = key.astype(F32)
    return (offer_f, share) if offer_first else (share, offer_f)


def _class_columns(
    values_j: NDArray[np.generic], values_s: NDArray[np.generic], violates: Callable[..., BoolArray], penalty: float
) -> tuple[NDArray[np.float32], NDArray[np.float32]] | None:
    """One-hot junior classes and, per senior, −penalty where the class violates a rule (None: too many)."""
    classes, inverse = np.unique(values_j, return_inverse=True)
    if len(classes) > _MAX_PENALTY_CLASSES:
        return None
    inverse = np.asarray(inverse).reshape(-1)
    onehot = (inverse[:, None] == np.arange(len(classes))[None, :]).astype(F32)
    return onehot, (violates(values_s[:, None], classes[None, :]) * F32(-penalty)).astype(F32)


def _violations_per_junior(
    values_j: NDArray[np.generic], values_s: NDArray[np.generic], violates: Callable[..., BoolArray]
) -> IntArray:
    """For each junior, how many seniors violate a rule that depends only on one value per person."""
    cj, inv_j = np.unique(values_j, return_inverse=True)
    cs, count_s = np.unique(values_s, return_counts=True)
    per_class = np.zeros(len(cj), dtype=np.int64)
    step = max(1, (1 << 22) // max(1, len(cs)))
    for c0 in range(0, len(cj), step):
        per_class[c0 : c0 + step] = (violates(cj[c0 : c0 + step, None], cs[None, :]) * count_s[None, :]).sum(axis=1)
    return per_class[np.asarray(inv_j).reshape(-1)] if len(values_j) else np.zeros(0, dtype=np.int64)


def _no_shared_language(a: NDArray[np.generic], b: NDArray[np.generic]) -> BoolArray:
    return np.asarray((np.bitwise_and(a, b)) == 0)


def _same_department(a: NDArray[np.generic], b: NDArray[np.generic]) -> BoolArray:
    return np.asarray(np.equal(a, b))


@dataclass
class Prepared:
    """Features of a cohort ready for block scoring (see :func:`prepare`).

    Hard rules that depend on one value per person (department, language set, UTC offset) are folded into
    the score product as penalty columns (a one-hot of the junior's class against −penalty on the seniors
    the class may not meet): an allowed pair gets exact zeros there, an excluded one at most −penalty/2.
    """

    cohort: Cohort
    weights: Weights
    rules: Rules
    n_juniors: int
    n_seniors: int
    # "sum" mode: one product gives forward + reverse + channel + language + penalties, already weighted.
    lin_j: NDArray[np.float32]
    lin_s: NDArray[np.float32]
    # "min" mode: the two skill directions apart, and the channel (+ penalty) product.
    fwd_j: NDArray[np.float32]
    fwd_s: NDArray[np.float32]
    rev_j: NDArray[np.float32]
    rev_s: NDArray[np.float32]
    chan_j: NDArray[np.float32]
    chan_s: NDArray[np.float32]
    avail_j: NDArray[np.float32]
    avail_s: NDArray[np.float32]
    lang_j: NDArray[np.unsignedinteger]
    lang_s: NDArray[np.unsignedinteger]
    dept_j: IntArray
    dept_s: IntArray
    offset_j: IntArray
    offset_s: IntArray
    banned_keys: IntArray  # sorted unique keys j·S + s excluded by a sparse rule
    banned_reason: IntArray  # Reason flags of banned_keys
    prefer_keys: IntArray
    previous_keys: IntArray
    # rules folded into the products (else checked pair by pair) and their per-junior exclusion counts
    penalty: float = 0.0
    folded: frozenset[Reason] = frozenset()
    folded_counts: dict[Reason, IntArray] = field(default_factory=dict)

    @property
    def floor(self) -> np.float32:
        """Scores at or below this are excluded pairs (inside :meth:`scan`; :meth:`block` makes them −inf)."""
        return F32(-self.penalty / 2) if self.penalty else NEG_INF

    def _min_score_active(self) -> bool:
        w = self.weights.as_array()
        lowest = 0.0 if bool(np.all(w >= 0)) else -float(np.abs(w).sum())
        return bool(self.rules.min_score > lowest)

    def scan(
        self,
        r0: int,
        r1: int,
        reasons: dict[str, int] | None = None,
        out: NDArray[np.float32] | None = None,
        work: NDArray[np.float32] | None = None,
    ) -> tuple[NDArray[np.float32], BoolArray, BoolArray | None]:
        """Scores of juniors r0..r1 × all seniors, excluded pairs at or below :attr:`floor`.

        Returns the scores (written into ``out`` when given; ``work`` is a scratch buffer of the same
        shape), the mask of pairs passing every hard rule, and the mask of those also passing the minimum
        score (None when the minimum cannot exclude anything: then it equals the first mask).
        """
        w = self.weights
        rules = self.rules
        rows = slice(r0, r1)
        n_s = self.n_seniors
        shape = (r1 - r0, n_s)

        def count(reason: Reason, n: int) -> None:
            if reasons is not None:
                name = str(reason.name)
                reasons[name] = reasons.get(name, 0) + n

        if rules.combine == "sum":
            score = np.matmul(self.lin_j[rows], self.lin_s.T, out=out)
        else:
            score = np.matmul(self.fwd_j[rows], self.fwd_s.T, out=out)
            rev = np.matmul(self.rev_j[rows], self.rev_s.T, out=work)
            np.minimum(score, rev, out=score)
            del rev
            score *= F32(w.forward + w.reverse)
            if self.chan_j.shape[1]:
                score += self.chan_j[rows] @ self.chan_s.T
        zero: BoolArray | None = None
        if rules.require_availability or w.availability:
            if self.avail_j.shape[1]:
                overlap = np.matmul(self.avail_j[rows], self.avail_s.T, out=work)
            else:
                overlap = np.zeros(shape, dtype=F32)
            if rules.require_availability:
                zero = overlap == 0
                count(Reason.NO_AVAILABILITY_OVERLAP, int(np.count_nonzero(zero)))
            if w.availability:
                np.minimum(overlap, F32(rules.saturation_hours), out=overlap)
                overlap *= F32(w.availability / rules.saturation_hours)
                score += overlap
            if zero is not None and self.penalty:
                # arithmetic beats a masked write by far: score − penalty where nothing overlaps
                np.multiply(zero.view(np.uint8), F32(-self.penalty), out=overlap)
                score += overlap
                zero = None
            del overlap
        bad: BoolArray | None = None

        def flag(reason: Reason, make: Callable[[], BoolArray]) -> None:
            nonlocal bad
            if reason in self.folded:
                count(reason, int(self.folded_counts[reason][rows].sum()))
                return
            mask = make()
            count(reason, int(np.count_nonzero(mask)))
            bad = mask if bad is None else (bad | mask)

        flag(Reason.NO_SHARED_LANGUAGE, lambda: (self.lang_j[rows, None] & self.lang_s[None, :]) == 0)
        if rules.forbid_same_department:
            flag(Reason.SAME_DEPARTMENT, lambda: self.dept_j[rows, None] == self.dept_s[None, :])
        if rules.max_utc_distance_hours is not None:
            limit = rules.max_utc_distance_hours * 60
            flag(
                Reason.TIME_ZONE_DISTANCE,
                lambda: np.abs(self.offset_j[rows, None] - self.offset_s[None, :]) > limit,
            )
        if zero is not None:
            bad = zero if bad is None else (bad | zero)
        if bad is not None:
            np.copyto(score, NEG_INF, where=bad)
        del bad, zero
        lo, hi = r0 * n_s, r1 * n_s
        flat = score.reshape(-1)
        for keys, bonus in ((self.prefer_keys, w.wish), (self.previous_keys, w.stickiness)):
            if bonus and len(keys):
                sel = keys[np.searchsorted(keys, lo) : np.searchsorted(keys, hi)] - lo
                flat[sel] += F32(bonus)
        a, b = np.searchsorted(self.banned_keys, lo), np.searchsorted(self.banned_keys, hi)
        if b > a:
            flat[self.banned_keys[a:b] - lo] = NEG_INF
            if reasons is not None:
                flags = self.banned_reason[a:b]
                for reason in (Reason.REPORTING_LINE, Reason.AVOID_WISH, Reason.FORBIDDEN):
                    count(reason, int(np.count_nonzero(flags & reason)))
        floor = self.floor
        allowed = score > floor
        eligible: BoolArray | None = None
        if self._min_score_active():
            below = score < F32(rules.min_score)
            below &= allowed
            count(Reason.BELOW_MIN_SCORE, int(np.count_nonzero(below)))
            np.copyto(score, NEG_INF, where=below)
            del below
            eligible = score > floor
        else:
            count(Reason.BELOW_MIN_SCORE, 0)
        return score, allowed, eligible

    def block(
        self, r0: int, r1: int, reasons: dict[str, int] | None = None, apply_min_score: bool = True
    ) -> tuple[NDArray[np.float32], BoolArray]:
        """Scores of juniors r0..r1 × all seniors (float32; −inf where a hard rule excludes the pair).

        Returns the scores and the mask of pairs passing every hard rule (before the minimum score).
        When ``reasons`` is given, it accumulates the number of pairs excluded per reason.
        """
        if apply_min_score:
            score, allowed, eligible = self.scan(r0, r1, reasons)
            keep = allowed if eligible is None else eligible
        else:
            plain = dataclasses.replace(self, rules=dataclasses.replace(self.rules, min_score=-np.inf))
            score, allowed, _ = plain.scan(r0, r1, reasons)
            keep = allowed
        if self.penalty:
            np.copyto(score, NEG_INF, where=~keep)
        return score, allowed

    def row_blocks(self, block_elements: int) -> Iterable[tuple[int, int]]:
        rows = max(1, block_elements // max(1, self.n_seniors))
        for r0 in range(0, self.n_juniors, rows):
            yield r0, min(self.n_juniors, r0 + rows)

    def matrix(self, apply_min_score: bool = True) -> NDArray[np.float32]:
        """The whole J×S score matrix (small cohorts and tests only)."""
        if self.n_juniors == 0:
            return np.zeros((0, self.n_seniors), dtype=F32)
        return self.block(0, self.n_juniors, apply_min_score=apply_min_score)[0]


def prepare(cohort: Cohort, weights: Weights | None = None, rules: Rules | None = None) -> Prepared:
    """Build the block-scoring features of a cohort (O((J + S)·K), no pair work)."""
    weights = weights or Weights()
    rules = rules or Rules()
    cohort.validate()
    jun, sen = cohort.juniors, cohort.seniors
    n_j, n_s = len(jun), len(sen)
    # forward: junior offers → senior wants; reverse: senior offers → junior wants.
    fj, fs = _skill_pair(_offer_levels(jun.offer), _want_levels(sen.want_from, sen.want_to), wanted_gap(sen), True)
    rs, rj = _skill_pair(_offer_levels(sen.offer), _want_levels(jun.want_from, jun.want_to), wanted_gap(jun), True)
    # channel and language cosines share one product; the junior side carries the weights
    lang_bits = max(1, int(np.bitwise_or.reduce(np.concatenate([jun.languages, sen.languages]))).bit_length())
    cj = np.concatenate(
        [
            channel_vectors(jun.channels) * weights.channel,
            language_vectors(jun.languages, lang_bits) * weights.language,
        ],
        axis=1,
    ).astype(F32)
    cs = np.concatenate([channel_vectors(sen.channels), language_vectors(sen.languages, lang_bits)], axis=1).astype(F32)
    lang_dtype = (
        np.uint8 if lang_bits <= 8 else np.uint16 if lang_bits <= 16 else np.uint32 if lang_bits <= 32 else np.uint64
    )
    lang_j: NDArray[np.unsignedinteger] = jun.languages.astype(lang_dtype)
    lang_s: NDArray[np.unsignedinteger] = sen.languages.astype(lang_dtype)
    dept_j = np.where(jun.department >= 0, jun.department, -1).astype(np.int64)
    dept_s = np.where(sen.department >= 0, sen.department, -2).astype(np.int64)
    offset_j = jun.utc_offset_minutes.astype(np.int64)
    offset_s = sen.utc_offset_minutes.astype(np.int64)

    # person-level rules as penalty columns of the additive product
    wa = weights.as_array()
    # far below any score and any solver dual (score × scale), so an excluded pair never looks useful;
    # allowed pairs get exact zeros from the penalty columns, so their scores do not depend on it
    penalty = float(2.0**60 * 2.0 ** np.ceil(np.log2(1.0 + float(np.abs(wa).sum()))))
    rule_values: list[tuple[Reason, NDArray[np.generic], NDArray[np.generic], Callable[..., BoolArray]]] = [
        (Reason.NO_SHARED_LANGUAGE, lang_j, lang_s, _no_shared_language)
    ]
    if rules.forbid_same_department:
        rule_values.append((Reason.SAME_DEPARTMENT, dept_j, dept_s, _same_department))
    if rules.max_utc_distance_hours is not None:
        limit = rules.max_utc_distance_hours * 60

        def far(a: NDArray[np.generic], b: NDArray[np.generic]) -> BoolArray:
            return np.asarray(np.abs(np.subtract(a, b, dtype=np.int64)) > limit)

        rule_values.append((Reason.TIME_ZONE_DISTANCE, offset_j, offset_s, far))
    pen_j: list[NDArray[np.float32]] = []
    pen_s: list[NDArray[np.float32]] = []
    folded: set[Reason] = set()
    counts: dict[Reason, IntArray] = {}
    for reason, vj, vs, rule in rule_values:
        cols = _class_columns(vj, vs, rule, penalty)
        if cols is None:
            continue
        pen_j.append(cols[0])
        pen_s.append(cols[1])
        folded.add(reason)
        counts[reason] = _violations_per_junior(vj, vs, rule)
    add_j = np.concatenate([cj, *pen_j], axis=1)
    add_s = np.concatenate([cs, *pen_s], axis=1)
    lin_j = np.ascontiguousarray(np.concatenate([fj * F32(weights.forward), rj * F32(weights.reverse), add_j], axis=1))
    lin_s = np.ascontiguousarray(np.concatenate([fs, rs, add_s], axis=1))
    bits_j = mask_bits(jun.availability)
    bits_s = mask_bits(sen.availability)
    hours = bits_j.any(axis=0) & bits_s.any(axis=0)

    banned: list[tuple[Pairs, Reason]] = [
        (reporting_pairs(cohort, rules.reporting_depth), Reason.REPORTING_LINE),
        (cohort.avoid, Reason.AVOID_WISH),
        (cohort.forbidden, Reason.FORBIDDEN),
    ]
    keys = np.concatenate([_keys(p, n_s) for p, _ in banned]) if n_s else np.zeros(0, dtype=np.int64)
    flags = np.concatenate([np.full(len(p), int(r), dtype=np.int64) for p, r in banned])
    uniq, inverse = np.unique(keys, return_inverse=True)
    merged = np.zeros(len(uniq), dtype=np.int64)
    np.bitwise_or.at(merged, inverse, flags)
    return Prepared(
        cohort=cohort,
        weights=weights,
        rules=rules,
        n_juniors=n_j,
        n_seniors=n_s,
        lin_j=lin_j,
        lin_s=lin_s,
        fwd_j=np.ascontiguousarray(fj),
        fwd_s=np.ascontiguousarray(fs),
        rev_j=np.ascontiguousarray(rj),
        rev_s=np.ascontiguousarray(rs),
        chan_j=np.ascontiguousarray(add_j.astype(F32)),
        chan_s=np.ascontiguousarray(add_s.astype(F32)),
        avail_j=np.ascontiguousarray(bits_j[:, hours].astype(F32)),
        avail_s=np.ascontiguousarray(bits_s[:, hours].astype(F32)),
        lang_j=lang_j,
        lang_s=lang_s,
        dept_j=dept_j,
        dept_s=dept_s,
        offset_j=offset_j,
        offset_s=offset_s,
        banned_keys=uniq.astype(np.int64),
        banned_reason=merged,
        prefer_keys=np.unique(_keys(cohort.prefer, n_s)),
        previous_keys=np.unique(_keys(cohort.previous, n_s)),
        penalty=penalty,
        folded=frozenset(folded),
        folded_counts=counts,
    )


# --------------------------------------------------------------------------------------------------
# Scores of a list of pairs (float64, straight from the raw arrays: used for explanations and checks)
# --------------------------------------------------------------------------------------------------


def _pair_member(keys: IntArray, sorted_keys: IntArray) -> BoolArray:
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    pos = np.clip(np.searchsorted(sorted_keys, keys), 0, len(sorted_keys) - 1)
    return np.asarray(sorted_keys[pos] == keys)


def score_pairs(prep: Prepared, juniors: IntArray, seniors: IntArray) -> tuple[FloatArray, FloatArray, IntArray]:
    """Components (n, 7), total score (n,) and Reason flags (n,) of the given pairs, in float64.

    Computed from the raw arrays with the same formulas as the block products; the total is −inf
    for a pair a hard rule excludes (the components are still filled in, for explanations).
    """
    coh, w, rules = prep.cohort, prep.weights, prep.rules
    juniors = np.asarray(juniors, dtype=np.int64)
    seniors = np.asarray(seniors, dtype=np.int64)
    jun, sen = coh.juniors, coh.seniors
    comp = np.zeros((len(juniors), 7), dtype=np.float64)
    if len(juniors) == 0:
        return comp, np.zeros(0), np.zeros(0, dtype=np.int64)

    def fit(offer: NDArray[np.uint8], wfrom: NDArray[np.uint8], wto: NDArray[np.uint8]) -> FloatArray:
        o, c, t = offer.astype(np.int64), wfrom.astype(np.int64), wto.astype(np.int64)
        gain = np.clip(np.minimum(o, t) - c, 0, None).sum(axis=1)
        gap = np.clip(t - c, 0, None).sum(axis=1)
        return np.divide(gain, gap, out=np.zeros(len(gain)), where=gap > 0)

    comp[:, 0] = fit(jun.offer[juniors], sen.want_from[seniors], sen.want_to[seniors])
    comp[:, 1] = fit(sen.offer[seniors], jun.want_from[juniors], jun.want_to[juniors])
    overlap = popcount(jun.availability[juniors] & sen.availability[seniors]).sum(axis=1).astype(np.float64)
    comp[:, 2] = np.minimum(overlap, rules.saturation_hours) / rules.saturation_hours
    comp[:, 3] = np.clip((channel_vectors(jun.channels[juniors]) * channel_vectors(sen.channels[seniors])).sum(1), 0, 1)
    shared = popcount(jun.languages[juniors] & sen.languages[seniors]).astype(np.float64)
    sizes = popcount(jun.languages[juniors]).astype(np.float64) * popcount(sen.languages[seniors])
    comp[:, 4] = np.divide(shared, np.sqrt(sizes), out=np.zeros(len(shared)), where=sizes > 0)
    keys = juniors * prep.n_seniors + seniors
    comp[:, 5] = _pair_member(keys, prep.prefer_keys)
    comp[:, 6] = _pair_member(keys, prep.previous_keys)
    wa = w.as_array()
    if rules.combine == "sum":
        total = comp @ wa
    else:
        total = (w.forward + w.reverse) * np.minimum(comp[:, 0], comp[:, 1]) + comp[:, 2:] @ wa[2:]
    flags = np.zeros(len(juniors), dtype=np.int64)
    if rules.require_availability:
        flags |= np.where(overlap == 0, int(Reason.NO_AVAILABILITY_OVERLAP), 0)
    flags |= np.where(shared == 0, int(Reason.NO_SHARED_LANGUAGE), 0)
    if rules.forbid_same_department:
        same = (jun.department[juniors] == sen.department[seniors]) & (jun.department[juniors] >= 0)
        flags |= np.where(same, int(Reason.SAME_DEPARTMENT), 0)
    if rules.max_utc_distance_hours is not None:
        far = np.abs(jun.utc_offset_minutes[juniors] - sen.utc_offset_minutes[seniors])
        flags |= np.where(far > rules.max_utc_distance_hours * 60, int(Reason.TIME_ZONE_DISTANCE), 0)
    if len(prep.banned_keys):
        pos = np.clip(np.searchsorted(prep.banned_keys, keys), 0, len(prep.banned_keys) - 1)
        flags |= np.where(prep.banned_keys[pos] == keys, prep.banned_reason[pos], 0)
    flags |= np.where((flags == 0) & (total < rules.min_score), int(Reason.BELOW_MIN_SCORE), 0)
    total = np.where(flags == 0, total, -np.inf)
    return comp, total, flags
