"""Block scores (matrix products) agree with the per-pair formulas; masks follow DST; explanations."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ponte.matching import (
    Rules,
    diagnose,
    explain_pair,
    hours_to_mask,
    mask_to_hours,
    match,
    prepare,
    score_pairs,
    weekly_mask_utc,
)
from tests.matching.cohorts import random_cohort

JANUARY = date(2026, 1, 12)
JULY = date(2026, 7, 13)
MARCH_GAP = date(2026, 3, 16)  # the US is on summer time, Europe not yet


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), combine=st.sampled_from(["sum", "min"]), min_score=st.sampled_from([0.0, 0.3]))
def test_block_products_equal_pair_formulas(seed: int, combine: str, min_score: float) -> None:
    cohort = random_cohort(seed)
    prep = prepare(cohort, rules=Rules(combine=combine, min_score=min_score))  # type: ignore[arg-type]
    matrix = prep.matrix()
    j, s = np.meshgrid(np.arange(prep.n_juniors), np.arange(prep.n_seniors), indexing="ij")
    comp, total, flags = score_pairs(prep, j.ravel(), s.ravel())
    expected = total.reshape(matrix.shape)
    assert np.array_equal(np.isfinite(matrix), np.isfinite(expected))
    finite = np.isfinite(expected)
    assert np.allclose(matrix[finite], expected[finite], atol=1e-5)
    assert np.all((comp >= 0) & (comp <= 1 + 1e-9))
    assert np.array_equal(flags.reshape(matrix.shape) == 0, finite)


def test_rome_window_maps_to_different_utc_hours_in_january_and_july() -> None:
    window = [(0, 9, 11)]  # Monday 09:00-11:00 in Rome
    assert mask_to_hours(weekly_mask_utc(window, "Europe/Rome", JANUARY)) == [8, 9]  # UTC+1
    assert mask_to_hours(weekly_mask_utc(window, "Europe/Rome", JULY)) == [7, 8]  # UTC+2


def test_rome_and_new_york_overlap_as_expected_across_dst() -> None:
    rome = [(0, 14, 18)]  # Monday 14-18 in Rome
    ny = [(0, 9, 12)]  # Monday 9-12 in New York
    for week, rome_hours, ny_hours in (
        (JANUARY, [13, 14, 15, 16], [14, 15, 16]),  # UTC+1 / UTC-5
        (MARCH_GAP, [13, 14, 15, 16], [13, 14, 15]),  # UTC+1 / UTC-4
        (JULY, [12, 13, 14, 15], [13, 14, 15]),  # UTC+2 / UTC-4
    ):
        a = weekly_mask_utc(rome, "Europe/Rome", week)
        b = weekly_mask_utc(ny, "America/New_York", week)
        assert mask_to_hours(a) == rome_hours
        assert mask_to_hours(b) == ny_hours
        assert mask_to_hours(a & b) == sorted(set(rome_hours) & set(ny_hours))


def test_week_wraps_and_validates() -> None:
    # Monday 00:00-01:00 in Rome is Sunday 23:00 UTC: the last hour of the week
    assert mask_to_hours(weekly_mask_utc([(0, 0, 1)], "Europe/Rome", JANUARY)) == [167]
    assert mask_to_hours(hours_to_mask([0, 63, 64, 167])) == [0, 63, 64, 167]
    with pytest.raises(ValueError, match="Monday"):
        weekly_mask_utc([(0, 9, 10)], "Europe/Rome", date(2026, 1, 13))
    with pytest.raises(ValueError, match="window"):
        weekly_mask_utc([(7, 9, 10)], "Europe/Rome", JANUARY)


def test_explanation_facts_agree_with_the_data() -> None:
    cohort = random_cohort(5, n_j=6, n_s=9, pinned=False)
    result = match(cohort)
    assert len(result.junior) > 0
    prep = prepare(cohort)
    for j, s, score in zip(result.junior, result.senior, result.score, strict=True):
        facts = explain_pair(prep, int(j), int(s))
        assert facts.score == pytest.approx(score)
        assert facts.excluded_by == ()
        jun, sen = cohort.juniors, cohort.seniors
        assert facts.overlap_hours == int(np.bitwise_count(jun.availability[j] & sen.availability[s]).sum())
        assert facts.shared_languages and all(
            int(jun.languages[j]) >> b & 1 and int(sen.languages[s]) >> b & 1 for b in facts.shared_languages
        )
        for gain in facts.junior_teaches:
            assert gain.teacher_level == jun.offer[j, gain.skill]
            assert sen.want_from[s, gain.skill] == gain.from_level < gain.to_level <= sen.want_to[s, gain.skill]
        for gain in facts.senior_teaches:
            assert gain.teacher_level == sen.offer[s, gain.skill]
            assert jun.want_from[j, gain.skill] == gain.from_level < gain.to_level <= jun.want_to[j, gain.skill]
        assert (facts.components["forward"] > 0) == bool(facts.junior_teaches)
        assert all(jun.channels[j, c] > 0 and sen.channels[s, c] > 0 for c in facts.shared_channels)


def test_diagnosis_counts_partners_per_rule() -> None:
    cohort = random_cohort(8, n_j=5, n_s=7, pinned=False)
    result = match(cohort)
    for j in range(5):
        d = diagnose(cohort, "junior", j)
        assert d.partners == 7
        assert d.allowed == result.junior_allowed[j]
        assert d.eligible == result.junior_eligible[j]
        assert d.allowed + sum(0 for _ in d.excluded) <= d.partners
    with pytest.raises(ValueError, match="side"):
        diagnose(cohort, "mentor", 0)
