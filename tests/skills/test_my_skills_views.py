from __future__ import annotations

import pytest
from django.urls import reverse

from ponte.people.models import Person, SkillOffer, SkillWant
from ponte.skills.models import Skill

from .conftest import reference_skill

HTMX = {"HTTP_HX_REQUEST": "true"}
MY_SKILLS = "people:my-skills"


def url(name: str, person: Person | None = None) -> str:
    if person is None:
        return reverse(f"people:my-{name}" if name != "page" else MY_SKILLS)
    return reverse(f"people:person-{name}" if name != "page" else "people:person-skills", args=[person.pk])


def test_anonymous_visitor_is_sent_to_login(db: None, client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse(MY_SKILLS))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_participant_sees_both_sections_with_their_skills(reference: None, acme_junior: Person, login) -> None:  # type: ignore[no-untyped-def]
    SkillOffer.objects.create(person=acme_junior, skill=reference_skill("digcomp", "3.4"), level=5)
    response = login(acme_junior).get(reverse(MY_SKILLS))
    assert response.status_code == 200
    html = response.content.decode()
    assert "I can teach" in html
    assert "I want to learn" in html
    assert "Programming" in html
    assert "5 · Advanced I" in html


def test_htmx_search_returns_a_fragment_with_matching_skills_only(reference: None, acme_junior: Person, login) -> None:  # type: ignore[no-untyped-def]
    response = login(acme_junior).get(reverse(MY_SKILLS), {"q": "netiq"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Netiquette" in html
    assert "Programming" not in html


def test_search_is_in_the_viewers_language(reference: None, acme_junior: Person, login) -> None:  # type: ignore[no-untyped-def]
    acme_junior.user.language = "it"
    acme_junior.user.save()
    html = login(acme_junior).get(reverse(MY_SKILLS), {"q": "programmaz"}, **HTMX).content.decode()
    assert "Programmazione" in html


def test_search_never_shows_another_organisations_skills(acme_junior: Person, globex_skill: Skill, login) -> None:  # type: ignore[no-untyped-def]
    html = login(acme_junior).get(reverse(MY_SKILLS), {"q": "globex"}, **HTMX).content.decode()
    assert "Globex secret sauce" not in html


def test_browsing_an_area_lists_its_skills(reference: None, acme_junior: Person, login) -> None:  # type: ignore[no-untyped-def]
    area = reference_skill("digcomp", "4.1").area
    html = login(acme_junior).get(reverse(MY_SKILLS), {"area": area.pk}, **HTMX).content.decode()
    assert "Protecting devices" in html
    assert "Netiquette" not in html


def test_choosing_i_can_teach_shows_the_level_form(reference: None, acme_junior: Person, login) -> None:  # type: ignore[no-untyped-def]
    skill = reference_skill("digcomp", "2.5")
    html = login(acme_junior).get(reverse(MY_SKILLS), {"add": "offer", "skill": skill.pk}, **HTMX).content.decode()
    assert 'name="level"' in html
    assert "8 · Highly specialised II" in html


def test_plain_post_adds_an_offer_and_redirects(reference: None, acme_junior: Person, login) -> None:  # type: ignore[no-untyped-def]
    skill = reference_skill("digcomp", "2.5")
    response = login(acme_junior).post(url("skill-offer-save"), {"skill": skill.pk, "level": 4, "mode": "add"})
    assert response.status_code == 302
    assert SkillOffer.objects.get(person=acme_junior, skill=skill).level == 4


def test_htmx_post_adds_a_want_and_announces_it(reference: None, acme_senior: Person, login) -> None:  # type: ignore[no-untyped-def]
    skill = reference_skill("digcomp", "2.1")
    response = login(acme_senior).post(
        url("skill-want-save"), {"skill": skill.pk, "current_level": 1, "target_level": 4, "mode": "add"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-swap-oob="innerHTML"' in html
    assert "Added" in html
    assert SkillWant.objects.filter(person=acme_senior, skill=skill, current_level=1, target_level=4).exists()


def test_result_links_carry_the_search_to_the_add_form(reference: None, acme_junior: Person, login) -> None:  # type: ignore[no-untyped-def]
    skill = reference_skill("digcomp", "2.5")
    client = login(acme_junior)
    results = client.get(reverse(MY_SKILLS), {"q": "netiq"}, **HTMX).content.decode()
    assert f"?add=offer&amp;skill={skill.pk}&amp;q=netiq" in results
    panel = client.get(reverse(MY_SKILLS), {"add": "offer", "skill": skill.pk, "q": "netiq"}, **HTMX).content.decode()
    assert '<input type="hidden" name="q" value="netiq">' in panel


def test_htmx_add_refreshes_the_search_results_out_of_band(reference: None, acme_junior: Person, login) -> None:  # type: ignore[no-untyped-def]
    skill = reference_skill("digcomp", "2.5")
    response = login(acme_junior).post(
        url("skill-offer-save"), {"skill": skill.pk, "level": 4, "mode": "add", "q": "netiq"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<div id="skill-results" hx-swap-oob="innerHTML">' in html
    results = html.split('<div id="skill-results" hx-swap-oob="innerHTML">', 1)[1]
    # The row just added now says so, instead of still offering the "I can teach" button.
    assert "✓ You can teach this" in results
    assert f"?add=offer&amp;skill={skill.pk}" not in results
    assert f"?add=want&amp;skill={skill.pk}" in results


def test_plain_add_returns_to_the_same_search(reference: None, acme_junior: Person, login) -> None:  # type: ignore[no-untyped-def]
    skill = reference_skill("digcomp", "2.5")
    response = login(acme_junior).post(
        url("skill-offer-save"), {"skill": skill.pk, "level": 4, "mode": "add", "q": "netiq"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(MY_SKILLS) + "?q=netiq#skill-results"


def test_htmx_post_changes_an_existing_level(reference: None, acme_junior: Person, login) -> None:  # type: ignore[no-untyped-def]
    skill = reference_skill("entrecomp", "3.2")
    SkillOffer.objects.create(person=acme_junior, skill=skill, level=2)
    response = login(acme_junior).post(url("skill-offer-save"), {"skill": skill.pk, "level": 6, "mode": "edit"}, **HTMX)
    assert response.status_code == 200
    assert SkillOffer.objects.get(person=acme_junior, skill=skill).level == 6


@pytest.mark.parametrize("htmx", [True, False])
def test_remove_deletes_the_entry(reference: None, acme_senior: Person, login, htmx: bool) -> None:  # type: ignore[no-untyped-def]
    skill = reference_skill("greencomp", "1.1")
    SkillWant.objects.create(person=acme_senior, skill=skill, current_level=1, target_level=3)
    headers = HTMX if htmx else {}
    response = login(acme_senior).post(url("skill-want-remove"), {"skill": skill.pk}, **headers)
    assert response.status_code == (200 if htmx else 302)
    assert not SkillWant.objects.filter(person=acme_senior).exists()


@pytest.mark.parametrize("htmx", [True, False])
def test_goal_below_current_level_answers_400_and_writes_nothing(
    reference: None, acme_senior: Person, login, htmx: bool
) -> None:  # type: ignore[no-untyped-def]
    skill = reference_skill("digcomp", "1.2")
    headers = HTMX if htmx else {}
    response = login(acme_senior).post(
        url("skill-want-save"), {"skill": skill.pk, "current_level": 5, "target_level": 2, "mode": "add"}, **headers
    )
    assert response.status_code == 400
    assert "Your goal must be higher than your current level." in response.content.decode()
    assert not SkillWant.objects.exists()


@pytest.mark.parametrize("data", [{"level": "lots"}, {"level": 99}, {"skill": 0, "level": 3}, {}])
def test_malformed_offer_answers_400_and_writes_nothing(reference: None, acme_junior: Person, login, data) -> None:  # type: ignore[no-untyped-def]
    payload = {"skill": reference_skill("digcomp", "1.1").pk, **data}
    response = login(acme_junior).post(url("skill-offer-save"), payload, **HTMX)
    assert response.status_code == 400
    assert not SkillOffer.objects.exists()


def test_adding_a_skill_twice_answers_400_with_a_clear_message(reference: None, acme_junior: Person, login) -> None:  # type: ignore[no-untyped-def]
    skill = reference_skill("digcomp", "1.1")
    SkillOffer.objects.create(person=acme_junior, skill=skill, level=2)
    response = login(acme_junior).post(url("skill-offer-save"), {"skill": skill.pk, "level": 7, "mode": "add"}, **HTMX)
    assert response.status_code == 400
    assert "already" in response.content.decode()
    assert response["HX-Retarget"] == "#add-panel"
    assert SkillOffer.objects.get().level == 2


def test_offering_another_organisations_skill_answers_400(acme_junior: Person, globex_skill: Skill, login) -> None:  # type: ignore[no-untyped-def]
    response = login(acme_junior).post(url("skill-offer-save"), {"skill": globex_skill.pk, "level": 2, "mode": "add"})
    assert response.status_code == 400
    assert not SkillOffer.objects.exists()


def test_get_never_writes(reference: None, acme_junior: Person, login) -> None:  # type: ignore[no-untyped-def]
    skill = reference_skill("digcomp", "1.1")
    response = login(acme_junior).get(url("skill-offer-save"), {"skill": skill.pk, "level": 3})
    assert response.status_code == 405
    assert not SkillOffer.objects.exists()


def test_admin_edits_a_colleagues_skills(reference: None, acme_admin: Person, acme_junior: Person, login) -> None:  # type: ignore[no-untyped-def]
    client = login(acme_admin)
    assert client.get(url("page", acme_junior)).status_code == 200
    skill = reference_skill("digcomp", "5.1")
    response = client.post(url("skill-offer-save", acme_junior), {"skill": skill.pk, "level": 3, "mode": "add"})
    assert response.status_code == 302
    assert SkillOffer.objects.filter(person=acme_junior, skill=skill).exists()
    assert not SkillOffer.objects.filter(person=acme_admin).exists()


def test_other_organisations_admin_gets_404_on_person_skills(
    reference: None, globex_admin: Person, acme_junior: Person, login
) -> None:  # type: ignore[no-untyped-def]
    SkillOffer.objects.create(person=acme_junior, skill=reference_skill("digcomp", "3.4"), level=5)
    client = login(globex_admin)
    assert client.get(url("page", acme_junior)).status_code == 404
    skill = reference_skill("digcomp", "5.1")
    response = client.post(url("skill-offer-save", acme_junior), {"skill": skill.pk, "level": 3, "mode": "add"})
    assert response.status_code == 404
    assert SkillOffer.objects.filter(person=acme_junior).count() == 1


def test_participant_gets_403_on_a_colleagues_skills(
    reference: None, acme_participant: Person, acme_junior: Person, login
) -> None:  # type: ignore[no-untyped-def]
    client = login(acme_participant)
    assert client.get(url("page", acme_junior)).status_code == 403
    skill = reference_skill("digcomp", "5.1")
    response = client.post(url("skill-offer-save", acme_junior), {"skill": skill.pk, "level": 3, "mode": "add"})
    assert response.status_code == 403
    assert not SkillOffer.objects.exists()


def test_member_without_a_person_profile_gets_404(acme, client) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(email="noprofile@acme.test")
    MembershipFactory(organization=acme, user=user)
    client.force_login(user)
    assert client.get(reverse(MY_SKILLS)).status_code == 404
