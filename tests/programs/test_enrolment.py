"""People opt in to programs; managers review and approve; private wishes stay private."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ponte.core.errors import DomainError
from ponte.people.models import Person, SkillOffer, SkillWant
from ponte.programs.models import Enrolment, EnrolmentStatus, EnrolmentWish, Program, ProgramStatus, WishKind
from ponte.programs.services import EnrolmentData, OfferChoice, WantChoice, enrolment_create
from tests.factories import PersonFactory

from .conftest import digcomp, enrol, entrecomp, make_program

pytestmark = pytest.mark.django_db


def _enrol_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "action": "save",
        "role": "junior",
        "motivation": "I like explaining tools.",
        "goals": "Learn how budgets are planned.",
        "availability_confirmed": "on",
    }
    data.update(overrides)
    return data


def test_enrol_form_is_prefilled_from_profile_skills_of_the_program(
    login, acme_junior: Person, program: Program
) -> None:
    teach, other = digcomp()[0], digcomp()[1]
    learn = entrecomp()[0]
    SkillOffer.objects.create(person=acme_junior, skill=teach, level=6)
    SkillWant.objects.create(person=acme_junior, skill=learn, current_level=1, target_level=4)
    response = login(acme_junior).get(reverse("programs:enrolment-create", args=[program.pk]) + "?role=junior")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'name="offer_{teach.pk}" id="id_offer_{teach.pk}" checked' in body
    assert f'name="offer_{other.pk}" id="id_offer_{other.pk}">' in body
    assert f'name="want_{learn.pk}" id="id_want_{learn.pk}" checked' in body
    # A junior teaches DigComp here and learns EntreComp: no "want" row for a DigComp skill.
    assert f'name="want_{teach.pk}"' not in body
    assert '<option value="6" selected>' in body
    assert "Only the matching engine reads these; nobody else ever sees them." in body


def test_enrol_form_shows_ticked_skills_first_and_folds_the_rest_by_area(
    login, acme_junior: Person, program: Program
) -> None:
    teach, other = digcomp()[0], digcomp()[1]
    SkillOffer.objects.create(person=acme_junior, skill=teach, level=6)
    body = login(acme_junior).get(reverse("programs:enrolment-create", args=[program.pk]) + "?role=junior")
    html = body.content.decode()
    offers = html[html.index("What I can teach in this program") : html.index("What I want to learn in this program")]
    folded = offers.index('<details class="skill-more">')
    # The pre-filled skill is up front, outside the fold; the unticked one waits inside it, under its area.
    assert offers.index(f'id="id_offer_{teach.pk}"') < folded < offers.index(f'id="id_offer_{other.pk}"')
    assert "More skills you could add" in offers
    assert f"<legend>{other.area.code} {other.area.name}</legend>" in offers[folded:]
    # Every level select keeps its label, ticked or not (CSS only hides those of unticked rows).
    assert f'<label for="id_offer_level_{other.pk}">' in offers
    assert "<details" not in offers[: offers.index(f'id="id_offer_{teach.pk}"')]


def test_a_row_ticked_before_an_error_stays_up_front(login, acme_junior: Person, program: Program) -> None:
    teach = digcomp()[1]
    data = _enrol_post(availability_confirmed="", **{f"offer_{teach.pk}": "on", f"offer_level_{teach.pk}": "5"})
    response = login(acme_junior).post(reverse("programs:enrolment-create", args=[program.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400
    offers = html[html.index("What I can teach in this program") : html.index("What I want to learn in this program")]
    assert offers.index(f'id="id_offer_{teach.pk}" checked') < offers.index('<details class="skill-more">')


def test_levels_of_unticked_rows_are_ignored_even_when_malformed(login, acme_junior: Person, program: Program) -> None:
    teach, learn = digcomp()[0], entrecomp()[0]
    data = _enrol_post(
        **{f"offer_level_{teach.pk}": "99", f"want_level_{learn.pk}": "x", f"want_target_{learn.pk}": "1"}
    )
    response = login(acme_junior).post(reverse("programs:enrolment-create", args=[program.pk]), data)
    assert response.status_code == 302
    assert not Enrolment.objects.get(program=program, person=acme_junior).skills.exists()


def test_role_change_by_htmx_returns_only_the_skill_rows(login, acme_senior: Person, program: Program) -> None:
    response = login(acme_senior).get(
        reverse("programs:enrolment-create", args=[program.pk]) + "?role=senior", headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="enrol-skills">')
    assert f'name="offer_{entrecomp()[0].pk}"' in body
    assert f'name="offer_{digcomp()[0].pk}"' not in body


def test_participant_enrols_with_skills_and_private_wishes(login, acme_junior: Person, program: Program) -> None:
    teach, learn = digcomp()[0], entrecomp()[0]
    friend = PersonFactory(organization=program.organization, first_name="Frida", last_name="Friend")
    foe = PersonFactory(organization=program.organization, first_name="Fabio", last_name="Foe")
    data = _enrol_post(
        **{
            f"offer_{teach.pk}": "on",
            f"offer_level_{teach.pk}": "5",
            f"want_{learn.pk}": "on",
            f"want_level_{learn.pk}": "1",
            f"want_target_{learn.pk}": "3",
            "prefer": [friend.pk],
            "avoid": [foe.pk],
        }
    )
    response = login(acme_junior).post(reverse("programs:enrolment-create", args=[program.pk]), data)
    enrolment = Enrolment.objects.get(program=program, person=acme_junior)
    assert response.status_code == 302
    assert enrolment.status == EnrolmentStatus.PENDING
    assert enrolment.role == "junior"
    assert enrolment.availability_confirmed
    assert {(s.skill_id, s.direction, s.level, s.target_level) for s in enrolment.skills.all()} == {
        (teach.pk, "offer", 5, 0),
        (learn.pk, "want", 1, 3),
    }
    assert {(w.person_id, w.kind) for w in enrolment.wishes.all()} == {
        (friend.pk, WishKind.PREFER),
        (foe.pk, WishKind.AVOID),
    }


def test_forbidden_fields_in_the_enrol_post_are_ignored(login, acme_junior: Person, program: Program) -> None:
    data = _enrol_post(status=EnrolmentStatus.APPROVED, person=acme_junior.pk + 1000, organization=999)
    login(acme_junior).post(reverse("programs:enrolment-create", args=[program.pk]), data)
    enrolment = Enrolment.objects.get(program=program)
    assert enrolment.status == EnrolmentStatus.PENDING
    assert enrolment.person == acme_junior


def test_skill_outside_the_role_is_not_stored(login, acme_junior: Person, program: Program) -> None:
    learn_digital = digcomp()[0]
    data = _enrol_post(**{f"want_{learn_digital.pk}": "on", f"want_target_{learn_digital.pk}": "3"})
    login(acme_junior).post(reverse("programs:enrolment-create", args=[program.pk]), data)
    assert not Enrolment.objects.get(program=program).skills.exists()


def test_service_refuses_skills_the_role_cannot_teach(acme_junior: Person, program: Program) -> None:
    data = EnrolmentData(role="junior", availability_confirmed=True, offers=[OfferChoice(entrecomp()[0], 4)])
    with pytest.raises(DomainError):
        enrolment_create(program=program, person=acme_junior, data=data)
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"role": "boss"},
        {"availability_confirmed": ""},
        {"motivation": "x" * 2001},
    ],
)
def test_bad_input_answers_400_with_a_message(login, acme_junior: Person, program: Program, overrides) -> None:
    response = login(acme_junior).post(
        reverse("programs:enrolment-create", args=[program.pk]), _enrol_post(**overrides)
    )
    assert response.status_code == 400
    assert "Please correct the following" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_goal_below_current_level_is_refused(login, acme_junior: Person, program: Program) -> None:
    learn = entrecomp()[0]
    data = _enrol_post(**{f"want_{learn.pk}": "on", f"want_level_{learn.pk}": "4", f"want_target_{learn.pk}": "2"})
    response = login(acme_junior).post(reverse("programs:enrolment-create", args=[program.pk]), data)
    assert response.status_code == 400
    assert "goal must be higher" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_more_than_three_preferred_colleagues_are_refused(login, acme_junior: Person, program: Program) -> None:
    friends = [PersonFactory(organization=program.organization) for _ in range(4)]
    data = _enrol_post(prefer=[f.pk for f in friends])
    response = login(acme_junior).post(reverse("programs:enrolment-create", args=[program.pk]), data)
    assert response.status_code == 400
    assert not Enrolment.objects.exists()


def test_wishing_for_oneself_or_a_foreign_person_is_refused(
    login, acme_junior: Person, globex_participant: Person, program: Program
) -> None:
    client = login(acme_junior)
    url = reverse("programs:enrolment-create", args=[program.pk])
    assert client.post(url, _enrol_post(prefer=[acme_junior.pk])).status_code == 400
    assert client.post(url, _enrol_post(avoid=[globex_participant.pk])).status_code == 400
    assert not Enrolment.objects.exists()


def test_same_colleague_preferred_and_avoided_is_refused(login, acme_junior: Person, program: Program) -> None:
    colleague = PersonFactory(organization=program.organization)
    data = _enrol_post(prefer=[colleague.pk], avoid=[colleague.pk])
    response = login(acme_junior).post(reverse("programs:enrolment-create", args=[program.pk]), data)
    assert response.status_code == 400
    assert not Enrolment.objects.exists()


def test_enrolling_twice_is_refused_cleanly(login, acme_junior: Person, program: Program) -> None:
    enrol(program, acme_junior)
    client = login(acme_junior)
    url = reverse("programs:enrolment-create", args=[program.pk])
    response = client.post(url, _enrol_post())
    assert response.status_code == 400
    assert "already enrolled" in response.content.decode()
    assert client.get(url).status_code == 302
    assert Enrolment.objects.count() == 1


def test_database_constraint_refusal_becomes_a_domain_error(
    acme_junior: Person, program: Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    enrol(program, acme_junior)
    # Simulate the race: the existence check sees nothing, the unique constraint still refuses.
    monkeypatch.setattr("ponte.programs.services.Enrolment.objects.filter", lambda **kw: Enrolment.objects.none())
    with pytest.raises(DomainError, match="already enrolled"):
        enrol(program, acme_junior)


@pytest.mark.parametrize("status", [ProgramStatus.DRAFT, ProgramStatus.MATCHING, ProgramStatus.RUNNING])
def test_enrolling_when_the_program_is_not_enrolling_is_refused(login, acme_junior: Person, status: str) -> None:
    program = make_program(acme_junior.organization, status=status)
    client = login(acme_junior)
    url = reverse("programs:enrolment-create", args=[program.pk])
    response = client.post(url, _enrol_post())
    assert response.status_code in {400, 404}
    assert not Enrolment.objects.exists()
    get = client.get(url)
    assert get.status_code in {302, 404}


def test_participants_do_not_see_draft_programs(login, acme_junior: Person) -> None:
    draft = make_program(acme_junior.organization, status=ProgramStatus.DRAFT, name="Secret draft")
    client = login(acme_junior)
    assert client.get(reverse("programs:enrolment-create", args=[draft.pk])).status_code == 404
    assert "Secret draft" not in client.get(reverse("programs:program-list")).content.decode()


def test_participant_list_shows_open_programs_and_own_enrolments(login, acme_junior: Person, program: Program) -> None:
    other = make_program(acme_junior.organization, name="Green bridge")
    enrol(other, acme_junior)
    body = login(acme_junior).get(reverse("programs:program-list")).content.decode()
    assert reverse("programs:enrolment-create", args=[program.pk]) in body
    assert reverse("programs:enrolment-detail", args=[other.enrolments.get().pk]) in body
    assert "Waiting for approval" in body
    assert "Manage programs" not in body


def test_participant_withdraws_and_can_enrol_again(login, acme_junior: Person, program: Program) -> None:
    enrolment = enrol(program, acme_junior)
    client = login(acme_junior)
    assert client.post(reverse("programs:enrolment-withdraw", args=[enrolment.pk])).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN
    response = client.post(reverse("programs:enrolment-edit", args=[enrolment.pk]), _enrol_post(role="senior"))
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.role) == (EnrolmentStatus.PENDING, "senior")


def test_withdrawing_once_running_is_refused(login, acme_junior: Person, program: Program) -> None:
    enrolment = enrol(program, acme_junior)
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.RUNNING)
    response = login(acme_junior).post(reverse("programs:enrolment-withdraw", args=[enrolment.pk]))
    assert response.status_code == 400
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.PENDING


def test_editing_after_enrolment_closed_is_refused(login, acme_junior: Person, program: Program) -> None:
    enrolment = enrol(program, acme_junior, motivation="Before")
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.MATCHING)
    response = login(acme_junior).post(
        reverse("programs:enrolment-edit", args=[enrolment.pk]), _enrol_post(motivation="After")
    )
    assert response.status_code == 400
    enrolment.refresh_from_db()
    assert enrolment.motivation == "Before"


def test_someone_else_cannot_edit_or_withdraw_an_enrolment(
    login, acme_junior: Person, acme_participant: Person, acme_manager: Person, program: Program
) -> None:
    enrolment = enrol(program, acme_junior)
    for person in (acme_participant, acme_manager):
        client = login(person)
        assert client.post(reverse("programs:enrolment-withdraw", args=[enrolment.pk])).status_code == 403
        assert client.get(reverse("programs:enrolment-edit", args=[enrolment.pk])).status_code == 403
    assert login(acme_participant).get(reverse("programs:enrolment-detail", args=[enrolment.pk])).status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.PENDING


def test_colleague_search_finds_colleagues_but_never_oneself(login, acme_junior: Person, program: Program) -> None:
    PersonFactory(organization=program.organization, first_name="Giuliano", last_name="Rossi")
    response = login(acme_junior).get(
        reverse("programs:enrolment-create", args=[program.pk]) + "?q=giul", headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Giuliano Rossi" in body
    assert acme_junior.full_name not in body


def test_colleague_search_never_returns_other_organisations(
    login, acme_junior: Person, globex_participant: Person, program: Program
) -> None:
    response = login(acme_junior).get(
        reverse("programs:enrolment-create", args=[program.pk]) + "?q=Gaia", headers={"HX-Request": "true"}
    )
    assert globex_participant.full_name not in response.content.decode()


def test_search_without_javascript_keeps_the_form_and_saves_nothing(
    login, acme_junior: Person, program: Program
) -> None:
    PersonFactory(organization=program.organization, first_name="Giuliano", last_name="Rossi")
    data = _enrol_post(action="search", q="Giuliano", motivation="Kept as typed", availability_confirmed="")
    response = login(acme_junior).post(reverse("programs:enrolment-create", args=[program.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Giuliano Rossi" in body
    assert "Kept as typed" in body
    assert "Please correct the following" not in body
    assert not Enrolment.objects.exists()


# --- managers --------------------------------------------------------------------------------


def test_manager_approves_one_enrolment(login, acme_manager: Person, acme_junior: Person, program: Program) -> None:
    enrolment = enrol(program, acme_junior)
    response = login(acme_manager).post(reverse("programs:enrolment-approve", args=[enrolment.pk]))
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.APPROVED
    assert enrolment.approved_by == acme_manager.user
    assert enrolment.approved_at is not None


def test_approving_a_withdrawn_enrolment_is_refused(
    login, acme_manager: Person, acme_junior: Person, program: Program
) -> None:
    enrolment = enrol(program, acme_junior)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.WITHDRAWN)
    response = login(acme_manager).post(reverse("programs:enrolment-approve", args=[enrolment.pk]))
    assert response.status_code == 400
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


def test_manager_approves_all_pending(
    login, acme_manager: Person, acme_junior: Person, acme_senior: Person, acme_participant: Person, program: Program
) -> None:
    enrol(program, acme_junior)
    enrol(program, acme_senior, role="senior")
    withdrawn = enrol(program, acme_participant, role="either")
    Enrolment.objects.filter(pk=withdrawn.pk).update(status=EnrolmentStatus.WITHDRAWN)
    response = login(acme_manager).post(reverse("programs:enrolment-approve-all", args=[program.pk]))
    assert response.status_code == 302
    statuses = dict(Enrolment.objects.values_list("person_id", "status"))
    assert statuses == {
        acme_junior.pk: EnrolmentStatus.APPROVED,
        acme_senior.pk: EnrolmentStatus.APPROVED,
        acme_participant.pk: EnrolmentStatus.WITHDRAWN,
    }


def test_participant_cannot_approve(login, acme_participant: Person, acme_junior: Person, program: Program) -> None:
    enrolment = enrol(program, acme_junior)
    assert login(acme_participant).post(reverse("programs:enrolment-approve", args=[enrolment.pk])).status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.PENDING


def test_manager_closes_enrolment(login, acme_manager: Person, program: Program) -> None:
    response = login(acme_manager).post(reverse("programs:program-close-enrolment", args=[program.pk]))
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.status == ProgramStatus.MATCHING


def test_closing_enrolment_twice_is_refused(login, acme_manager: Person, program: Program) -> None:
    client = login(acme_manager)
    client.post(reverse("programs:program-close-enrolment", args=[program.pk]))
    response = client.post(reverse("programs:program-close-enrolment", args=[program.pk]))
    assert response.status_code == 400
    program.refresh_from_db()
    assert program.status == ProgramStatus.MATCHING


def test_enrolment_list_filters_by_role_and_shows_motivation_and_skills(
    login, acme_manager: Person, acme_junior: Person, acme_senior: Person, program: Program
) -> None:
    teach = digcomp()[0]
    enrol(program, acme_junior, motivation="Teaching is fun", offers=[OfferChoice(teach, 5)])
    enrol(program, acme_senior, role="senior", motivation="Curious about AI")
    url = reverse("programs:enrolment-list", args=[program.pk])
    body = login(acme_manager).get(url + "?role=junior").content.decode()
    assert "Teaching is fun" in body
    assert teach.name in body
    assert "Curious about AI" not in body


def test_wishes_never_appear_on_manager_pages(
    login, acme_manager: Person, acme_admin: Person, acme_junior: Person, program: Program
) -> None:
    canary = PersonFactory(organization=program.organization, first_name="Zxqwish", last_name="Canary")
    enrolment = enrol(program, acme_junior, avoid=[canary])
    other = enrol(program, PersonFactory(organization=program.organization), prefer=[canary])
    assert EnrolmentWish.objects.count() == 2
    pages = [
        reverse("programs:program-list"),
        reverse("programs:program-detail", args=[program.pk]),
        reverse("programs:program-edit", args=[program.pk]),
        reverse("programs:enrolment-list", args=[program.pk]),
        reverse("programs:enrolment-detail", args=[enrolment.pk]),
        reverse("programs:enrolment-detail", args=[other.pk]),
    ]
    for manager in (acme_manager, acme_admin):
        client = login(manager)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "Zxqwish" not in response.content.decode(), url


def test_owner_sees_their_own_wishes(login, acme_junior: Person, program: Program) -> None:
    friend = PersonFactory(organization=program.organization, first_name="Frida", last_name="Friend")
    enrolment = enrol(program, acme_junior, prefer=[friend])
    body = login(acme_junior).get(reverse("programs:enrolment-detail", args=[enrolment.pk])).content.decode()
    assert "Frida Friend" in body


def test_enrolment_list_query_count_does_not_grow_with_enrolments(
    login, acme_manager: Person, program: Program, django_assert_max_num_queries
) -> None:
    client = login(acme_manager)
    url = reverse("programs:enrolment-list", args=[program.pk])
    teach, learn = digcomp()[0], entrecomp()[0]
    enrol(program, PersonFactory(organization=program.organization), offers=[OfferChoice(teach, 3)])
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(8):
        enrol(
            program,
            PersonFactory(organization=program.organization),
            offers=[OfferChoice(teach, 3)],
            wants=[WantChoice(learn, 1, 4)],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
