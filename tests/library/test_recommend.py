"""'For me': from wanted skills and the open objectives a person is taught, never beyond what they may see."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ponte.library.engagement import pill_record_view, pill_toggle_helpful
from ponte.library.recommend import pills_for
from ponte.pairs.models import Agreement, Direction, Objective, ObjectiveProgress, Pair, PairStatus
from ponte.people.models import Person, SkillWant
from ponte.skills.models import Skill
from tests.factories import PersonFactory

from .test_engagement import make_pair, make_pill, make_program, make_skill, membership_of, org_pill

pytestmark = pytest.mark.django_db


def _for(person: Person, limit: int = 20):  # type: ignore[no-untyped-def]
    return pills_for(membership=membership_of(person), person=person, limit=limit)


def _objective(pair: Pair, skill: Skill, direction: str, *, version: int = 1, start: int = 1, target: int = 4):  # type: ignore[no-untyped-def]
    agreement = Agreement.objects.get_or_create(organization=pair.organization, pair=pair, version=version)[0]
    return Objective.objects.create(
        agreement=agreement, key=uuid.uuid4(), direction=direction, skill=skill, start_level=start, target_level=target
    )


def test_a_wanted_skill_brings_its_pills_with_the_reason(acme_junior, acme_senior, acme_participant) -> None:
    excel = make_skill(acme_junior.organization, "Excel")
    SkillWant.objects.create(person=acme_participant, skill=excel, current_level=1, target_level=4)
    wanted = org_pill(acme_junior, skills=[excel], title="Pivot tables")
    org_pill(acme_senior, title="Something else")
    first = _for(acme_participant)[0]
    assert first.pill == wanted
    assert "Because you want to learn Excel" in first.reasons


def test_own_pills_helpful_ones_and_invisible_ones_are_left_out(acme_junior, acme_senior, acme_participant) -> None:
    excel = make_skill(acme_junior.organization, "Excel")
    SkillWant.objects.create(person=acme_participant, skill=excel, current_level=1, target_level=4)
    own = org_pill(acme_participant, skills=[excel])
    helped = org_pill(acme_junior, skills=[excel])
    pill_toggle_helpful(pill=helped, person=acme_participant)
    private = make_pill(acme_junior, recipient=acme_senior, skills=[excel])
    pending = make_pill(acme_junior, org_status="pending", skills=[excel])
    found = {rec.pill for rec in _for(acme_participant)}
    assert not found & {own, helped, private, pending}


def test_the_skills_a_person_is_taught_in_an_active_pair_count(acme_junior, acme_senior) -> None:
    org = acme_junior.organization
    ai = make_skill(org, "Generative AI")
    negotiation = make_skill(org, "Negotiation")
    pair = make_pair(make_program(org), acme_junior, acme_senior)
    _objective(pair, ai, Direction.JUNIOR_TO_SENIOR)  # the senior learns AI
    _objective(pair, negotiation, Direction.SENIOR_TO_JUNIOR)  # the senior teaches negotiation
    author = PersonFactory(organization=org)
    about_ai = org_pill(author, skills=[ai])
    about_negotiation = org_pill(author, skills=[negotiation])
    senior = _for(acme_senior)
    assert senior[0].pill == about_ai
    assert "For your objective Generative AI with Giulia Junior" in senior[0].reasons
    junior = _for(acme_junior)
    assert junior[0].pill == about_negotiation
    assert "For your objective Negotiation with Sergio Senior" in junior[0].reasons


def test_only_the_current_agreement_and_open_objectives_count(acme_junior, acme_senior) -> None:
    org = acme_junior.organization
    old, reached, open_ = (make_skill(org, name) for name in ("Old", "Reached", "Open"))
    pair = make_pair(make_program(org), acme_junior, acme_senior)
    _objective(pair, old, Direction.JUNIOR_TO_SENIOR, version=1)
    _objective(pair, open_, Direction.JUNIOR_TO_SENIOR, version=2)
    done = _objective(pair, reached, Direction.JUNIOR_TO_SENIOR, version=2, target=3)
    ObjectiveProgress.objects.create(
        organization=org, pair=pair, objective_key=done.key, level=3, confirmed_by=acme_senior
    )
    author = PersonFactory(organization=org)
    for skill in (old, reached, open_):
        org_pill(author, skills=[skill], title=skill.name)
    reasons = [reason for rec in _for(acme_senior) for reason in rec.reasons]
    assert any("Open" in reason for reason in reasons)
    assert not any("objective Old" in reason or "objective Reached" in reason for reason in reasons)


def test_a_pair_that_ended_brings_no_objectives(acme_junior, acme_senior) -> None:
    org = acme_junior.organization
    ai = make_skill(org, "Generative AI")
    pair = make_pair(make_program(org), acme_junior, acme_senior, status=PairStatus.COMPLETED)
    _objective(pair, ai, Direction.JUNIOR_TO_SENIOR)
    org_pill(PersonFactory(organization=org), skills=[ai])
    assert not any("objective" in reason for rec in _for(acme_senior) for reason in rec.reasons)


def test_a_pill_recorded_for_the_person_comes_first_until_they_open_it(acme_junior, acme_senior) -> None:
    org = acme_junior.organization
    excel = make_skill(org, "Excel")
    SkillWant.objects.create(person=acme_senior, skill=excel, current_level=1, target_level=4)
    for _ in range(3):
        org_pill(PersonFactory(organization=org), skills=[excel])
    for_you = make_pill(acme_junior, recipient=acme_senior)
    first = _for(acme_senior)[0]
    assert first.pill == for_you
    assert "Giulia Junior recorded it for you" in first.reasons
    pill_record_view(pill=for_you, person=acme_senior)
    assert _for(acme_senior)[0].pill != for_you


def test_an_opened_pill_falls_behind_an_unopened_one(acme_junior, acme_senior, acme_participant) -> None:
    excel = make_skill(acme_junior.organization, "Excel")
    SkillWant.objects.create(person=acme_participant, skill=excel, current_level=1, target_level=4)
    seen = org_pill(acme_junior, skills=[excel], published_at=timezone.now())
    unseen = org_pill(acme_senior, skills=[excel], published_at=timezone.now() - timedelta(days=3))
    assert _for(acme_participant)[0].pill == seen
    pill_record_view(pill=seen, person=acme_participant)
    assert [rec.pill for rec in _for(acme_participant)][:2] == [unseen, seen]


def test_without_interests_the_most_helpful_org_wide_pills_in_their_language(
    acme_junior, acme_senior, acme_participant
) -> None:
    org = acme_junior.organization
    acme_participant.languages = ["it"]
    acme_participant.save()
    fans = [PersonFactory(organization=org) for _ in range(3)]
    loved = org_pill(acme_junior, language="it")
    liked = org_pill(acme_senior, language="it")
    english = org_pill(acme_senior, language="en")
    for fan in fans:
        pill_toggle_helpful(pill=loved, person=fan)
        pill_toggle_helpful(pill=english, person=fan)
    pill_toggle_helpful(pill=liked, person=fans[0])
    membership = membership_of(acme_participant)
    membership.user.language = "it"
    membership.user.save()
    found = pills_for(membership=membership, person=acme_participant)
    assert [rec.pill for rec in found] == [loved, liked]
    assert found[0].reasons == ["3 colleagues found it helpful"]


def test_the_list_is_cut_at_the_limit(acme_junior, acme_participant) -> None:
    for _ in range(5):
        org_pill(acme_junior)
    assert len(_for(acme_participant, limit=3)) == 3


def _queries(person: Person) -> int:
    membership = membership_of(person)
    with CaptureQueriesContext(connection) as captured:
        # A limit above the number of pills: both the interest and the fallback query run.
        pills_for(membership=membership, person=person, limit=100)
    return len(captured)


def test_the_query_count_does_not_grow_with_pills_pairs_or_objectives(acme_junior, acme_senior) -> None:
    org = acme_junior.organization
    program = make_program(org)
    skills = [make_skill(org, f"Skill {n}") for n in range(6)]
    SkillWant.objects.create(person=acme_senior, skill=skills[0], current_level=1, target_level=4)
    _objective(make_pair(program, acme_junior, acme_senior), skills[1], Direction.JUNIOR_TO_SENIOR)
    author = PersonFactory(organization=org)
    org_pill(author, skills=skills[:2])
    make_pill(author, recipient=acme_senior, skills=[skills[0]])
    few = _queries(acme_senior)
    other = make_program(org, "Second")
    _objective(make_pair(other, PersonFactory(organization=org), acme_senior), skills[2], Direction.SENIOR_TO_JUNIOR)
    _objective(make_pair(other, acme_senior, PersonFactory(organization=org)), skills[3], Direction.SENIOR_TO_JUNIOR)
    for skill in skills:
        SkillWant.objects.get_or_create(
            person=acme_senior, skill=skill, defaults={"current_level": 0, "target_level": 3}
        )
    for n in range(30):
        org_pill(author, skills=skills[n % 6 : n % 6 + 2])
        make_pill(author, recipient=acme_senior, skills=[skills[n % 6]])
    assert _queries(acme_senior) == few


def test_the_for_me_page_shows_the_suggestions_and_their_reasons(login, acme_junior, acme_participant) -> None:
    excel = make_skill(acme_junior.organization, "Excel")
    SkillWant.objects.create(person=acme_participant, skill=excel, current_level=1, target_level=4)
    org_pill(acme_junior, skills=[excel], title="Pivot tables in five minutes")
    response = login(acme_participant).get(reverse("library:for-me"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pivot tables in five minutes" in body
    assert "Because you want to learn Excel" in body


def test_the_for_me_page_without_suggestions_points_to_my_skills(login, acme_participant) -> None:
    response = login(acme_participant).get(reverse("library:for-me"))
    assert response.status_code == 200
    assert reverse("people:my-skills") in response.content.decode()
