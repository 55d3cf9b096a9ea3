"""What feedback does when pairs and meetings change. Connected in ``FeedbackConfig.ready()``."""

from __future__ import annotations

from typing import Any

from ponte.meetings.events import meeting_outcome_recorded
from ponte.meetings.models import Meeting
from ponte.pairs import events as pair_events
from ponte.pairs.models import Pair

from .closure import closure_request
from .risk import pairs_check_activity
from .services import pair_notes_read_by_manager


def on_pair_closed(sender: Any, *, pair_id: int, **kwargs: Any) -> None:
    closure_request(pair_id=pair_id)


def on_meeting_outcome(sender: Any, *, meeting_id: int, **kwargs: Any) -> None:
    """A meeting that took place (or did not) changes the pair's risk straight away, not at the next sweep."""
    pair_ids = Meeting.objects.filter(pk=meeting_id).values_list("pair_id", flat=True)
    pairs_check_activity(pairs=Pair.objects.filter(pk__in=list(pair_ids)))


def on_hr_notes_read(sender: Any, *, organization_id: int, pair_ids: list[int], actor_id: int, **kwargs: Any) -> None:
    pair_notes_read_by_manager(organization_id=organization_id, pair_ids=pair_ids, actor_id=actor_id)


def connect() -> None:
    uid = "ponte.feedback"
    pair_events.pair_completed.connect(on_pair_closed, dispatch_uid=f"{uid}.pair_completed")
    pair_events.pair_ended.connect(on_pair_closed, dispatch_uid=f"{uid}.pair_ended")
    pair_events.hr_notes_read.connect(on_hr_notes_read, dispatch_uid=f"{uid}.hr_notes_read")
    meeting_outcome_recorded.connect(on_meeting_outcome, dispatch_uid=f"{uid}.meeting_outcome_recorded")
