"""Ponte's matching engine: pure NumPy/OR-Tools, no Django.

A Django service loads a program's enrolments into a :class:`Cohort` of arrays (indices, not names),
calls :func:`match` (or :func:`rematch`), stores the pairs and renders :func:`explain_pair` facts.
"""

from .explain import PairExplanation, PersonDiagnosis, SkillGain, diagnose, explain_pair
from .scoring import Prepared, hours_to_mask, mask_to_hours, prepare, score_pairs, weekly_mask_utc
from .solver import assignment_optimum, greedy, match, rematch, solve_flow
from .types import (
    CHANNELS,
    COMPONENTS,
    Cohort,
    MatchResult,
    Quality,
    Reason,
    Rules,
    Side,
    SolveOptions,
    Status,
    Weights,
)

__all__ = [
    "CHANNELS",
    "COMPONENTS",
    "Cohort",
    "MatchResult",
    "PairExplanation",
    "PersonDiagnosis",
    "Prepared",
    "Quality",
    "Reason",
    "Rules",
    "Side",
    "SkillGain",
    "SolveOptions",
    "Status",
    "Weights",
    "assignment_optimum",
    "diagnose",
    "explain_pair",
    "greedy",
    "hours_to_mask",
    "mask_to_hours",
    "match",
    "prepare",
    "rematch",
    "score_pairs",
    "solve_flow",
    "weekly_mask_utc",
]
