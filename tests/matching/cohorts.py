"""Small random cohorts for the matching tests (pure NumPy, no database)."""

from __future__ import annotations

import numpy as np

from ponte.matching import Cohort, Side

K = 6


def side(rng: np.random.Generator, n: int, first_id: int, n_other: int, other_first: int, max_cap: int) -> Side:
    offer = np.where(rng.random((n, K)) < 0.5, rng.integers(1, 9, (n, K)), 0).astype(np.uint8)
    want_from = rng.integers(0, 4, (n, K)).astype(np.uint8)
    want_to = np.where(rng.random((n, K)) < 0.5, want_from + rng.integers(1, 5, (n, K)), 0).astype(np.uint8)
    words = rng.integers(0, 2**63, (n, 3), dtype=np.uint64)
    sparse = rng.integers(0, 2**63, (n, 3), dtype=np.uint64) & rng.integers(0, 2**63, (n, 3), dtype=np.uint64)
    availability = words & sparse & rng.integers(0, 2**63, (n, 3), dtype=np.uint64)
    availability[:, 2] &= np.uint64((1 << 40) - 1)  # only 168 hours exist
    ranks = np.argsort(rng.random((n, 5)), axis=1).argsort(axis=1) + 1
    channels = np.where(ranks <= rng.integers(0, 6, n)[:, None], ranks, 0).astype(np.uint8)
    languages = rng.integers(0, 8, n).astype(np.uint64)
    ids = np.concatenate([np.arange(other_first, other_first + n_other), [-1, -1, -1]])
    managers = rng.choice(ids, size=(n, 2))
    return Side(
        offer=offer,
        want_from=want_from,
        want_to=want_to,
        availability=availability,
        channels=channels,
        languages=languages,
        department=rng.integers(-1, 3, n).astype(np.int64),
        person_id=np.arange(first_id, first_id + n, dtype=np.int64),
        managers=managers.astype(np.int64),
        utc_offset_minutes=rng.choice([-300, 0, 60, 120], n).astype(np.int64),
        capacity=rng.integers(1, max_cap + 1, n).astype(np.int64),
    )


def pairs(rng: np.random.Generator, n_j: int, n_s: int, count: int) -> np.ndarray:
    return np.stack([rng.integers(0, n_j, count), rng.integers(0, n_s, count)], axis=1).astype(np.int64)


def random_cohort(seed: int, n_j: int | None = None, n_s: int | None = None, pinned: bool = True) -> Cohort:
    rng = np.random.default_rng(seed)
    n_j = n_j if n_j is not None else int(rng.integers(1, 9))
    n_s = n_s if n_s is not None else int(rng.integers(1, 12))
    jun = side(rng, n_j, 0, n_s, n_j, 3)
    sen = side(rng, n_s, n_j, n_j, 0, 1)
    pin = np.zeros((0, 2), dtype=np.int64)
    if pinned and rng.random() < 0.5:
        j, s = int(rng.integers(0, n_j)), int(rng.integers(0, n_s))
        pin = np.array([[j, s]], dtype=np.int64)
    return Cohort(
        juniors=jun,
        seniors=sen,
        prefer=pairs(rng, n_j, n_s, int(rng.integers(0, 4))),
        avoid=pairs(rng, n_j, n_s, int(rng.integers(0, 4))),
        forbidden=pairs(rng, n_j, n_s, int(rng.integers(0, 3))),
        pinned=pin,
    )
