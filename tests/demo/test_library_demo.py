"""The demo library: pills with real media and captions, honest counters, a review queue, paths."""

from __future__ import annotations

import io
import re

import av
import pytest
from django.db.models import Count

from ponte.demo.library import CATALOGUE
from ponte.demo.loader import LoadResult
from ponte.library.models import (
    Audience,
    CollectionAssignment,
    CollectionItem,
    OrgStatus,
    Pill,
    PillKind,
    PillReaction,
    PillView,
    library_storage,
)
from ponte.organizations.models import Membership
from ponte.people.models import Person

pytestmark = pytest.mark.django_db

GIULIA, MARCO = "giulia.romano@lumina.example", "marco.bianchi@lumina.example"


def test_every_demo_organisation_has_its_pills_with_real_media_and_captions(demo: list[LoadResult]) -> None:
    storage = library_storage()
    for result in demo:
        pills = Pill.objects.filter(organization__slug=result.plan.company.slug)
        assert pills.count() == len(CATALOGUE)
        assert pills.filter(language="en").count() < pills.filter(language="it").count()
        played = pills.filter(kind__in=[PillKind.VIDEO, PillKind.AUDIO])
        assert played.filter(kind=PillKind.VIDEO).exists() and played.filter(kind=PillKind.AUDIO).exists()
        for pill in played:
            organization_id = pill.organization_id
            assert re.fullmatch(rf"library/{organization_id}/media/[0-9a-f]{{32}}\.(webm|mp3)", pill.media.name)
            with storage.open(pill.media.name) as media, av.open(io.BytesIO(media.read())) as container:
                assert container.duration and container.duration > 0
            with storage.open(pill.captions.name) as captions:
                assert captions.read().decode().startswith("WEBVTT")
            assert pill.transcript and pill.duration_seconds and pill.media_size
            if pill.kind == PillKind.VIDEO:
                assert storage.exists(pill.thumbnail.name)
        assert all(pill.body_html for pill in pills.filter(kind=PillKind.TEXT))
        assert pills.filter(skills__isnull=False).distinct().count() == pills.count()
        assert pills.filter(tags__isnull=False).distinct().count() == pills.count()


def test_an_italian_word_of_a_transcript_is_in_the_pill(demo: list[LoadResult]) -> None:
    pill = Pill.objects.get(organization__slug="lumina", title__startswith="Condividere una fattura")
    assert "condividono le fatture" in pill.transcript


def test_counters_agree_with_the_rows(demo: list[LoadResult]) -> None:
    pills = Pill.objects.annotate(
        seen=Count("views", distinct=True), helped=Count("reactions", distinct=True)
    ).values_list("views_count", "seen", "helpful_count", "helped")
    assert pills and all(views == seen and helpful == helped for views, seen, helpful, helped in pills)
    # Nobody counts as a reader of their own pill, and reactions come from readers.
    for view in PillView.objects.select_related("pill"):
        assert view.person_id != view.pill.author_id
    readers = set(PillView.objects.values_list("pill_id", "person_id"))
    assert set(PillReaction.objects.values_list("pill_id", "person_id")) <= readers


def test_audiences_are_mixed_and_the_manager_has_a_pill_to_review(demo: list[LoadResult]) -> None:
    lumina = Pill.objects.filter(organization__slug="lumina")
    manager = Person.objects.get(email="hr@lumina.example")
    approved = lumina.filter(org_status=OrgStatus.APPROVED)
    assert approved.count() > lumina.count() / 2
    assert not approved.exclude(org_reviewed_by=manager).exists()
    assert not approved.filter(org_consent_at__isnull=True).exists()
    pending = lumina.awaiting_review().get()
    assert pending.org_consent_at and pending.org_reviewed_by is None
    declined = lumina.get(org_status=OrgStatus.DECLINED)
    assert declined.org_review_note and declined.audience == Audience.PERSON
    pair_pill = lumina.filter(audience=Audience.PAIR).first()
    assert pair_pill is not None and {pair_pill.pair.junior.email, pair_pill.pair.senior.email} == {GIULIA, MARCO}
    assert lumina.filter(audience=Audience.PROGRAM, program__slug="digitale-2026").exists()
    assert lumina.filter(audience=Audience.PERSON, recipient__email=MARCO, org_status=OrgStatus.NOT_REQUESTED).exists()


def test_a_pair_pill_stays_between_the_pair(demo: list[LoadResult]) -> None:
    pill = Pill.objects.filter(organization__slug="lumina", audience=Audience.PAIR).first()
    assert pill is not None
    other = Person.objects.filter(organization__slug="lumina", user__isnull=False).exclude(
        email__in=[GIULIA, MARCO, "hr@lumina.example", "admin@lumina.example"]
    )[0]
    membership = Membership.objects.get(user=other.user, organization=other.organization)
    assert not Pill.objects.visible_to(membership, other).filter(pk=pill.pk).exists()
    marco = Person.objects.get(email=MARCO)
    marco_membership = Membership.objects.get(user=marco.user, organization=marco.organization)
    assert Pill.objects.visible_to(marco_membership, marco).filter(pk=pill.pk).exists()


def test_two_learning_paths_one_for_the_running_program(demo: list[LoadResult]) -> None:
    assignment = CollectionAssignment.objects.get(organization__slug="lumina")
    assert assignment.program.slug == "digitale-2026"
    items = CollectionItem.objects.filter(collection__organization__slug="lumina")
    assert items.values("collection").distinct().count() == 2
    for item in items.select_related("pill"):
        assert item.pill.org_status == OrgStatus.APPROVED or item.pill.program_id == assignment.program_id
    positions = list(items.filter(collection=assignment.collection).values_list("position", flat=True))
    assert sorted(positions) == list(range(len(positions)))
    marco = Person.objects.get(email=MARCO)
    assert PillView.objects.filter(person=marco, pill__in=items.values("pill")).exists()
