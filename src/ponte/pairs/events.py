"""Domain events of pairs: past-tense facts other apps (notifications, activity) listen to.

Every event is sent once, after the transaction that made it true has committed, and only by
the request or task that won the status change: a task run twice sends nothing the second time.
"""

from __future__ import annotations

from django.dispatch import Signal

#: Both people accepted: the pair is active. Arguments: ``pair_id``.
pair_activated = Signal()

#: One person declined: the proposal is closed. Arguments: ``pair_id``, ``declined_by_id`` (the
#: Person who declined; listeners must never tell the partner who it was).
pair_declined = Signal()

#: The deadline passed before both people accepted. Arguments: ``pair_id``.
pair_expired = Signal()

#: A reminder is due for the people who have not answered yet. Arguments: ``pair_id``,
#: ``person_ids`` (the people still to answer).
pair_reminded = Signal()
