"""Exact matching: blocked scoring → candidate edges → min-cost flow → duality bound → figures.

The problem is a bipartite b-matching: maximise Σ score over chosen pairs, a junior in at most its
capacity of pairs, a senior in at most one. Its LP is integral, so OR-Tools' min-cost flow returns the
exact optimum of whatever edge set it is given, and any feasible LP dual (u ≥ 0 per junior, v ≥ 0 per
senior, u_j + v_s ≥ w_js on *every* allowed pair) bounds the full problem from above:
Σ cap_j·u_j + Σ v_s. The dual of the sparse solution is read off the optimal flow (a shortest-path
fixpoint over alternating paths); pruned pairs that violate it are priced back in and re-solved, and
what remains is made feasible by raising v, which gives the reported gap (0 = proven optimal).
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

from .scoring import F32, Prepared, count_true, prepare, score_pairs
from .types import (
    BoolArray,
    Cohort,
    FloatArray,
    IntArray,
    MatchResult,
    Pairs,
    Quality,
    Rules,
    SolveOptions,
    Status,
    Weights,
)

# --------------------------------------------------------------------------------------------------
# Edge sets
# --------------------------------------------------------------------------------------------------


@dataclass
class Edges:
    """Candidate pairs: junior, senior, float score (sorted by junior, then senior)."""

    j: IntArray
    s: IntArray
    w: FloatArray

    @classmethod
    def build(cls, j: IntArray, s: IntArray, w: FloatArray, n_seniors: int) -> Edges:
        key = j.astype(np.int64) * max(n_seniors, 1) + s
        key, first = np.unique(key, return_index=True)
        return cls(j=j[first].astype(np.int64), s=s[first].astype(np.int64), w=w[first].astype(np.float64))

    def __len__(self) -> int:
        return len(self.j)


def _descending_key(w: FloatArray) -> NDArray[np.uint64]:
    """uint32 keys whose ascending order is the descending order of the float32 values of ``w``."""
    bits = np.ascontiguousarray(w, dtype=F32).view(np.uint32).astype(np.uint64)
    sign = np.uint64(0x80000000)
    mono = np.where(bits & sign, ~bits & np.uint64(0xFFFFFFFF), bits | sign)
    return np.uint64(0xFFFFFFFF) - mono


def _top_values(owner: IntArray, w: FloatArray, n: int, k: int) -> tuple[FloatArray, BoolArray]:
    """Per owner its k best values (descending, −inf padded) and the mask of edges among them.

    Equal values keep their input order (a stable sort), so callers pass edges ordered by the other
    side's index and ties go to the lower index: deterministic.
    """
    top = np.full((n, k), -np.inf)
    keep = np.zeros(len(owner), dtype=bool)
    if len(owner) == 0 or k == 0:
        return top, keep
    key = (owner.astype(np.uint64) << np.uint64(32)) | _descending_key(w)
    order = np.argsort(key, kind="stable")
    o = owner[order]
    start = np.searchsorted(o, o, side="left")
    rank = np.arange(len(o)) - start
    sel = rank < k
    top[o[sel], rank[sel]] = w[order][sel]
    keep[order[sel]] = True
    return top, keep


def _true_cells(mask: BoolArray) -> tuple[IntArray, IntArray, IntArray]:
    """Flat index, row and column of the true cells of a C-contiguous 2-D mask (much faster than np.nonzero)."""
    flat = np.flatnonzero(mask)
    r, c = np.divmod(flat, max(mask.shape[1], 1))
    return flat, r, c


@dataclass
class Candidates:
    edges: Edges
    junior_allowed: IntArray
    senior_allowed: IntArray
    junior_eligible: IntArray
    senior_eligible: IntArray
    junior_top: FloatArray  # (J, kj) best candidate scores, descending
    senior_top: FloatArray  # (S, ks)
    shortlisted: bool
    excluded: dict[str, int]


def candidates(prep: Prepared, options: SolveOptions) -> Candidates:
    """One blocked pass over all pairs: counts, and every eligible pair or a two-sided shortlist."""
    n_j, n_s = prep.n_juniors, prep.n_seniors
    full = n_j * n_s <= options.full_edge_limit
    a = max(options.junior_top, 5)
    b = max(options.senior_top, 5)
    reasons: dict[str, int] = {}
    j_allowed = np.zeros(n_j, dtype=np.int64)
    s_allowed = np.zeros(n_s, dtype=np.int64)
    j_elig = np.zeros(n_j, dtype=np.int64)
    s_elig = np.zeros(n_s, dtype=np.int64)
    parts_j: list[IntArray] = []
    parts_s: list[IntArray] = []
    parts_w: list[FloatArray] = []
    # senior side of the shortlist: running threshold and kept candidates
    theta = np.full(n_s, -np.inf, dtype=F32)
    col_j = np.zeros(0, dtype=np.int64)
    col_s = np.zeros(0, dtype=np.int64)
    col_w = np.zeros(0, dtype=np.float64)
    pend_j: list[IntArray] = []
    pend_s: list[IntArray] = []
    pend_w: list[FloatArray] = []
    pending = 0
    group = 16
    above = np.nextafter(prep.floor, F32(np.inf))  # the lowest score an allowed pair can have
    n_groups = n_s // group
    buffers: tuple[NDArray[np.float32], NDArray[np.float32]] | None = None
    for r0, r1 in prep.row_blocks(options.block_elements):
        rows = r1 - r0
        if buffers is None:
            buffers = (np.empty((rows, n_s), dtype=F32), np.empty((rows, n_s), dtype=F32))
        w, allowed, eligible = prep.scan(r0, r1, reasons, out=buffers[0][:rows], work=buffers[1][:rows])
        j_allowed[r0:r1] = count_true(allowed, 1)
        s_allowed += count_true(allowed, 0)
        if eligible is None:
            eligible = allowed
            j_elig[r0:r1] = j_allowed[r0:r1]
        else:
            del allowed
            j_elig[r0:r1] = count_true(eligible, 1)
        s_elig += count_true(eligible, 0)
        if full:
            flat, r, c = _true_cells(eligible)
            parts_j.append(r + r0)
            parts_s.append(c)
            parts_w.append(w.reshape(-1)[flat].astype(np.float64))
            continue
        del eligible, allowed
        # junior side: the a-th largest of the column-group maxima is ≤ the row's a-th largest value
        # (groups of columns n_groups apart, so the maxima are one vectorised pass)
        if n_groups > a:
            gmax = w[:, : n_groups * group].reshape(rows, group, n_groups).max(axis=1)
            row_thr = np.partition(gmax, n_groups - a, axis=1)[:, n_groups - a]
            np.maximum(row_thr, above, out=row_thr)
        else:
            row_thr = np.full(rows, above, dtype=F32)
        # senior side: the smallest of the maxima of b row groups is ≤ the column's b-th largest value
        if rows >= b:
            size = rows // b
            blk_thr = w[: size * b].reshape(b, size, n_s).max(axis=1).min(axis=0)
            np.maximum(theta, blk_thr, out=theta)
        col_thr = np.maximum(theta, above)
        mask = w >= row_thr[:, None]
        mask |= w >= col_thr[None, :]
        flat, r, c = _true_cells(mask)
        del mask
        vals = w.reshape(-1)[flat].astype(np.float64)
        jr = r + r0
        # exact junior top-a inside the block (rows are complete)
        _, keep = _top_values(jr - r0, vals, rows, a)
        parts_j.append(jr[keep])
        parts_s.append(c[keep])
        parts_w.append(vals[keep])
        # senior top-b: pending candidates, merged with what earlier blocks kept once they pile up
        sel = vals >= col_thr[c]
        pend_j.append(jr[sel])
        pend_s.append(c[sel])
        pend_w.append(vals[sel])
        pending += int(np.count_nonzero(sel))
        if pending > max(len(col_j), 1 << 16):
            col_j, col_s, col_w, theta = _merge_columns(col_j, col_s, col_w, pend_j, pend_s, pend_w, theta, n_s, b)
            pending = 0
    if not full:
        col_j, col_s, col_w, theta = _merge_columns(col_j, col_s, col_w, pend_j, pend_s, pend_w, theta, n_s, b)
    if not full:
        parts_j.append(col_j)
        parts_s.append(col_s)
        parts_w.append(col_w)
    ej = np.concatenate(parts_j) if parts_j else np.zeros(0, dtype=np.int64)
    es = np.concatenate(parts_s) if parts_s else np.zeros(0, dtype=np.int64)
    ew = np.concatenate(parts_w) if parts_w else np.zeros(0)
    edges = Edges.build(ej, es, ew, n_s)
    j_top, _ = _top_values(edges.j, edges.w, n_j, a)
    by_junior = np.lexsort((edges.j, edges.s))
    s_top, _ = _top_values(edges.s[by_junior], edges.w[by_junior], n_s, b)
    return Candidates(
        edges=edges,
        junior_allowed=j_allowed,
        senior_allowed=s_allowed,
        junior_eligible=j_elig,
        senior_eligible=s_elig,
        junior_top=j_top,
        senior_top=s_top,
        shortlisted=not full,
        excluded=reasons,
    )


def _merge_columns(
    col_j: IntArray,
    col_s: IntArray,
    col_w: FloatArray,
    pend_j: list[IntArray],
    pend_s: list[IntArray],
    pend_w: list[FloatArray],
    theta: NDArray[np.float32],
    n_s: int,
    b: int,
) -> tuple[IntArray, IntArray, FloatArray, NDArray[np.float32]]:
    """Keep each senior's b best among the kept and pending candidates; raise the thresholds."""
    j = np.concatenate([col_j, *pend_j])
    s = np.concatenate([col_s, *pend_s])
    w = np.concatenate([col_w, *pend_w])
    pend_j.clear()
    pend_s.clear()
    pend_w.clear()
    top, keep = _top_values(s, w, n_s, b)
    theta = np.maximum(theta, top[:, b - 1].astype(F32))
    return j[keep], s[keep], w[keep], theta


