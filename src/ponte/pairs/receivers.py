"""What pairs do when other apps' facts happen. Connected in ``PairsConfig.ready()``."""

from __future__ import annotations

from typing import Any

from ponte.programs.events import program_closed

from .tasks import complete_program_pairs


def on_program_closed(sender: Any, *, program_id: int, **kwargs: Any) -> None:
    # A large program has thousands of pairs: the worker completes them, not the request.
    complete_program_pairs.enqueue(program_id)


def connect() -> None:
    program_closed.connect(on_program_closed, dispatch_uid="ponte.pairs.program_closed")
