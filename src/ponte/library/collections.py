"""Learning paths: ordered sets of pills that program managers put together and assign to programs.

A path never widens a pill's audience. It may only hold pills approved for the whole organisation
or addressed to a program the path is assigned to, and every page still filters its pills through
``Pill.objects.visible_to``: someone outside a pill's audience sees that a path has "n more pills"
and nothing else about them. Positions are kept dense (0..n-1) by every write, so a pill deleted by
its author (which cascades to its item) leaves no gap after the next change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from ponte.core.errors import DomainError
from ponte.organizations.models import Membership, Organization
from ponte.people.models import Person
from ponte.programs.models import Enrolment, EnrolmentStatus, Program

from .models import Collection, CollectionAssignment, CollectionItem, OrgStatus, Pill, PillView

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 5000

Direction = Literal["up", "down"]


def _clean_text(title: str, description: str) -> tuple[str, str]:
    title, description = title.strip(), description.strip()
    if not title:
        raise DomainError(_("Give the learning path a title."), code="no_title")
    if len(title) > TITLE_MAX_LENGTH:
        raise DomainError(
            _("A title can be at most %(max)d characters long.") % {"max": TITLE_MAX_LENGTH}, code="too_long"
        )
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise DomainError(
            _("A description can be at most %(max)d characters long.") % {"max": DESCRIPTION_MAX_LENGTH},
            code="too_long",
        )
    return title, description


def _locked(collection: Collection) -> Collection:
    """The path's row, locked until the transaction ends, so two edits of its order queue up."""
    return Collection.objects.select_for_update().get(pk=collection.pk)


def _items(collection: Collection) -> list[CollectionItem]:
    return list(CollectionItem.objects.filter(collection=collection).order_by("position", "id"))


def _renumber(items: list[CollectionItem]) -> None:
    changed = []
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            changed.append(item)
    CollectionItem.objects.bulk_update(changed, ["position"])


def _same_organization(collection: Collection, organization_id: int) -> None:
    if organization_id != collection.organization_id:
        raise DomainError(_("This belongs to another organisation."), code="other_organization")


def collection_create(
    *, organization: Organization, by: Person | None, title: str, description: str = ""
) -> Collection:
    title, description = _clean_text(title, description)
    with transaction.atomic():
        return Collection.objects.create(organization=organization, title=title, description=description, created_by=by)


def collection_update(*, collection: Collection, title: str, description: str) -> Collection:
    collection.title, collection.description = _clean_text(title, description)
    with transaction.atomic():
        collection.save(update_fields=["title", "description", "updated_at"])
    return collection


def pill_fits_collection(pill: Pill, program_ids: set[int]) -> bool:
    """A path shows its pills to everyone it reaches: only pills already shared that widely fit."""
    return pill.org_status == OrgStatus.APPROVED or (pill.program_id is not None and pill.program_id in program_ids)


def collection_add_pill(*, collection: Collection, pill: Pill) -> CollectionItem:
    """Append a pill at the end of the path.

    The caller has checked that the manager can see the pill (``access.visible_pills``); this
    checks that the path's readers may too.
    """
    _same_organization(collection, pill.organization_id)
    with transaction.atomic():
        _locked(collection)
        program_ids = set(
            CollectionAssignment.objects.filter(collection=collection).values_list("program_id", flat=True)
        )
        if not pill_fits_collection(pill, program_ids):
            raise DomainError(
                _(
                    "This pill is not shared with the whole organisation nor with a program this path is "
                    "assigned to, so the path cannot show it to its readers."
                ),
                code="private_pill",
            )
        items = _items(collection)
        if any(item.pill_id == pill.pk for item in items):
            raise DomainError(_("This pill is already in the learning path."), code="duplicate")
        try:
            with transaction.atomic():
                item = CollectionItem.objects.create(collection=collection, pill=pill, position=len(items))
        except IntegrityError as error:
            raise DomainError(_("This pill is already in the learning path."), code="duplicate") from error
        _renumber([*items, item])
        return item


def _index_of(items: list[CollectionItem], pill: Pill) -> int:
    for index, item in enumerate(items):
        if item.pill_id == pill.pk:
            return index
    raise DomainError(_("This pill is not in the learning path."), code="not_in_path")


def collection_remove_pill(*, collection: Collection, pill: Pill) -> None:
    with transaction.atomic():
        _locked(collection)
        items = _items(collection)
        removed = items.pop(_index_of(items, pill))
        removed.delete()
        _renumber(items)


def collection_move_pill(*, collection: Collection, pill: Pill, direction: Direction) -> bool:
    """Swap the pill with its neighbour; ``False`` when it already is first (up) or last (down)."""
    with transaction.atomic():
        _locked(collection)
        items = _items(collection)
        index = _index_of(items, pill)
        target = index - 1 if direction == "up" else index + 1
        if not 0 <= target < len(items):
            _renumber(items)
            return False
        items[index], items[target] = items[target], items[index]
        _renumber(items)
        return True


def collection_assign_program(*, collection: Collection, program: Program, by: Person | None) -> CollectionAssignment:
    _same_organization(collection, program.organization_id)
    with transaction.atomic():
        _locked(collection)
        assignment, _created = CollectionAssignment.objects.get_or_create(
            organization_id=collection.organization_id,
            collection=collection,
            program=program,
            defaults={"assigned_by": by},
        )
        return assignment


