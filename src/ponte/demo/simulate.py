"""A whole demo program fast-forwarded to its end, so the reports have a finished story to tell.

"Ponte Digitale — primavera 2026" ran for six months and closed a week before the autumn program
began. Its history has every step a real program leaves behind: people invited who never
enrolled, enrolments withdrawn before matching, proposals declined or left to expire and then
re-proposed to other partners, two-way agreements, a meeting every fortnight (mostly held, a few
no-shows and cancellations), feedback after the meetings, monthly check-ins whose answers improve
as the months go by, confirmed progress, three pairs ended early (one before it ever met), and
the closing surveys with the start and end assessments the digital-gap figures come from.

Like the running program, rows are written directly (no service, no email, no notification) and
dated in the past relative to the day the demo is loaded. One seeded generator over the demo
people sorted by email draws the story, so every load tells the same one.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import models
from django.utils import timezone

from ponte.accounts.models import User
from ponte.feedback.models import Assessment, AssessmentMoment, AssessmentRole, CheckIn, ClosingSurvey, MeetingFeedback
from ponte.feedback.services import checkin_due_dates
from ponte.meetings.models import ActionItem, Meeting, MeetingChannel, MeetingStatus
from ponte.meetings.services import jitsi_room_url
from ponte.organizations.models import Organization
from ponte.pairs.models import Agreement, Direction, EndReason, Objective, ObjectiveProgress, Pair, PairStatus, Response
from ponte.people.models import Person
from ponte.programs.models import Enrolment, EnrolmentRole, EnrolmentStatus, Program, ProgramInvitation, ProgramStatus
from ponte.skills.models import Skill

from .running import ACTIONS, CADENCE_DAYS, CHECKIN_COMMENTS, KUDOS, LEARNED, SHARED_NOTES, _agreement, _at, _facts

NAME = "Ponte Digitale — primavera 2026"
SLUG = "digitale-primavera-2026"
PROGRAM_DAYS = 182
#: It closed a week before the running program (``running.RUN_DAYS`` days ago) started.
ENDED_DAYS_AGO = 97
CHECKIN_EVERY_DAYS = 30
RESPONSE_DAYS = 7

#: Per role: how many were invited, never enrolled, and withdrew before matching.
INVITED = {EnrolmentRole.JUNIOR: 64, EnrolmentRole.SENIOR: 52}
NEVER_ENROLLED = {EnrolmentRole.JUNIOR: 6, EnrolmentRole.SENIOR: 4}
WITHDRAWN = {EnrolmentRole.JUNIOR: 3, EnrolmentRole.SENIOR: 2}
#: Proposals published on the first day; of those, how many were declined or left to expire.
FIRST_ROUND = 42
FIRST_ROUND_DECLINED = 4
FIRST_ROUND_EXPIRED = 2
#: The first round's failed proposals are re-proposed (other partners) this many days later.
SECOND_ROUND_AFTER_DAYS = 10
SECOND_ROUND_DECLINED = 1

#: Levels gained over the whole run: seniors in DigComp, juniors in EntreComp (within the target).
DIGITAL_GAIN = (1, 3)
LEARNED_BACK_GAIN = (0, 2)
SURVEY_ANSWERED = 0.9
CHECKIN_ANSWERED = 0.85
FEEDBACK_GIVEN = 0.85
NO_SHOW, CANCELLED = 0.06, 0.06
BATCH = 500

DECLINE_NOTES = (
    "In questo periodo ho un progetto che mi assorbe completamente.",
    "Preferirei un collega di un'altra sede.",
    "",
)
END_NOTES = {
    EndReason.NO_TIME: "Con la chiusura del bilancio non riusciamo a trovare un momento.",
    EndReason.ROLE_CHANGE: "Sono passato a un altro incarico, con molte trasferte.",
    EndReason.NOT_WORKING: "Ci siamo trovati poco: aspettative diverse sul ritmo.",
}
MOST_VALUABLE = (
    "Vedere il lavoro con gli occhi di un'altra generazione.",
    "Gli esercizi pratici con i miei file veri.",
    "Capire come si prendono le decisioni in azienda.",
    "La costanza degli incontri: ogni due settimane un passo avanti.",
    "Avere qualcuno a cui chiedere senza sentirmi giudicato.",
)


SIDES = ("junior", "senior")


@dataclass(frozen=True)
class Ending:
    """A pair that ended early: why, after how many days, and whether it ever met."""

    reason: EndReason
    after_days: int
    met: bool = True


EARLY_ENDINGS = (
    Ending(EndReason.NO_TIME, 25, met=False),
    Ending(EndReason.ROLE_CHANGE, 75),
    Ending(EndReason.NOT_WORKING, 110),
)


@dataclass(frozen=True)
class _Proposal:
    junior: Person
    senior: Person
    proposed_on: date
    outcome: PairStatus  # active (accepted), declined or expired


@dataclass
class _Rows:
    """The accepted pairs' histories, inserted in bulk once every pair is written."""

    meetings: list[Meeting] = field(default_factory=list)
    feedback: list[MeetingFeedback] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    progress: list[ObjectiveProgress] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    surveys: list[ClosingSurvey] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)

    def insert(self) -> None:
        # Meetings first: feedback and action items point at them. Only feedback shows the day it
        # was written ("you gave your feedback on…"); the other rows carry their own dates.
        Meeting.objects.bulk_create(self.meetings, batch_size=BATCH)
        _create_dated(self.feedback)
        ActionItem.objects.bulk_create(self.actions, batch_size=BATCH)
        ObjectiveProgress.objects.bulk_create(self.progress, batch_size=BATCH)
        CheckIn.objects.bulk_create(self.checkins, batch_size=BATCH)
        ClosingSurvey.objects.bulk_create(self.surveys, batch_size=BATCH)
        Assessment.objects.bulk_create(self.assessments, batch_size=BATCH)


