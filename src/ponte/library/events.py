"""Domain events of experience pills: past-tense facts other apps (notifications) listen to.

Each is sent once, after the transaction that made it true has committed.
"""

from __future__ import annotations

from django.dispatch import Signal

#: A new pill was written for a person, a pair or a program. Arguments: ``pill_id``.
pill_published = Signal()

#: The author asked to share a pill with the whole organisation: it waits for a program manager.
#: Arguments: ``pill_id``.
pill_shared_widely = Signal()

#: A program manager approved or declined organisation-wide sharing. Arguments: ``pill_id``,
#: ``approved`` (bool).
pill_reviewed = Signal()