def collection_unassign_program(*, collection: Collection, program: Program) -> None:
    """Pills addressed to the program stay in the path; its other readers simply cannot see them."""
    _same_organization(collection, program.organization_id)
    with transaction.atomic():
        _locked(collection)
        deleted, _rows = CollectionAssignment.objects.filter(collection=collection, program=program).delete()
        if not deleted:
            raise DomainError(_("The learning path is not assigned to this program."), code="not_assigned")


def collection_delete(*, collection: Collection) -> None:
    """The path, its order and its assignments go; the pills themselves stay in the library."""
    with transaction.atomic():
        collection.delete()


# Reads --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CollectionSummary:
    collection: Collection
    pill_count: int  # pills the viewer can see
    viewed_count: int  # of those, the ones the viewer has opened
    programs: list[Program]  # managers: every program it is assigned to; others: their own among them
    for_me: bool  # assigned to a program the viewer takes part in


def _my_program_ids(person: Person | None) -> set[int]:
    if person is None:
        return set()
    return set(
        Enrolment.objects.filter(person=person, status=EnrolmentStatus.APPROVED).values_list("program_id", flat=True)
    )


def collections_for(*, membership: Membership, person: Person | None) -> list[CollectionSummary]:
    """Every learning path of the organisation: those of the viewer's programs first, then by title.

    A constant number of queries whatever the number of paths, pills and assignments.
    """
    organization_id = membership.organization_id
    collections = list(Collection.objects.filter(organization_id=organization_id).order_by("title", "id"))
    if not collections:
        return []
    mine = _my_program_ids(person)
    programs: dict[int, list[Program]] = {}
    for assignment in (
        CollectionAssignment.objects.filter(organization_id=organization_id)
        .select_related("program")
        .order_by("program__name", "program_id")
    ):
        programs.setdefault(assignment.collection_id, []).append(assignment.program)
    # Without a profile nobody has opened anything: no person has the id 0.
    opened = Exists(PillView.objects.filter(pill_id=OuterRef("pill_id"), person_id=person.pk if person else 0))
    counts = (
        CollectionItem.objects.filter(
            collection__organization_id=organization_id,
            pill__in=Pill.objects.visible_to(membership, person),
        )
        .values("collection_id")
        .annotate(pills=Count("id"), viewed=Count("id", filter=Q(opened)))
    )
    by_collection = {row["collection_id"]: (row["pills"], row["viewed"]) for row in counts}
    summaries = []
    for collection in collections:
        assigned = programs.get(collection.pk, [])
        pills, seen = by_collection.get(collection.pk, (0, 0))
        summaries.append(
            CollectionSummary(
                collection=collection,
                pill_count=pills,
                viewed_count=seen,
                programs=assigned if membership.can_manage_programs else [p for p in assigned if p.pk in mine],
                for_me=any(program.pk in mine for program in assigned),
            )
        )
    return sorted(summaries, key=lambda summary: not summary.for_me)


@dataclass(frozen=True)
class PathEntry:
    pill: Pill
    viewed: bool
    first: bool  # first of the whole path: nothing to move it above
    last: bool


@dataclass(frozen=True)
class CollectionContents:
    entries: list[PathEntry]  # the pills the viewer can see, in the path's order
    hidden_count: int  # pills of the path the viewer cannot see (never named)
    viewed_count: int
    programs: list[Program]  # every program the path is assigned to

    @property
    def total(self) -> int:
        return len(self.entries) + self.hidden_count


def collection_contents_for(
    *, collection: Collection, membership: Membership, person: Person | None
) -> CollectionContents:
    items = list(
        CollectionItem.objects.filter(collection=collection).order_by("position", "id").values_list("pk", "pill_id")
    )
    pill_ids = [pill_id for _pk, pill_id in items]
    visible = {
        pill.pk: pill
        for pill in Pill.objects.visible_to(membership, person)
        .filter(pk__in=pill_ids)
        .select_related("author")
        .prefetch_related("tags")
    }
    viewed = (
        set(PillView.objects.filter(person=person, pill_id__in=visible).values_list("pill_id", flat=True))
        if person is not None
        else set()
    )
    last = len(items) - 1
    entries = [
        PathEntry(pill=visible[pill_id], viewed=pill_id in viewed, first=index == 0, last=index == last)
        for index, (_pk, pill_id) in enumerate(items)
        if pill_id in visible
    ]
    programs = [
        assignment.program
        for assignment in CollectionAssignment.objects.filter(collection=collection)
        .select_related("program")
        .order_by("program__name", "program_id")
    ]
    return CollectionContents(
        entries=entries,
        hidden_count=len(items) - len(entries),
        viewed_count=sum(entry.viewed for entry in entries),
        programs=programs,
    )


def addable_pills(
    *, collection: Collection, membership: Membership, person: Person | None, query: str, limit: int = 20
) -> list[Pill]:
    """Pills a manager could add, whose title contains ``query``: shared widely enough, not in the path yet."""
    query = query.strip()
    if not query:
        return []
    program_ids = CollectionAssignment.objects.filter(collection=collection).values("program_id")
    return list(
        Pill.objects.visible_to(membership, person)
        .filter(Q(org_status=OrgStatus.APPROVED) | Q(program_id__in=program_ids))
        .filter(title__icontains=query)
        .exclude(pk__in=CollectionItem.objects.filter(collection=collection).values("pill_id"))
        .select_related("author")
        .order_by("title", "id")[:limit]
    )
