from __future__ import annotations

import pytest

from ponte.demo.loader import LoadResult, load_demo
from tests.demo.reference import ensure_reference_skills


@pytest.fixture
def reference_skills(db: None) -> None:
    ensure_reference_skills()


@pytest.fixture
def demo(reference_skills: None) -> list[LoadResult]:
    """Both demo organisations, loaded once for the test."""
    return load_demo()
