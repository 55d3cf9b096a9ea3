"""k-anonymity for every figure a manager sees.

A group under K people is never shown. Hiding it is not enough when the total is shown too: with
one hidden group, total minus the visible groups gives it away. So hidden groups (plus any
people in no group) must add up to at least K, or to nobody at all; otherwise the next smallest
visible group is hidden as well (secondary suppression).
"""

from __future__ import annotations

from collections.abc import Mapping

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