# --------------------------------------------------------------------------------------------------
# Min-cost flow, duals, greedy
# --------------------------------------------------------------------------------------------------


def solve_flow(
    n_juniors: int, n_seniors: int, ej: IntArray, es: IntArray, value: IntArray, cap_j: IntArray, cap_s: IntArray
) -> BoolArray:
    """Exact maximum of Σ value over chosen edges under capacities (min-cost flow). Returns the chosen mask.

    ``value`` are integers (scaled scores, plus a reward per pair in coverage mode); an edge whose value is
    not positive is never worth choosing. Arcs are added in the given order, so equal inputs give equal
    outputs.
    """
    if len(ej) == 0:
        return np.zeros(0, dtype=bool)
    source, sink = n_juniors + n_seniors, n_juniors + n_seniors + 1
    flow = min(int(cap_j.sum()), int(cap_s.sum()))
    mcf = min_cost_flow.SimpleMinCostFlow()
    juniors = np.arange(n_juniors, dtype=np.int64)
    seniors = np.arange(n_seniors, dtype=np.int64)
    mcf.add_arcs_with_capacity_and_unit_cost(
        np.full(n_juniors, source), juniors, cap_j.astype(np.int64), np.zeros(n_juniors, dtype=np.int64)
    )
    first = mcf.num_arcs()
    arcs = np.arange(first, first + len(ej))
    mcf.add_arcs_with_capacity_and_unit_cost(
        ej.astype(np.int64), es.astype(np.int64) + n_juniors, np.ones(len(ej), dtype=np.int64), -value.astype(np.int64)
    )
    mcf.add_arcs_with_capacity_and_unit_cost(
        seniors + n_juniors, np.full(n_seniors, sink), cap_s.astype(np.int64), np.zeros(n_seniors, dtype=np.int64)
    )
    mcf.add_arc_with_capacity_and_unit_cost(source, sink, flow, 0)
    mcf.set_node_supply(source, flow)
    mcf.set_node_supply(sink, -flow)
    status = mcf.solve()
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return np.asarray(mcf.flows(arcs)) > 0


