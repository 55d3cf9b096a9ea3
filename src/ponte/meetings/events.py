"""Domain events of meetings: past-tense facts other apps (notifications) listen to.

Each is sent once, after the transaction that made it true has committed. Arguments: ``meeting_id``.
"""

from __future__ import annotations

from django.dispatch import Signal

#: A pair booked a new meeting.
meeting_scheduled = Signal()

#: A scheduled meeting changed (time, length, channel, place, link or agenda); its SEQUENCE grew.
meeting_rescheduled = Signal()

#: A scheduled meeting was cancelled; its SEQUENCE grew.
meeting_cancelled = Signal()

#: A scheduled meeting starts soon: its reminder is due (sent once per meeting time).
meeting_reminded = Signal()

#: One of the pair recorded whether a meeting that started took place (held or no-show).
meeting_outcome_recorded = Signal()
