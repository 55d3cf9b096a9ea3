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

#: The pair paused (by one of its people or a program manager): no nudges, check-ins or new
#: meetings until it resumes. Arguments: ``pair_id``, ``by_person_id`` (None when a manager paused).
pair_paused = Signal()

#: A paused pair resumed, by hand or because its pause date passed. Arguments: ``pair_id``.
pair_resumed = Signal()

#: The pair ended before the program did (no fault). Arguments: ``pair_id``, ``ended_by_id`` (the
#: Person who ended it, None when a program manager did; listeners never tell the partner why).
pair_ended = Signal()

#: The pair completed: the program closed, or a program manager marked it done. Arguments: ``pair_id``.
pair_completed = Signal()

#: A program manager was shown people's private notes to HR (why they declined or ended a pair).
#: Sent at once, during the request that showed them. Arguments: ``organization_id``, ``pair_ids``,
#: ``actor_id`` (the User who read them).
hr_notes_read = Signal()