def duals(
    n_juniors: int,
    n_seniors: int,
    ej: IntArray,
    es: IntArray,
    value: IntArray,
    chosen: BoolArray,
    max_iterations: int = 100_000,
) -> tuple[IntArray, IntArray]:
    """A feasible LP dual (u per junior, v per senior, both ≥ 0, u_j + v_s ≥ value on every given edge).

    For an optimal ``chosen`` it is the least fixpoint of u_j = max(0, max over unchosen edges of
    value − v_s), v_s = value of s's chosen edge − u of its junior, which satisfies complementary
    slackness, so Σ cap·u + Σ v equals the optimum on these edges. Whatever happens, the final pass makes
    it feasible, so the bound it gives is always valid.
    """
    u = np.zeros(n_juniors, dtype=np.int64)
    mj = np.full(n_seniors, -1, dtype=np.int64)
    mw = np.zeros(n_seniors, dtype=np.int64)
    mj[es[chosen]] = ej[chosen]
    mw[es[chosen]] = value[chosen]
    matched = mj >= 0
    free = ~chosen
    fj, fs, fw = ej[free], es[free], value[free]
    order = np.argsort(fj, kind="stable")
    fj, fs, fw = fj[order], fs[order], fw[order]
    owners, starts = np.unique(fj, return_index=True)
    mj_safe = np.where(matched, mj, 0)

    def senior_prices(u: IntArray) -> IntArray:
        if len(u) == 0:  # every junior's capacity is pinned: nobody is matched, nothing to price
            return np.zeros(n_seniors, dtype=np.int64)
        return np.where(matched, mw - u[mj_safe], 0)

    for _ in range(max_iterations):
        if len(fj) == 0:
            break
        v = senior_prices(u)
        best = np.maximum.reduceat(fw - v[fs], starts)
        new = u.copy()
        new[owners] = np.maximum(u[owners], np.maximum(best, 0))
        if np.array_equal(new, u):
            break
        u = new
    v = np.maximum(senior_prices(u), 0)
    if len(ej):
        np.maximum.at(v, es, value - u[ej])
    return u, v


