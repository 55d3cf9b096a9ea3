"""Writes of the matching app: runs, their proposals and unmatched people, managers' pair decisions.

Publishing (proposals → pairs) and re-matching after a decline live in ``ponte.pairs.publishing``:
the pairs layer sits above matching and matching never imports it.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.accounts.models import User
from ponte.core.errors import DomainError
from ponte.people.models import Person
from ponte.programs.models import Enrolment, EnrolmentStatus, MatchPriority, Program, ProgramStatus

from .explain import diagnose, explain_pair
from .loading import LoadedCohort, engine_rules, engine_weights, load_cohort
from .models import DecisionKind, MatchRun, PairDecision, Proposal, RunKind, RunStatus, Unmatched
from .presentation import facts_of
from .scoring import Prepared, prepare
from .solver import match
from .types import MatchResult, SolveOptions, Status

logger = logging.getLogger(__name__)

#: Unmatched people diagnosed in detail (per-rule counts); beyond, only the status is stored.
MAX_DIAGNOSED = 5000
STICKINESS = 0.02


@dataclass
class ProposalData:
    junior: Enrolment
    senior: Enrolment
    score: float
    components: dict[str, float]
    facts: dict[str, Any]
    junior_rank: int
    senior_rank: int
    pinned: bool


@dataclass
class UnmatchedData:
    enrolment: Enrolment
    reason: str
    details: dict[str, Any]


@dataclass
class Outcome:
    """What one engine run produced, before anything is written."""

    loaded: LoadedCohort
    result: MatchResult
    proposals: list[ProposalData] = field(default_factory=list)
    unmatched: list[UnmatchedData] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)


def solve_options(program: Program) -> SolveOptions:
    return SolveOptions(objective="coverage" if program.priority == MatchPriority.MOST_PEOPLE else "score")


def _ranks(prep: Prepared, junior: np.ndarray, senior: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """1 + how many candidates each person of each pair scores above their partner (blocked, vectorised)."""
    j_rank = np.ones(len(junior), dtype=np.int64)
    s_rank = np.ones(len(junior), dtype=np.int64)
    if not len(junior):
        return j_rank, s_rank
    threshold = (score - 1e-5).astype(np.float32)
    for r0, r1 in prep.row_blocks(1 << 20):
        w, _allowed = prep.block(r0, r1)
        inside = np.flatnonzero((junior >= r0) & (junior < r1))
        if len(inside):
            j_rank[inside] += (w[junior[inside] - r0] > threshold[inside, None]).sum(axis=1)
        s_rank += (w[:, senior] > threshold[None, :]).sum(axis=0)
    return j_rank, s_rank


def solve(
    loaded: LoadedCohort,
    *,
    stickiness: float = 0.0,
    progress: Callable[[str, int], None] | None = None,
) -> Outcome:
    """Run the engine on a loaded cohort and turn the result into rows to save (nothing is written)."""
    program = loaded.program
    weights = engine_weights(program, stickiness)
    rules = engine_rules(program)
    if progress:
        progress("scoring", 40)
    result = match(loaded.cohort, weights, rules, solve_options(program))
    if progress:
        progress("solving", 80)
    prep = prepare(loaded.cohort, weights, rules)
    j_rank, s_rank = _ranks(prep, result.junior, result.senior, result.score)
    outcome = Outcome(loaded=loaded, result=result)
    for i, (j, s) in enumerate(zip(result.junior.tolist(), result.senior.tolist(), strict=True)):
        explanation = explain_pair(prep, j, s)
        outcome.proposals.append(
            ProposalData(
                junior=loaded.juniors[j],
                senior=loaded.seniors[s],
                score=float(result.score[i]),
                components={k: round(float(v), 4) for k, v in explanation.components.items()},
                facts=facts_of(explanation, loaded.cohort, loaded.skill_ids, loaded.languages),
                junior_rank=int(j_rank[i]),
                senior_rank=int(s_rank[i]),
                pinned=bool(result.pinned[i]),
            )
        )
    diagnosed = 0
    for side, rows, status in (
        ("junior", loaded.juniors, result.junior_status),
        ("senior", loaded.seniors, result.senior_status),
    ):
        for index in np.flatnonzero(status != int(Status.MATCHED)).tolist():
            details: dict[str, Any] = {"side": side}
            if diagnosed < MAX_DIAGNOSED:
                diagnosis = diagnose(prep, side, index)
                diagnosed += 1
                details.update(
                    partners=diagnosis.partners,
                    allowed=diagnosis.allowed,
                    eligible=diagnosis.eligible,
                    excluded=diagnosis.excluded,
                )
            outcome.unmatched.append(
                UnmatchedData(enrolment=rows[index], reason=Status(int(status[index])).name.lower(), details=details)
            )
    outcome.metrics = metrics_of(loaded, result)
    return outcome


def metrics_of(loaded: LoadedCohort, result: MatchResult) -> dict[str, Any]:
    quality = dataclasses.asdict(result.quality)
    n_j, n_s = len(loaded.juniors), len(loaded.seniors)
    matched_people = int(np.count_nonzero(result.junior_status == int(Status.MATCHED))) + int(
        np.count_nonzero(result.senior_status == int(Status.MATCHED))
    )
    either = list(loaded.either_sides.values())
    return {
        **{k: (float(v) if isinstance(v, float) else v) for k, v in quality.items()},
        "juniors": n_j,
        "seniors": n_s,
        "people": n_j + n_s,
        "people_matched": matched_people,
        "participation": matched_people / (n_j + n_s) if n_j + n_s else 0.0,
        "excluded": {k: int(v) for k, v in result.excluded.items()},
        "either_as_junior": either.count("junior"),
        "either_as_senior": either.count("senior"),
        "reference_monday": loaded.reference_monday.isoformat(),
    }


def parameters_of(program: Program) -> dict[str, Any]:
    return {
        "weights": dataclasses.asdict(engine_weights(program)),
        "rules": dataclasses.asdict(engine_rules(program)),
        "objective": solve_options(program).objective,
        "junior_capacity": program.junior_capacity,
    }


def save_outcome(run: MatchRun, outcome: Outcome) -> None:
    """Write a run's proposals and unmatched people (inside the caller's transaction)."""
    Proposal.objects.bulk_create(
        [
            Proposal(
                organization_id=run.organization_id,
                run=run,
                junior=p.junior,
                senior=p.senior,
                score=p.score,
                components=p.components,
                facts=p.facts,
                junior_rank=p.junior_rank,
                senior_rank=p.senior_rank,
                pinned=p.pinned,
            )
            for p in outcome.proposals
        ],
        batch_size=1000,
    )
    Unmatched.objects.bulk_create(
        [Unmatched(run=run, enrolment=u.enrolment, reason=u.reason, details=u.details) for u in outcome.unmatched],
        batch_size=1000,
    )


# --------------------------------------------------------------------------------------------------
# Runs
# --------------------------------------------------------------------------------------------------


def match_run_start(*, program: Program, by: User | None, kind: str = RunKind.FULL) -> MatchRun:
    """Queue a run of the engine for the program; the worker executes it once the transaction commits."""
    if kind not in RunKind.values:
        raise DomainError(_("Unknown kind of matching run."), code="kind")
    if kind == RunKind.FULL and program.status != ProgramStatus.MATCHING:
        raise DomainError(
            _("Matching can run only once enrolment is closed and before the pairs are published."), code="status"
        )
    if not Enrolment.objects.filter(program=program, status=EnrolmentStatus.APPROVED).exists():
        raise DomainError(_("Approve some enrolments before running matching."), code="empty")
    busy = MatchRun.objects.filter(program=program, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists()
    if busy:
        raise DomainError(_("Matching is already running for this program: wait for it to finish."), code="busy")
    from .tasks import run_matching

    with transaction.atomic():
        run = MatchRun.objects.create(
            organization_id=program.organization_id,
            program=program,
            kind=kind,
            status=RunStatus.QUEUED,
            stage="queued",
            parameters=parameters_of(program),
            created_by=by,
        )
        run_id = run.pk
        transaction.on_commit(lambda: run_matching.enqueue(run_id))
    return run


def _progress(run: MatchRun) -> Callable[[str, int], None]:
    def report(stage: str, percent: int) -> None:
        MatchRun.objects.filter(pk=run.pk).update(stage=stage, progress=percent, updated_at=timezone.now())
        run.stage, run.progress = stage, percent

    return report


def match_run_execute(*, run: MatchRun) -> MatchRun:
    """Execute a QUEUED run (anything else is left alone: running twice changes nothing).

    Progress: loading 10 %, scoring 40 %, solving 80 %, saving 100 %. A failure marks the run FAILED with
    the error message and is logged; it never leaves a run "running" for ever.
    """
    claimed = MatchRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), stage="loading", progress=10, updated_at=timezone.now()
    )
    if not claimed:
        run.refresh_from_db()
        return run
    report = _progress(run)
    try:
        program = Program.objects.get(pk=run.program_id)
        loaded = load_cohort(program)
        outcome = solve(loaded, progress=report)
        report("saving", 90)
        with transaction.atomic():
            save_outcome(run, outcome)
            MatchRun.objects.filter(program=program, status=RunStatus.DONE).exclude(pk=run.pk).update(
                status=RunStatus.DISCARDED, updated_at=timezone.now()
            )
            MatchRun.objects.filter(pk=run.pk).update(
                status=RunStatus.DONE,
                stage="done",
                progress=100,
                metrics=outcome.metrics,
                finished_at=timezone.now(),
                updated_at=timezone.now(),
            )
    except Exception as error:
        logger.exception("Match run %s failed", run.pk)
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
    run.refresh_from_db()
    return run


def match_run_create_done(*, program: Program, outcome: Outcome, by: User | None, kind: str = RunKind.FULL) -> MatchRun:
    """A DONE run from an outcome computed synchronously (command line, re-matching)."""
    now = timezone.now()
    with transaction.atomic():
        run = MatchRun.objects.create(
            organization_id=program.organization_id,
            program=program,
            kind=kind,
            status=RunStatus.DONE,
            stage="done",
            progress=100,
            parameters=parameters_of(program),
            metrics=outcome.metrics,
            created_by=by,
            started_at=now,
            finished_at=now,
        )
        save_outcome(run, outcome)
        if kind == RunKind.FULL:
            MatchRun.objects.filter(program=program, status=RunStatus.DONE).exclude(pk=run.pk).update(
                status=RunStatus.DISCARDED, updated_at=now
            )
    return run


def current_run(program: Program) -> MatchRun | None:
    """The newest run that is not discarded (what the matching page is about)."""
    return (
        MatchRun.objects.filter(program=program)
        .exclude(status=RunStatus.DISCARDED)
        .defer("metrics", "parameters")
        .order_by("-created_at", "-pk")
        .first()
    )


# --------------------------------------------------------------------------------------------------
# Managers' decisions about pairs (the audit trail is the PairDecision rows)
# --------------------------------------------------------------------------------------------------


def _check_people(program: Program, junior: Person, senior: Person) -> None:
    if junior.pk == senior.pk:
        raise DomainError(_("Choose two different people."), code="same_person")
    enrolled = set(
        Enrolment.objects.filter(
            program=program, status=EnrolmentStatus.APPROVED, person__in=[junior.pk, senior.pk]
        ).values_list("person_id", flat=True)
    )
    if enrolled != {junior.pk, senior.pk}:
        raise DomainError(_("Both people must have an approved enrolment in this program."), code="not_enrolled")


def _decide(
    *, program: Program, junior: Person, senior: Person, by: User | None, kind: str, reason: str
) -> PairDecision:
    decision, created = PairDecision.objects.get_or_create(
        program=program,
        junior=junior,
        senior=senior,
        kind=kind,
        defaults={"organization_id": program.organization_id, "reason": reason, "decided_by": by},
    )
    if not created:
        decision.reason, decision.decided_by = reason, by
        decision.save(update_fields=["reason", "decided_by", "updated_at"])
    return decision


def pair_pin(*, program: Program, junior: Person, senior: Person, by: User | None, reason: str = "") -> PairDecision:
    """Keep this pair in every later run (the latest decision wins: a pin replaces a forbid)."""
    _check_people(program, junior, senior)
    with transaction.atomic():
        clash = (
            PairDecision.objects.filter(program=program, kind=DecisionKind.PIN)
            .filter(senior=senior)
            .exclude(junior=junior)
            .select_related("junior")
            .first()
        )
        if clash is not None:
            raise DomainError(
                _("%(senior)s is already pinned with %(junior)s: unpin that pair first.")
                % {"senior": senior.full_name, "junior": clash.junior.full_name},
                code="pin_clash",
            )
        pins_of_junior = (
            PairDecision.objects.filter(program=program, kind=DecisionKind.PIN, junior=junior)
            .exclude(senior=senior)
            .count()
        )
        if pins_of_junior >= program.junior_capacity:
            raise DomainError(
                _("%(junior)s already has as many pinned partners as the program allows.")
                % {"junior": junior.full_name},
                code="pin_capacity",
            )
        PairDecision.objects.filter(program=program, junior=junior, senior=senior, kind=DecisionKind.FORBID).delete()
        decision = _decide(program=program, junior=junior, senior=senior, by=by, kind=DecisionKind.PIN, reason=reason)
        Proposal.objects.filter(
            run__program=program, run__status=RunStatus.DONE, junior__person=junior, senior__person=senior
        ).update(pinned=True)
    return decision


def pair_unpin(*, program: Program, junior: Person, senior: Person, by: User | None) -> None:
    with transaction.atomic():
        PairDecision.objects.filter(program=program, junior=junior, senior=senior, kind=DecisionKind.PIN).delete()
        Proposal.objects.filter(
            run__program=program, run__status=RunStatus.DONE, junior__person=junior, senior__person=senior, manual=False
        ).update(pinned=False)


def _required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Please give a reason: it is kept with the decision."), code="reason")
    return reason[:500]


def pair_forbid(*, program: Program, junior: Person, senior: Person, by: User | None, reason: str) -> PairDecision:
    """Never propose this pair again. A draft proposal of it is withdrawn from the current run."""
    reason = _required(reason)
    _check_people(program, junior, senior)
    with transaction.atomic():
        PairDecision.objects.filter(program=program, junior=junior, senior=senior, kind=DecisionKind.PIN).delete()
        decision = _decide(
            program=program, junior=junior, senior=senior, by=by, kind=DecisionKind.FORBID, reason=reason
        )
        proposals = list(
            Proposal.objects.filter(
                run__program=program, run__status=RunStatus.DONE, junior__person=junior, senior__person=senior
            )
        )
        for proposal in proposals:
            run_id = proposal.run_id
            proposal.delete()
            Unmatched.objects.get_or_create(
                run_id=run_id, enrolment_id=proposal.senior_id, defaults={"reason": "decision", "details": {}}
            )
            if not Proposal.objects.filter(run_id=run_id, junior_id=proposal.junior_id).exists():
                Unmatched.objects.get_or_create(
                    run_id=run_id, enrolment_id=proposal.junior_id, defaults={"reason": "decision", "details": {}}
                )
    return decision


def reporting_line_allow(
    *, program: Program, junior: Person, senior: Person, by: User | None, reason: str
) -> PairDecision:
    """Allow this one couple despite the reporting line (an explicit, logged manager override)."""
    reason = _required(reason)
    _check_people(program, junior, senior)
    with transaction.atomic():
        return _decide(
            program=program,
            junior=junior,
            senior=senior,
            by=by,
            kind=DecisionKind.ALLOW_REPORTING_LINE,
            reason=reason,
        )
