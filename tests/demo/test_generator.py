"""The demo data: deterministic, plausible, isolated, and safe to load twice."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import F

from ponte.accounts.models import User
from ponte.core.validators import validate_time_zone
from ponte.demo.generator import DEMO_PASSWORD, GLOBEX, LUMINA, build_plan
from ponte.demo.loader import DemoDataError, LoadResult, load_demo
from ponte.organizations.models import Department, Membership, Organization, Role
from ponte.people.choices import Generation
from ponte.people.models import AvailabilityWindow, Person, SkillOffer, SkillWant, validate_channels, validate_languages
from ponte.skills.models import Skill


def people_snapshot(slug: str) -> list[tuple[object, ...]]:
    """Everything that identifies a person and their place in the chart, without database keys."""
    return list(
        Person.objects.filter(organization__slug=slug)
        .order_by("employee_number")
        .values_list(
            "employee_number",
            "email",
            "first_name",
            "last_name",
            "job_title",
            "department__name",
            "manager__email",
            "birth_year",
            "location",
            "time_zone",
            "languages",
            "channels",
            "bio",
            "hired_on",
        )
    )


def test_building_a_plan_twice_gives_the_same_people() -> None:
    assert build_plan(LUMINA) == build_plan(LUMINA)
    assert build_plan(GLOBEX) == build_plan(GLOBEX)


def test_two_loads_write_identical_people(reference_skills: None) -> None:
    load_demo()
    first = people_snapshot("lumina")
    load_demo(reset=True)
    assert people_snapshot("lumina") == first
    assert len(first) == LUMINA.headcount


def test_each_organisation_gets_its_people_departments_and_accounts(demo: list[LoadResult]) -> None:
    lumina = Organization.objects.get(slug="lumina")
    globex = Organization.objects.get(slug="globex")
    assert Person.objects.for_organization(lumina).count() == 300
    assert Department.objects.for_organization(lumina).count() >= 10
    assert Department.objects.get(organization=lumina, name="Commerciale Nord").parent.name == "Commerciale"
    assert Person.objects.for_organization(globex).count() == 40
    assert Membership.objects.for_organization(lumina).count() == 24
    assert Person.objects.for_organization(lumina).filter(user__isnull=True).count() == 300 - 24


@pytest.mark.parametrize("slug", ["lumina", "globex"])
def test_all_four_generations_are_present(demo: list[LoadResult], slug: str) -> None:
    generations = Counter(person.generation for person in Person.objects.filter(organization__slug=slug))
    assert set(generations) == set(Generation)


def test_senior_roles_are_held_by_older_people(demo: list[LoadResult]) -> None:
    people = Person.objects.filter(organization__slug="lumina")
    directors = [p.birth_year for p in people if p.job_title.startswith(("Direttore", "Direttrice"))]
    juniors = [p.birth_year for p in people if "junior" in p.job_title.lower() or "Junior" in p.job_title]
    assert directors and juniors
    assert max(directors) < min(juniors)


@pytest.mark.parametrize("slug", ["lumina", "globex"])
def test_reporting_lines_form_one_tree_without_cycles(demo: list[LoadResult], slug: str) -> None:
    manager_of = dict(Person.objects.filter(organization__slug=slug).values_list("pk", "manager_id"))
    assert list(manager_of.values()).count(None) == 1, "exactly one person (the CEO) has no manager"
    for start in manager_of:
        seen, current = set(), start
        while current is not None:
            assert current not in seen, f"cycle through person {current}"
            assert current in manager_of, "manager from another organisation"
            seen.add(current)
            current = manager_of[current]


def test_juniors_mostly_teach_digital_and_seniors_mostly_teach_entrepreneurship(demo: list[LoadResult]) -> None:
    offers = SkillOffer.objects.filter(person__organization__slug="lumina").select_related(
        "person", "skill__area__framework"
    )
    by_generation: dict[Generation | None, Counter[str]] = {}
    for offer in offers:
        by_generation.setdefault(offer.person.generation, Counter())[offer.skill.area.framework.code] += 1
    gen_z, boomers = by_generation[Generation.GEN_Z], by_generation[Generation.BABY_BOOMERS]
    assert gen_z["digcomp"] > 0.7 * gen_z.total()
    assert boomers["entrecomp"] > 0.7 * boomers.total()
    assert (
        gen_z["greencomp"] + boomers["greencomp"] > 0
        or SkillWant.objects.filter(skill__area__framework__code="greencomp").exists()
    )


def test_wanted_skills_aim_above_the_current_level(demo: list[LoadResult]) -> None:
    wants = SkillWant.objects.filter(person__organization__slug="lumina")
    assert wants.count() > 200
    assert all(1 <= want.current_level < want.target_level <= 8 for want in wants)


def test_profiles_hold_valid_places_languages_channels_and_availability(demo: list[LoadResult]) -> None:
    people = list(Person.objects.filter(organization__slug="lumina"))
    for person in people:
        validate_time_zone(person.time_zone)
        validate_languages(person.languages)
        validate_channels(person.channels)
        assert "it" in person.languages
    zones = Counter(person.time_zone for person in people)
    assert zones["Europe/Rome"] > 250 and zones["Europe/London"] and zones["America/New_York"] in (1, 2)
    assert AvailabilityWindow.objects.filter(person__organization__slug="lumina", end__lte=F("start")).count() == 0
    assert sum(bool(person.bio) for person in people) > 50


def test_young_people_prefer_chat_or_video_and_older_people_in_person_or_phone(demo: list[LoadResult]) -> None:
    firsts: dict[Generation | None, Counter[str]] = {}
    for person in Person.objects.filter(organization__slug="lumina"):
        firsts.setdefault(person.generation, Counter())[person.channels[0]] += 1
    gen_z, boomers = firsts[Generation.GEN_Z], firsts[Generation.BABY_BOOMERS]
    assert gen_z["chat"] + gen_z["video"] > 0.7 * gen_z.total()
    assert boomers["in_person"] + boomers["phone"] > 0.7 * boomers.total()
    assert len(gen_z) > 1, "some variety within a generation"


def test_organisations_do_not_share_people_departments_or_accounts(demo: list[LoadResult]) -> None:
    for person in Person.objects.select_related("manager", "department").filter(
        organization__slug__in=["lumina", "globex"]
    ):
        if person.manager is not None:
            assert person.manager.organization_id == person.organization_id
        assert person.department is not None and person.department.organization_id == person.organization_id
    lumina_users = set(Membership.objects.filter(organization__slug="lumina").values_list("user_id", flat=True))
    globex_users = set(Membership.objects.filter(organization__slug="globex").values_list("user_id", flat=True))
    assert lumina_users and globex_users and not lumina_users & globex_users


def test_loading_again_changes_nothing(demo: list[LoadResult]) -> None:
    before = (Person.objects.count(), User.objects.count(), SkillOffer.objects.count(), people_snapshot("lumina"))
    results = load_demo()
    assert [result.created for result in results] == [False, False]
    assert (
        Person.objects.count(),
        User.objects.count(),
        SkillOffer.objects.count(),
        people_snapshot("lumina"),
    ) == before


def test_reset_recreates_only_the_demo_organisations(demo: list[LoadResult], acme_admin: Person) -> None:
    old_lumina = Organization.objects.get(slug="lumina").pk
    counts = (Person.objects.count(), User.objects.count(), Membership.objects.count())
    load_demo(reset=True)
    assert Organization.objects.get(slug="lumina").pk != old_lumina
    assert (Person.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    assert Person.objects.filter(pk=acme_admin.pk).exists()


@pytest.mark.parametrize(
    ("email", "role", "language"),
    [
        ("admin@lumina.example", Role.ADMIN, "it"),
        ("hr@lumina.example", Role.MANAGER, "it"),
        ("giulia.romano@lumina.example", Role.PARTICIPANT, "en"),
        ("marco.bianchi@lumina.example", Role.PARTICIPANT, "it"),
        ("admin@globex.example", Role.ADMIN, "it"),
    ],
)
def test_demo_accounts_sign_in_with_the_published_password(
    demo: list[LoadResult], email: str, role: Role, language: str
) -> None:
    user = authenticate(username=email, password=DEMO_PASSWORD)
    assert user is not None
    assert user.language == language  # type: ignore[attr-defined]
    assert Membership.objects.get(user=user).role == role
    assert Person.objects.filter(user=user, email=email).exists()


def test_named_personas_fit_their_story(demo: list[LoadResult]) -> None:
    giulia = Person.objects.get(email="giulia.romano@lumina.example")
    marco = Person.objects.get(email="marco.bianchi@lumina.example")
    hr = Person.objects.get(email="hr@lumina.example")
    assert (giulia.generation, giulia.department.name) == (Generation.GEN_Z, "IT e Digitale")
    assert marco.generation == Generation.BABY_BOOMERS and marco.reports.exists()
    assert hr.department.name == "Risorse Umane"
    assert giulia.offers.filter(skill__area__framework__code="digcomp").exists()
    assert marco.offers.filter(skill__area__framework__code="entrecomp").exists()
    assert all(person.availability.exists() for person in (giulia, marco, hr))


def test_loading_without_reference_skills_explains_what_to_do(db: None) -> None:
    Skill.objects.all().delete()
    with pytest.raises(DemoDataError, match="migrate"):
        load_demo()
    assert not Organization.objects.filter(slug="lumina").exists()


def test_command_prints_the_demo_logins(reference_skills: None) -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    for email in ("admin@lumina.example", "hr@lumina.example", "giulia.romano@lumina.example", "admin@globex.example"):
        assert email in printed
    assert DEMO_PASSWORD in printed
    call_command("load_demo", stdout=(again := StringIO()))
    assert "already loaded" in again.getvalue()
