"""Reference competence frameworks shipped with Ponte, in English and Italian.

Each ``<code>.json`` file describes one framework::

    {"code": "digcomp", "position": 1, "max_level": 8,
     "name": {"en": "...", "it": "..."}, "description": {"en": "...", "it": "..."},
     "levels": [{"number": 1, "name": {...}, "description": {...}}, ...] | "generic",
     "areas": [{"code": "1", "name": {...},
                "skills": [{"code": "1.1", "name": {...}, "description": {...}}, ...]}, ...]}

Areas and skills are ordered as listed. Other apps rely on the framework and competence codes:
never renumber them.

GreenComp defines no proficiency levels of its own, but every skill in Ponte needs a level scale
(offers, wants and assessments are all expressed on it), so its file says ``"levels": "generic"``
and gets the eight neutral levels of ``generic_levels.json``. Organisations' own frameworks use
the same generic scale.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent
REFERENCE_CODES = ("digcomp", "entrecomp", "greencomp")


def _read(name: str) -> Any:
    with (DATA_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def generic_levels() -> list[dict[str, Any]]:
    levels: list[dict[str, Any]] = _read("generic_levels")
    return levels


def reference_frameworks() -> list[dict[str, Any]]:
    """The reference frameworks, with the generic level scale filled in where one is missing."""
    frameworks = []
    for code in REFERENCE_CODES:
        spec = _read(code)
        if spec["levels"] == "generic":
            spec["levels"] = generic_levels()
        frameworks.append(spec)
    return frameworks
