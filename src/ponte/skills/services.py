"""Writes to competence frameworks: syncing the reference data and an organisation's own skills."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationFieldDescriptor

from ponte.core.errors import DomainError
from ponte.organizations.models import Organization

from .data import generic_levels, reference_frameworks
from .models import Framework, ProficiencyLevel, Skill, SkillArea

LANGUAGES = ("en", "it")
ORG_FRAMEWORK_CODE = "org"
ORG_AREA_CODE = "general"
ORG_FRAMEWORK_NAME = {"en": "Company skills", "it": "Competenze aziendali"}
ORG_FRAMEWORK_DESCRIPTION = {
    "en": "Skills defined by the organisation.",
    "it": "Competenze definite dall'organizzazione.",
}
ORG_AREA_NAME = {"en": "General", "it": "Generale"}


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _translated(model: type, field: str, texts: dict[str, str]) -> dict[str, str]:
    values = {f"{field}_{code}": texts.get(code, "") for code in LANGUAGES}
    # Historical models in migrations have no modeltranslation descriptor: fill the base column
    # ourselves (with the fallback language), as the descriptor would on a live model.
    if not isinstance(model.__dict__.get(field), TranslationFieldDescriptor):
        values[field] = texts.get("en", "")
    return values


def _upsert(model: Any, lookup: dict[str, Any], values: dict[str, Any], result: SyncResult) -> Any:
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        result.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        result.updated += 1
    return obj


def _sync_levels(level_model: Any, framework: Any, levels: list[dict[str, Any]], result: SyncResult) -> None:
    for level in levels:
        _upsert(
            level_model,
            {"framework": framework, "number": level["number"]},
            {
                **_translated(level_model, "name", level["name"]),
                **_translated(level_model, "description", level.get("description", {})),
            },
            result,
        )


def frameworks_sync(*, apps: Apps | None = None) -> SyncResult:
    """Create or update the shared reference frameworks from ``skills/data``.

    Idempotent: a second run changes nothing. Never deletes anything, and never touches an
    organisation's own frameworks. ``apps`` is the historical registry when run from a migration.
    """
    registry = apps or global_apps
    framework_model = registry.get_model("skills", "Framework")
    level_model = registry.get_model("skills", "ProficiencyLevel")
    area_model = registry.get_model("skills", "SkillArea")
    skill_model = registry.get_model("skills", "Skill")
    result = SyncResult()
    with transaction.atomic():
        for spec in reference_frameworks():
            framework = _upsert(
                framework_model,
                {"code": spec["code"], "organization": None},
                {
                    **_translated(framework_model, "name", spec["name"]),
                    **_translated(framework_model, "description", spec["description"]),
                    "max_level": spec["max_level"],
                    "position": spec["position"],
                },
                result,
            )
            _sync_levels(level_model, framework, spec["levels"], result)
            for area_position, area_spec in enumerate(spec["areas"], start=1):
                area = _upsert(
                    area_model,
                    {"framework": framework, "code": area_spec["code"]},
                    {**_translated(area_model, "name", area_spec["name"]), "position": area_position},
                    result,
                )
                for skill_position, skill_spec in enumerate(area_spec["skills"], start=1):
                    _upsert(
                        skill_model,
                        {"area": area, "code": skill_spec["code"]},
                        {
                            **_translated(skill_model, "name", skill_spec["name"]),
                            **_translated(skill_model, "description", skill_spec["description"]),
                            "position": skill_position,
                        },
                        result,
                    )
    return result


def organization_area_get_or_create(*, organization: Organization) -> SkillArea:
    """The single area of the organisation's own framework, created (with its levels) on first use."""
    result = SyncResult()
    with transaction.atomic():
        framework = Framework.objects.filter(code=ORG_FRAMEWORK_CODE, organization=organization).first()
        if framework is None:
            framework = Framework(code=ORG_FRAMEWORK_CODE, organization=organization, max_level=8, position=100)
            for field, texts in (("name", ORG_FRAMEWORK_NAME), ("description", ORG_FRAMEWORK_DESCRIPTION)):
                for code in LANGUAGES:
                    setattr(framework, f"{field}_{code}", texts[code])
            framework.save()
            _sync_levels(ProficiencyLevel, framework, generic_levels(), result)
        area: SkillArea = _upsert(
            SkillArea,
            {"framework": framework, "code": ORG_AREA_CODE},
            {"name_en": ORG_AREA_NAME["en"], "name_it": ORG_AREA_NAME["it"]},
            result,
        )
    return area


def _next_code(area: SkillArea) -> str:
    numbers = [int(code) for code in area.skills.values_list("code", flat=True) if code.isdigit()]
    return str(max(numbers, default=0) + 1)


def organization_skill_create(
    *,
    organization: Organization,
    name_en: str,
    name_it: str,
    description_en: str = "",
    description_it: str = "",
) -> Skill:
    """Add one of the organisation's own skills, in both languages."""
    if not name_en.strip() or not name_it.strip():
        raise DomainError(_("Give the skill a name in both Italian and English."), code="name")
    area = organization_area_get_or_create(organization=organization)
    if area.skills.filter(name_en__iexact=name_en.strip()).exists():
        raise DomainError(_("Your organisation already has a skill with this name."), code="duplicate")
    try:
        with transaction.atomic():
            skill = Skill(
                area=area,
                code=_next_code(area),
                name_en=name_en.strip(),
                name_it=name_it.strip(),
                description_en=description_en.strip(),
                description_it=description_it.strip(),
                position=area.skills.count() + 1,
            )
            skill.save()
    except IntegrityError as error:
        raise DomainError(_("The skill could not be saved; please try again."), code="conflict") from error
    return skill


def organization_skill_update(
    *,
    skill: Skill,
    name_en: str,
    name_it: str,
    description_en: str = "",
    description_it: str = "",
    is_active: bool = True,
) -> Skill:
    """Rename, describe, deactivate or reactivate one of the organisation's own skills."""
    if skill.area.framework.organization_id is None:
        raise DomainError(_("Reference skills are maintained by the platform."), code="reference")
    if not name_en.strip() or not name_it.strip():
        raise DomainError(_("Give the skill a name in both Italian and English."), code="name")
    if skill.area.skills.exclude(pk=skill.pk).filter(name_en__iexact=name_en.strip()).exists():
        raise DomainError(_("Your organisation already has a skill with this name."), code="duplicate")
    texts = {"name_en": name_en, "name_it": name_it, "description_en": description_en, "description_it": description_it}
    for field, value in texts.items():
        setattr(skill, field, value.strip())
    skill.is_active = is_active
    skill.save()
    return skill
