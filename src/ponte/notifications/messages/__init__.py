"""Every message Ponte sends: one function per message, one call per recipient.

Each one mails the person (subject, text and HTML, in *their* language and time zone) and puts
the same message in their notification centre, as far as their preferences for that kind of
message allow (``catalogue`` lists the kinds). A message tied to one occurrence goes out at most
once per person: a task or event that runs twice finds the notification already there and stops.
Reminders are the exception, because a program manager may send one again on purpose.
"""

from __future__ import annotations

from .feedback import checkin_due, closure_due, kudos_received
from .library import pill_approved, pill_not_approved, pill_recorded_for_you, pill_review_requested
from .lifecycle import pair_at_risk, pair_ended_for_you, pair_nudge, pair_paused, pair_resumed
from .meetings import meeting_cancelled, meeting_reminder, meeting_rescheduled, meeting_scheduled
from .pairs import pair_activated, pair_closed_for_you, pair_expired, pair_proposed, pair_reminder, program_invitation

__all__ = [
    "checkin_due",
    "closure_due",
    "kudos_received",
    "meeting_cancelled",
    "meeting_reminder",
    "meeting_rescheduled",
    "meeting_scheduled",
    "pair_activated",
    "pair_at_risk",
    "pair_closed_for_you",
    "pair_ended_for_you",
    "pair_expired",
    "pair_nudge",
    "pair_paused",
    "pair_proposed",
    "pair_reminder",
    "pair_resumed",
    "pill_approved",
    "pill_not_approved",
    "pill_recorded_for_you",
    "pill_review_requested",
    "program_invitation",
]
