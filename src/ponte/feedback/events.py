"""Domain events of check-ins: past-tense facts other apps (notifications) listen to.

Each is sent once, after the transaction that made it true has committed. Arguments: ``checkin_id``.
"""

from __future__ import annotations

from django.dispatch import Signal

#: A check-in became due and was sent to its person (once per check-in).
checkin_sent = Signal()

#: One person gave feedback after a meeting. Arguments: ``feedback_id``. Listeners may tell the
#: partner about the kudos only; the rating and what was learned stay with the author.
feedback_given = Signal()

#: A pair has not met for twice its agreed rhythm: both people are nudged once per quiet spell.
#: Arguments: ``pair_id``.
pair_nudged = Signal()

#: A pair became at risk (``Pair.risk_reason`` says why) for program managers to act on.
#: Arguments: ``pair_id``.
pair_flagged = Signal()

#: A pair ended or completed: its person is asked for the final assessments and closing survey.
#: Arguments: ``survey_id``.
closure_requested = Signal()

#: Both people of an ended pair answered their closing survey and final assessments.
#: Arguments: ``pair_id``.
closure_completed = Signal()
