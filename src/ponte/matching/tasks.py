"""Background work of matching. Tasks take ids, reload, and are safe to run twice."""

from __future__ import annotations

from django.tasks import task

from .models import MatchRun


@task()
def run_matching(run_id: int) -> None:
    """Execute a queued match run (QUEUED → RUNNING → DONE or FAILED); any other status is left alone."""
    from .services import match_run_execute

    run = MatchRun.objects.filter(pk=run_id).first()
    if run is not None:
        match_run_execute(run=run)