def write_simulated_program(organization: Organization, people: dict[str, Person], manager: Person | None) -> Program:
    """The closed program and its whole history, among people no open pair holds."""
    rng = random.Random(f"{organization.slug}-simulated")
    ends_on = timezone.localdate() - timedelta(days=ENDED_DAYS_AGO)
    starts_on = ends_on - timedelta(days=PROGRAM_DAYS)
    by = manager.user if manager else None
    program = Program.objects.create(
        organization=organization,
        name=NAME,
        slug=SLUG,
        status=ProgramStatus.CLOSED,
        description="La prima edizione, conclusa: sei mesi di incontri tra giovani e dirigenti.",
        starts_on=starts_on,
        ends_on=ends_on,
        cadence_days=CADENCE_DAYS,
        meeting_minutes=45,
        response_days=RESPONSE_DAYS,
        checkin_every_days=CHECKIN_EVERY_DAYS,
        created_by=by,
    )
    _backdate([program], [_at(starts_on - timedelta(days=60), 10)])
    digital = list(Skill.objects.filter(area__framework__code="digcomp", area__framework__organization=None))
    leadership = list(Skill.objects.filter(area__framework__code="entrecomp", area__framework__organization=None))
    program.junior_skills.set(digital)
    program.senior_skills.set(leadership)
    if not digital or not leadership:
        return program
    approved = _enrol(program, starts_on, _free(organization, people), by, rng)
    accepted = _propose(program, starts_on, approved, by, rng)
    early = rng.sample(range(len(accepted)), min(len(accepted), len(EARLY_ENDINGS)))
    endings = dict(zip(early, EARLY_ENDINGS, strict=False))
    rows = _Rows()
    agreements: list[Agreement] = []
    for index, pair in enumerate(accepted):
        started = pair.started_on or starts_on
        objectives = _agreement(pair, started, digital, leadership, rng)
        agreements.append(objectives[0].agreement)
        pair.facts = _facts(pair, objectives)
        _close(pair, endings.get(index), ends_on, rng)
        _history(pair, objectives, endings.get(index), rng, rows)
    Pair.objects.bulk_update(accepted, ["facts", "status", "ended_on", "ended_by", "end_reason", "end_note"])
    _backdate(agreements, [_at((a.pair.started_on or starts_on) + timedelta(days=1), 18) for a in agreements])
    rows.insert()
    return program