def greedy(
    n_juniors: int, n_seniors: int, ej: IntArray, es: IntArray, w: FloatArray, cap_j: IntArray, cap_s: IntArray
) -> BoolArray:
    """Baseline: take edges by decreasing score (ties by index) while both people have capacity."""
    order = np.lexsort((es, ej, -w))
    left_j = cap_j.astype(np.int64).copy()
    left_s = cap_s.astype(np.int64).copy()
    chosen = np.zeros(len(ej), dtype=bool)
    js, ss, ws = ej[order].tolist(), es[order].tolist(), w[order].tolist()
    for pos, (j, s, val) in enumerate(zip(js, ss, ws, strict=True)):
        if val <= 0:
            break
        if left_j[j] > 0 and left_s[s] > 0:
            left_j[j] -= 1
            left_s[s] -= 1
            chosen[order[pos]] = True
    return chosen


def assignment_optimum(matrix: NDArray[np.floating], cap_j: IntArray) -> float:
    """Independent check: optimum total via scipy's linear_sum_assignment on slot-duplicated rows.

    Not-allowed (−inf) and non-positive entries count as "no pair".
    """
    from scipy.optimize import linear_sum_assignment

    rows = np.repeat(np.arange(matrix.shape[0]), cap_j)
    gain = np.where(np.isfinite(matrix), np.maximum(matrix, 0), 0)[rows]
    if gain.size == 0:
        return 0.0
    r, c = linear_sum_assignment(gain, maximize=True)
    return float(gain[r, c].sum())


# --------------------------------------------------------------------------------------------------
# Pipeline
# --------------------------------------------------------------------------------------------------


def _reduced_cohort(cohort: Cohort) -> tuple[Cohort, IntArray, IntArray]:
    """The cohort without pinned capacity: free juniors/seniors (with remaining capacity) and their pairs."""
    jun, sen = cohort.juniors, cohort.seniors
    left_j = jun.capacity.astype(np.int64) - np.bincount(cohort.pinned[:, 0], minlength=len(jun))
    left_s = sen.capacity.astype(np.int64) - np.bincount(cohort.pinned[:, 1], minlength=len(sen))
    free_j = np.flatnonzero(left_j > 0)
    free_s = np.flatnonzero(left_s > 0)
    map_j = np.full(len(jun), -1, dtype=np.int64)
    map_s = np.full(len(sen), -1, dtype=np.int64)
    map_j[free_j] = np.arange(len(free_j))
    map_s[free_s] = np.arange(len(free_s))

    def remap(pairs: Pairs) -> Pairs:
        if len(pairs) == 0:
            return np.zeros((0, 2), dtype=np.int64)
        out = np.stack([map_j[pairs[:, 0]], map_s[pairs[:, 1]]], axis=1)
        return out[(out >= 0).all(axis=1)]

    reduced = Cohort(
        juniors=dataclasses.replace(jun.take(free_j), capacity=left_j[free_j]),
        seniors=dataclasses.replace(sen.take(free_s), capacity=left_s[free_s]),
        prefer=remap(cohort.prefer),
        avoid=remap(cohort.avoid),
        forbidden=remap(cohort.forbidden),
        previous=remap(cohort.previous),
    )
    return reduced, free_j, free_s


