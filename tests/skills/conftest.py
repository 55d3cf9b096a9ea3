from __future__ import annotations

import pytest

from ponte.organizations.models import Organization
from ponte.skills.models import Skill
from ponte.skills.services import frameworks_sync, organization_skill_create


@pytest.fixture
def reference(db: None) -> None:
    frameworks_sync()


def reference_skill(framework: str, code: str) -> Skill:
    return Skill.objects.select_related("area__framework").get(
        area__framework__code=framework, area__framework__organization=None, code=code
    )


@pytest.fixture
def globex_skill(reference: None, globex: Organization) -> Skill:
    return organization_skill_create(organization=globex, name_en="Globex secret sauce", name_it="Salsa segreta Globex")


@pytest.fixture
def acme_skill(reference: None, acme: Organization) -> Skill:
    return organization_skill_create(organization=acme, name_en="Acme forklift", name_it="Muletto Acme")