def _free(organization: Organization, people: dict[str, Person]) -> dict[EnrolmentRole, list[Person]]:
    """Young and senior colleagues that no open pair of another program holds, sorted by email."""
    held: set[int] = set()
    for junior_id, senior_id in Pair.objects.filter(organization=organization).open().values_list("junior", "senior"):
        held |= {junior_id, senior_id}
    everyone = sorted((p for p in people.values() if p.pk not in held), key=lambda p: p.email)
    return {
        EnrolmentRole.JUNIOR: [p for p in everyone if (p.birth_year or 0) >= 1988],
        EnrolmentRole.SENIOR: [p for p in everyone if 0 < (p.birth_year or 0) <= 1975],
    }


def _enrol(
    program: Program,
    starts_on: date,
    free: dict[EnrolmentRole, list[Person]],
    by: User | None,
    rng: random.Random,
) -> dict[EnrolmentRole, list[Person]]:
    """Invite, enrol and approve; returns the approved people of each role (the others stop earlier)."""
    invited_at = _at(starts_on - timedelta(days=45), 10)
    invitations: list[ProgramInvitation] = []
    enrolments: list[Enrolment] = []
    approved: dict[EnrolmentRole, list[Person]] = {}
    for role, pool in free.items():
        invited = rng.sample(pool, min(INVITED[role], len(pool)))
        invitations += [
            ProgramInvitation(
                organization=program.organization, program=program, person=p, invited_by=by, created_at=invited_at
            )
            for p in invited
        ]
        enrolled = invited[: max(0, len(invited) - NEVER_ENROLLED[role])]
        withdrawn = {p.pk for p in enrolled[: WITHDRAWN[role]]}
        approved[role] = [p for p in enrolled if p.pk not in withdrawn]
        for person in enrolled:
            at = invited_at + timedelta(days=rng.randint(1, 20))
            enrolments.append(
                Enrolment(
                    organization=program.organization,
                    program=program,
                    person=person,
                    role=role,
                    status=EnrolmentStatus.WITHDRAWN if person.pk in withdrawn else EnrolmentStatus.APPROVED,
                    availability_confirmed=True,
                    approved_by=None if person.pk in withdrawn else by,
                    approved_at=None if person.pk in withdrawn else at + timedelta(days=2),
                    created_at=at,
                )
            )
    _create_dated(invitations)
    _create_dated(enrolments)
    return approved


def _propose(
    program: Program,
    starts_on: date,
    approved: dict[EnrolmentRole, list[Person]],
    by: User | None,
    rng: random.Random,
) -> list[Pair]:
    """Two rounds of proposals, the first round's failures re-proposed; returns the accepted pairs."""
    juniors, seniors = approved[EnrolmentRole.JUNIOR], approved[EnrolmentRole.SENIOR]
    first = _couples(juniors, seniors, {}, FIRST_ROUND)
    failed = rng.sample(range(len(first)), min(len(first), FIRST_ROUND_DECLINED + FIRST_ROUND_EXPIRED))
    outcome = {i: PairStatus.DECLINED if n < FIRST_ROUND_DECLINED else PairStatus.EXPIRED for n, i in enumerate(failed)}
    proposals = [_Proposal(j, s, starts_on, outcome.get(i, PairStatus.ACTIVE)) for i, (j, s) in enumerate(first)]
    again = [proposals[i] for i in sorted(failed)]
    paired = {senior.pk for _junior, senior in first}
    spare = [s for s in seniors if s.pk not in paired] + [p.senior for p in again]
    second = _couples([p.junior for p in again], spare, {p.junior.pk: p.senior.pk for p in again}, len(again))
    declined = set(rng.sample(range(len(second)), min(len(second), SECOND_ROUND_DECLINED)))
    second_day = starts_on + timedelta(days=SECOND_ROUND_AFTER_DAYS)
    proposals += [
        _Proposal(j, s, second_day, PairStatus.DECLINED if i in declined else PairStatus.ACTIVE)
        for i, (j, s) in enumerate(second)
    ]
    pairs = [_pair(program, proposal, by, rng) for proposal in proposals]
    _backdate(pairs, [_at(p.proposed_on, 9) for p in proposals])
    return [pair for pair in pairs if pair.status == PairStatus.ACTIVE]


