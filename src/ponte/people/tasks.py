"""Background work of the people app. Tasks take ids, reload, and are safe to run twice."""

from __future__ import annotations

from django.tasks import task

from ponte.people.importing.services import import_job_check, import_job_run


@task()
def validate_import(job_id: int) -> None:
    """Check an uploaded file against its column mapping (VALIDATING → READY or INVALID)."""
    import_job_check(job_id)


@task()
def run_import(job_id: int) -> None:
    """Import a checked and confirmed file, all or nothing (IMPORTING → DONE)."""
    import_job_run(job_id)