def _scaled(w: FloatArray, scale: int) -> IntArray:
    """Integer solver values of float32 scores (one rounding rule everywhere)."""
    return np.rint(w.astype(F32) * F32(scale)).astype(np.int64)


@dataclass
class _Solution:
    edges: Edges
    value: IntArray
    chosen: BoolArray
    u: IntArray
    v: IntArray


def _solve_edges(prep: Prepared, edges: Edges, reward: int, scale: int) -> _Solution:
    cap_j = prep.cohort.juniors.capacity
    cap_s = prep.cohort.seniors.capacity
    value = _scaled(edges.w, scale) + reward
    chosen = solve_flow(prep.n_juniors, prep.n_seniors, edges.j, edges.s, value, cap_j, cap_s)
    u, v = duals(prep.n_juniors, prep.n_seniors, edges.j, edges.s, value, chosen)
    return _Solution(edges=edges, value=value, chosen=chosen, u=u, v=v)


def _thresholds(prep: Prepared, sol: _Solution) -> tuple[FloatArray, FloatArray]:
    """What each person got: a junior's worst partner score (−inf with a free slot), a senior's score."""
    n_j, n_s = prep.n_juniors, prep.n_seniors
    e, ch = sol.edges, sol.chosen
    thr_j = np.full(n_j, np.inf)
    np.minimum.at(thr_j, e.j[ch], e.w[ch])
    used = np.bincount(e.j[ch], minlength=n_j)
    thr_j[used < prep.cohort.juniors.capacity] = -np.inf
    thr_s = np.full(n_s, -np.inf)
    thr_s[e.s[ch]] = e.w[ch]
    return thr_j, thr_s