def _couples(
    juniors: Sequence[Person], seniors: Sequence[Person], before: dict[int, int], limit: int
) -> list[tuple[Person, Person]]:
    """Each junior in turn with the first free senior of another department (not the one before)."""
    taken: set[int] = set()
    couples: list[tuple[Person, Person]] = []
    for junior in juniors:
        if len(couples) == limit:
            break
        senior = next(
            (
                s
                for s in seniors
                if s.pk not in taken and s.department_id != junior.department_id and before.get(junior.pk) != s.pk
            ),
            None,
        )
        if senior is not None:
            taken.add(senior.pk)
            couples.append((junior, senior))
    return couples


def _pair(program: Program, proposal: _Proposal, by: User | None, rng: random.Random) -> Pair:
    """The pair as the answers (or their absence) left it when the proposal closed."""
    proposed = _at(proposal.proposed_on, 9)
    at = {side: proposed + timedelta(days=rng.randint(1, RESPONSE_DAYS - 2), hours=rng.randint(0, 6)) for side in SIDES}
    responses: dict[str, str] = dict.fromkeys(SIDES, Response.ACCEPTED)
    note = ""
    if proposal.outcome == PairStatus.DECLINED:
        decliner = rng.choice(SIDES)
        (other,) = (side for side in SIDES if side != decliner)
        responses[decliner], note = Response.DECLINED, rng.choice(DECLINE_NOTES)
        if at[other] > at[decliner]:  # the proposal closed before they answered
            responses[other] = ""
    elif proposal.outcome == PairStatus.EXPIRED:
        responses[rng.choice(SIDES)] = ""
    answered = {side: at[side] if responses[side] else None for side in SIDES}
    accepted = proposal.outcome == PairStatus.ACTIVE
    started = timezone.localtime(max(at.values())).date() if accepted else None
    pair = Pair.objects.create(
        organization=program.organization,
        program=program,
        junior=proposal.junior,
        senior=proposal.senior,
        status=proposal.outcome,
        junior_response=responses["junior"],
        senior_response=responses["senior"],
        junior_responded_at=answered["junior"],
        senior_responded_at=answered["senior"],
        respond_by=proposed + timedelta(days=RESPONSE_DAYS),
        decline_note=note,
        score=round(rng.uniform(0.45, 0.92), 3),
        proposed_by=by,
        started_on=started,
    )
    if not accepted:
        # What matching said about the two; an accepted pair's facts follow from its agreement.
        Pair.objects.filter(pk=pair.pk).update(facts=_facts(pair, []))
    return pair


def _close(pair: Pair, ending: Ending | None, ends_on: date, rng: random.Random) -> None:
    """Completed on the program's last day, or ended early by one of the two, with a reason."""
    if ending is None:
        pair.status, pair.ended_on = PairStatus.COMPLETED, ends_on
        return
    pair.status = PairStatus.ENDED_EARLY
    pair.ended_on = (pair.started_on or ends_on) + timedelta(days=ending.after_days)
    pair.ended_by = rng.choice((pair.junior, pair.senior))
    pair.end_reason, pair.end_note = ending.reason, END_NOTES[ending.reason]


def _through(pair: Pair, day: date) -> float:
    """How far (0..1) into the program ``day`` is: answers and ratings improve as it goes on."""
    start, end = pair.program.starts_on or day, pair.program.ends_on or day
    return min(1.0, max(0.0, (day - start).days / max(1, (end - start).days)))


def _score(rng: random.Random, base: float, rise: float, through: float) -> int:
    return max(1, min(5, round(base + rise * through + rng.gauss(0, 0.6))))


def _history(pair: Pair, objectives: list[Objective], ending: Ending | None, rng: random.Random, rows: _Rows) -> None:
    started, ended = pair.started_on, pair.ended_on
    assert started is not None and ended is not None  # an accepted pair, closed by _close
    held: list[Meeting] = []
    for number, offset in enumerate(range(7, (ended - started).days, CADENCE_DAYS)):
        day = started + timedelta(days=offset + rng.randint(-2, 2))
        if day > ended:
            break
        meeting = _meeting(pair, day, number, _status(rng, ending), rng, rows)
        if meeting.status == MeetingStatus.HELD:
            held.append(meeting)
            _feedback(pair, meeting, day, rng, rows)
    gains = _gains(objectives, ending, rng) if held else dict.fromkeys((o.key.hex for o in objectives), 0)
    _progress(pair, objectives, held, gains, rows)
    _checkins(pair, started, ended, ending, rng, rows)
    _closure(pair, objectives, gains, ending, rng, rows)


