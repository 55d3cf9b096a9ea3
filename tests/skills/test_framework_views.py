from __future__ import annotations

from django.urls import reverse

from ponte.organizations.models import Organization
from ponte.people.models import Person
from ponte.skills.models import Framework, Skill

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_anonymous_visitor_is_sent_to_login(db: None, client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("skills:framework-list"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_member_browses_reference_and_own_skills_but_not_others(
    acme_participant: Person, acme_skill: Skill, globex_skill: Skill, login
) -> None:  # type: ignore[no-untyped-def]
    html = login(acme_participant).get(reverse("skills:framework-list")).content.decode()
    assert "DigComp 2.2" in html
    assert "Acme forklift" in html
    assert "Globex secret sauce" not in html


def test_filter_returns_a_fragment_with_matching_skills(acme_participant: Person, reference: None, login) -> None:  # type: ignore[no-untyped-def]
    response = login(acme_participant).get(reverse("skills:framework-list"), {"q": "creativ"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert "Creativity" in html
    assert "Netiquette" not in html


def test_admin_adds_a_company_skill_in_both_languages(acme_admin: Person, reference: None, login) -> None:  # type: ignore[no-untyped-def]
    response = login(acme_admin).post(
        reverse("skills:skill-create"), {"name_en": "Forklift driving", "name_it": "Guida del muletto"}
    )
    assert response.status_code == 302
    skill = Skill.objects.get(name_en="Forklift driving")
    assert skill.name_it == "Guida del muletto"
    framework = skill.area.framework
    assert (framework.code, framework.organization) == ("org", acme_admin.organization)
    assert framework.name_it == "Competenze aziendali"
    assert framework.levels.count() == 8


def test_second_company_skill_reuses_the_organisation_framework(acme: Organization, acme_admin: Person, login) -> None:  # type: ignore[no-untyped-def]
    client = login(acme_admin)
    for name in ("One", "Two"):
        client.post(reverse("skills:skill-create"), {"name_en": name, "name_it": name})
    assert Framework.objects.filter(organization=acme).count() == 1
    assert Skill.objects.filter(area__framework__organization=acme).count() == 2


def test_company_skill_without_italian_name_answers_400(acme_admin: Person, login) -> None:  # type: ignore[no-untyped-def]
    response = login(acme_admin).post(reverse("skills:skill-create"), {"name_en": "Forklift", "name_it": ""})
    assert response.status_code == 400
    assert not Skill.objects.filter(name_en="Forklift").exists()


def test_participant_gets_403_on_skill_create(acme_participant: Person, login) -> None:  # type: ignore[no-untyped-def]
    client = login(acme_participant)
    assert client.get(reverse("skills:skill-create")).status_code == 403
    assert client.post(reverse("skills:skill-create"), {"name_en": "X", "name_it": "X"}).status_code == 403
    assert not Skill.objects.filter(name_en="X").exists()


def test_admin_deactivates_a_company_skill(acme_admin: Person, acme_skill: Skill, login) -> None:  # type: ignore[no-untyped-def]
    response = login(acme_admin).post(
        reverse("skills:skill-edit", args=[acme_skill.pk]), {"name_en": "Forklift", "name_it": "Muletto"}
    )
    assert response.status_code == 302
    acme_skill.refresh_from_db()
    assert (acme_skill.name_en, acme_skill.is_active) == ("Forklift", False)


def test_other_organisations_admin_gets_404_on_skill_edit(globex_admin: Person, acme_skill: Skill, login) -> None:  # type: ignore[no-untyped-def]
    client = login(globex_admin)
    url = reverse("skills:skill-edit", args=[acme_skill.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name_en": "Hacked", "name_it": "Hacked", "is_active": "on"}).status_code == 404
    acme_skill.refresh_from_db()
    assert acme_skill.name_en == "Acme forklift"


def test_reference_skills_cannot_be_edited_by_an_admin(acme_admin: Person, reference: None, login) -> None:  # type: ignore[no-untyped-def]
    skill = Skill.objects.get(area__framework__code="digcomp", code="1.1")
    assert login(acme_admin).get(reverse("skills:skill-edit", args=[skill.pk])).status_code == 404


def test_participant_gets_403_on_own_organisations_skill_edit(
    acme_participant: Person, acme_skill: Skill, login
) -> None:  # type: ignore[no-untyped-def]
    assert login(acme_participant).get(reverse("skills:skill-edit", args=[acme_skill.pk])).status_code == 403
