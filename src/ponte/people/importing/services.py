"""The import flow for an ImportJob (web), and for raw bytes (CLI, benchmark).

One code path for all three: parse → check → plan → apply in one transaction.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ponte.accounts.models import User
from ponte.organizations.models import Organization
from ponte.people.models import ImportJob, ImportStatus

from . import columns as c
from .apply import Plan, apply_plan, load_snapshot, make_plan, summary_of
from .parsing import FileProblem, Table, read_table
from .validation import Checked, check_table
from .values import as_text

logger = logging.getLogger(__name__)

PREVIEW_ROWS = 20
PROGRESS_EVERY = 5_000
_PREVIEW_FIELDS = (c.EMAIL, c.FIRST_NAME, c.LAST_NAME, c.JOB_TITLE, c.DEPARTMENT, c.MANAGER_EMAIL)


def file_error(code: str, **params: Any) -> dict[str, Any]:
    return {"row": None, "col": None, "column": "", "field": "", "value": "", "code": code, "params": params}


@dataclass
class Outcome:
    """What an import found (and, unless dry run, did)."""

    total_rows: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    summary: dict[str, Any] = field(default_factory=dict)
    preview: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0


def _preview(checked: Checked, plan: Plan) -> list[dict[str, Any]]:
    rows = []
    for row in checked.rows[:PREVIEW_ROWS]:
        shown = {target: as_text(row.get(target) or "") for target in _PREVIEW_FIELDS}
        rows.append({"row": row["row"], "action": plan.actions.get(row["row"], ""), **shown})
    return rows


@contextmanager
def gc_paused() -> Iterator[None]:
    """A 100,000-row import holds millions of live objects; letting the cyclic garbage collector
    rescan them all every few thousand allocations made the import five times slower."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_import(
    organization: Organization,
    table: Table,
    mapping: dict[str, str],
    *,
    dry_run: bool = False,
    progress: Callable[[str, int], None] | None = None,
    before_apply: Callable[[], bool] | None = None,
) -> Outcome:
    """Check ``table`` and, when it has no error and not ``dry_run``, write it all or nothing.

    Everything the organisation has is read once up front; the write is a few hundred bulk
    statements in one transaction, whatever the number of rows.

    ``before_apply`` runs inside the transaction; returning False abandons the write (a job
    that was already imported by another worker). ``progress(phase, rows)`` reports rows done
    in the "check" and then the "apply" phase.
    """
    with gc_paused():
        return _run_import(organization, table, mapping, dry_run=dry_run, progress=progress, before_apply=before_apply)


def _run_import(
    organization: Organization,
    table: Table,
    mapping: dict[str, str],
    *,
    dry_run: bool,
    progress: Callable[[str, int], None] | None,
    before_apply: Callable[[], bool] | None,
) -> Outcome:
    outcome = Outcome(total_rows=len(table.rows))
    missing = c.missing_required(mapping)
    if missing:
        outcome.errors = [file_error("missing_columns", columns=missing)]
        outcome.error_count = 1
        return outcome
    if not table.rows:
        outcome.errors = [file_error("no_rows")]
        outcome.error_count = 1
        return outcome

    started = time.perf_counter()
    snapshot = load_snapshot(organization)
    checked = check_table(
        table, mapping, snapshot.existing(), (lambda count: progress("check", count)) if progress else None
    )
    outcome.errors, outcome.error_count = checked.errors, checked.error_count
    outcome.timings["validate"] = time.perf_counter() - started
    if not checked.ok:
        outcome.summary = {"error_count": checked.error_count, "errors_truncated": checked.truncated}
        return outcome

    plan = make_plan(checked.rows, snapshot)
    outcome.summary = summary_of(plan)
    outcome.preview = _preview(checked, plan)
    if dry_run:
        return outcome

    started = time.perf_counter()
    with transaction.atomic():
        if before_apply is not None and not before_apply():
            return outcome
        outcome.summary = apply_plan(
            organization, snapshot, plan, (lambda count: progress("apply", count)) if progress else None
        )
        outcome.applied = True
    outcome.timings["apply"] = time.perf_counter() - started
    return outcome


