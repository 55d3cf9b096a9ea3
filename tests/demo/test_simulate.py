"""The simulated closed program: a whole run whose history holds together, as the reports read it."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Avg, F, Q, QuerySet
from django.utils import timezone

from ponte.cli import build_parser
from ponte.demo import simulate
from ponte.demo.loader import load_demo
from ponte.feedback.models import Assessment, AssessmentMoment, AssessmentRole, CheckIn, ClosingSurvey, MeetingFeedback
from ponte.meetings.models import Meeting, MeetingStatus
from ponte.pairs.models import Direction, Objective, ObjectiveProgress, Pair, PairStatus
from ponte.programs.models import Enrolment, EnrolmentStatus, Program, ProgramInvitation, ProgramStatus

pytestmark = pytest.mark.django_db

ACCEPTED = (PairStatus.COMPLETED, PairStatus.ENDED_EARLY)
#: What the simulation's constants promise: each failed first proposal is proposed again, and
#: all but the second round's declined ones are accepted; three pairs end early.
ACCEPTED_PAIRS = simulate.FIRST_ROUND - simulate.SECOND_ROUND_DECLINED
ENDED_EARLY = len(simulate.EARLY_ENDINGS)
NEVER_MET = sum(1 for ending in simulate.EARLY_ENDINGS if not ending.met)


@pytest.fixture
def simulated(reference_skills: None) -> Program:
    load_demo(simulate=True)
    return Program.objects.get(organization__slug="lumina", slug=simulate.SLUG)


def _people(pairs: QuerySet[Pair]) -> set[int]:
    return {person for row in pairs.values_list("junior_id", "senior_id") for person in row}


def test_the_program_closed_before_today_with_pairs_in_every_outcome(simulated: Program) -> None:
    today = timezone.localdate()
    assert simulated.status == ProgramStatus.CLOSED and simulated.name == simulate.NAME
    assert simulated.ends_on == today - timedelta(days=simulate.ENDED_DAYS_AGO)
    assert simulated.starts_on == simulated.ends_on - timedelta(days=simulate.PROGRAM_DAYS)
    statuses = dict.fromkeys(PairStatus.values, 0)
    for status in Pair.objects.filter(program=simulated).values_list("status", flat=True):
        statuses[status] += 1
    assert statuses == {
        PairStatus.PROPOSED: 0,
        PairStatus.ACTIVE: 0,
        PairStatus.DECLINED: simulate.FIRST_ROUND_DECLINED + simulate.SECOND_ROUND_DECLINED,
        PairStatus.EXPIRED: simulate.FIRST_ROUND_EXPIRED,
        PairStatus.COMPLETED: ACCEPTED_PAIRS - ENDED_EARLY,
        PairStatus.ENDED_EARLY: ENDED_EARLY,
    }
    completed = Pair.objects.filter(program=simulated, status=PairStatus.COMPLETED)
    assert set(completed.values_list("ended_on", flat=True)) == {simulated.ends_on}
    early = Pair.objects.filter(program=simulated, status=PairStatus.ENDED_EARLY)
    assert sorted(early.values_list("end_reason", flat=True)) == sorted(e.reason for e in simulate.EARLY_ENDINGS)
    assert not early.filter(Q(ended_by__isnull=True) | Q(end_note="") | Q(ended_on__gte=simulated.ends_on)).exists()


def test_people_come_from_no_open_pair_and_hold_one_accepted_pair_each(simulated: Program) -> None:
    pairs = Pair.objects.filter(program=simulated)
    open_elsewhere = _people(Pair.objects.filter(organization=simulated.organization).open())
    assert open_elsewhere, "the running program's pairs are open"
    assert not _people(pairs) & open_elsewhere
    accepted = pairs.filter(status__in=ACCEPTED)
    assert len(_people(accepted)) == 2 * accepted.count() == 2 * ACCEPTED_PAIRS
    assert not accepted.filter(junior__department=F("senior__department")).exists()
    # The people of a failed proposal were proposed again to someone else.
    rematched = {p.junior_id for p in pairs.filter(status__in=(PairStatus.DECLINED, PairStatus.EXPIRED))}
    assert rematched & set(accepted.values_list("junior_id", flat=True))


def test_the_history_is_consistent(simulated: Program) -> None:
    pairs = {pair.pk: pair for pair in Pair.objects.filter(program=simulated)}
    accepted = {pk for pk, pair in pairs.items() if pair.status in ACCEPTED}
    in_program = Q(pair__program=simulated)
    # Only accepted pairs have a history; every meeting falls between the pair's start and end.
    for model in (Meeting, CheckIn, MeetingFeedback, ClosingSurvey, Assessment, ObjectiveProgress):
        assert set(model.objects.filter(in_program).values_list("pair_id", flat=True)) <= accepted, model
    assert set(
        Objective.objects.filter(agreement__pair__program=simulated).values_list("agreement__pair", flat=True)
    ) == (accepted)
    for pair_id, starts_at, status in Meeting.objects.filter(in_program).values_list("pair_id", "starts_at", "status"):
        pair = pairs[pair_id]
        assert pair.started_on <= timezone.localtime(starts_at).date() <= pair.ended_on, status
    held = set(Meeting.objects.filter(in_program, status=MeetingStatus.HELD).values_list("pk", flat=True))
    assert set(MeetingFeedback.objects.filter(in_program).values_list("meeting_id", flat=True)) <= held
    for given, met in MeetingFeedback.objects.filter(in_program).values_list("created_at", "meeting__starts_at"):
        assert timezone.localdate(given) == timezone.localdate(met), "given the day of the meeting"
    enrolled = Enrolment.objects.filter(program=simulated).values_list("created_at", flat=True)
    assert max(timezone.localdate(moment) for moment in enrolled) < simulated.starts_on
    assert not MeetingFeedback.objects.filter(in_program).exclude(
        Q(author=F("pair__junior"), recipient=F("pair__senior"))
        | Q(author=F("pair__senior"), recipient=F("pair__junior"))
    )
    # Check-ins only while the pair ran, answered after they were sent.
    for pair_id, due_on, sent_at, answered_at in CheckIn.objects.filter(in_program).values_list(
        "pair_id", "due_on", "sent_at", "answered_at"
    ):
        pair = pairs[pair_id]
        assert pair.started_on < due_on <= pair.ended_on
        assert answered_at is None or sent_at <= answered_at
    # Progress and assessments only for objectives that exist, about the person who learned them.
    objectives = {
        (o.agreement.pair_id, o.key): o
        for o in Objective.objects.filter(agreement__pair__program=simulated).select_related("agreement")
    }
    for row in Assessment.objects.filter(in_program):
        objective = objectives[(row.pair_id, row.objective_key)]
        pair = pairs[row.pair_id]
        learner = pair.senior_id if objective.direction == Direction.JUNIOR_TO_SENIOR else pair.junior_id
        assert (row.skill_id, row.learner_id) == (objective.skill_id, learner)
        assert row.rater_id == learner if row.role == AssessmentRole.SELF else row.rater_id != learner
    for row in ObjectiveProgress.objects.filter(in_program):
        objective = objectives[(row.pair_id, row.objective_key)]
        assert objective.start_level < row.level <= objective.target_level
    assert ClosingSurvey.objects.filter(in_program).count() == 2 * len(accepted)


def test_the_funnel_narrows_at_every_step(simulated: Program) -> None:
    pairs = Pair.objects.filter(program=simulated)
    invited = set(ProgramInvitation.objects.filter(program=simulated).values_list("person_id", flat=True))
    enrolments = Enrolment.objects.filter(program=simulated)
    enrolled = set(enrolments.values_list("person_id", flat=True))
    matched = _people(pairs)
    accepted = _people(pairs.filter(status__in=ACCEPTED))
    met = _people(pairs.filter(meetings__status=MeetingStatus.HELD))
    completed = _people(pairs.filter(status=PairStatus.COMPLETED))
    assert invited > enrolled > matched > accepted > met > completed
    assert len(invited) == sum(simulate.INVITED.values())
    assert len(invited - enrolled) == sum(simulate.NEVER_ENROLLED.values())
    withdrawn = set(enrolments.filter(status=EnrolmentStatus.WITHDRAWN).values_list("person_id", flat=True))
    assert len(withdrawn) == sum(simulate.WITHDRAWN.values()) and not withdrawn & matched
    assert len(accepted - met) == 2 * NEVER_MET
    assert len(met - completed) == 2 * (ENDED_EARLY - NEVER_MET)


def test_levels_rise_and_answers_improve_over_the_run(simulated: Program) -> None:
    levels: dict[tuple[int, object, str], dict[str, int]] = {}
    rows = Assessment.objects.filter(pair__program=simulated, pair__status=PairStatus.COMPLETED)
    for pair_id, key, role, moment, level in rows.values_list("pair_id", "objective_key", "role", "moment", "level"):
        levels.setdefault((pair_id, key, role), {})[moment] = level
    directions = dict(Objective.objects.filter(agreement__pair__program=simulated).values_list("key", "direction"))
    gains = {Direction.JUNIOR_TO_SENIOR: set(), Direction.SENIOR_TO_JUNIOR: set()}
    for (pair_id, key, role), moments in levels.items():
        if role == AssessmentRole.SELF and AssessmentMoment.END in moments:
            gains[directions[key]].add(moments[AssessmentMoment.END] - moments[AssessmentMoment.START])
        elif role == AssessmentRole.PARTNER:
            own = levels.get((pair_id, key, AssessmentRole.SELF), {})
            assert set(moments) == {AssessmentMoment.END}
            assert moments[AssessmentMoment.END] <= own.get(AssessmentMoment.END, moments[AssessmentMoment.END])
    assert gains[Direction.JUNIOR_TO_SENIOR] <= set(range(simulate.DIGITAL_GAIN[0], simulate.DIGITAL_GAIN[1] + 1))
    assert gains[Direction.SENIOR_TO_JUNIOR] <= set(
        range(simulate.LEARNED_BACK_GAIN[0], simulate.LEARNED_BACK_GAIN[1] + 1)
    )
    assert len(gains[Direction.JUNIOR_TO_SENIOR]) > 1, "gains vary from one senior to another"
    checkins = CheckIn.objects.filter(pair__program=simulated).answered()
    middle = simulated.starts_on + timedelta(days=simulate.PROGRAM_DAYS // 2)
    first, second = (
        checkins.filter(half).aggregate(s=Avg("satisfaction"), l=Avg("learning"))
        for half in (Q(due_on__lt=middle), Q(due_on__gte=middle))
    )
    assert second["s"] > first["s"] and second["l"] > first["l"]
    assert checkins.count() < CheckIn.objects.filter(pair__program=simulated).count(), "some were left unanswered"


def _story(program: Program) -> list[list[tuple[object, ...]]]:
    """The program's whole history by people and dates (ids change from one load to the next)."""
    queries: list[tuple[QuerySet[Any], tuple[str, ...]]] = [
        (Enrolment.objects.filter(program=program), ("person__email", "role", "status")),
        (Pair.objects.filter(program=program), ("junior__email", "senior__email", "status", "started_on", "ended_on")),
        (Meeting.objects.filter(pair__program=program), ("pair__junior__email", "starts_at", "status")),
        (MeetingFeedback.objects.filter(pair__program=program), ("author__email", "meeting__starts_at", "rating")),
        (CheckIn.objects.filter(pair__program=program), ("person__email", "due_on", "satisfaction", "learning")),
        (Assessment.objects.filter(pair__program=program), ("learner__email", "skill_id", "role", "moment", "level")),
    ]
    return [sorted(tuple("" if v is None else v for v in row) for row in rows.values_list(*f)) for rows, f in queries]


