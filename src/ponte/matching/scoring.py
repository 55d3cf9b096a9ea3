"""Vectorised pair scores: blocks of juniors × all seniors, never a Python loop over pairs.

Skill fit as matrix products. For a wanted skill (current c → target t) and an offer level o the gain
``max(0, min(o, t) − c)`` equals the number of levels l in 1..8 with ``o ≥ l`` and ``c < l ≤ t``; with
one indicator column per (skill, level) the summed gain over skills is one matrix product. Dividing the
"wants" side by the person's total wanted gap makes it a share in [0, 1]. Channel cosines and (with
the weights folded into the junior side) both skill directions share a single product in "sum" mode.
Weekly availability is another product over the hour bits that anyone uses, then saturated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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


def _share(gain_side: NDArray[np.bool_], gap: IntArray) -> NDArray[np.float32]:
    inv = np.divide(1.0, gap, out=np.zeros(gap.shape, dtype=np.float64), where=gap > 0)
    return (gain_side * inv[:, None]).astype(F32)


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


@dataclass
class Prepared:
    """Features of a cohort ready for block scoring (see :func:`prepare`)."""

    cohort: Cohort
    weights: Weights
    rules: Rules
    n_juniors: int
    n_seniors: int
    # "sum" mode: one product gives forward + reverse + channel, already weighted.
    lin_j: NDArray[np.float32]
    lin_s: NDArray[np.float32]
    # "min" mode: the two skill directions apart, and the channel product.
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

    def block(
        self, r0: int, r1: int, reasons: dict[str, int] | None = None, apply_min_score: bool = True
    ) -> tuple[NDArray[np.float32], BoolArray]:
        """Scores of juniors r0..r1 × all seniors (float32; −inf where a hard rule excludes the pair).

        Returns the scores and the mask of pairs passing every hard rule (before the minimum score).
        When ``reasons`` is given, it accumulates the number of pairs excluded per reason.
        """
        w = self.weights
        rules = self.rules
        rows = slice(r0, r1)
        if rules.combine == "sum":
            score = self.lin_j[rows] @ self.lin_s.T
        else:
            fwd = self.fwd_j[rows] @ self.fwd_s.T
            rev = self.rev_j[rows] @ self.rev_s.T
            np.minimum(fwd, rev, out=fwd)
            fwd *= F32(w.forward + w.reverse)
            score = fwd
            if w.channel or w.language:
                score += self.chan_j[rows] @ self.chan_s.T
        bad: BoolArray | None = None

        def flag(mask: BoolArray, reason: Reason) -> None:
            nonlocal bad
            if reasons is not None:
                name = str(reason.name)
                reasons[name] = reasons.get(name, 0) + int(np.count_nonzero(mask))
            bad = mask if bad is None else (bad | mask)

        if self.avail_j.shape[1]:
            overlap = self.avail_j[rows] @ self.avail_s.T
        else:
            overlap = np.zeros((r1 - r0, self.n_seniors), dtype=F32)
        if rules.require_availability:
            flag(overlap == 0, Reason.NO_AVAILABILITY_OVERLAP)
        if w.availability:
            np.minimum(overlap, F32(rules.saturation_hours), out=overlap)
            overlap *= F32(w.availability / rules.saturation_hours)
            score += overlap
        del overlap
        flag((self.lang_j[rows, None] & self.lang_s[None, :]) == 0, Reason.NO_SHARED_LANGUAGE)
        if self.rules.forbid_same_department:
            flag(self.dept_j[rows, None] == self.dept_s[None, :], Reason.SAME_DEPARTMENT)
        if rules.max_utc_distance_hours is not None:
            limit = rules.max_utc_distance_hours * 60
            flag(np.abs(self.offset_j[rows, None] - self.offset_s[None, :]) > limit, Reason.TIME_ZONE_DISTANCE)
        if bad is not None:
            np.putmask(score, bad, NEG_INF)
        n_s = self.n_seniors
        lo, hi = r0 * n_s, r1 * n_s
        for keys, bonus in ((self.prefer_keys, w.wish), (self.previous_keys, w.stickiness)):
            if bonus and len(keys):
                sel = keys[np.searchsorted(keys, lo) : np.searchsorted(keys, hi)] - lo
                score.reshape(-1)[sel] += F32(bonus)
        a, b = np.searchsorted(self.banned_keys, lo), np.searchsorted(self.banned_keys, hi)
        if b > a:
            sel = self.banned_keys[a:b] - lo
            score.reshape(-1)[sel] = NEG_INF
            if reasons is not None:
                flags = self.banned_reason[a:b]
                for reason in (Reason.REPORTING_LINE, Reason.AVOID_WISH, Reason.FORBIDDEN):
                    name = str(reason.name)
                    reasons[name] = reasons.get(name, 0) + int(np.count_nonzero(flags & reason))
        allowed = score > NEG_INF
        if apply_min_score and rules.min_score > -np.inf:
            below = score < F32(rules.min_score)
            below &= allowed
            if reasons is not None:
                reasons[Reason.BELOW_MIN_SCORE.name] = reasons.get(Reason.BELOW_MIN_SCORE.name, 0) + int(
                    np.count_nonzero(below)
                )
            np.putmask(score, below, NEG_INF)
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
    fwd_j = _offer_levels(jun.offer)
    fwd_s = _want_levels(sen.want_from, sen.want_to)
    rev_j = _want_levels(jun.want_from, jun.want_to)
    rev_s = _offer_levels(sen.offer)
    fwd_cols = fwd_j.any(axis=0) & fwd_s.any(axis=0)
    rev_cols = rev_j.any(axis=0) & rev_s.any(axis=0)
    fj = fwd_j[:, fwd_cols].astype(F32)
    fs = _share(fwd_s[:, fwd_cols], wanted_gap(sen))
    rj = _share(rev_j[:, rev_cols], wanted_gap(jun))
    rs = rev_s[:, rev_cols].astype(F32)
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
    lin_j = np.ascontiguousarray(np.concatenate([fj * F32(weights.forward), rj * F32(weights.reverse), cj], axis=1))
    lin_s = np.ascontiguousarray(np.concatenate([fs, rs, cs], axis=1))
    lang_dtype = (
        np.uint8 if lang_bits <= 8 else np.uint16 if lang_bits <= 16 else np.uint32 if lang_bits <= 32 else np.uint64
    )
    bits_j = mask_bits(jun.availability)
    bits_s = mask_bits(sen.availability)
    hours = bits_j.any(axis=0) & bits_s.any(axis=0)
    dept_j = np.where(jun.department >= 0, jun.department, -1).astype(np.int64)
    dept_s = np.where(sen.department >= 0, sen.department, -2).astype(np.int64)

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
        chan_j=cj,
        chan_s=cs,
        avail_j=np.ascontiguousarray(bits_j[:, hours].astype(F32)),
        avail_s=np.ascontiguousarray(bits_s[:, hours].astype(F32)),
        lang_j=jun.languages.astype(lang_dtype),
        lang_s=sen.languages.astype(lang_dtype),
        dept_j=dept_j,
        dept_s=dept_s,
        offset_j=jun.utc_offset_minutes.astype(np.int64),
        offset_s=sen.utc_offset_minutes.astype(np.int64),
        banned_keys=uniq.astype(np.int64),
        banned_reason=merged,
        prefer_keys=np.unique(_keys(cohort.prefer, n_s)),
        previous_keys=np.unique(_keys(cohort.previous, n_s)),
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
