"""What feedback does when pairs and meetings change. Connected in ``FeedbackConfig.ready()``."""

from __future__ import annotations

from typing import Any

from ponte.meetings.events import meeting_outcome_recorded
from ponte.meetings.models import Meeting
from ponte.pairs import events as pair_events
from ponte.pairs.models import Pair

from .closure import closure_request
from .risk import pairs_check_activity


def on_pair_closed(sender: Any, *, pair_id: int, **kwargs: Any) -> None:
    closure_request(pair_id=pair_id)


def on_meeting_outcome(sender: Any, *, meeting_id: int, **kwargs: Any) -> None:
    """A meeting that took place (or did not) changes the pair's risk straight away, not at the next sweep."""
    pair_ids = Meeting.objects.filter(pk=meeting_id).values_list("pair_id", flat=True)
    pairs_check_activity(pairs=Pair.objects.filter(pk__in=list(pair_ids)))


def connect() -> None:
    uid = "ponte.feedback"
    pair_events.pair_completed.connect(on_pair_closed, dispatch_uid=f"{uid}.pair_completed")
    pair_events.pair_ended.connect(on_pair_closed, dispatch_uid=f"{uid}.pair_ended")
    meeting_outcome_recorded.connect(on_meeting_outcome, dispatch_uid=f"{uid}.meeting_outcome_recorded")
