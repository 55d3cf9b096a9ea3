"""A program's approved enrolments become the engine's arrays: levels, hours, managers, wishes, decisions."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.matching import Reason, hours_to_mask, prepare, score_pairs
from ponte.matching.loading import engine_rules, engine_weights, load_cohort
from ponte.matching.models import DecisionKind, PairDecision
from ponte.programs.models import EnrolmentStatus
from tests.factories import DepartmentFactory

from .conftest import cohort, digcomp, enrol, entrecomp, make_person

pytestmark = pytest.mark.django_db


def test_levels_land_in_the_columns_of_their_skills(program) -> None:
    dig, ent = digcomp(), entrecomp()
    giulia = make_person(program.organization, "Giulia")
    marco = make_person(program.organization, "Marco")
    enrol(program, giulia, "junior", offers={dig[0]: 6}, wants={ent[1]: (3, 5)})
    enrol(program, marco, "senior", offers={ent[1]: 7}, wants={dig[0]: (2, 5), dig[2]: (1, 4)})

    loaded = load_cohort(program)
    col = {skill: k for k, skill in enumerate(loaded.skill_ids)}
    jun, sen = loaded.cohort.juniors, loaded.cohort.seniors
    assert jun.offer[0, col[dig[0].pk]] == 6
    assert (jun.want_from[0, col[ent[1].pk]], jun.want_to[0, col[ent[1].pk]]) == (3, 5)
    assert sen.offer[0, col[ent[1].pk]] == 7
    assert (sen.want_from[0, col[dig[2].pk]], sen.want_to[0, col[dig[2].pk]]) == (1, 4)
    assert jun.offer.sum() == 6  # nothing else offered


def test_hours_are_compared_in_utc_across_time_zones(program) -> None:
    rome = make_person(program.organization, "Giulia", windows=[(0, 9, 11)])
    new_york = make_person(program.organization, "Marco", time_zone="America/New_York", windows=[(0, 3, 5)])
    enrol(program, rome, "junior")
    enrol(program, new_york, "senior")

    loaded = load_cohort(program)
    expected = hours_to_mask([8, 9])  # Monday 08:00 and 09:00 UTC in January
    assert np.array_equal(loaded.cohort.juniors.availability[0], expected)
    assert np.array_equal(loaded.cohort.seniors.availability[0], expected)
    assert loaded.cohort.juniors.utc_offset_minutes[0] == 60
    assert loaded.cohort.seniors.utc_offset_minutes[0] == -300


def test_manager_chains_follow_the_program_depth(program, acme) -> None:
    boss = make_person(acme, "Bruno")
    middle = make_person(acme, "Carla", manager=boss)
    giulia = make_person(acme, "Giulia", manager=middle)
    enrol(program, giulia, "junior")
    enrol(program, boss, "senior")

    loaded = load_cohort(program)
    assert loaded.cohort.juniors.managers[0].tolist() == [middle.pk, boss.pk]
    prep = prepare(loaded.cohort, engine_weights(program), engine_rules(program))
    _, total, flags = score_pairs(prep, np.array([0]), np.array([0]))
    assert flags[0] & Reason.REPORTING_LINE and total[0] == -np.inf

    program.reporting_line_depth = 1
    program.save()
    loaded = load_cohort(program)
    assert loaded.cohort.juniors.managers[0].tolist() == [middle.pk]


def test_allowing_a_reporting_line_exempts_only_that_couple(program, acme) -> None:
    boss = make_person(acme, "Bruno")
    giulia = make_person(acme, "Giulia", manager=boss)
    paolo = make_person(acme, "Paolo", manager=boss)
    enrol(program, giulia, "junior")
    enrol(program, paolo, "junior")
    enrol(program, boss, "senior")
    PairDecision.objects.create(
        organization=acme, program=program, junior=giulia, senior=boss, kind=DecisionKind.ALLOW_REPORTING_LINE
    )

    loaded = load_cohort(program)
    prep = prepare(loaded.cohort, engine_weights(program), engine_rules(program))
    rows = np.array([loaded.junior_row[giulia.pk], loaded.junior_row[paolo.pk]])
    _, _, flags = score_pairs(prep, rows, np.array([0, 0]))
    assert not flags[0] & Reason.REPORTING_LINE
    assert flags[1] & Reason.REPORTING_LINE


def test_wishes_and_decisions_become_pair_lists(program, acme) -> None:
    a, b = make_person(acme, "Anna"), make_person(acme, "Bea")
    x, y = make_person(acme, "Xavier"), make_person(acme, "Yuri")
    enrol(program, a, "junior", prefer=[x])
    enrol(program, b, "junior")
    enrol(program, x, "senior")
    enrol(program, y, "senior", avoid=[b])  # a senior's wish about a junior
    PairDecision.objects.create(organization=acme, program=program, junior=a, senior=y, kind=DecisionKind.FORBID)
    PairDecision.objects.create(organization=acme, program=program, junior=b, senior=x, kind=DecisionKind.PIN)

    loaded = load_cohort(program)
    jr, sr = loaded.junior_row, loaded.senior_row
    c = loaded.cohort
    assert c.prefer.tolist() == [[jr[a.pk], sr[x.pk]]]
    assert c.avoid.tolist() == [[jr[b.pk], sr[y.pk]]]
    assert c.forbidden.tolist() == [[jr[a.pk], sr[y.pk]]]
    assert c.pinned.tolist() == [[jr[b.pk], sr[x.pk]]]


def test_only_approved_enrolments_take_part(program, acme) -> None:
    enrol(program, make_person(acme, "Anna"), "junior")
    enrol(program, make_person(acme, "Piero"), "junior", status=EnrolmentStatus.PENDING)
    enrol(program, make_person(acme, "Walter"), "senior", status=EnrolmentStatus.WITHDRAWN)
    loaded = load_cohort(program)
    assert [e.person.first_name for e in loaded.juniors] == ["Anna"]
    assert loaded.seniors == []


def test_either_goes_where_skills_fit_else_where_people_are_missing(program, acme) -> None:
    dig, ent = digcomp(), entrecomp()
    cohort(program, juniors=1, seniors=3)
    fits_senior = make_person(acme, "Sofia")
    enrol(program, fits_senior, "either", offers={ent[0]: 6}, wants={dig[0]: (1, 4)})
    undecided = make_person(acme, "Ugo")
    enrol(program, undecided, "either", offers={}, wants={})

    loaded = load_cohort(program)
    assert fits_senior.pk in loaded.senior_row  # skills fit the senior side only
    assert undecided.pk in loaded.junior_row  # the cohort is short of juniors
    assert sorted(loaded.either_sides.values()) == ["junior", "senior"]


def test_query_count_does_not_grow_with_the_cohort(program, acme) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            load_cohort(program)
        return len(queries)

    boss = make_person(acme, "Bruno", department=DepartmentFactory(organization=acme))
    enrol(program, make_person(acme, "Anna", manager=boss), "junior", prefer=[boss])
    enrol(program, boss, "senior")
    small = count()
    cohort(program, juniors=8, seniors=10)
    assert count() == small