def import_bytes(
    organization: Organization,
    data: bytes,
    filename: str,
    *,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Parse and import a file in one go (CLI and benchmark). ``mapping`` defaults to the guess."""
    started = time.perf_counter()
    try:
        with gc_paused():
            table = read_table(data, filename)
    except FileProblem as problem:
        return Outcome(errors=[file_error(problem.code, **problem.params)], error_count=1)
    parse_seconds = time.perf_counter() - started
    outcome = run_import(
        organization, table, mapping if mapping is not None else c.guess_mapping(table.headers), dry_run=dry_run
    )
    outcome.timings["parse"] = parse_seconds
    return outcome


# --- ImportJob flow (web + tasks) -------------------------------------------------------------


def import_job_create(
    *, organization: Organization, user: User | None, data: bytes, filename: str, table: Table
) -> ImportJob:
    """Store an upload that already passed the checks of the upload form."""
    job = ImportJob(
        organization=organization,
        created_by=user,
        original_name=filename[:255],
        file_format=table.file_format,
        encoding=table.encoding,
        delimiter=table.delimiter,
        headers=table.headers,
        mapping=c.guess_mapping(table.headers),
    )
    job.file.save(filename, ContentFile(data), save=False)
    job.save()
    return job


def import_job_set_mapping(*, job: ImportJob, mapping: dict[str, str]) -> None:
    """Save the confirmed columns and check the file in the background."""
    from ponte.people.tasks import validate_import

    job.mapping = mapping
    job.status = ImportStatus.VALIDATING
    job.processed_rows = 0
    job.errors = []
    job.summary = {}
    job.finished_at = None
    job.save(update_fields=["mapping", "status", "processed_rows", "errors", "summary", "finished_at", "updated_at"])
    job_id = job.pk
    transaction.on_commit(lambda: validate_import.enqueue(job_id))


def import_job_confirm(*, job: ImportJob) -> bool:
    """Start the import of a checked file; False when it is not (or no longer) ready."""
    from ponte.people.tasks import run_import as run_import_task

    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(
        status=ImportStatus.IMPORTING, processed_rows=0, updated_at=timezone.now()
    )
    if not claimed:
        return False
    job_id = job.pk
    transaction.on_commit(lambda: run_import_task.enqueue(job_id))
    return True


def _read_job_table(job: ImportJob) -> Table:
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError, OSError) as error:
        raise FileProblem("file_missing") from error
    return read_table(data, f"upload.{job.file_format}")


def _progress_writer(job_id: int, total: int, *, halves: bool) -> Callable[[str, int], None]:
    """Checking fills the bar, or its first half when writing follows and fills the second."""

    def write(phase: str, count: int) -> None:
        done = count if not halves else (count // 2 if phase == "check" else total // 2 + count // 2)
        ImportJob.objects.filter(pk=job_id).update(processed_rows=min(done, total))

    return write


def _finish(job_id: int, status: str, outcome: Outcome, **extra: Any) -> None:
    summary = {**outcome.summary, "error_count": outcome.error_count}
    if outcome.preview:
        summary["preview"] = outcome.preview
    ImportJob.objects.filter(pk=job_id).update(
        status=status,
        errors=outcome.errors,
        summary=summary,
        processed_rows=outcome.total_rows,
        total_rows=outcome.total_rows,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
        **extra,
    )


def import_job_check(job_id: int) -> None:
    """Check a job's file with its mapping: status VALIDATING → READY or INVALID. Safe to repeat."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.VALIDATING).select_related("organization").first()
    if job is None:
        return
    try:
        table = _read_job_table(job)
    except FileProblem as problem:
        _finish(
            job_id, ImportStatus.INVALID, Outcome(errors=[file_error(problem.code, **problem.params)], error_count=1)
        )
        return
    ImportJob.objects.filter(pk=job_id).update(total_rows=len(table.rows), processed_rows=0)
    outcome = run_import(
        job.organization,
        table,
        job.mapping,
        dry_run=True,
        progress=_progress_writer(job_id, len(table.rows), halves=False),
    )
    _finish(job_id, ImportStatus.READY if outcome.ok else ImportStatus.INVALID, outcome)


def import_job_run(job_id: int) -> None:
    """Import a confirmed job: status IMPORTING → DONE (or INVALID if the organisation changed
    since the check). Running it twice imports once: only an IMPORTING job is picked up, and the
    status is checked again under lock inside the write transaction."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.IMPORTING).select_related("organization").first()
    if job is None:
        return
    try:
        table = _read_job_table(job)
    except FileProblem as problem:
        _finish(
            job_id, ImportStatus.FAILED, Outcome(errors=[file_error(problem.code, **problem.params)], error_count=1)
        )
        return
    total = len(table.rows)
    ImportJob.objects.filter(pk=job_id).update(total_rows=total, processed_rows=0)

    # Progress covers two halves: re-checking the rows, then writing them. The writing half is
    # inside the transaction, so other connections see it only where the database allows it.
    def still_importing() -> bool:
        return ImportJob.objects.select_for_update().filter(pk=job_id, status=ImportStatus.IMPORTING).exists()

    try:
        outcome = run_import(
            job.organization,
            table,
            job.mapping,
            progress=_progress_writer(job_id, total, halves=True),
            before_apply=still_importing,
        )
    except Exception:
        logger.exception("Import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.FAILED, finished_at=timezone.now())
        raise
    if not outcome.ok:
        _finish(job_id, ImportStatus.INVALID, outcome)
    elif outcome.applied:
        _finish(job_id, ImportStatus.DONE, outcome)
