"""Domain events of check-ins: past-tense facts other apps (notifications) listen to.

Each is sent once, after the transaction that made it true has committed. Arguments: ``checkin_id``.
"""

from __future__ import annotations

from django.dispatch import Signal

#: A check-in became due and was sent to its person (once per check-in).
checkin_sent = Signal()
