"""Learning-path services and selectors: order, dense positions, and never a pill beyond its audience."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ponte.core.errors import DomainError
from ponte.library import collections as services
from ponte.library.models import (
    Audience,
    Collection,
    CollectionAssignment,
    CollectionItem,
    OrgStatus,
    Pill,
    PillView,
)
from ponte.organizations.models import Organization
from ponte.people.models import Person

from .test_engagement import enrol, make_pill, make_program, membership_of, org_pill

pytestmark = pytest.mark.django_db


def make_path(org: Organization, *pills: Pill, title: str = "Primi passi") -> Collection:
    collection = services.collection_create(organization=org, by=None, title=title)
    for pill in pills:
        services.collection_add_pill(collection=collection, pill=pill)
    return collection


def order(collection: Collection) -> list[tuple[int, int]]:
    """(position, pill id) in the path's order."""
    return list(
        CollectionItem.objects.filter(collection=collection).order_by("position", "id").values_list("position", "pill")
    )


def pill_ids(collection: Collection) -> list[int]:
    return [pill_id for _position, pill_id in order(collection)]


def assert_dense(collection: Collection) -> None:
    positions = [position for position, _pill in order(collection)]
    assert positions == list(range(len(positions)))


# -- create, update, delete ----------------------------------------------------------------------


def test_a_path_is_created_with_a_trimmed_title(acme, acme_manager) -> None:
    collection = services.collection_create(
        organization=acme, by=acme_manager, title="  Il digitale in 5 pillole ", description=" Per i dirigenti. "
    )
    collection.refresh_from_db()
    assert (collection.title, collection.description, collection.created_by) == (
        "Il digitale in 5 pillole",
        "Per i dirigenti.",
        acme_manager,
    )


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_a_path_needs_a_short_title(acme, title: str) -> None:
    with pytest.raises(DomainError):
        services.collection_create(organization=acme, by=None, title=title)
    assert not Collection.objects.exists()


def test_updating_changes_title_and_description(acme) -> None:
    collection = make_path(acme)
    services.collection_update(collection=collection, title="Nuovo titolo", description="Nuova descrizione")
    collection.refresh_from_db()
    assert (collection.title, collection.description) == ("Nuovo titolo", "Nuova descrizione")
    with pytest.raises(DomainError):
        services.collection_update(collection=collection, title=" ", description="")
    collection.refresh_from_db()
    assert collection.title == "Nuovo titolo"


def test_deleting_a_path_keeps_its_pills(acme, acme_junior) -> None:
    pill = org_pill(acme_junior)
    program = make_program(acme)
    collection = make_path(acme, pill)
    services.collection_assign_program(collection=collection, program=program, by=None)
    services.collection_delete(collection=collection)
    assert not Collection.objects.exists() and not CollectionItem.objects.exists()
    assert not CollectionAssignment.objects.exists()
    assert Pill.objects.filter(pk=pill.pk).exists()


# -- pills and their order -----------------------------------------------------------------------


def test_pills_are_appended_in_order_with_dense_positions(acme, acme_junior) -> None:
    first, second, third = (org_pill(acme_junior) for _ in range(3))
    collection = make_path(acme, first, second, third)
    assert order(collection) == [(0, first.pk), (1, second.pk), (2, third.pk)]


def test_a_pill_is_in_a_path_only_once(acme, acme_junior) -> None:
    pill = org_pill(acme_junior)
    collection = make_path(acme, pill)
    with pytest.raises(DomainError) as raised:
        services.collection_add_pill(collection=collection, pill=pill)
    assert raised.value.code == "duplicate"
    assert pill_ids(collection) == [pill.pk]


@pytest.mark.parametrize(
    "fields",
    [
        {"audience": Audience.PERSON},
        {"audience": Audience.ORGANIZATION, "org_status": OrgStatus.PENDING},
        {"audience": Audience.ORGANIZATION, "org_status": OrgStatus.DECLINED, "org_consent_at": timezone.now()},
    ],
    ids=["addressed-to-a-person", "pending-approval", "declined"],
)
def test_a_pill_not_shared_with_the_organisation_is_refused(acme, acme_junior, acme_senior, fields) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior, **fields)
    collection = make_path(acme)
    with pytest.raises(DomainError) as raised:
        services.collection_add_pill(collection=collection, pill=pill)
    assert raised.value.code == "private_pill"
    assert order(collection) == []


