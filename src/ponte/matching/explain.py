"""Structured facts about a pair or a person, for the UI to render in Italian or English.

Only indices and numbers: skills, channels and languages are indices the caller maps to names.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .scoring import Prepared, mask_to_hours, prepare, score_pairs
from .types import CHANNELS, COMPONENTS, Cohort, Reason, Rules, Weights


@dataclass(frozen=True)
class SkillGain:
    """One skill the teacher can move the learner on: learner's level from → reachable level to."""

    skill: int
    teacher_level: int
    from_level: int
    to_level: int
    target_level: int


@dataclass(frozen=True)
class PairExplanation:
    junior: int
    senior: int
    score: float  # −inf when a hard rule excludes the pair
    excluded_by: tuple[str, ...]  # Reason names (empty when the pair is allowed)
    components: dict[str, float]  # COMPONENTS → value in [0, 1]
    junior_teaches: tuple[SkillGain, ...]  # what the senior learns, best first
    senior_teaches: tuple[SkillGain, ...]  # what the junior learns back, best first
    shared_channels: tuple[int, ...]  # channel indices of CHANNELS, best combined rank first
    overlap_hours: int  # shared UTC hours per week
    shared_hours: tuple[int, ...]  # the shared hours (0..167 from Monday 00:00 UTC of the reference week)
    shared_languages: tuple[int, ...]  # language bit indices
    different_departments: bool


def _gains(teacher: np.ndarray, wfrom: np.ndarray, wto: np.ndarray, top: int) -> tuple[SkillGain, ...]:
    o, c, t = teacher.astype(np.int64), wfrom.astype(np.int64), wto.astype(np.int64)
    reach = np.minimum(o, t)
    gain = np.clip(reach - c, 0, None)
    skills = np.flatnonzero(gain > 0)
    skills = skills[np.lexsort((skills, -gain[skills]))][:top]
    return tuple(
        SkillGain(
            skill=int(k), teacher_level=int(o[k]), from_level=int(c[k]), to_level=int(reach[k]), target_level=int(t[k])
        )
        for k in skills
    )


def explain_pair(
    prep: Prepared | Cohort,
    junior: int,
    senior: int,
    weights: Weights | None = None,
    rules: Rules | None = None,
    top: int = 3,
) -> PairExplanation:
    """Why a pair scores what it scores: shared skills both ways, channels, hours, languages, components."""
    if isinstance(prep, Cohort):
        prep = prepare(prep, weights, rules)
    jun, sen = prep.cohort.juniors, prep.cohort.seniors
    comp, total, flags = score_pairs(prep, np.array([junior]), np.array([senior]))
    flag = Reason(int(flags[0]))
    channels = [
        (int(jun.channels[junior, c]) + int(sen.channels[senior, c]), c)
        for c in range(len(CHANNELS))
        if jun.channels[junior, c] > 0 and sen.channels[senior, c] > 0
    ]
    hours = mask_to_hours(jun.availability[junior] & sen.availability[senior])
    shared_lang = int(jun.languages[junior]) & int(sen.languages[senior])
    dj, ds = int(jun.department[junior]), int(sen.department[senior])
    return PairExplanation(
        junior=junior,
        senior=senior,
        score=float(total[0]),
        excluded_by=tuple(r.name for r in Reason if r and r in flag and r.name),
        components={name: float(comp[0, i]) for i, name in enumerate(COMPONENTS)},
        junior_teaches=_gains(jun.offer[junior], sen.want_from[senior], sen.want_to[senior], top),
        senior_teaches=_gains(sen.offer[senior], jun.want_from[junior], jun.want_to[junior], top),
        shared_channels=tuple(c for _, c in sorted(channels)),
        overlap_hours=len(hours),
        shared_hours=tuple(hours),
        shared_languages=tuple(i for i in range(64) if shared_lang >> i & 1),
        different_departments=dj < 0 or ds < 0 or dj != ds,
    )


@dataclass(frozen=True)
class PersonDiagnosis:
    """How many possible partners each rule excluded for one person (a partner may count under several)."""

    side: str
    index: int
    partners: int
    allowed: int  # pass every hard rule
    eligible: int  # allowed and at least the minimum score
    excluded: dict[str, int]
    best_score: float  # best eligible score (−inf when none)


def diagnose(
    prep: Prepared | Cohort, side: str, index: int, weights: Weights | None = None, rules: Rules | None = None
) -> PersonDiagnosis:
    """ "Why wasn't I matched?" — score one person against every possible partner, with reasons."""
    if isinstance(prep, Cohort):
        prep = prepare(prep, weights, rules)
    if side == "junior":
        others = np.arange(prep.n_seniors)
        _, total, flags = score_pairs(prep, np.full(len(others), index), others)
    elif side == "senior":
        others = np.arange(prep.n_juniors)
        _, total, flags = score_pairs(prep, others, np.full(len(others), index))
    else:
        raise ValueError("side must be 'junior' or 'senior'")
    hard = flags & ~int(Reason.BELOW_MIN_SCORE)
    excluded = {r.name: int(np.count_nonzero(flags & r)) for r in Reason if r and r.name}
    eligible = np.isfinite(total)
    return PersonDiagnosis(
        side=side,
        index=index,
        partners=len(others),
        allowed=int(np.count_nonzero(hard == 0)),
        eligible=int(np.count_nonzero(eligible)),
        excluded={k: v for k, v in excluded.items() if v},
        best_score=float(total[eligible].max()) if eligible.any() else float("-inf"),
    )
