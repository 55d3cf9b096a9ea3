"""k-anonymity for every figure a manager sees.

A group under K people is never shown. Hiding it is not enough when the total is shown too: with
one hidden group, total minus the visible groups gives it away. So hidden groups (plus any
people in no group) must add up to at least K, or to nobody at all; otherwise the next smallest
visible group is hidden as well (secondary suppression).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

#: Smallest group whose figures a manager may see.
K_ANONYMITY = 5

#: Smallest group whose free text a manager may read: wording identifies people more easily.
K_ANONYMITY_TEXT = 10


def suppress_small_groups[Key](
    counts: Mapping[Key, int], *, k: int = K_ANONYMITY, ungrouped: int = 0
) -> dict[Key, int | None]:
    """Counts safe to show next to their total; ``None`` marks a withheld group.

    ``ungrouped`` is the number of people counted in the total but in none of the groups
    (e.g. no birth year given): they are hidden by nature and help cover small groups.
    """
    shown: dict[Key, int | None] = {key: (n if n >= k else None) for key, n in counts.items()}
    hidden_total = ungrouped + sum(n for key, n in counts.items() if shown[key] is None)
    while 0 < hidden_total < k:
        visible = [(n, str(key), key) for key, n in counts.items() if shown[key] is not None]
        if not visible:
            break
        n, _label, smallest = min(visible)
        shown[smallest] = None
        hidden_total += n
    return shown


@dataclass(frozen=True)
class Measure:
    """A figure before privacy review: its value, the distinct people it comes from, its spread."""

    value: float
    people: int
    spread: float | None = None


@dataclass(frozen=True)
class Figure:
    """A figure as a manager may see it; a withheld one carries no value, size or spread."""

    value: float | None
    people: int | None
    spread: float | None = None

    @property
    def withheld(self) -> bool:
        return self.value is None


WITHHELD = Figure(None, None, None)


def differencing_safe(people: int, parents: Iterable[int], *, k: int = K_ANONYMITY) -> bool:
    """Whether a figure over ``people`` may be shown beside the same figure over wider groups.

    Each parent holds the filtered group and more; the difference is the rest of the parent, which
    comparing the two views would isolate. It must be nobody or at least ``k`` people too.
    """
    return people >= k and all(parent - people == 0 or parent - people >= k for parent in parents)


def publish_figures[Key](
    view: Mapping[Key, Measure],
    parents: Sequence[Mapping[Key, Measure]] = (),
    *,
    k: int = K_ANONYMITY,
    breakdowns: Iterable[tuple[Collection[Key], int]] = (),
) -> dict[Key, Figure]:
    """The figures of one view safe to show, given the same figures of every wider view.

    ``parents`` are the views this one narrows (a program within its organisation, a department
    within the program...); a key a parent lacks counts as no wider than the view. ``breakdowns``
    lists groups of keys that split the same people without overlap (with the number of people in
    none of them): inside each, a withheld group must not be recoverable from the total, so
    secondary suppression applies as in ``suppress_small_groups``.
    """
    shown = {
        key: differencing_safe(
            measure.people, [parent[key].people if key in parent else measure.people for parent in parents], k=k
        )
        for key, measure in view.items()
    }
    for keys, ungrouped in breakdowns:
        present = [key for key in keys if key in view]
        counts = {key: view[key].people for key in present}
        withheld = suppress_small_groups(counts, k=k, ungrouped=ungrouped)
        hidden = ungrouped + sum(counts[key] for key in present if not shown[key] or withheld[key] is None)
        for key in present:
            if withheld[key] is None:
                shown[key] = False
        visible = sorted((counts[key], str(key), key) for key in present if shown[key])
        while 0 < hidden < k and visible:
            n, _label, smallest = visible.pop(0)
            shown[smallest] = False
            hidden += n
    return {
        key: Figure(measure.value, measure.people, measure.spread) if shown[key] else WITHHELD
        for key, measure in view.items()
    }
