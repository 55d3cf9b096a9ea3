from __future__ import annotations

import pytest
from django.core.management import call_command

from ponte.organizations.models import Organization
from ponte.skills.models import Framework, ProficiencyLevel, Skill, SkillArea
from ponte.skills.services import frameworks_sync, organization_skill_create

from .conftest import reference_skill

OFFICIAL_SHAPES = [("digcomp", 5, 21), ("entrecomp", 3, 15), ("greencomp", 4, 12)]


@pytest.mark.django_db
def test_migrations_install_the_three_reference_frameworks() -> None:
    codes = set(Framework.objects.filter(organization=None).values_list("code", flat=True))
    assert {"digcomp", "entrecomp", "greencomp"} <= codes


@pytest.mark.parametrize(("code", "areas", "competences"), OFFICIAL_SHAPES)
def test_reference_framework_has_its_official_areas_competences_and_eight_levels(
    reference: None, code: str, areas: int, competences: int
) -> None:
    framework = Framework.objects.get(code=code, organization=None)
    assert framework.areas.count() == areas
    assert Skill.objects.filter(area__framework=framework).count() == competences
    assert list(framework.levels.values_list("number", flat=True)) == list(range(1, 9))
    assert framework.max_level == 8


def test_digcomp_uses_the_official_competence_codes(reference: None) -> None:
    codes = set(Skill.objects.filter(area__framework__code="digcomp").values_list("code", flat=True))
    expected = {f"{area}.{n}" for area, count in ((1, 3), (2, 6), (3, 4), (4, 4), (5, 4)) for n in range(1, count + 1)}
    assert codes == expected


def test_every_reference_name_and_description_exists_in_italian_and_english(reference: None) -> None:
    for model, fields in (
        (Framework, ("name",)),
        (ProficiencyLevel, ("name",)),
        (SkillArea, ("name",)),
        (Skill, ("name", "description")),
    ):
        for row in model.objects.all():
            for field in fields:
                assert getattr(row, f"{field}_en"), (row, field)
                assert getattr(row, f"{field}_it"), (row, field)


def test_reference_levels_have_distinct_names_within_a_framework(reference: None) -> None:
    for framework in Framework.objects.filter(organization=None):
        names = list(framework.levels.values_list("name_en", flat=True))
        assert len(set(names)) == len(names) == 8


def test_entrecomp_levels_follow_the_official_progression(reference: None) -> None:
    names = list(Framework.objects.get(code="entrecomp").levels.values_list("name_it", flat=True))
    assert names[0] == "Scoprire"
    assert names[-1] == "Trasformare"


def test_frameworks_sync_a_second_time_changes_nothing(reference: None) -> None:
    before = list(Skill.objects.order_by("pk").values_list("pk", "name_en", "name_it"))
    result = frameworks_sync()
    assert not result.changed
    assert list(Skill.objects.order_by("pk").values_list("pk", "name_en", "name_it")) == before


def test_frameworks_sync_restores_edited_and_missing_reference_rows(reference: None) -> None:
    skill = reference_skill("digcomp", "3.4")
    Skill.objects.filter(pk=skill.pk).update(name_en="Changed")
    reference_skill("greencomp", "4.3").delete()
    result = frameworks_sync()
    assert result.created == 1
    assert result.updated == 1
    assert reference_skill("digcomp", "3.4").name_en == "Programming"


def test_frameworks_sync_keeps_organisation_skills(reference: None, acme: Organization) -> None:
    own = organization_skill_create(organization=acme, name_en="Forklift", name_it="Muletto")
    frameworks_sync()
    assert Skill.objects.filter(pk=own.pk, name_en="Forklift").exists()


def test_sync_frameworks_command_reports_nothing_to_do_on_synced_data(
    reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("sync_frameworks")
    assert "0 created, 0 updated" in capsys.readouterr().out