def _status(rng: random.Random, ending: Ending | None) -> str:
    if ending is not None and not ending.met:
        return MeetingStatus.CANCELLED if rng.random() < 0.5 else MeetingStatus.NO_SHOW
    draw = rng.random()
    if draw < NO_SHOW:
        return MeetingStatus.NO_SHOW
    return MeetingStatus.CANCELLED if draw < NO_SHOW + CANCELLED else MeetingStatus.HELD


def _meeting(pair: Pair, day: date, number: int, status: str, rng: random.Random, rows: _Rows) -> Meeting:
    starts_at = _at(day, rng.choice((9, 10, 11, 14, 15, 16)))
    video, held = number % 2 == 0, status == MeetingStatus.HELD
    recorded = status != MeetingStatus.CANCELLED
    meeting = Meeting(
        organization=pair.organization,
        pair=pair,
        starts_at=starts_at,
        duration_minutes=45,
        channel=MeetingChannel.VIDEO if video else MeetingChannel.IN_PERSON,
        video_url=jitsi_room_url() if video else "",
        location="" if video else "Sala riunioni 2, sede di Milano",
        agenda="Ripasso di quanto provato, poi un nuovo argomento.",
        status=status,
        created_by=pair.junior,
        reminder_sent_at=starts_at - timedelta(days=1),
        cancelled_at=None if recorded else starts_at - timedelta(days=1),
        outcome_by=pair.junior if recorded else None,
        outcome_at=starts_at + timedelta(hours=2) if recorded else None,
        shared_notes=rng.choice(SHARED_NOTES) if held else "",
        shared_notes_version=1 if held else 0,
        shared_notes_by=pair.junior if held else None,
        shared_notes_at=starts_at + timedelta(hours=2) if held else None,
    )
    rows.meetings.append(meeting)
    if held and number % 2 == 0:
        rows.actions.append(
            ActionItem(
                organization=pair.organization,
                pair=pair,
                meeting=meeting,
                owner=pair.senior,
                text=rng.choice(ACTIONS),
                due_on=day + timedelta(days=CADENCE_DAYS - 2),
                done_at=starts_at + timedelta(days=5),
                created_by=pair.junior,
            )
        )
    return meeting


def _feedback(pair: Pair, meeting: Meeting, day: date, rng: random.Random, rows: _Rows) -> None:
    through = _through(pair, day)
    for author, recipient in ((pair.junior, pair.senior), (pair.senior, pair.junior)):
        if rng.random() < FEEDBACK_GIVEN:
            rows.feedback.append(
                MeetingFeedback(
                    organization=pair.organization,
                    meeting=meeting,
                    pair=pair,
                    author=author,
                    recipient=recipient,
                    rating=_score(rng, 3.4, 1.3, through),
                    learned=rng.choice(LEARNED),
                    kudos=rng.choice(KUDOS) if rng.random() < 0.35 else "",
                    created_at=_at(day, 20),  # given the evening of the meeting
                )
            )


def _gains(objectives: list[Objective], ending: Ending | None, rng: random.Random) -> dict[str, int]:
    """Levels gained per objective key (hex), within its target; one fewer for a pair that ended early."""
    gains: dict[str, int] = {}
    for objective in objectives:
        low, high = DIGITAL_GAIN if objective.direction == Direction.JUNIOR_TO_SENIOR else LEARNED_BACK_GAIN
        gain = min(rng.randint(low, high), objective.target_level - objective.start_level)
        gains[objective.key.hex] = gain if ending is None else max(0, gain - 1)
    return gains


def _learner(pair: Pair, objective: Objective) -> Person:
    return pair.senior if objective.direction == Direction.JUNIOR_TO_SENIOR else pair.junior


