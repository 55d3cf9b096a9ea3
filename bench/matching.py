"""Benchmark: the matching engine on realistic synthetic cohorts.

Usage: uv run python bench/matching.py [--runs 3] [--large] [--sizes 40x60,400x600,...] [--plain-max 1000]

Cohorts: 48 skills (21 DigComp-like digital, 15 EntreComp-like, 12 GreenComp-like); juniors offer digital
skills and want leadership/entrepreneurial ones, seniors the reverse (with some noise); availability from
work-hour windows in Europe/Rome, Europe/London and America/New_York, converted to UTC for a January
reference week; languages, ranked channels, 30 departments, manager chains, a few wishes. Juniors mentor up
to 2 seniors (some 1 or 3).

Per size (medians of --runs runs, each in the same process; memory from one more run in a child process):
end-to-end time and peak memory, solver time alone, total score, gap to the proven upper bound, the greedy
baseline (sort edges, take if free) on the same candidate edges, blocking pairs, and for small sizes a plain
solver (scipy linear_sum_assignment on the slot-duplicated dense matrix) on the same score matrix.
Never asserts timings; prints the targets next to the figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

import numpy as np

from ponte.matching import Cohort, Side, SolveOptions, assignment_optimum, greedy, match, prepare, weekly_mask_utc
from ponte.matching.solver import candidates

K_DIGITAL, K_ENTRE, K_GREEN = 21, 15, 12
K = K_DIGITAL + K_ENTRE + K_GREEN
DIGITAL = np.arange(0, K_DIGITAL)
LEADERSHIP = np.arange(K_DIGITAL, K_DIGITAL + K_ENTRE)
GREEN = np.arange(K_DIGITAL + K_ENTRE, K)
ZONES = (("Europe/Rome", 0.6), ("Europe/London", 0.25), ("America/New_York", 0.15))
REFERENCE_MONDAY = date(2026, 1, 12)
LANG_P = (0.85, 0.6, 0.1, 0.1, 0.05)  # it, en, es, fr, de


def _utc_hour_maps() -> list[np.ndarray]:
    """Per zone: local hour of week (0..167) → UTC hour of week, for the reference week."""
    maps = []
    for zone, _ in ZONES:
        m = np.zeros(168, dtype=np.int64)
        for h in range(168):
            mask = weekly_mask_utc([(h // 24, h % 24, h % 24 + 1)], zone, REFERENCE_MONDAY)
            bits = np.unpackbits(mask.astype("<u8").view(np.uint8), bitorder="little")
            m[h] = int(np.flatnonzero(bits)[0])
        maps.append(m)
    return maps


def _side(rng: np.random.Generator, n: int, first_id: int, junior: bool, maps: list[np.ndarray]) -> Side:
    offer = np.zeros((n, K), dtype=np.uint8)
    want_from = np.zeros((n, K), dtype=np.uint8)
    want_to = np.zeros((n, K), dtype=np.uint8)
    teach, learn = (DIGITAL, LEADERSHIP) if junior else (LEADERSHIP, DIGITAL)
    rows = np.arange(n)[:, None]
    n_offer = rng.integers(3, 9 if junior else 7, size=n)
    n_want = rng.integers(2, 6, size=n)
    pick = np.argsort(rng.random((n, len(teach))), axis=1)
    lvl = rng.integers(4 if junior else 5, 9, size=(n, len(teach))).astype(np.uint8)
    keep = np.arange(len(teach))[None, :] < n_offer[:, None]
    offer[rows, teach[pick]] = np.where(keep, lvl, 0)
    pick = np.argsort(rng.random((n, len(learn))), axis=1)
    cur = rng.integers(1, 4, size=(n, len(learn))).astype(np.uint8)
    tgt = (cur + rng.integers(1, 4, size=(n, len(learn)))).astype(np.uint8)
    keep = np.arange(len(learn))[None, :] < n_want[:, None]
    want_from[rows, learn[pick]] = np.where(keep, cur, 0)
    want_to[rows, learn[pick]] = np.where(keep, tgt, 0)
    # noise: some green skills offered or wanted on both sides
    g = rng.random((n, len(GREEN)))
    offer[:, GREEN] = np.where(g < 0.08, rng.integers(3, 8, size=(n, len(GREEN))), 0).astype(np.uint8)
    gw = rng.random((n, len(GREEN))) < 0.08
    want_from[:, GREEN] = np.where(gw, 1, 0).astype(np.uint8)
    want_to[:, GREEN] = np.where(gw, rng.integers(2, 6, size=(n, len(GREEN))), 0).astype(np.uint8)
    # availability: 2-5 one- or two-hour windows on weekdays between 08:00 and 18:00 local
    zone = rng.choice(len(ZONES), size=n, p=[p for _, p in ZONES])
    local = np.zeros((n, 168), dtype=bool)
    n_win = rng.integers(2, 6, size=n)
    for w in range(5):
        on = n_win > w
        day = rng.integers(0, 5, size=n)
        start = rng.integers(8, 17, size=n)
        length = rng.integers(1, 3, size=n)
        for extra in range(2):
            sel = on & (extra < length)
            local[np.flatnonzero(sel), (day * 24 + start + extra)[sel]] = True
    utc = np.zeros((n, 168), dtype=bool)
    for z, m in enumerate(maps):
        idx = np.flatnonzero(zone == z)
        r, c = np.nonzero(local[idx])
        utc[idx[r], m[c]] = True
    padded = np.zeros((n, 192), dtype=bool)
    padded[:, :168] = utc
    availability = np.packbits(padded, axis=1, bitorder="little").view("<u8").astype(np.uint64)
    offsets = np.array([60, 0, -300])[zone]
    languages = np.zeros(n, dtype=np.uint64)
    for bit, p in enumerate(LANG_P):
        languages |= np.where(rng.random(n) < p, np.uint64(1 << bit), np.uint64(0))
    languages[languages == 0] = 1
    # channels: a random ranking of 2..5 acceptable channels
    ranks = np.argsort(rng.random((n, 5)), axis=1).argsort(axis=1) + 1
    accepted = rng.integers(2, 6, size=n)
    channels = np.where(ranks <= accepted[:, None], ranks, 0).astype(np.uint8)
    capacity = rng.choice([1, 2, 3], size=n, p=[0.2, 0.7, 0.1]) if junior else np.ones(n, dtype=np.int64)
    return Side(
        offer=offer,
        want_from=want_from,
        want_to=want_to,
        availability=availability,
        channels=channels,
        languages=languages,
        department=rng.integers(0, 30, size=n).astype(np.int64),
        person_id=np.arange(first_id, first_id + n, dtype=np.int64),
        managers=np.full((n, 2), -1, dtype=np.int64),
        utc_offset_minutes=offsets.astype(np.int64),
        capacity=capacity.astype(np.int64),
    )


def cohort(n_juniors: int, n_seniors: int, seed: int = 7) -> Cohort:
    rng = np.random.default_rng(seed)
    maps = _utc_hour_maps()
    jun = _side(rng, n_juniors, 0, True, maps)
    sen = _side(rng, n_seniors, n_juniors, False, maps)
    # reporting lines: 10% of seniors manage people of their department; skip-level via their own manager
    managers = rng.choice(n_seniors, size=max(1, n_seniors // 10), replace=False)
    for side in (jun, sen):
        n = len(side)
        boss = managers[rng.integers(0, len(managers), size=n)]
        side.managers[:, 0] = sen.person_id[boss]
    boss_of_boss = sen.managers[managers, 0]
    lookup = dict(zip(sen.person_id[managers].tolist(), boss_of_boss.tolist(), strict=True))
    for side in (jun, sen):
        side.managers[:, 1] = [lookup[m] for m in side.managers[:, 0].tolist()]
        side.department[:] = np.where(
            rng.random(len(side)) < 0.7, sen.department[side.managers[:, 0] - n_juniors], side.department
        )
    n_wish = max(1, n_juniors // 50)
    prefer = np.stack([rng.integers(0, n_juniors, n_wish), rng.integers(0, n_seniors, n_wish)], axis=1)
    avoid = np.stack([rng.integers(0, n_juniors, n_wish), rng.integers(0, n_seniors, n_wish)], axis=1)
    return Cohort(juniors=jun, seniors=sen, prefer=prefer.astype(np.int64), avoid=avoid.astype(np.int64))


def run_once(n_j: int, n_s: int, options: SolveOptions, plain_max: int) -> dict[str, float | int | str]:
    coh = cohort(n_j, n_s)
    t0 = time.perf_counter()
    result = match(coh, options=options)
    elapsed = time.perf_counter() - t0
    q = result.quality
    out: dict[str, float | int | str] = {
        "time": elapsed,
        "solve": q.time_solving,
        "scoring": q.time_scoring,
        "bound_time": q.time_bound,
        "pairs": q.pairs,
        "score": q.total_score,
        "bound": q.upper_bound,
        "objective": q.objective,
        "gap": q.gap,
        "edges": q.edges,
        "rounds": q.pricing_rounds,
        "blocking": q.blocking_pairs,
        "blocking_scope": q.blocking_scope,
        "j_matched": q.juniors_matched,
        "s_matched": q.seniors_matched,
        "j_top5": q.juniors_top5,
        "s_top5": q.seniors_top5,
        "p10": q.p10_score,
    }
    # greedy on the same candidate edges (the shortlist when shortlisted)
    prep = prepare(coh)
    cand = candidates(prep, options)
    e = cand.edges
    t0 = time.perf_counter()
    chosen = greedy(n_j, n_s, e.j, e.s, e.w, coh.juniors.capacity, coh.seniors.capacity)
    out["greedy_time"] = time.perf_counter() - t0
    out["greedy_score"] = float(e.w[chosen].sum())
    out["greedy_s_matched"] = len(np.unique(e.s[chosen])) / n_s
    if n_j + n_s <= plain_max:
        matrix = prep.matrix().astype(np.float64)
        t0 = time.perf_counter()
        out["plain_score"] = assignment_optimum(matrix, coh.juniors.capacity)
        out["plain_time"] = time.perf_counter() - t0
    return out


def child(n_j: int, n_s: int, options: SolveOptions) -> None:
    coh = cohort(n_j, n_s)
    tracemalloc.start()
    match(coh, options=options)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"traced_mb": peak / 2**20, "rss_mb": rss}))


def memory(n_j: int, n_s: int) -> dict[str, float]:
    proc = subprocess.run(  # noqa: S603
        [sys.executable, str(Path(__file__).resolve()), "--child", f"{n_j}x{n_s}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large", action="store_true", help="also 100,000 participants (40k × 60k)")
    parser.add_argument("--sizes", default="40x60,400x600,4000x6000,10000x10000")
    parser.add_argument("--plain-max", type=int, default=1000, help="run the plain LSA solver up to this many people")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    options = SolveOptions()
    if args.child:
        n_j, n_s = (int(x) for x in args.child.split("x"))
        child(n_j, n_s, options)
        return
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    if args.large:
        sizes.append((40_000, 60_000))
    print(f"matching bench: medians of {args.runs} runs; targets: 10k×10k exact < 10 s, 100k people ≤ 1% gap < 60 s")
    for n_j, n_s in sizes:
        runs = [run_once(n_j, n_s, options, args.plain_max) for _ in range(args.runs)]

        def med(key: str, runs: list[dict[str, float | int | str]] = runs) -> float:
            return statistics.median(float(r[key]) for r in runs)

        mem = memory(n_j, n_s)
        r0 = runs[0]
        people = n_j + n_s
        print(f"\n== {n_j:,} juniors × {n_s:,} seniors ({people:,} people, {n_j * n_s:,} pairs) ==")
        print(
            f"  end to end {med('time'):.2f} s (scoring+shortlist {med('scoring'):.2f} s, solver {med('solve'):.2f} s, "
            f"bound/pricing {med('bound_time'):.2f} s); peak traced {mem['traced_mb']:.0f} MB, "
            f"max RSS {mem['rss_mb']:.0f} MB"
        )
        print(
            f"  pairs {int(r0['pairs']):,}; juniors matched {float(r0['j_matched']):.1%}, seniors matched "
            f"{float(r0['s_matched']):.1%}; top-5 share juniors {float(r0['j_top5']):.1%} "
            f"seniors {float(r0['s_top5']):.1%}; p10 score {float(r0['p10']):.3f}"
        )
        print(
            f"  total score {float(r0['score']):,.2f}; solved objective {float(r0['objective']):,.4f}, upper bound "
            f"{float(r0['bound']):,.4f}, gap {float(r0['gap']):.4%} "
            f"({int(r0['edges']):,} edges, {int(r0['rounds'])} pricing rounds)"
        )
        gscore = float(r0["greedy_score"])
        print(
            f"  greedy on the same edges: score {gscore:,.2f} ({gscore / float(r0['score']) - 1:+.2%}), "
            f"seniors matched {float(r0['greedy_s_matched']):.1%}, {med('greedy_time'):.2f} s"
        )
        if "plain_score" in r0:
            print(
                f"  plain solver (scipy linear_sum_assignment, dense slot-duplicated): score "
                f"{float(r0['plain_score']):,.2f} in {med('plain_time'):.2f} s"
            )
        print(f"  blocking pairs {int(r0['blocking']):,} ({r0['blocking_scope']})")


if __name__ == "__main__":
    main()
