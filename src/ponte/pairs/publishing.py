"""From matching to pairs: publishing a run, re-matching after a decline, pairing two people by hand.

This module belongs to the pairs layer because it writes ``Pair`` rows (matching sits below pairs and
never imports it). Every function owns its transaction; the database constraints on open pairs (one
per senior, one per junior place, one per couple) are the final word when two managers act at once:
a refused insert rolls everything back and becomes a ``DomainError``.

Manual pairing (a manager's call, "same constraints, same explanation"):

* while the program is **matching**, a hand-made pair is a *pin* (a logged ``PairDecision``) and, when a
  run is waiting for review, a ``Proposal(manual=True, pinned=True)`` added to that run; the proposals it
  displaces (the senior's, or the junior's weakest when the junior is full) are withdrawn from the run.
  Publishing then creates its pair like any other.
* while the program is **running**, it is a ``Pair`` proposed straight away (both people still accept or
  decline), with the same facts as any proposal.

Either way the couple is checked through the engine's own scoring of that single pair: any hard rule
refuses it with the rule in words — except the reporting line once a manager allowed it explicitly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.accounts.models import User
from ponte.core.errors import DomainError
from ponte.matching.events import pairs_proposed
from ponte.matching.explain import explain_pair
from ponte.matching.loading import JUNIOR, SENIOR, engine_rules, engine_weights, load_cohort
from ponte.matching.models import (
    DecisionKind,
    MatchRun,
    PairDecision,
    Proposal,
    RunKind,
    RunStatus,
    Unmatched,
)
from ponte.matching.presentation import facts_of, rules_broken
from ponte.matching.scoring import prepare
from ponte.matching.services import STICKINESS, match_run_create_done, pair_pin, solve
from ponte.people.models import Person
from ponte.programs.models import Enrolment, EnrolmentStatus, Program, ProgramStatus
from ponte.programs.services import program_transition

from .models import OPEN_STATUSES, Pair, PairStatus

logger = logging.getLogger(__name__)


def _concurrent() -> DomainError:
    return DomainError(
        _(
            "Somebody published a matching for this program at the same time: nothing was published. "
            "Reload the page to see the pairs."
        ),
        code="concurrent",
    )


def _announce(program: Program, pairs: list[Pair]) -> None:
    ids = [pair.pk for pair in pairs]
    if ids:
        program_id = program.pk
        transaction.on_commit(
            lambda: pairs_proposed.send(sender=Pair, pair_ids=ids, program_id=program_id), robust=True
        )


def _new_pairs(
    program: Program, couples: list[tuple[int, int, float, dict[str, Any], Proposal | None]], by: User | None
) -> list[Pair]:
    """Pairs PROPOSED for (junior id, senior id, score, facts, proposal), each junior on its first free place."""
    used: dict[int, set[int]] = {}
    for junior_id, slot in Pair.objects.filter(program=program, status__in=OPEN_STATUSES).values_list(
        "junior_id", "junior_slot"
    ):
        used.setdefault(junior_id, set()).add(slot)
    respond_by = timezone.now() + timedelta(days=program.response_days)
    rows: list[Pair] = []
    for junior_id, senior_id, score, facts, proposal in couples:
        taken = used.setdefault(junior_id, set())
        free = [slot for slot in range(1, program.junior_capacity + 1) if slot not in taken]
        slot = free[0] if free else 1  # no free place: the database refuses it below
        taken.add(slot)
        rows.append(
            Pair(
                organization_id=program.organization_id,
                program=program,
                junior_id=junior_id,
                senior_id=senior_id,
                junior_slot=slot,
                proposal=proposal,
                status=PairStatus.PROPOSED,
                respond_by=respond_by,
                score=score,
                facts=facts,
                proposed_by=by,
            )
        )
    return Pair.objects.bulk_create(rows)


def match_run_publish(*, run: MatchRun, by: User | None) -> list[Pair]:
    """Turn every proposal of a reviewed run into a proposed pair, all or nothing.

    The run becomes PUBLISHED, the program RUNNING, and ``pairs_proposed`` is sent after the commit.
    """
    program = Program.objects.get(pk=run.program_id)
    run.refresh_from_db(fields=["status"])
    if run.status != RunStatus.DONE:
        if run.status == RunStatus.PUBLISHED:
            raise DomainError(_("This matching is already published."), code="published")
        raise DomainError(_("Only a finished matching waiting for review can be published."), code="status")
    if run.kind == RunKind.FULL and program.status != ProgramStatus.MATCHING:
        raise DomainError(_("The pairs of this program are already published."), code="program_status")
    proposals = list(run.proposals.select_related("junior", "senior"))
    if not proposals:
        raise DomainError(_("This matching has no proposals to publish."), code="empty")
    try:
        with transaction.atomic():
            pairs = _new_pairs(
                program,
                [(p.junior.person_id, p.senior.person_id, p.score, p.facts, p) for p in proposals],
                by,
            )
            updated = MatchRun.objects.filter(pk=run.pk, status=RunStatus.DONE).update(
                status=RunStatus.PUBLISHED, published_at=timezone.now(), updated_at=timezone.now()
            )
            if not updated:
                raise _concurrent()
            if program.status == ProgramStatus.MATCHING:
                try:
                    program_transition(program=program, to=ProgramStatus.RUNNING, by=by)  # type: ignore[arg-type]
                except DomainError as error:
                    raise _concurrent() from error
            _announce(program, pairs)
    except IntegrityError as error:
        raise _concurrent() from error
    run.refresh_from_db()
    return pairs


def rematch_and_publish(*, program: Program, by: User | None = None) -> list[Pair]:
    """Propose new partners to people of a running program who have a free place, and publish them.

    Open pairs (proposed or active) and completed ones stay fixed as accepted; couples that were declined,
    expired or ended are never proposed again; managers' pins and forbids still apply. Seniors with an open
    pair are full, so only people without one (and juniors with a free place when they take several seniors)
    get proposals.
    A re-match run (kind "rematch") records what was proposed. Running it again with nothing changed
    proposes nothing. Programs that are not running are left alone.
    """
    if program.status != ProgramStatus.RUNNING:
        return []
    pairs = Pair.objects.filter(program=program)
    # A completed pair keeps its places like an open one: its people are done, not waiting for a partner.
    kept = [*OPEN_STATUSES, PairStatus.COMPLETED]
    open_couples = [(j, s) for j, s in pairs.filter(status__in=kept).values_list("junior_id", "senior_id")]
    # A couple that said no, let the deadline pass or already ended is never proposed again.
    closed = list(pairs.exclude(status__in=OPEN_STATUSES).values_list("junior_id", "senior_id"))
    sides: dict[int, str] = {}
    for j, s in pairs.values_list("junior_id", "senior_id"):
        sides.setdefault(j, JUNIOR)
        sides.setdefault(s, SENIOR)
    loaded = load_cohort(program, accepted=open_couples, forbidden=closed, previous=open_couples, fixed_sides=sides)
    outcome = solve(loaded, stickiness=STICKINESS)
    open_set = set(open_couples)
    outcome.proposals = [p for p in outcome.proposals if (p.junior.person_id, p.senior.person_id) not in open_set]
    if not outcome.proposals:
        return []
    try:
        with transaction.atomic():
            run = match_run_create_done(program=program, outcome=outcome, by=by, kind=RunKind.REMATCH)
            proposals = list(run.proposals.select_related("junior", "senior"))
            created = _new_pairs(
                program, [(p.junior.person_id, p.senior.person_id, p.score, p.facts, p) for p in proposals], by
            )
            MatchRun.objects.filter(pk=run.pk).update(
                status=RunStatus.PUBLISHED, published_at=timezone.now(), updated_at=timezone.now()
            )
            _announce(program, created)
    except IntegrityError as error:
        raise DomainError(
            _("The pairs of this program changed meanwhile: nothing was proposed. Try again."), code="concurrent"
        ) from error
    return created


@dataclass
class ManualPairing:
    """What pairing by hand produced: a pin (+ a proposal in the run under review) or a proposed pair."""

    facts: dict[str, Any]
    score: float
    decision: PairDecision | None = None
    proposal: Proposal | None = None
    pair: Pair | None = None


def _raw_score(components: dict[str, float], program: Program) -> float:
    weights = engine_weights(program)
    values = np.array(
        [
            components.get(name, 0.0)
            for name in ("forward", "reverse", "availability", "channel", "language", "wish", "stickiness")
        ]
    )
    wa = weights.as_array()
    if engine_rules(program).combine == "sum":
        return float(values @ wa)
    return float((weights.forward + weights.reverse) * min(values[0], values[1]) + values[2:] @ wa[2:])


def pair_create_manually(*, program: Program, junior: Person, senior: Person, by: User | None) -> ManualPairing:
    """Pair two approved participants by hand, under the same hard rules as matching (see the module docstring)."""
    if program.status not in (ProgramStatus.MATCHING, ProgramStatus.RUNNING):
        raise DomainError(_("People can be paired by hand only while matching or running the program."), code="status")
    if junior.pk == senior.pk:
        raise DomainError(_("Choose two different people."), code="same_person")
    roles = dict(
        Enrolment.objects.filter(
            program=program, status=EnrolmentStatus.APPROVED, person__in=[junior.pk, senior.pk]
        ).values_list("person_id", "role")
    )
    if set(roles) != {junior.pk, senior.pk}:
        raise DomainError(_("Both people must have an approved enrolment in this program."), code="not_enrolled")
    if roles[junior.pk] == SENIOR:
        raise DomainError(_("%(name)s takes part as a senior.") % {"name": junior.full_name}, code="side")
    if roles[senior.pk] == JUNIOR:
        raise DomainError(_("%(name)s takes part as a junior.") % {"name": senior.full_name}, code="side")
    if PairDecision.objects.filter(program=program, junior=junior, senior=senior, kind=DecisionKind.FORBID).exists():
        raise DomainError(_("A program manager forbade this pair."), code="forbidden")

    loaded = load_cohort(program, fixed_sides={junior.pk: JUNIOR, senior.pk: SENIOR})
    j, s = loaded.junior_row[junior.pk], loaded.senior_row[senior.pk]
    prep = prepare(loaded.cohort, engine_weights(program), engine_rules(program))
    explanation = explain_pair(prep, j, s)
    broken = [name for name in explanation.excluded_by if name != "BELOW_MIN_SCORE"]
    if broken:
        message = _("This pair breaks a pairing rule: %(rules)s.") % {"rules": rules_broken(broken)}
        if "REPORTING_LINE" in broken:
            message += " " + _("A program manager can allow a pair inside a reporting line explicitly, with a reason.")
        raise DomainError(message, code="rules")
    facts = facts_of(explanation, loaded.cohort, loaded.skill_ids, loaded.languages)
    score = float(explanation.score) if np.isfinite(explanation.score) else _raw_score(explanation.components, program)
    outcome = ManualPairing(facts=facts, score=score)

    if program.status == ProgramStatus.RUNNING:
        try:
            with transaction.atomic():
                (pair,) = _new_pairs(program, [(junior.pk, senior.pk, score, facts, None)], by)
                _announce(program, [pair])
        except IntegrityError as error:
            raise DomainError(
                _("One of them already has an open pair in this program (or all the junior's places are taken)."),
                code="taken",
            ) from error
        outcome.pair = pair
        return outcome

    with transaction.atomic():
        outcome.decision = pair_pin(program=program, junior=junior, senior=senior, by=by, reason=_("Paired by hand"))
        run = MatchRun.objects.filter(program=program, status=RunStatus.DONE, kind=RunKind.FULL).order_by("-pk").first()
        if run is not None:
            junior_enrolment = next(e for e in loaded.juniors if e.person_id == junior.pk)
            senior_enrolment = next(e for e in loaded.seniors if e.person_id == senior.pk)
            existing = Proposal.objects.filter(run=run, junior=junior_enrolment, senior=senior_enrolment).first()
            if existing is not None:
                existing.pinned = True
                existing.save(update_fields=["pinned", "updated_at"])
                outcome.proposal = existing
                return outcome
            displaced = list(Proposal.objects.filter(run=run, senior=senior_enrolment))
            of_junior = list(Proposal.objects.filter(run=run, junior=junior_enrolment).order_by("score", "pk"))
            if len(of_junior) >= program.junior_capacity:
                displaced.append(of_junior[0])
            for proposal in displaced:
                proposal.delete()
                left = []
                if proposal.senior_id != senior_enrolment.pk:
                    left.append(proposal.senior_id)
                if (
                    proposal.junior_id != junior_enrolment.pk
                    and not Proposal.objects.filter(run=run, junior_id=proposal.junior_id).exists()
                ):
                    left.append(proposal.junior_id)
                for enrolment_id in left:
                    Unmatched.objects.get_or_create(
                        run=run, enrolment_id=enrolment_id, defaults={"reason": "decision", "details": {}}
                    )
            Unmatched.objects.filter(run=run, enrolment__in=[junior_enrolment, senior_enrolment]).delete()
            outcome.proposal = Proposal.objects.create(
                organization_id=program.organization_id,
                run=run,
                junior=junior_enrolment,
                senior=senior_enrolment,
                score=score,
                components={k: round(float(v), 4) for k, v in explanation.components.items()},
                facts=facts,
                pinned=True,
                manual=True,
            )
    return outcome
