"""Whatever the organisation looks like, no proposal ever breaks a hard rule."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ponte.matching.loading import load_cohort
from ponte.matching.models import DecisionKind, PairDecision
from ponte.matching.services import solve
from ponte.programs.models import EnrolmentWish
from tests.factories import DepartmentFactory

from .conftest import enrol, make_person, make_program

pytestmark = pytest.mark.django_db

person = st.fixed_dictionaries(
    {
        "senior": st.booleans(),
        "department": st.integers(0, 2),
        "manager": st.none() | st.integers(0, 7),
        "languages": st.sampled_from([("it",), ("en",), ("it", "en"), ("de",)]),
        "evening": st.booleans(),
    }
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(person, min_size=2, max_size=8),
    avoid=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=4),
    forbid=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=3),
)
def test_no_proposal_breaks_a_hard_rule(acme, people, avoid, forbid) -> None:
    with transaction.atomic():
        program = make_program(acme, reporting_line_depth=2, min_score=0.0)
        departments = [DepartmentFactory(organization=acme) for _ in range(3)]
        made = []
        for i, spec in enumerate(people):
            manager = made[spec["manager"]] if spec["manager"] is not None and spec["manager"] < i else None
            made.append(
                make_person(
                    acme,
                    f"P{i}",
                    department=departments[spec["department"]],
                    manager=manager,
                    languages=spec["languages"],
                    windows=[(1, 18, 20)] if spec["evening"] else [(1, 9, 12), (1, 18, 19)],
                )
            )
        enrolments = [
            enrol(program, p, "senior" if s["senior"] else "junior") for p, s in zip(made, people, strict=True)
        ]
        n = len(made)
        avoided = {(made[a].pk, made[b].pk) for a, b in avoid if a < n and b < n and a != b}
        for a, b in avoided:
            EnrolmentWish.objects.create(enrolment=enrolments[[p.pk for p in made].index(a)], person_id=b, kind="avoid")
        forbidden = {(made[a].pk, made[b].pk) for a, b in forbid if a < n and b < n and a != b}
        for j, s in forbidden:
            PairDecision.objects.get_or_create(
                organization=acme, program=program, junior_id=j, senior_id=s, kind=DecisionKind.FORBID
            )

        outcome = solve(load_cohort(program))
        by_pk = {p.pk: p for p in made}
        for proposal in outcome.proposals:
            j, s = by_pk[proposal.junior.person_id], by_pk[proposal.senior.person_id]
            assert j.department_id != s.department_id
            chain_j = [j.manager_id, by_pk[j.manager_id].manager_id if j.manager_id else None]
            chain_s = [s.manager_id, by_pk[s.manager_id].manager_id if s.manager_id else None]
            assert s.pk not in chain_j and j.pk not in chain_s
            assert set(j.languages) & set(s.languages)
            assert (j.pk, s.pk) not in avoided and (s.pk, j.pk) not in avoided
            assert (j.pk, s.pk) not in forbidden
            assert proposal.facts["hours"] > 0
        transaction.set_rollback(True)
