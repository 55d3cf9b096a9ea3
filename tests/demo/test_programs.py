from __future__ import annotations

import pytest

from ponte.demo.loader import LoadResult
from ponte.matching.models import Proposal, RunStatus
from ponte.matching.services import match_run_execute, match_run_start
from ponte.organizations.models import Role
from ponte.programs.models import Enrolment, EnrolmentRole, EnrolmentStatus, Program, ProgramStatus

pytestmark = pytest.mark.django_db


def test_lumina_has_a_pilot_ready_for_matching_and_a_program_open_for_enrolment(demo: list[LoadResult]) -> None:
    pilot = Program.objects.get(organization__slug="lumina", slug="pilota-2026")
    assert pilot.status == ProgramStatus.MATCHING
    assert Program.objects.get(organization__slug="lumina", slug="ponte-2027").status == ProgramStatus.ENROLLING
    assert not Program.objects.filter(organization__slug="globex").exists()
    roles = set(pilot.enrolments.filter(status=EnrolmentStatus.APPROVED).values_list("role", flat=True))
    assert roles == {EnrolmentRole.JUNIOR, EnrolmentRole.SENIOR}


def test_demo_logins_take_part_in_the_pilot_on_the_expected_side(demo: list[LoadResult]) -> None:
    sides = dict(Enrolment.objects.filter(program__slug="pilota-2026").values_list("person__email", "role"))
    assert sides["giulia.romano@lumina.example"] == EnrolmentRole.JUNIOR
    assert sides["marco.bianchi@lumina.example"] == EnrolmentRole.SENIOR


def test_pilot_enrolments_teach_within_the_programs_learning_areas(demo: list[LoadResult]) -> None:
    pilot = Program.objects.get(slug="pilota-2026")
    junior_areas = set(pilot.junior_skills.values_list("pk", flat=True))
    for enrolment in pilot.enrolments.filter(role=EnrolmentRole.JUNIOR).prefetch_related("skills"):
        offered = {s.skill_id for s in enrolment.skills.all() if s.direction == "offer"}
        assert offered and offered <= junior_areas


def test_matching_the_pilot_proposes_pairs(demo: list[LoadResult]) -> None:
    pilot = Program.objects.get(slug="pilota-2026")
    manager = pilot.organization.memberships.get(role=Role.MANAGER).user
    run = match_run_execute(run=match_run_start(program=pilot, by=manager))
    assert run.status == RunStatus.DONE
    assert Proposal.objects.filter(run=run).count() >= 40
