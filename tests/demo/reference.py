"""The reference skill codes the demo needs, created only where the skills data migration is absent.

The skills app ships DigComp, EntreComp and GreenComp as a data migration; transactional tests
(the browser tests) flush the database, and the migration may not have landed yet on a branch,
so tests top up whatever (framework, code) pairs are missing instead of assuming either state.
"""

from __future__ import annotations

from ponte.skills.models import Framework, Skill, SkillArea

CODES: dict[str, list[str]] = {
    "digcomp": [f"{a}.{n}" for a, count in ((1, 3), (2, 6), (3, 4), (4, 4), (5, 4)) for n in range(1, count + 1)],
    "entrecomp": [f"{a}.{n}" for a in (1, 2, 3) for n in range(1, 6)],
    "greencomp": [f"{a}.{n}" for a in (1, 2, 3, 4) for n in range(1, 4)],
}


def ensure_reference_skills() -> None:
    existing = set(
        Skill.objects.filter(area__framework__organization__isnull=True).values_list("area__framework__code", "code")
    )
    for position, (framework_code, codes) in enumerate(CODES.items()):
        missing = [code for code in codes if (framework_code, code) not in existing]
        if not missing:
            continue
        framework, _ = Framework.objects.get_or_create(
            code=framework_code, organization=None, defaults={"name": framework_code.title(), "position": position}
        )
        for code in missing:
            area_code = code.split(".")[0]
            area, _ = SkillArea.objects.get_or_create(
                framework=framework, code=area_code, defaults={"name": f"Area {area_code}"}
            )
            Skill.objects.create(area=area, code=code, name=f"{framework_code} {code}")