def test_a_program_pill_fits_only_a_path_assigned_to_that_program(acme, acme_junior) -> None:
    program, other = make_program(acme, "Digitale"), make_program(acme, "Altro")
    pill = make_pill(acme_junior, audience=Audience.PROGRAM, program=program)
    collection = make_path(acme)
    services.collection_assign_program(collection=collection, program=other, by=None)
    with pytest.raises(DomainError):
        services.collection_add_pill(collection=collection, pill=pill)
    services.collection_assign_program(collection=collection, program=program, by=None)
    services.collection_add_pill(collection=collection, pill=pill)
    assert pill_ids(collection) == [pill.pk]


def test_another_organisations_pill_is_refused(acme, globex, globex_participant) -> None:
    pill = org_pill(globex_participant)
    collection = make_path(acme)
    with pytest.raises(DomainError) as raised:
        services.collection_add_pill(collection=collection, pill=pill)
    assert raised.value.code == "other_organization"
    assert order(collection) == []


def test_removing_keeps_positions_dense(acme, acme_junior) -> None:
    pills = [org_pill(acme_junior) for _ in range(4)]
    collection = make_path(acme, *pills)
    services.collection_remove_pill(collection=collection, pill=pills[1])
    assert pill_ids(collection) == [pills[0].pk, pills[2].pk, pills[3].pk]
    assert_dense(collection)
    with pytest.raises(DomainError) as raised:
        services.collection_remove_pill(collection=collection, pill=pills[1])
    assert raised.value.code == "not_in_path"


def test_moving_swaps_with_the_neighbour(acme, acme_junior) -> None:
    a, b, c = (org_pill(acme_junior) for _ in range(3))
    collection = make_path(acme, a, b, c)
    assert services.collection_move_pill(collection=collection, pill=c, direction="up") is True
    assert pill_ids(collection) == [a.pk, c.pk, b.pk]
    assert services.collection_move_pill(collection=collection, pill=a, direction="down") is True
    assert pill_ids(collection) == [c.pk, a.pk, b.pk]
    assert_dense(collection)


def test_moving_past_either_end_changes_nothing(acme, acme_junior) -> None:
    a, b = org_pill(acme_junior), org_pill(acme_junior)
    collection = make_path(acme, a, b)
    assert services.collection_move_pill(collection=collection, pill=a, direction="up") is False
    assert services.collection_move_pill(collection=collection, pill=b, direction="down") is False
    assert pill_ids(collection) == [a.pk, b.pk]


def test_moving_a_pill_not_in_the_path_is_refused(acme, acme_junior) -> None:
    collection = make_path(acme, org_pill(acme_junior))
    with pytest.raises(DomainError):
        services.collection_move_pill(collection=collection, pill=org_pill(acme_junior), direction="up")


def test_a_deleted_pill_leaves_no_gap_after_the_next_change(acme, acme_junior) -> None:
    a, b, c = (org_pill(acme_junior) for _ in range(3))
    collection = make_path(acme, a, b, c)
    b.delete()  # its item cascades, leaving positions 0 and 2
    services.collection_move_pill(collection=collection, pill=c, direction="up")
    assert order(collection) == [(0, c.pk), (1, a.pk)]
    services.collection_add_pill(collection=collection, pill=org_pill(acme_junior))
    assert_dense(collection)


# -- programs ------------------------------------------------------------------------------------


def test_assigning_twice_keeps_one_assignment(acme, acme_manager) -> None:
    program = make_program(acme)
    collection = make_path(acme)
    services.collection_assign_program(collection=collection, program=program, by=acme_manager)
    services.collection_assign_program(collection=collection, program=program, by=acme_manager)
    assignment = CollectionAssignment.objects.get(collection=collection)
    assert (assignment.program, assignment.assigned_by, assignment.organization) == (program, acme_manager, acme)


def test_unassigning_removes_the_assignment_but_keeps_the_pills(acme, acme_junior) -> None:
    program = make_program(acme)
    pill = make_pill(acme_junior, audience=Audience.PROGRAM, program=program)
    collection = make_path(acme)
    services.collection_assign_program(collection=collection, program=program, by=None)
    services.collection_add_pill(collection=collection, pill=pill)
    services.collection_unassign_program(collection=collection, program=program)
    assert not CollectionAssignment.objects.exists()
    assert pill_ids(collection) == [pill.pk]
    with pytest.raises(DomainError) as raised:
        services.collection_unassign_program(collection=collection, program=program)
    assert raised.value.code == "not_assigned"


def test_another_organisations_program_is_refused(acme, globex) -> None:
    collection = make_path(acme)
    with pytest.raises(DomainError):
        services.collection_assign_program(collection=collection, program=make_program(globex), by=None)
    with pytest.raises(DomainError):
        services.collection_unassign_program(collection=collection, program=make_program(globex))
    assert not CollectionAssignment.objects.exists()


# -- reads ---------------------------------------------------------------------------------------


