from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ponte.reports.privacy import K_ANONYMITY, suppress_small_groups

group_counts = st.dictionaries(st.sampled_from("ABCDEFG"), st.integers(min_value=0, max_value=40), min_size=1)


@given(group_counts, st.integers(min_value=0, max_value=12))
def test_no_visible_group_is_under_k(counts: dict[str, int], ungrouped: int) -> None:
    shown = suppress_small_groups(counts, ungrouped=ungrouped)
    assert all(value is None or value >= K_ANONYMITY for value in shown.values())


@given(group_counts, st.integers(min_value=0, max_value=12))
def test_total_minus_visible_never_isolates_fewer_than_k(counts: dict[str, int], ungrouped: int) -> None:
    shown = suppress_small_groups(counts, ungrouped=ungrouped)
    total = sum(counts.values()) + ungrouped
    hidden = total - sum(value for value in shown.values() if value is not None)
    # What a reader can work out by subtraction covers nobody, or at least k people, unless
    # nothing at all is shown.
    anything_shown = any(value is not None for value in shown.values())
    assert not anything_shown or hidden == 0 or hidden >= K_ANONYMITY


@given(group_counts)
def test_visible_counts_are_true_counts(counts: dict[str, int]) -> None:
    shown = suppress_small_groups(counts)
    assert all(value == counts[key] for key, value in shown.items() if value is not None)


def test_single_small_group_forces_a_second_one_to_hide() -> None:
    shown = suppress_small_groups({"boomers": 1, "gen_x": 6, "millennials": 15, "gen_z": 5})
    assert shown["boomers"] is None
    assert shown["gen_z"] is None  # the smallest visible group covers it
    assert shown["millennials"] == 15
