"""What meetings do when a pair's facts change. Connected in ``MeetingsConfig.ready()``."""

from __future__ import annotations

from typing import Any

from ponte.pairs import events as pair_events

from .services import meetings_cancel_upcoming


def on_pair_stopped(sender: Any, *, pair_id: int, **kwargs: Any) -> None:
    """A pair that paused, ended or completed keeps no meeting in anyone's calendar."""
    meetings_cancel_upcoming(pair_id=pair_id)


def connect() -> None:
    uid = "ponte.meetings"
    pair_events.pair_paused.connect(on_pair_stopped, dispatch_uid=f"{uid}.pair_paused")
    pair_events.pair_ended.connect(on_pair_stopped, dispatch_uid=f"{uid}.pair_ended")
    pair_events.pair_completed.connect(on_pair_stopped, dispatch_uid=f"{uid}.pair_completed")
