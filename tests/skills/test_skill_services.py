from __future__ import annotations

import pytest

from ponte.core.errors import DomainError
from ponte.people.models import Person, SkillOffer, SkillWant
from ponte.people.skill_services import skill_offer_remove, skill_offer_set, skill_want_remove, skill_want_set
from ponte.skills.models import Skill

from .conftest import reference_skill


@pytest.mark.parametrize("level", [0, 9])
def test_offer_outside_the_framework_levels_is_refused(reference: None, acme_junior: Person, level: int) -> None:
    with pytest.raises(DomainError):
        skill_offer_set(person=acme_junior, skill=reference_skill("digcomp", "1.1"), level=level)
    assert not SkillOffer.objects.exists()


def test_offer_is_refused_above_a_framework_with_fewer_levels(reference: None, acme_junior: Person) -> None:
    skill = reference_skill("digcomp", "1.1")
    skill.area.framework.max_level = 4
    skill.area.framework.save()
    with pytest.raises(DomainError):
        skill_offer_set(person=acme_junior, skill=skill, level=5)


def test_offer_set_twice_changes_the_level(reference: None, acme_junior: Person) -> None:
    skill = reference_skill("digcomp", "1.1")
    skill_offer_set(person=acme_junior, skill=skill, level=3)
    skill_offer_set(person=acme_junior, skill=skill, level=6)
    assert list(SkillOffer.objects.values_list("level", flat=True)) == [6]


def test_adding_an_offer_already_listed_is_refused(reference: None, acme_junior: Person) -> None:
    skill = reference_skill("digcomp", "1.1")
    skill_offer_set(person=acme_junior, skill=skill, level=3)
    with pytest.raises(DomainError, match="already"):
        skill_offer_set(person=acme_junior, skill=skill, level=5, only_new=True)
    assert SkillOffer.objects.get().level == 3


def test_want_with_goal_not_above_current_level_is_refused(reference: None, acme_senior: Person) -> None:
    with pytest.raises(DomainError):
        skill_want_set(person=acme_senior, skill=reference_skill("digcomp", "2.1"), current_level=4, target_level=4)
    assert not SkillWant.objects.exists()


@pytest.mark.parametrize(("current", "target"), [(-1, 3), (8, 8), (2, 9)])
def test_want_levels_outside_the_scale_are_refused(
    reference: None, acme_senior: Person, current: int, target: int
) -> None:
    with pytest.raises(DomainError):
        skill_want_set(
            person=acme_senior, skill=reference_skill("digcomp", "2.1"), current_level=current, target_level=target
        )


def test_want_from_nothing_yet_is_recorded(reference: None, acme_senior: Person) -> None:
    skill_want_set(person=acme_senior, skill=reference_skill("digcomp", "2.1"), current_level=0, target_level=3)
    assert SkillWant.objects.filter(person=acme_senior, current_level=0, target_level=3).exists()


def test_another_organisations_skill_cannot_be_offered(acme_junior: Person, globex_skill: Skill) -> None:
    with pytest.raises(DomainError):
        skill_offer_set(person=acme_junior, skill=globex_skill, level=3)
    assert not SkillOffer.objects.exists()


def test_another_organisations_skill_cannot_be_wanted(acme_junior: Person, globex_skill: Skill) -> None:
    with pytest.raises(DomainError):
        skill_want_set(person=acme_junior, skill=globex_skill, current_level=1, target_level=3)
    assert not SkillWant.objects.exists()


def test_own_organisation_skill_can_be_offered(acme_junior: Person, acme_skill: Skill) -> None:
    skill_offer_set(person=acme_junior, skill=acme_skill, level=2)
    assert SkillOffer.objects.filter(person=acme_junior, skill=acme_skill).exists()


def test_inactive_skill_cannot_be_offered(reference: None, acme_junior: Person) -> None:
    skill = reference_skill("entrecomp", "1.3")
    Skill.objects.filter(pk=skill.pk).update(is_active=False)
    with pytest.raises(DomainError):
        skill_offer_set(person=acme_junior, skill=skill, level=2)


def test_removing_offer_and_want_deletes_only_that_persons_rows(
    reference: None, acme_junior: Person, acme_senior: Person
) -> None:
    skill = reference_skill("greencomp", "2.1")
    for person in (acme_junior, acme_senior):
        skill_offer_set(person=person, skill=skill, level=2)
        skill_want_set(person=person, skill=reference_skill("greencomp", "2.2"), current_level=1, target_level=2)
    skill_offer_remove(person=acme_junior, skill=skill)
    skill_want_remove(person=acme_junior, skill=reference_skill("greencomp", "2.2"))
    assert list(SkillOffer.objects.values_list("person", flat=True)) == [acme_senior.pk]
    assert list(SkillWant.objects.values_list("person", flat=True)) == [acme_senior.pk]


def test_removing_a_skill_not_listed_is_refused(reference: None, acme_junior: Person) -> None:
    with pytest.raises(DomainError):
        skill_offer_remove(person=acme_junior, skill=reference_skill("greencomp", "2.1"))