def _threshold_bound(
    sol: _Solution, cand: Candidates, n_j: int, n_s: int, reward: int, scale: int, a: int, b: int
) -> IntArray:
    """Raise v so that every pruned pair is covered, using only the shortlist thresholds.

    A pruned pair (j, s) scores at most min(τ_j, τ_s): j's a-th and s's b-th best candidate scores.
    """
    kept_j = np.bincount(sol.edges.j, minlength=n_j)
    kept_s = np.bincount(sol.edges.s, minlength=n_s)
    pj = np.flatnonzero(cand.junior_eligible > kept_j)
    ps = np.flatnonzero(cand.senior_eligible > kept_s)
    v = sol.v.copy()
    if len(pj) == 0 or len(ps) == 0:
        return v
    tau_j = _scaled(cand.junior_top[pj, min(a, cand.junior_top.shape[1]) - 1], scale) + reward
    tau_s = _scaled(cand.senior_top[ps, min(b, cand.senior_top.shape[1]) - 1], scale) + reward
    order = np.argsort(tau_j, kind="stable")
    t_sorted = tau_j[order]
    u_sorted = sol.u[pj][order]
    prefix = np.maximum.accumulate(t_sorted - u_sorted)
    suffix = np.minimum.accumulate(u_sorted[::-1])[::-1]
    idx = np.searchsorted(t_sorted, tau_s, side="right")
    best = np.full(len(ps), np.iinfo(np.int64).min // 4)
    has_low = idx > 0
    best[has_low] = prefix[idx[has_low] - 1]
    has_high = idx < len(t_sorted)
    best[has_high] = np.maximum(best[has_high], tau_s[has_high] - suffix[idx[has_high]])
    v[ps] = np.maximum(v[ps], best)
    return v


def _verify_pass(
    prep: Prepared, sol: _Solution, options: SolveOptions, reward: int
) -> tuple[Edges, IntArray, int, int]:
    """Rescore all pairs: pruned pairs with (nearly) positive reduced cost, the raised v, blocking pairs,
    and how many pairs have a positive reduced cost (0 = the solution is optimal for all pairs)."""
    scale = options.scale
    n_s = prep.n_seniors
    thr_j, thr_s = _thresholds(prep, sol)
    # float32 holds these integers exactly while they stay below 2**24 (score mode); else float64
    exact32 = max(int(np.abs(sol.u - reward).max(initial=0)), int(sol.v.max(initial=0)), 2 * scale) < 2**23
    dtype = np.float32 if exact32 else np.float64
    u_adj: NDArray[np.floating] = (sol.u - reward).astype(dtype)
    v: NDArray[np.floating] = sol.v.astype(dtype)
    thr_j32 = thr_j.astype(F32)
    thr_s32 = thr_s.astype(F32)
    colmax: NDArray[np.floating] = np.full(n_s, -np.inf, dtype=dtype)
    add_j: list[IntArray] = []
    add_s: list[IntArray] = []
    add_w: list[FloatArray] = []
    blocking = 0
    violations = 0
    margin = options.pricing_margin * scale
    floor = prep.floor
    np.maximum(thr_j32, floor, out=thr_j32)  # an excluded pair (at or below the floor) never blocks
    np.maximum(thr_s32, floor, out=thr_s32)
    buffers: tuple[NDArray[np.float32], NDArray[np.float32]] | None = None
    for r0, r1 in prep.row_blocks(options.block_elements):
        rows = r1 - r0
        if buffers is None:
            buffers = (np.empty((rows, n_s), dtype=F32), np.empty((rows, n_s), dtype=F32))
        # excluded pairs stay at or below the floor (−penalty/2, far below any dual); no masked write
        w, _, _ = prep.scan(r0, r1, out=buffers[0][:rows], work=buffers[1][:rows])
        better = w > thr_j32[r0:r1, None]
        better &= w > thr_s32[None, :]
        blocking += int(np.count_nonzero(better))
        del better
        wi: NDArray[np.floating] = np.multiply(w, F32(scale), out=buffers[1][:rows])
        np.rint(wi, out=wi)  # the same float32 rounding as _scaled
        if dtype is not F32:
            wi = wi.astype(dtype)
        wi -= u_adj[r0:r1, None]
        np.maximum(colmax, wi.max(axis=0), out=colmax)
        wi -= v[None, :]
        flat, r, c = _true_cells(wi > -margin)
        violations += int(np.count_nonzero(wi.reshape(-1)[flat] > 0.5))
        if len(r):
            add_j.append(r + r0)
            add_s.append(c)
            add_w.append(w.reshape(-1)[flat].astype(np.float64))
        del wi
    colmax[np.asarray(colmax <= float(floor) * scale / 2)] = -np.inf  # only excluded pairs in the column
    v_new = np.maximum(sol.v, np.where(np.isfinite(colmax), np.ceil(colmax), 0).astype(np.int64))
    if add_j:
        extra = Edges(j=np.concatenate(add_j), s=np.concatenate(add_s), w=np.concatenate(add_w))
    else:
        extra = Edges(j=np.zeros(0, dtype=np.int64), s=np.zeros(0, dtype=np.int64), w=np.zeros(0))
    return extra, v_new, blocking, violations


def _blocking_on_edges(prep: Prepared, sol: _Solution) -> int:
    thr_j, thr_s = _thresholds(prep, sol)
    e = sol.edges
    return int(np.count_nonzero(~sol.chosen & (e.w > thr_j[e.j]) & (e.w > thr_s[e.s])))


def match(
    cohort: Cohort,
    weights: Weights | None = None,
    rules: Rules | None = None,
    options: SolveOptions | None = None,
) -> MatchResult:
    """Propose the optimal set of pairs for a cohort (see the module docstring)."""
    weights = weights or Weights()
    rules = rules or Rules()
    options = options or SolveOptions()
    t_start = time.perf_counter()
    cohort.validate()
    reduced, free_j, free_s = _reduced_cohort(cohort)
    prep = prepare(reduced, weights, rules)
    n_j, n_s = prep.n_juniors, prep.n_seniors
    cand = candidates(prep, options)
    t_scored = time.perf_counter()

    scale = options.scale
    cap_j = reduced.juniors.capacity
    slots = min(int(cap_j.sum()), n_s)
    reward = 0
    if options.objective == "coverage" and len(cand.edges):
        top = max(int(_scaled(cand.edges.w, scale).max()), 0)
        reward = top * max(slots, 1) + 1
    sol = _solve_edges(prep, cand.edges, reward, scale)
    time_solving = time.perf_counter() - t_scored
    t_bound = time.perf_counter()
    resolve_time = 0.0
    verify = options.verify
    if verify == "auto":
        verify = "full" if n_j * n_s <= options.verify_full_limit else "bound"
    rounds = 0
    blocking_scope: str = "all pairs"
    if not cand.shortlisted:
        v_final = sol.v
        blocking = _blocking_on_edges(prep, sol)
    elif verify == "full":
        while True:
            extra, v_final, blocking, violations = _verify_pass(prep, sol, options, reward)
            if violations == 0 or rounds >= options.pricing_rounds:
                break
            rounds += 1
            edges = Edges.build(
                np.concatenate([sol.edges.j, extra.j]),
                np.concatenate([sol.edges.s, extra.s]),
                np.concatenate([sol.edges.w, extra.w]),
                n_s,
            )
            t0 = time.perf_counter()
            sol = _solve_edges(prep, edges, reward, scale)
            resolve_time += time.perf_counter() - t0
    else:
        a, b = max(options.junior_top, 5), max(options.senior_top, 5)
        v_final = _threshold_bound(sol, cand, n_j, n_s, reward, scale, a, b)
        blocking = _blocking_on_edges(prep, sol)
        blocking_scope = "candidate pairs"
    time_bound = time.perf_counter() - t_bound - resolve_time
    time_solving += resolve_time

    # ---- assemble pairs (pinned first, then solved), in original indices
    ch = sol.chosen
    sj = free_j[sol.edges.j[ch]]
    ss = free_s[sol.edges.s[ch]]
    pj = cohort.pinned[:, 0].astype(np.int64)
    ps = cohort.pinned[:, 1].astype(np.int64)
    all_j = np.concatenate([pj, sj])
    all_s = np.concatenate([ps, ss])
    pinned_mask = np.concatenate([np.ones(len(pj), dtype=bool), np.zeros(len(sj), dtype=bool)])
    order = np.lexsort((all_s, all_j))
    all_j, all_s, pinned_mask = all_j[order], all_s[order], pinned_mask[order]
    full_prep = prepare(cohort, weights, rules) if len(pj) else prep
    if len(pj):
        comp, total, _ = score_pairs(full_prep, all_j, all_s)
    else:
        comp, total, _ = score_pairs(prep, np.searchsorted(free_j, all_j), np.searchsorted(free_s, all_s))
    # a pinned pair outside the rules keeps its raw score
    raw = _raw_total(comp, weights, rules)
    score = np.where(np.isfinite(total), total, raw)

    # ---- statuses and counts in original indices (−1 = not scored: all capacity pinned)
    n_jo, n_so = len(cohort.juniors), len(cohort.seniors)
    j_allowed = np.full(n_jo, -1, dtype=np.int64)
    s_allowed = np.full(n_so, -1, dtype=np.int64)
    j_elig = np.full(n_jo, -1, dtype=np.int64)
    s_elig = np.full(n_so, -1, dtype=np.int64)
    j_allowed[free_j], s_allowed[free_s] = cand.junior_allowed, cand.senior_allowed
    j_elig[free_j], s_elig[free_s] = cand.junior_eligible, cand.senior_eligible
    j_status = _status(n_jo, all_j, j_allowed, j_elig)
    s_status = _status(n_so, all_s, s_allowed, s_elig)

    # ---- figures
    solved_w = sol.edges.w[ch]
    objective = float(sol.value[ch].sum()) / scale
    upper = (float((cap_j * sol.u).sum()) + float(v_final.sum())) / scale
    gap = max(upper - objective, 0.0) / objective if objective > 0 else 0.0
    jt1, jt5 = _top_share(sol.edges.j[ch], solved_w, cand.junior_top, n_j)
    st1, st5 = _top_share(sol.edges.s[ch], solved_w, cand.senior_top, n_s)
    total_cap = int(cohort.juniors.capacity.sum())
    quality = Quality(
        pairs=len(all_j),
        pinned_pairs=len(pj),
        juniors_matched=len(np.unique(all_j)) / n_jo if n_jo else 0.0,
        seniors_matched=len(np.unique(all_s)) / n_so if n_so else 0.0,
        total_score=float(score.sum()),
        mean_score=float(score.mean()) if len(score) else 0.0,
        p10_score=float(np.percentile(score, 10)) if len(score) else 0.0,
        min_score=float(score.min()) if len(score) else 0.0,
        juniors_top1=jt1,
        juniors_top5=jt5,
        seniors_top1=st1,
        seniors_top5=st5,
        capacity_use=len(all_j) / total_cap if total_cap else 0.0,
        blocking_pairs=blocking,
        blocking_scope="all pairs" if blocking_scope == "all pairs" else "candidate pairs",
        upper_bound=upper,
        objective=objective,
        gap=gap,
        edges=len(sol.edges),
        shortlisted=cand.shortlisted,
        pricing_rounds=rounds,
        time_scoring=t_scored - t_start,
        time_solving=time_solving,
        time_bound=max(time_bound, 0.0),
        time_total=time.perf_counter() - t_start,
    )
    return MatchResult(
        junior=all_j,
        senior=all_s,
        score=score,
        components=comp,
        pinned=pinned_mask,
        junior_status=j_status,
        senior_status=s_status,
        junior_allowed=j_allowed,
        senior_allowed=s_allowed,
        junior_eligible=j_elig,
        senior_eligible=s_elig,
        excluded=dict(sorted(cand.excluded.items())),
        quality=quality,
    )


def _raw_total(comp: FloatArray, weights: Weights, rules: Rules) -> FloatArray:
    wa = weights.as_array()
    if rules.combine == "sum":
        return np.asarray(comp @ wa)
    return np.asarray((weights.forward + weights.reverse) * np.minimum(comp[:, 0], comp[:, 1]) + comp[:, 2:] @ wa[2:])


def _status(n: int, matched: IntArray, allowed: IntArray, eligible: IntArray) -> NDArray[np.int8]:
    status = np.full(n, int(Status.CAPACITY_TAKEN), dtype=np.int8)
    status[eligible == 0] = int(Status.ALL_BELOW_THRESHOLD)
    status[allowed == 0] = int(Status.NO_ALLOWED_PARTNER)
    status[matched] = int(Status.MATCHED)
    return status


def _top_share(owner: IntArray, w: FloatArray, top: FloatArray, n: int) -> tuple[float, float]:
    """Share of matched people whose best partner is among their top-1 / top-5 candidates by score."""
    if len(owner) == 0:
        return 0.0, 0.0
    best = np.full(n, -np.inf)
    np.maximum.at(best, owner, w)
    people = np.unique(owner)
    got = best[people]
    eps = 1e-6
    top1 = float(np.mean(got >= top[people, 0] - eps))
    top5 = float(np.mean(got >= top[people, min(4, top.shape[1] - 1)] - eps))
    return top1, top5


def rematch(
    cohort: Cohort,
    accepted: Pairs,
    previous: Pairs | None = None,
    stickiness: float = 0.02,
    weights: Weights | None = None,
    rules: Rules | None = None,
    options: SolveOptions | None = None,
) -> MatchResult:
    """Re-solve after declines or departures: ``accepted`` pairs stay (pinned), everyone else is re-matched.

    ``previous`` proposals still standing get a ``stickiness`` bonus so that a re-run changes few pairs.
    """
    weights = dataclasses.replace(weights or Weights(), stickiness=stickiness)
    pinned = np.concatenate([cohort.pinned, np.asarray(accepted, dtype=np.int64).reshape(-1, 2)])
    pinned = np.unique(pinned, axis=0) if len(pinned) else pinned
    prev = cohort.previous if previous is None else np.asarray(previous, dtype=np.int64).reshape(-1, 2)
    return match(dataclasses.replace(cohort, pinned=pinned, previous=prev), weights, rules, options)
