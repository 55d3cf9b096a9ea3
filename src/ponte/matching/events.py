"""Domain events of matching, for other apps to listen to (notifications, reports).

``pairs_proposed``: sent once a transaction that created proposed pairs has committed, with
``pair_ids`` (list of ``pairs.Pair`` ids) and ``program_id``. Receivers must accept ``**kwargs``.
"""

from __future__ import annotations

from django.dispatch import Signal

pairs_proposed = Signal()