def _progress(pair: Pair, objectives: list[Objective], held: list[Meeting], gains: dict[str, int], rows: _Rows) -> None:
    """The learner confirms each level gained after a held meeting, spread over the run."""
    for objective in objectives:
        gain = gains[objective.key.hex]
        for step in range(1, gain + 1):
            meeting = held[step * len(held) // (gain + 1)]
            rows.progress.append(
                ObjectiveProgress(
                    organization=pair.organization,
                    pair=pair,
                    objective_key=objective.key,
                    level=objective.start_level + step,
                    confirmed_by=_learner(pair, objective),
                    note="Dopo l'incontro del " + timezone.localtime(meeting.starts_at).strftime("%d/%m"),
                )
            )


def _checkins(pair: Pair, started: date, ended: date, ending: Ending | None, rng: random.Random, rows: _Rows) -> None:
    """Monthly check-ins while the pair ran, answered by most, more satisfied month after month."""
    unhappy = ending is not None and ending.reason == EndReason.NOT_WORKING
    for due in checkin_due_dates(pair.program, started, until=ended):
        through = _through(pair, due)
        for person in (pair.junior, pair.senior):
            answered = rng.random() < CHECKIN_ANSWERED
            rows.checkins.append(
                CheckIn(
                    organization=pair.organization,
                    pair=pair,
                    person=person,
                    due_on=due,
                    sent_at=_at(due, 9),
                    answered_at=_at(min(due + timedelta(days=rng.randint(0, 3)), ended), 17) if answered else None,
                    satisfaction=_score(rng, 2.4 if unhappy else 3.3, 1.2, through) if answered else None,
                    learning=_score(rng, 2.9, 1.5, through) if answered else None,
                    comment=rng.choice(CHECKIN_COMMENTS) if answered and rng.random() < 0.5 else "",
                )
            )


def _closure(
    pair: Pair,
    objectives: list[Objective],
    gains: dict[str, int],
    ending: Ending | None,
    rng: random.Random,
    rows: _Rows,
) -> None:
    """Both are asked when the pair ends; whoever answers rates what they learned and what they taught.

    As the closing form does, the first answer also records each objective's agreed starting level
    as the start self-assessment.
    """
    ended = pair.ended_on or timezone.localdate()
    answered: set[int] = set()
    happy = ending is None
    for person in (pair.junior, pair.senior):
        survey = ClosingSurvey(organization=pair.organization, pair=pair, person=person)
        if rng.random() < SURVEY_ANSWERED:
            answered.add(person.pk)
            survey.answered_at = _at(ended + timedelta(days=rng.randint(1, 10)), 18)
            survey.satisfaction = rng.choice((4, 4, 5, 5, 5) if happy else (2, 3))
            survey.learning = rng.choice((3, 4, 4, 5, 5) if happy else (2, 3))
            survey.recommend = happy or rng.random() < 0.5
            survey.most_valuable = rng.choice(MOST_VALUABLE)
        rows.surveys.append(survey)
    if not answered:
        return
    for objective in objectives:
        learner = _learner(pair, objective)
        teacher = pair.partner_of(learner)
        end = objective.start_level + gains[objective.key.hex]
        levels = [(learner, AssessmentRole.SELF, AssessmentMoment.START, objective.start_level)]
        if learner.pk in answered:
            levels.append((learner, AssessmentRole.SELF, AssessmentMoment.END, end))
        if teacher.pk in answered:
            partner = max(objective.start_level, end - rng.choice((0, 0, 0, 1)))
            levels.append((teacher, AssessmentRole.PARTNER, AssessmentMoment.END, partner))
        rows.assessments += [
            Assessment(
                organization=pair.organization,
                pair=pair,
                objective_key=objective.key,
                skill_id=objective.skill_id,
                learner=learner,
                rater=rater,
                role=role,
                moment=moment,
                level=level,
            )
            for rater, role, moment, level in levels
        ]


def _create_dated(rows: Sequence[models.Model]) -> None:
    """Insert rows in bulk, keeping the ``created_at`` each was given (the insert stamps today)."""
    if rows:
        moments = [row.created_at for row in rows]  # type: ignore[attr-defined]
        _backdate(type(rows[0])._default_manager.bulk_create(rows, batch_size=BATCH), moments)


def _backdate(saved: Sequence[models.Model], moments: Sequence[datetime]) -> None:
    """Date saved rows when they happened (``updated_at`` too: nothing changed them later).

    One update per distinct moment: the story's moments fall on a few dozen days.
    """
    ids: defaultdict[datetime, list[int]] = defaultdict(list)
    for row, moment in zip(saved, moments, strict=True):
        ids[moment].append(row.pk)
    for moment, pks in ids.items():
        type(saved[0])._default_manager.filter(pk__in=pks).update(created_at=moment, updated_at=moment)
