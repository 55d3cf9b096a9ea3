"""Writes to what a person can teach (offers) and wants to learn (wants)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ponte.core.errors import DomainError
from ponte.skills.models import Skill

from .models import Person, SkillOffer, SkillWant


def _check_visible(person: Person, skill: Skill) -> None:
    if not Skill.objects.visible_to(person.organization).filter(pk=skill.pk).exists():
        raise DomainError(_("This skill is not available in your organisation."), code="skill")


def _check_level(value: int, *, low: int, high: int, message: str) -> None:
    if not low <= value <= high:
        raise DomainError(message % {"low": low, "high": high}, code="level")


def skill_offer_set(*, person: Person, skill: Skill, level: int, only_new: bool = False) -> SkillOffer:
    """Record that ``person`` can teach ``skill`` at ``level`` (adding it or changing the level).

    With ``only_new`` an existing offer of the same skill is an error rather than an update:
    that is what "add" means to the person using the form.
    """
    _check_visible(person, skill)
    max_level = skill.area.framework.max_level
    _check_level(level, low=1, high=max_level, message=_("Choose a level between %(low)s and %(high)s."))
    existing = SkillOffer.objects.filter(person=person, skill=skill).first()
    if existing is not None and only_new:
        raise DomainError(
            _("“%(skill)s” is already in your “I can teach” list: change its level there.") % {"skill": skill.name},
            code="duplicate",
        )
    try:
        with transaction.atomic():
            if existing is None:
                return SkillOffer.objects.create(person=person, skill=skill, level=level)
            existing.level = level
            existing.save(update_fields=["level"])
            return existing
    except IntegrityError as error:
        raise DomainError(_("This skill is already in the list."), code="duplicate") from error


def skill_offer_remove(*, person: Person, skill: Skill) -> None:
    deleted, _rows = SkillOffer.objects.filter(person=person, skill=skill).delete()
    if not deleted:
        raise DomainError(_("This skill is not in your “I can teach” list."), code="missing")


def skill_want_set(
    *, person: Person, skill: Skill, current_level: int, target_level: int, only_new: bool = False
) -> SkillWant:
    """Record that ``person`` wants to learn ``skill``, from ``current_level`` (0 = not at all) to ``target_level``."""
    _check_visible(person, skill)
    max_level = skill.area.framework.max_level
    _check_level(
        current_level, low=0, high=max_level - 1, message=_("Choose a current level between %(low)s and %(high)s.")
    )
    _check_level(target_level, low=1, high=max_level, message=_("Choose a goal between %(low)s and %(high)s."))
    if target_level <= current_level:
        raise DomainError(_("Your goal must be higher than your current level."), code="target")
    existing = SkillWant.objects.filter(person=person, skill=skill).first()
    if existing is not None and only_new:
        raise DomainError(
            _("“%(skill)s” is already in your “I want to learn” list: change the levels there.")
            % {"skill": skill.name},
            code="duplicate",
        )
    try:
        with transaction.atomic():
            if existing is None:
                return SkillWant.objects.create(
                    person=person, skill=skill, current_level=current_level, target_level=target_level
                )
            existing.current_level = current_level
            existing.target_level = target_level
            existing.save(update_fields=["current_level", "target_level"])
            return existing
    except IntegrityError as error:
        raise DomainError(_("This skill is already in the list."), code="duplicate") from error


def skill_want_remove(*, person: Person, skill: Skill) -> None:
    deleted, _rows = SkillWant.objects.filter(person=person, skill=skill).delete()
    if not deleted:
        raise DomainError(_("This skill is not in your “I want to learn” list."), code="missing")
