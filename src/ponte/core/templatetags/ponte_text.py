"""Template helpers for the free text managers read in aggregates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django import template

register = template.Library()


@register.filter
def grouped(texts: Iterable[str] | None) -> list[tuple[str, int]]:
    """Identical answers once, with how many people gave them: the most frequent first, then by text.

    Only used on lists already large enough to be shown (k-anonymity): the order says nothing of who
    wrote what.
    """
    counts = Counter(text.strip() for text in texts or [] if text.strip())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
