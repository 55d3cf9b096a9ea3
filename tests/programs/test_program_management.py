"""Program managers create, edit, move along the lifecycle and duplicate programs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ponte.organizations.models import Organization
from ponte.people.models import Person
from ponte.programs.models import Program, ProgramStatus
from ponte.programs.services import program_duplicate

from .conftest import digcomp, enrol, entrecomp, make_program

pytestmark = pytest.mark.django_db


def _program_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Bridge 2026",
        "slug": "",
        "description": "Digital skills one way, experience the other.",
        "starts_on": "2026-03-01",
        "ends_on": "2026-09-30",
        "cadence_days": "14",
        "meeting_minutes": "45",
        "junior_capacity": "2",
        "response_days": "7",
        "checkin_first_days": "30",
        "checkin_every_days": "60",
        "junior_skills": [s.pk for s in digcomp()],
        "senior_skills": [s.pk for s in entrecomp()],
        "require_different_department": "on",
        "forbid_reporting_line": "on",
        "reporting_line_depth": "2",
        "max_time_zone_hours": "",
        "min_score": "0.15",
        "priority": "most_people",
        "skill_combine": "sum",
        "weight_forward": "1",
        "weight_reverse": "1",
        "weight_availability": "0.6",
        "weight_channel": "0.4",
        "weight_language": "0.2",
        "weight_wish": "0.3",
    }
    data.update(overrides)
    return data


def test_new_program_form_suggests_digcomp_for_juniors_and_entrecomp_for_seniors(login, acme_manager: Person) -> None:
    response = login(acme_manager).get(reverse("programs:program-create"))
    assert response.status_code == 200
    body = response.content.decode()
    junior, senior = digcomp()[0], entrecomp()[0]
    assert f'id="id_junior_skills_{junior.pk}" name="junior_skills" value="{junior.pk}" checked' in body
    assert f'id="id_senior_skills_{senior.pk}" name="senior_skills" value="{senior.pk}" checked' in body
    assert f'id="id_junior_skills_{senior.pk}" name="junior_skills" value="{senior.pk}">' in body
    assert "Advanced matching settings" in body


def test_manager_creates_a_draft_with_a_slug_made_from_the_name(login, acme_manager: Person) -> None:
    response = login(acme_manager).post(reverse("programs:program-create"), _program_post())
    program = Program.objects.get(name="Bridge 2026")
    assert response.status_code == 302
    assert program.slug == "bridge-2026"
    assert program.status == ProgramStatus.DRAFT
    assert program.organization == acme_manager.organization
    assert program.junior_capacity == 2
    assert set(program.junior_skills.all()) == set(digcomp())
    assert set(program.senior_skills.all()) == set(entrecomp())


def test_forbidden_fields_in_the_post_are_ignored(login, acme_manager: Person, globex: Organization) -> None:
    data = _program_post(status=ProgramStatus.RUNNING, organization=globex.pk, created_by="")
    login(acme_manager).post(reverse("programs:program-create"), data)
    program = Program.objects.get(name="Bridge 2026")
    assert program.status == ProgramStatus.DRAFT
    assert program.organization_id == acme_manager.organization_id


def test_program_ending_before_it_starts_is_refused(login, acme_manager: Person) -> None:
    response = login(acme_manager).post(
        reverse("programs:program-create"), _program_post(starts_on="2026-09-01", ends_on="2026-03-01")
    )
    assert response.status_code == 400
    assert "must end after it starts" in response.content.decode()
    assert not Program.objects.exists()


def test_a_taken_short_name_is_refused_with_a_message(login, acme_manager: Person, program: Program) -> None:
    response = login(acme_manager).post(reverse("programs:program-create"), _program_post(slug=program.slug))
    assert response.status_code == 400
    assert "already uses this short name" in response.content.decode()
    assert Program.objects.count() == 1


def test_skills_of_another_organisation_are_refused(login, acme_manager: Person, globex: Organization) -> None:
    from ponte.skills.models import Framework, Skill, SkillArea

    framework = Framework.objects.create(organization=globex, code="own", name="Globex own")
    area = SkillArea.objects.create(framework=framework, code="1", name="Area")
    foreign = Skill.objects.create(area=area, code="x", name="Secret skill")
    response = login(acme_manager).post(reverse("programs:program-create"), _program_post(junior_skills=[foreign.pk]))
    assert response.status_code == 400
    assert not Program.objects.exists()


def test_manager_edits_rules_before_the_program_runs(login, acme_manager: Person, program: Program) -> None:
    data = _program_post(name=program.name, slug=program.slug, require_different_department="", junior_capacity="3")
    response = login(acme_manager).post(reverse("programs:program-edit", args=[program.pk]), data)
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.require_different_department is False
    assert program.junior_capacity == 3


def test_manager_sets_the_check_in_schedule(login, acme_manager: Person, program: Program) -> None:
    data = _program_post(name=program.name, slug=program.slug, checkin_first_days="21", checkin_every_days="45")
    response = login(acme_manager).post(reverse("programs:program-edit", args=[program.pk]), data)
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.checkin_first_days, program.checkin_every_days) == (21, 45)


def test_a_check_in_schedule_of_zero_days_is_refused(login, acme_manager: Person, program: Program) -> None:
    data = _program_post(name=program.name, slug=program.slug, checkin_first_days="0")
    response = login(acme_manager).post(reverse("programs:program-edit", args=[program.pk]), data)
    assert response.status_code == 400
    program.refresh_from_db()
    assert program.checkin_first_days == 30


def test_pairing_rules_cannot_change_once_running(login, acme_manager: Person, acme: Organization) -> None:
    program = make_program(acme, status=ProgramStatus.RUNNING)
    data = _program_post(name="Renamed", slug=program.slug, require_different_department="", junior_capacity="3")
    response = login(acme_manager).post(reverse("programs:program-edit", args=[program.pk]), data)
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.name == "Renamed"
    assert program.require_different_department is True
    assert program.junior_capacity == 1


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (ProgramStatus.DRAFT, ProgramStatus.ENROLLING),
        (ProgramStatus.ENROLLING, ProgramStatus.DRAFT),
        (ProgramStatus.ENROLLING, ProgramStatus.MATCHING),
        (ProgramStatus.MATCHING, ProgramStatus.ENROLLING),
        (ProgramStatus.MATCHING, ProgramStatus.RUNNING),
        (ProgramStatus.RUNNING, ProgramStatus.CLOSED),
    ],
)
def test_allowed_transitions_move_the_program(login, acme_manager: Person, start: str, target: str) -> None:
    program = make_program(acme_manager.organization, status=start)
    response = login(acme_manager).post(reverse("programs:program-transition", args=[program.pk]), {"to": target})
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.status == target


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (ProgramStatus.DRAFT, ProgramStatus.RUNNING),
        (ProgramStatus.DRAFT, ProgramStatus.MATCHING),
        (ProgramStatus.ENROLLING, ProgramStatus.RUNNING),
        (ProgramStatus.RUNNING, ProgramStatus.ENROLLING),
        (ProgramStatus.CLOSED, ProgramStatus.RUNNING),
        (ProgramStatus.DRAFT, "nonsense"),
    ],
)
def test_forbidden_transitions_answer_400_and_change_nothing(
    login, acme_manager: Person, start: str, target: str
) -> None:
    program = make_program(acme_manager.organization, status=start)
    response = login(acme_manager).post(reverse("programs:program-transition", args=[program.pk]), {"to": target})
    assert response.status_code == 400
    assert "cannot move to" in response.content.decode()
    program.refresh_from_db()
    assert program.status == start


def test_enrolment_cannot_open_without_learning_areas(login, acme_manager: Person, acme: Organization) -> None:
    program = Program.objects.create(organization=acme, name="Empty", slug="empty")
    response = login(acme_manager).post(
        reverse("programs:program-transition", args=[program.pk]), {"to": ProgramStatus.ENROLLING}
    )
    assert response.status_code == 400
    program.refresh_from_db()
    assert program.status == ProgramStatus.DRAFT


def test_detail_shows_only_the_allowed_lifecycle_actions(login, acme_manager: Person, program: Program) -> None:
    body = login(acme_manager).get(reverse("programs:program-detail", args=[program.pk])).content.decode()
    assert 'value="draft"' in body
    assert 'value="matching"' in body
    assert 'value="running"' not in body
    assert "Partners always come from different departments." in body
    assert "Nobody is paired with their manager or their manager&#x27;s manager." in body
    assert "At least one language in common (always)." in body


def test_duplicate_copies_settings_and_areas_but_not_enrolments(
    acme_manager: Person, acme_junior: Person, program: Program
) -> None:
    program.junior_capacity = 3
    program.max_time_zone_hours = 4
    program.save()
    enrol(program, acme_junior)
    assert acme_manager.user is not None
    copy = program_duplicate(program=program, by=acme_manager.user)
    assert copy.pk != program.pk
    assert copy.name == f"Copy of {program.name}"
    assert copy.slug != program.slug
    assert copy.status == ProgramStatus.DRAFT
    assert (copy.junior_capacity, copy.max_time_zone_hours) == (3, 4)
    assert set(copy.junior_skills.all()) == set(program.junior_skills.all())
    assert set(copy.senior_skills.all()) == set(program.senior_skills.all())
    assert not copy.enrolments.exists()
    assert program.enrolments.count() == 1


def test_duplicating_twice_gives_unique_short_names(login, acme_manager: Person, program: Program) -> None:
    client = login(acme_manager)
    client.post(reverse("programs:program-duplicate", args=[program.pk]))
    client.post(reverse("programs:program-duplicate", args=[program.pk]))
    slugs = list(Program.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 3


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("programs:program-detail", "get"),
        ("programs:program-edit", "get"),
        ("programs:program-edit", "post"),
        ("programs:program-transition", "post"),
        ("programs:program-duplicate", "post"),
        ("programs:program-close-enrolment", "post"),
        ("programs:enrolment-list", "get"),
        ("programs:enrolment-approve-all", "post"),
    ],
)
def test_participant_gets_403_on_manager_pages(login, acme_participant: Person, program: Program, name, method) -> None:
    response = getattr(login(acme_participant), method)(reverse(name, args=[program.pk]))
    assert response.status_code == 403
    program.refresh_from_db()
    assert program.status == ProgramStatus.ENROLLING


def test_participant_cannot_create_programs(login, acme_participant: Person) -> None:
    assert login(acme_participant).get(reverse("programs:program-create")).status_code == 403
    assert login(acme_participant).post(reverse("programs:program-create"), _program_post()).status_code == 403
    assert not Program.objects.exists()


def test_other_organisation_gets_404_on_program_pages(login, globex_admin: Person, program: Program) -> None:
    client = login(globex_admin)
    assert client.get(reverse("programs:program-detail", args=[program.pk])).status_code == 404
    assert client.get(reverse("programs:enrolment-create", args=[program.pk])).status_code == 404


def test_program_list_hides_other_organisations(login, globex_admin: Person, program: Program) -> None:
    body = login(globex_admin).get(reverse("programs:program-list")).content.decode()
    assert program.name not in body


def test_program_list_query_count_does_not_grow_with_programs(
    login, acme_manager: Person, acme_junior: Person, django_assert_max_num_queries
) -> None:
    client = login(acme_manager)
    org = acme_manager.organization
    make_program(org, name="First")
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("programs:program-list"))
    for number in range(6):
        enrol(make_program(org, name=f"Program {number}"), acme_junior)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("programs:program-list"))
    assert response.status_code == 200