def _path_with_a_hidden_pill(acme: Organization, author: Person, program_name: str = "Digitale") -> Collection:
    """Two org-wide pills and one addressed to a program: three pills, of which outsiders see two."""
    program = make_program(acme, program_name)
    collection = make_path(acme, org_pill(author), org_pill(author), title=f"Percorso {program_name}")
    services.collection_assign_program(collection=collection, program=program, by=None)
    services.collection_add_pill(
        collection=collection, pill=make_pill(author, audience=Audience.PROGRAM, program=program)
    )
    return collection


def test_counts_are_of_pills_the_viewer_can_see(acme, acme_junior, acme_participant) -> None:
    collection = _path_with_a_hidden_pill(acme, acme_junior)
    program = CollectionAssignment.objects.get(collection=collection).program
    enrol(program, acme_junior)
    PillView.objects.create(organization=acme, pill=Pill.objects.filter(program=program).get(), person=acme_junior)

    [outsider] = services.collections_for(membership=membership_of(acme_participant), person=acme_participant)
    assert (outsider.pill_count, outsider.viewed_count, outsider.for_me, outsider.programs) == (2, 0, False, [])
    [insider] = services.collections_for(membership=membership_of(acme_junior), person=acme_junior)
    assert (insider.pill_count, insider.viewed_count, insider.for_me, insider.programs) == (3, 1, True, [program])


def test_the_paths_of_the_viewers_programs_come_first(acme, acme_junior) -> None:
    mine = make_program(acme, "Mio")
    enrol(mine, acme_junior)
    other = make_path(acme, title="A — altro")
    own = make_path(acme, title="Z — il mio")
    services.collection_assign_program(collection=own, program=mine, by=None)
    summaries = services.collections_for(membership=membership_of(acme_junior), person=acme_junior)
    assert [summary.collection for summary in summaries] == [own, other]


def test_a_manager_sees_every_assigned_program(acme, acme_junior, acme_manager) -> None:
    collection = _path_with_a_hidden_pill(acme, acme_junior)
    [summary] = services.collections_for(membership=membership_of(acme_manager), person=acme_manager)
    assert summary.pill_count == 3
    assert summary.programs == [CollectionAssignment.objects.get(collection=collection).program]


def test_another_organisations_paths_are_not_listed(acme, globex_participant, acme_junior) -> None:
    make_path(acme, org_pill(acme_junior))
    assert services.collections_for(membership=membership_of(globex_participant), person=globex_participant) == []


def test_the_list_takes_a_constant_number_of_queries(acme, acme_junior) -> None:
    enrol(make_program(acme, "Uno"), acme_junior)
    _path_with_a_hidden_pill(acme, acme_junior, "A")
    membership = membership_of(acme_junior)
    with CaptureQueriesContext(connection) as few:
        services.collections_for(membership=membership, person=acme_junior)
    for name in "BCDE":
        _path_with_a_hidden_pill(acme, acme_junior, name)
    with CaptureQueriesContext(connection) as many:
        assert len(services.collections_for(membership=membership, person=acme_junior)) == 5
    assert len(many) == len(few)


def test_contents_hide_pills_outside_the_viewers_audience(acme, acme_junior, acme_participant) -> None:
    collection = _path_with_a_hidden_pill(acme, acme_junior)
    first = Pill.objects.filter(org_status=OrgStatus.APPROVED).order_by("pk").first()
    assert first is not None
    PillView.objects.create(organization=acme, pill=first, person=acme_participant)
    contents = services.collection_contents_for(
        collection=collection, membership=membership_of(acme_participant), person=acme_participant
    )
    assert [entry.pill.org_status for entry in contents.entries] == [OrgStatus.APPROVED, OrgStatus.APPROVED]
    assert (contents.hidden_count, contents.viewed_count, contents.total) == (1, 1, 3)
    assert [entry.viewed for entry in contents.entries] == [True, False]
    assert contents.entries[0].first and not contents.entries[-1].last  # the hidden pill is last


def test_addable_pills_match_the_title_and_skip_the_private_and_the_present(acme, acme_junior, acme_senior) -> None:
    present = org_pill(acme_junior, title="Excel: le tabelle pivot")
    candidate = org_pill(acme_junior, title="Excel senza paura")
    make_pill(acme_junior, recipient=acme_senior, title="Excel per Sergio")  # private
    make_pill(acme_junior, title="Excel in attesa", org_status=OrgStatus.PENDING)
    org_pill(acme_junior, title="Teams")
    collection = make_path(acme, present)
    manager_membership = membership_of(acme_junior)
    found = services.addable_pills(
        collection=collection, membership=manager_membership, person=acme_junior, query=" excel "
    )
    assert found == [candidate]
    assert services.addable_pills(collection=collection, membership=manager_membership, person=None, query="") == []
