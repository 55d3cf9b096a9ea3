"""The matching engine: exact optimum, hard rules, pinned pairs, capacities, determinism, bounds."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ponte.matching import (
    Cohort,
    Rules,
    SolveOptions,
    Status,
    Weights,
    assignment_optimum,
    greedy,
    match,
    prepare,
    rematch,
)
from ponte.matching.types import HOURS_PER_WEEK
from tests.matching.cohorts import random_cohort

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEEDS = st.integers(0, 10_000)
RULES = st.builds(
    Rules,
    forbid_same_department=st.booleans(),
    reporting_depth=st.integers(0, 2),
    require_availability=st.booleans(),
    max_utc_distance_hours=st.sampled_from([None, 2.0, 6.0]),
    min_score=st.sampled_from([0.0, 0.2, 0.4]),
    combine=st.sampled_from(["sum", "min"]),
)
TOL = 1e-3  # scores are integers × 1/10,000 inside the flow


def brute_force(matrix: np.ndarray, cap_j: np.ndarray) -> float:
    """Try every assignment of each senior to a junior or to nobody."""
    n_j, n_s = matrix.shape
    best = 0.0
    for choice in itertools.product(range(-1, n_j), repeat=n_s):
        counts = np.bincount([c for c in choice if c >= 0], minlength=n_j)
        if np.any(counts > cap_j):
            continue
        total = sum(matrix[c, s] for s, c in enumerate(choice) if c >= 0)
        if np.isfinite(total):
            best = max(best, float(total))
    return best


def chain_forbidden(cohort: Cohort, j: int, s: int, depth: int) -> bool:
    jun, sen = cohort.juniors, cohort.seniors
    return bool(
        np.isin(sen.person_id[s], jun.managers[j, :depth]) or np.isin(jun.person_id[j], sen.managers[s, :depth])
    )


@SETTINGS
@given(seed=SEEDS, rules=RULES)
def test_min_cost_flow_equals_linear_sum_assignment(seed: int, rules: Rules) -> None:
    cohort = random_cohort(seed, pinned=False)
    result = match(cohort, rules=rules)
    matrix = prepare(cohort, rules=rules).matrix().astype(np.float64)
    assert result.quality.total_score == pytest.approx(assignment_optimum(matrix, cohort.juniors.capacity), abs=TOL)
    assert result.quality.gap == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=25, deadline=None)
@given(seed=SEEDS)
def test_min_cost_flow_equals_brute_force_on_tiny_cohorts(seed: int) -> None:
    cohort = random_cohort(seed, n_j=int(seed % 3) + 1, n_s=int(seed % 4) + 1, pinned=False)
    result = match(cohort)
    matrix = prepare(cohort).matrix().astype(np.float64)
    assert result.quality.total_score == pytest.approx(brute_force(matrix, cohort.juniors.capacity), abs=TOL)


@SETTINGS
@given(seed=SEEDS, rules=RULES)
def test_no_pair_breaks_a_hard_rule_and_capacities_hold(seed: int, rules: Rules) -> None:
    cohort = random_cohort(seed)
    result = match(cohort, rules=rules)
    jun, sen = cohort.juniors, cohort.seniors
    avoid = {tuple(p) for p in cohort.avoid.tolist()} | {tuple(p) for p in cohort.forbidden.tolist()}
    for j, s, score, pinned in zip(result.junior, result.senior, result.score, result.pinned, strict=True):
        if pinned:
            continue
        assert (int(j), int(s)) not in avoid
        assert int(jun.languages[j]) & int(sen.languages[s])
        assert not chain_forbidden(cohort, j, s, rules.reporting_depth)
        if rules.forbid_same_department:
            assert jun.department[j] < 0 or jun.department[j] != sen.department[s]
        if rules.require_availability:
            assert np.any(jun.availability[j] & sen.availability[s])
        if rules.max_utc_distance_hours is not None:
            assert abs(jun.utc_offset_minutes[j] - sen.utc_offset_minutes[s]) <= rules.max_utc_distance_hours * 60
        assert score >= rules.min_score - 1e-6
    assert np.all(np.bincount(result.junior, minlength=len(jun)) <= jun.capacity)
    assert np.all(np.bincount(result.senior, minlength=len(sen)) <= sen.capacity)
    assert len({(int(j), int(s)) for j, s in zip(result.junior, result.senior, strict=True)}) == len(result.junior)


@SETTINGS
@given(seed=SEEDS)
def test_pinned_pairs_are_always_kept(seed: int) -> None:
    cohort = random_cohort(seed)
    result = match(cohort)
    chosen = {(int(j), int(s)) for j, s in zip(result.junior, result.senior, strict=True)}
    pinned = {(int(j), int(s)) for j, s in cohort.pinned}
    assert pinned <= chosen
    assert {p for p, flag in zip(chosen, [True] * len(chosen), strict=True) if flag} >= pinned
    assert int(result.pinned.sum()) == len(pinned)
    for j, s in pinned:
        assert result.junior_status[j] == Status.MATCHED and result.senior_status[s] == Status.MATCHED


@SETTINGS
@given(seed=SEEDS)
def test_same_input_same_output(seed: int) -> None:
    cohort = random_cohort(seed, n_j=8, n_s=12)
    options = SolveOptions(full_edge_limit=0, junior_top=2, senior_top=1)
    a, b = match(cohort, options=options), match(cohort, options=options)
    assert np.array_equal(a.junior, b.junior) and np.array_equal(a.senior, b.senior)
    assert np.array_equal(a.score, b.score)


@SETTINGS
@given(seed=SEEDS, verify=st.sampled_from(["full", "bound"]), objective=st.sampled_from(["score", "coverage"]))
def test_shortlist_gap_is_a_valid_bound(seed: int, verify: str, objective: str) -> None:
    cohort = random_cohort(seed, n_j=10, n_s=14, pinned=False)
    exact = match(cohort, options=SolveOptions(objective=objective))  # type: ignore[arg-type]
    short = match(
        cohort,
        options=SolveOptions(objective=objective, full_edge_limit=0, junior_top=1, senior_top=1, verify=verify),  # type: ignore[arg-type]
    )
    assert short.quality.shortlisted and not exact.quality.shortlisted
    assert short.quality.gap >= 0
    assert short.quality.upper_bound >= exact.quality.objective - TOL
    assert short.quality.objective <= exact.quality.objective + TOL
    if verify == "full":  # pricing proves the optimum on small cohorts
        assert short.quality.objective == pytest.approx(exact.quality.objective, abs=TOL)
    if short.quality.gap == 0:
        assert short.quality.objective == pytest.approx(exact.quality.objective, abs=TOL)


@SETTINGS
@given(seed=SEEDS)
def test_nothing_pruned_means_zero_gap(seed: int) -> None:
    cohort = random_cohort(seed, n_j=4, n_s=5, pinned=False)
    result = match(cohort, options=SolveOptions(full_edge_limit=0, junior_top=50, senior_top=50, verify="bound"))
    assert result.quality.gap == pytest.approx(0.0, abs=1e-9)


@SETTINGS
@given(seed=SEEDS)
def test_coverage_matches_at_least_as_many_people(seed: int) -> None:
    cohort = random_cohort(seed, pinned=False)
    by_score = match(cohort)
    by_coverage = match(cohort, options=SolveOptions(objective="coverage"))
    assert by_coverage.quality.pairs >= by_score.quality.pairs
    assert by_coverage.quality.total_score <= by_score.quality.total_score + TOL


@SETTINGS
@given(seed=SEEDS)
def test_greedy_never_beats_the_optimum(seed: int) -> None:
    cohort = random_cohort(seed, pinned=False)
    matrix = prepare(cohort).matrix().astype(np.float64)
    j, s = np.nonzero(np.isfinite(matrix))
    chosen = greedy(
        matrix.shape[0], matrix.shape[1], j, s, matrix[j, s], cohort.juniors.capacity, cohort.seniors.capacity
    )
    assert matrix[j, s][chosen].sum() <= match(cohort).quality.total_score + TOL


@SETTINGS
@given(seed=SEEDS)
def test_blocking_pairs_match_a_direct_count(seed: int) -> None:
    cohort = random_cohort(seed, pinned=False)
    result = match(cohort)
    matrix = prepare(cohort).matrix().astype(np.float64)
    chosen = {(int(j), int(s)) for j, s in zip(result.junior, result.senior, strict=True)}
    got_j = {j: [] for j in range(matrix.shape[0])}
    got_s: dict[int, float] = {}
    for j, s in chosen:
        got_j[j].append(matrix[j, s])
        got_s[s] = matrix[j, s]
    count = 0
    for j, s in zip(*np.nonzero(np.isfinite(matrix)), strict=True):
        if (j, s) in chosen:
            continue
        j_wants = len(got_j[j]) < cohort.juniors.capacity[j] or matrix[j, s] > min(got_j[j])
        s_wants = s not in got_s or matrix[j, s] > got_s[s]
        count += bool(j_wants and s_wants)
    assert result.quality.blocking_pairs == count


@SETTINGS
@given(seed=SEEDS)
def test_rematch_keeps_accepted_pairs(seed: int) -> None:
    cohort = random_cohort(seed, n_j=6, n_s=8, pinned=False)
    first = match(cohort)
    if len(first.junior) == 0:
        return
    accepted = first.pairs()[:1]
    again = rematch(cohort, accepted=accepted, previous=first.pairs(), stickiness=0.05)
    chosen = {(int(j), int(s)) for j, s in zip(again.junior, again.senior, strict=True)}
    assert (int(accepted[0, 0]), int(accepted[0, 1])) in chosen
    assert again.pinned.sum() == 1


@SETTINGS
@given(seed=SEEDS)
def test_stickiness_keeps_previous_pairs(seed: int) -> None:
    cohort = random_cohort(seed, n_j=6, n_s=8, pinned=False)
    first = match(cohort)
    again = rematch(cohort, accepted=np.zeros((0, 2), dtype=np.int64), previous=first.pairs(), stickiness=5.0)
    assert {tuple(p) for p in again.pairs().tolist()} >= {tuple(p) for p in first.pairs().tolist()}


def test_statuses_explain_who_is_unmatched() -> None:
    cohort = random_cohort(3, n_j=5, n_s=9, pinned=False)
    # give senior 0 no language at all and senior 1 a department clash with everyone
    cohort.seniors.languages[0] = 0
    result = match(cohort, rules=Rules(min_score=0.0))
    assert result.senior_status[0] == Status.NO_ALLOWED_PARTNER
    assert result.senior_allowed[0] == 0
    strict = match(cohort, rules=Rules(min_score=10.0))
    assert len(strict.junior) == 0
    assert set(np.unique(strict.junior_status)) <= {Status.NO_ALLOWED_PARTNER, Status.ALL_BELOW_THRESHOLD}
    assert strict.excluded.get("BELOW_MIN_SCORE", 0) > 0
    assert result.quality.time_total >= 0


def test_weights_shape_scores() -> None:
    cohort = random_cohort(11, n_j=6, n_s=8, pinned=False)
    only_fwd = match(cohort, weights=Weights(1, 0, 0, 0, 0, 0, 0))
    assert np.allclose(only_fwd.score, only_fwd.components[:, 0])
    assert np.all(only_fwd.components >= 0) and np.all(only_fwd.components <= 1 + 1e-9)


def test_hours_constant() -> None:
    assert HOURS_PER_WEEK == 168