def test_loading_again_with_reset_tells_the_same_story(reference_skills: None) -> None:
    call_command("load_demo", "--simulate", stdout=(out := StringIO()))
    assert simulate.NAME in out.getvalue()
    program = Program.objects.get(slug=simulate.SLUG)
    story = _story(program)
    call_command("load_demo", "--simulate", stdout=(untouched := StringIO()))
    assert "--reset --simulate" in untouched.getvalue()
    assert Program.objects.get(slug=simulate.SLUG).pk == program.pk
    call_command("load_demo", "--reset", "--simulate", stdout=StringIO())
    again = Program.objects.get(slug=simulate.SLUG)
    assert again.pk != program.pk and _story(again) == story
    load_demo(reset=True)
    assert not Program.objects.filter(slug=simulate.SLUG).exists()


def test_ponte_demo_passes_simulate_to_the_loader() -> None:
    assert build_parser().parse_args(["demo", "--simulate", "--no-serve"]).simulate is True
    assert build_parser().parse_args(["demo"]).simulate is False


def test_the_dashboard_shows_the_digital_gap_and_the_funnel(simulated: Program) -> None:
    from ponte.reports.dashboard import build_dashboard
    from ponte.reports.scope import Scope

    dashboard = build_dashboard(Scope(simulated.organization, simulated))
    digital = dashboard.gap.digital
    seniors = Assessment.objects.filter(
        pair__program=simulated, role=AssessmentRole.SELF, moment=AssessmentMoment.END, learner=F("pair__senior")
    )
    assert not digital.change.withheld and digital.change.people == seniors.values("learner").distinct().count()
    assert simulate.DIGITAL_GAIN[0] <= (digital.change.value or 0) <= simulate.DIGITAL_GAIN[1]
    assert (digital.end.value or 0) > (digital.start.value or 0)
    pairs = Pair.objects.filter(program=simulated)
    expected = [
        sum(simulate.INVITED.values()),
        sum(simulate.INVITED.values()) - sum(simulate.NEVER_ENROLLED.values()),
        len(_people(pairs)),
        2 * ACCEPTED_PAIRS,
        2 * (ACCEPTED_PAIRS - NEVER_MET),
        2 * (ACCEPTED_PAIRS - ENDED_EARLY),
    ]
    assert [stage.figure.value for stage in dashboard.funnel.stages] == expected
