"""Learning-path pages: everyone reads (their visible pills only), program managers edit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ponte.library import collections as services
from ponte.library.models import Audience, Collection, CollectionAssignment, CollectionItem, PillView

from .test_collections import make_path, pill_ids
from .test_engagement import enrol, make_pill, make_program, org_pill

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
SECRET = "Zxqsecret piano riservato"


def _url(name: str, collection: Collection | None = None) -> str:
    return reverse(f"library:{name}", args=[collection.pk] if collection else [])


@pytest.fixture
def program(acme):  # type: ignore[no-untyped-def]
    return make_program(acme, "Ponte Digitale")


@pytest.fixture
def path(acme, acme_junior, program) -> Collection:  # type: ignore[no-untyped-def]
    """Two org-wide pills and one addressed to ``program``, which the path is assigned to."""
    collection = make_path(
        acme,
        org_pill(acme_junior, title="Condividere le fatture"),
        org_pill(acme_junior, title="Le tabelle pivot"),
        title="Primi passi nel digitale",
    )
    services.collection_assign_program(collection=collection, program=program, by=None)
    services.collection_add_pill(
        collection=collection, pill=make_pill(acme_junior, audience=Audience.PROGRAM, program=program, title=SECRET)
    )
    return collection


# -- list ----------------------------------------------------------------------------------------


def test_the_list_puts_the_paths_of_my_programs_first(login, acme, acme_junior, program, path) -> None:
    enrol(program, acme_junior)
    other = make_path(acme, title="Altro percorso")
    response = login(acme_junior).get(_url("collection-list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Learning paths for your programs" in body
    assert body.index(path.title) < body.index("Other learning paths") < body.index(other.title)
    assert "3 pills" in body
    assert "New learning path" not in body


def test_counts_in_the_list_are_of_the_pills_i_can_see(login, acme_participant, path) -> None:
    body = login(acme_participant).get(_url("collection-list")).content.decode()
    assert "2 pills" in body and "3 pills" not in body
    assert SECRET not in body


def test_managers_get_the_new_path_button(login, acme_manager, path) -> None:
    body = login(acme_manager).get(_url("collection-list")).content.decode()
    assert _url("collection-create") in body
    assert "Ponte Digitale" in body  # the program it is assigned to


def test_another_organisation_does_not_see_the_paths(login, globex_admin, path) -> None:
    body = login(globex_admin).get(_url("collection-list")).content.decode()
    assert path.title not in body


# -- create and edit -----------------------------------------------------------------------------


def test_a_manager_creates_a_path(login, acme, acme_manager) -> None:
    response = login(acme_manager).post(_url("collection-create"), {"title": "Guidare una riunione", "description": ""})
    collection = Collection.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("collection-detail", collection)
    assert (collection.organization, collection.created_by, collection.title) == (
        acme,
        acme_manager,
        "Guidare una riunione",
    )


def test_a_path_without_a_title_is_refused(login, acme_manager) -> None:
    client = login(acme_manager)
    assert client.get(_url("collection-create")).status_code == 200
    response = client.post(_url("collection-create"), {"title": "  ", "description": "x"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Collection.objects.exists()


def test_participants_cannot_create_paths(login, acme_participant) -> None:
    client = login(acme_participant)
    assert client.get(_url("collection-create")).status_code == 403
    assert client.post(_url("collection-create"), {"title": "Mio"}).status_code == 403
    assert not Collection.objects.exists()


def test_a_manager_edits_a_path(login, acme_manager, path) -> None:
    client = login(acme_manager)
    assert path.title in client.get(_url("collection-edit", path)).content.decode()
    response = client.post(_url("collection-edit", path), {"title": "Nuovo titolo", "description": "Per tutti"})
    assert response.status_code == 302
    path.refresh_from_db()
    assert (path.title, path.description) == ("Nuovo titolo", "Per tutti")
    assert client.post(_url("collection-edit", path), {"title": ""}).status_code == 400


def test_participants_cannot_edit_and_other_organisations_get_404(login, acme_participant, globex_admin, path) -> None:
    assert login(acme_participant).get(_url("collection-edit", path)).status_code == 403
    assert login(acme_participant).post(_url("collection-edit", path), {"title": "X"}).status_code == 403
    assert login(globex_admin).get(_url("collection-edit", path)).status_code == 404
    path.refresh_from_db()
    assert path.title == "Primi passi nel digitale"


# -- detail --------------------------------------------------------------------------------------


def test_the_path_shows_my_pills_in_order_and_counts_the_rest(login, acme, acme_participant, path) -> None:
    first = CollectionItem.objects.get(collection=path, position=0).pill
    PillView.objects.create(organization=acme, pill=first, person=acme_participant)
    response = login(acme_participant).get(_url("collection-detail", path))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Condividere le fatture") < body.index("Le tabelle pivot")
    assert reverse("library:pill-detail", args=[first.pk]) in body
    assert SECRET not in body
    assert "1 more pill is not shared with you." in body
    assert "You have opened 1 of 2 pills." in body
    assert "Move up" not in body and "Add a pill" not in body


def test_the_programs_participants_see_its_pill(login, acme_senior, program, path) -> None:
    enrol(program, acme_senior)
    body = login(acme_senior).get(_url("collection-detail", path)).content.decode()
    assert SECRET in body and "not shared with you" not in body


def test_managers_see_the_edit_controls(login, acme_manager, path) -> None:
    body = login(acme_manager).get(_url("collection-detail", path)).content.decode()
    assert "Move up" in body and "Add a pill" in body and "Unassign" in body
    assert _url("collection-edit", path) in body and _url("collection-delete", path) in body


def test_another_organisation_gets_404(login, globex_admin, globex_participant, path) -> None:
    for intruder in (globex_admin, globex_participant):
        response = login(intruder).get(_url("collection-detail", path))
        assert response.status_code == 404
        assert path.title not in response.content.decode()


def test_the_add_search_lists_matching_pills_that_can_be_added(login, acme_junior, acme_senior, acme_manager, path):  # type: ignore[no-untyped-def]
    org_pill(acme_junior, title="Excel senza paura")
    make_pill(acme_junior, recipient=acme_senior, title="Excel per Sergio")
    client = login(acme_manager)
    fragment = client.get(_url("collection-detail", path), {"q": "excel"}, **HTMX).content.decode()
    assert "Excel senza paura" in fragment and "Excel per Sergio" not in fragment
    assert "<html" not in fragment
    full = client.get(_url("collection-detail", path), {"q": "pivot"}).content.decode()
    assert "No pill to add matches" in full  # the pivot pill is already in the path


# -- items ---------------------------------------------------------------------------------------


def test_a_manager_adds_a_pill_with_htmx(login, acme_junior, acme_manager, path) -> None:
    pill = org_pill(acme_junior, title="Usare Teams")
    response = login(acme_manager).post(_url("collection-items", path), {"action": "add", "pill": pill.pk}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="path-items"' in body and "Usare Teams" in body and "<html" not in body
    assert 'hx-swap-oob="innerHTML"' in body and "Added “Usare Teams”" in body
    assert pill_ids(path)[-1] == pill.pk


def test_without_javascript_a_change_redirects_back_to_the_path(login, acme_manager, path) -> None:
    last = CollectionItem.objects.get(collection=path, position=2).pill
    response = login(acme_manager).post(_url("collection-items", path), {"action": "up", "pill": last.pk})
    assert response.status_code == 302
    assert response["Location"] == _url("collection-detail", path) + "#path-items"
    assert pill_ids(path)[1] == last.pk


def test_moving_down_and_removing(login, acme_manager, path) -> None:
    client = login(acme_manager)
    first, second, third = pill_ids(path)
    response = client.post(_url("collection-items", path), {"action": "down", "pill": first}, **HTMX)
    assert response.status_code == 200 and "autofocus" in response.content.decode()
    assert pill_ids(path) == [second, first, third]
    client.post(_url("collection-items", path), {"action": "remove", "pill": first}, **HTMX)
    assert pill_ids(path) == [second, third]


def test_a_private_pill_is_refused_with_a_message(login, acme_manager, acme_senior, path) -> None:
    own = make_pill(acme_manager, recipient=acme_senior, title="Per Sergio")
    client = login(acme_manager)
    response = client.post(_url("collection-items", path), {"action": "add", "pill": own.pk}, **HTMX)
    assert response.status_code == 400
    assert "not shared with the whole organisation" in response.content.decode()
    full = client.post(_url("collection-items", path), {"action": "add", "pill": own.pk})
    assert full.status_code == 400 and "not shared with the whole organisation" in full.content.decode()
    assert own.pk not in pill_ids(path)


@pytest.mark.parametrize("value", ["abc", "", "999999", "-1"])
def test_bad_pill_ids_get_400_with_a_message(login, acme_manager, path, value: str) -> None:
    response = login(acme_manager).post(_url("collection-items", path), {"action": "add", "pill": value})
    assert response.status_code == 400
    body = response.content.decode()
    assert "not shared with you" in body or "Choose a pill" in body


def test_another_organisations_pill_gets_the_same_400_as_a_made_up_id(login, acme_manager, globex_participant, path):  # type: ignore[no-untyped-def]
    theirs = org_pill(globex_participant, title="Zxqglobex pill")
    response = login(acme_manager).post(_url("collection-items", path), {"action": "add", "pill": theirs.pk})
    assert response.status_code == 400
    body = response.content.decode()
    assert "This pill does not exist or is not shared with you." in body and "Zxqglobex" not in body


def test_a_bad_action_gets_400(login, acme_manager, path) -> None:
    pill = pill_ids(path)[0]
    response = login(acme_manager).post(_url("collection-items", path), {"action": "explode", "pill": pill})
    assert response.status_code == 400 and "Choose what to do with the pill." in response.content.decode()


def test_participants_cannot_change_the_items(login, acme_participant, acme_junior, path) -> None:
    pill = org_pill(acme_junior)
    before = pill_ids(path)
    response = login(acme_participant).post(_url("collection-items", path), {"action": "add", "pill": pill.pk})
    assert response.status_code == 403
    assert pill_ids(path) == before


# -- programs ------------------------------------------------------------------------------------


def test_a_manager_assigns_and_unassigns_a_program(login, acme, acme_manager, path) -> None:
    other = make_program(acme, "Ponte 2027")
    client = login(acme_manager)
    response = client.post(_url("collection-assign", path), {"action": "assign", "program": other.pk}, **HTMX)
    assert response.status_code == 200 and 'id="path-programs"' in response.content.decode()
    assert set(CollectionAssignment.objects.filter(collection=path).values_list("program__name", flat=True)) == {
        "Ponte Digitale",
        "Ponte 2027",
    }
    response = client.post(_url("collection-assign", path), {"action": "unassign", "program": other.pk})
    assert response.status_code == 302 and response["Location"].endswith("#path-programs")
    assert CollectionAssignment.objects.filter(collection=path).count() == 1


@pytest.mark.parametrize("value", ["abc", "", "999999"])
def test_bad_program_ids_get_400(login, acme_manager, path, value: str) -> None:
    response = login(acme_manager).post(_url("collection-assign", path), {"action": "assign", "program": value})
    assert response.status_code == 400


def test_another_organisations_program_gets_400(login, globex, acme_manager, path) -> None:
    theirs = make_program(globex, "Zxqglobex program")
    response = login(acme_manager).post(_url("collection-assign", path), {"action": "assign", "program": theirs.pk})
    assert response.status_code == 400
    assert "Choose one of your organisation" in response.content.decode()
    assert not CollectionAssignment.objects.filter(program=theirs).exists()


def test_unassigning_a_program_that_is_not_assigned_gets_400(login, acme, acme_manager, path) -> None:
    other = make_program(acme, "Ponte 2027")
    response = login(acme_manager).post(_url("collection-assign", path), {"action": "unassign", "program": other.pk})
    assert response.status_code == 400


def test_participants_cannot_assign(login, acme_participant, acme, path) -> None:
    other = make_program(acme, "Ponte 2027")
    response = login(acme_participant).post(_url("collection-assign", path), {"action": "assign", "program": other.pk})
    assert response.status_code == 403


# -- delete --------------------------------------------------------------------------------------


def test_a_manager_deletes_a_path_after_confirming(login, acme_manager, path) -> None:
    client = login(acme_manager)
    confirm = client.get(_url("collection-delete", path))
    assert confirm.status_code == 200 and "Delete “Primi passi nel digitale”?" in confirm.content.decode()
    assert Collection.objects.filter(pk=path.pk).exists()
    response = client.post(_url("collection-delete", path))
    assert response.status_code == 302 and response["Location"] == _url("collection-list")
    assert not Collection.objects.filter(pk=path.pk).exists()


def test_participants_cannot_delete_and_other_organisations_get_404(login, acme_participant, globex_admin, path):  # type: ignore[no-untyped-def]
    assert login(acme_participant).get(_url("collection-delete", path)).status_code == 403
    assert login(acme_participant).post(_url("collection-delete", path)).status_code == 403
    assert login(globex_admin).post(_url("collection-delete", path)).status_code == 404
    assert Collection.objects.filter(pk=path.pk).exists()


def test_every_manager_route_refuses_other_organisations_with_404(login, globex_admin, path) -> None:
    client = login(globex_admin)
    for name in ("collection-edit", "collection-items", "collection-assign", "collection-delete"):
        assert client.post(_url(name, path), {"action": "add", "pill": 1}).status_code == 404
