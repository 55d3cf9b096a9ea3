"""Views, "this helped me" and comments: counted once per person, never for the author.

The builders at the top are shared by the other library test files of the reading side.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models import QuerySet
from django.utils import timezone

from ponte.core.errors import DomainError
from ponte.demo import samples
from ponte.library.engagement import comment_add, comment_delete, pill_record_view, pill_toggle_helpful
from ponte.library.models import Audience, OrgStatus, Pill, PillComment, PillKind, PillReaction, PillView
from ponte.organizations.models import Membership, Organization
from ponte.pairs.models import Pair, PairStatus
from ponte.people.models import Person
from ponte.programs.models import Enrolment, EnrolmentStatus, Program, ProgramStatus
from ponte.skills.models import Framework, Skill, SkillArea

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def make_skill(org: Organization, name: str = "Spreadsheets", area: SkillArea | None = None) -> Skill:
    if area is None:
        framework, _created = Framework.objects.get_or_create(
            organization=org, code=f"org-{org.pk}", defaults={"name": "Ours"}
        )
        area = SkillArea.objects.get_or_create(framework=framework, code="1", defaults={"name": "Office work"})[0]
    return Skill.objects.create(area=area, code=f"s{next(_serial)}", name=name)


def make_pill(author: Person, **fields: Any) -> Pill:
    """A pill addressed to ``recipient`` (or org-wide when ``org_status`` is approved)."""
    skills = fields.pop("skills", [])
    values: dict[str, Any] = {
        "organization": author.organization,
        "author": author,
        "title": f"Pill {next(_serial)}",
        "summary": "A short summary",
        "kind": PillKind.TEXT,
        "language": "it",
        "audience": Audience.PERSON,
    } | fields
    if values.get("org_status") in {OrgStatus.APPROVED, OrgStatus.PENDING}:
        values.setdefault("org_consent_at", timezone.now())
        values.setdefault("audience", Audience.ORGANIZATION)
    pill = Pill.objects.create(**values)
    if skills:
        pill.skills.set(skills)
    return pill


def org_pill(author: Person, **fields: Any) -> Pill:
    return make_pill(author, audience=Audience.ORGANIZATION, org_status=OrgStatus.APPROVED, **fields)


def store_files(pill: Pill, *, kind: str = PillKind.VIDEO, vtt: str = samples.VTT) -> Pill:
    """Real media, thumbnail and captions in the library storage, as the authoring services leave them."""
    storage = storages["library"]
    serial = next(_serial)
    content, mime, suffix = {
        PillKind.VIDEO: (samples.video("webm"), "video/webm", "webm"),
        PillKind.AUDIO: (samples.audio("mp3"), "audio/mpeg", "mp3"),
        PillKind.IMAGE: (samples.image("JPEG"), "image/jpeg", "jpg"),
        PillKind.PDF: (samples.pdf(), "application/pdf", "pdf"),
    }[kind]
    pill.kind = kind
    pill.media.name = storage.save(f"pills/{serial}/media.{suffix}", ContentFile(content))
    pill.media_mime = mime
    pill.media_size = len(content)
    if kind in {PillKind.VIDEO, PillKind.AUDIO}:
        pill.duration_seconds = 3.0
        pill.captions.name = storage.save(f"pills/{serial}/captions.vtt", ContentFile(vtt.encode()))
    if kind in {PillKind.VIDEO, PillKind.IMAGE}:
        pill.thumbnail.name = storage.save(f"pills/{serial}/thumbnail.jpg", ContentFile(samples.image("JPEG")))
    pill.save()
    return pill


def make_program(org: Organization, name: str = "Digital bridge") -> Program:
    return Program.objects.create(organization=org, name=name, slug=f"p{next(_serial)}", status=ProgramStatus.RUNNING)


def enrol(program: Program, person: Person, status: str = EnrolmentStatus.APPROVED) -> Enrolment:
    return Enrolment.objects.create(
        organization=program.organization, program=program, person=person, role="junior", status=status
    )


def make_pair(program: Program, junior: Person, senior: Person, status: str = PairStatus.ACTIVE) -> Pair:
    return Pair.objects.create(
        organization=program.organization,
        program=program,
        junior=junior,
        senior=senior,
        status=status,
        started_on=timezone.localdate(),
    )


def membership_of(person: Person) -> Membership:
    return Membership.objects.get(organization=person.organization, user=person.user)


# -- views ---------------------------------------------------------------------------------------


def test_a_first_view_counts_and_a_second_only_moves_the_time(acme_junior, acme_senior) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior)
    pill_record_view(pill=pill, person=acme_senior)
    first = PillView.objects.get(pill=pill, person=acme_senior).last_viewed_at
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(hours=1)):
        pill_record_view(pill=pill, person=acme_senior)
    pill.refresh_from_db()
    assert pill.views_count == 1
    assert PillView.objects.get(pill=pill, person=acme_senior).last_viewed_at > first


def test_each_person_counts_once(acme_junior, acme_senior, acme_participant) -> None:
    pill = org_pill(acme_junior)
    for person in (acme_senior, acme_participant, acme_senior):
        pill_record_view(pill=pill, person=person)
    pill.refresh_from_db()
    assert pill.views_count == 2


def test_the_authors_own_views_do_not_count(acme_junior) -> None:
    pill = org_pill(acme_junior)
    pill_record_view(pill=pill, person=acme_junior)
    pill.refresh_from_db()
    assert pill.views_count == 0
    assert not PillView.objects.filter(pill=pill).exists()


def test_a_view_inserted_by_a_concurrent_request_is_not_counted_twice(acme_junior, acme_senior) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior)
    pill_record_view(pill=pill, person=acme_senior)
    real_update = QuerySet.update
    calls = {"n": 0}

    def miss_first(queryset: QuerySet, **kwargs: Any) -> int:
        # The other request's row is not there yet when this one looks, only when it inserts.
        calls["n"] += 1
        return 0 if calls["n"] == 1 else real_update(queryset, **kwargs)

    with mock.patch.object(QuerySet, "update", miss_first):
        pill_record_view(pill=pill, person=acme_senior)
    pill.refresh_from_db()
    assert pill.views_count == 1
    assert PillView.objects.filter(pill=pill).count() == 1


# -- this helped me ------------------------------------------------------------------------------


def test_helpful_toggles_on_and_off_with_the_count(acme_junior, acme_senior) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior)
    assert pill_toggle_helpful(pill=pill, person=acme_senior) is True
    assert pill.helpful_count == 1
    assert PillReaction.objects.filter(pill=pill, person=acme_senior).exists()
    assert pill_toggle_helpful(pill=pill, person=acme_senior) is False
    pill.refresh_from_db()
    assert pill.helpful_count == 0
    assert not PillReaction.objects.filter(pill=pill).exists()


def test_the_author_cannot_mark_their_own_pill_helpful(acme_junior) -> None:
    pill = org_pill(acme_junior)
    with pytest.raises(DomainError):
        pill_toggle_helpful(pill=pill, person=acme_junior)
    pill.refresh_from_db()
    assert pill.helpful_count == 0
    assert not PillReaction.objects.exists()


def test_helpful_counts_people_not_clicks(acme_junior, acme_senior, acme_participant) -> None:
    pill = org_pill(acme_junior)
    pill_toggle_helpful(pill=pill, person=acme_senior)
    pill_toggle_helpful(pill=pill, person=acme_participant)
    pill.refresh_from_db()
    assert pill.helpful_count == 2


# -- comments ------------------------------------------------------------------------------------


def test_a_comment_is_trimmed_and_saved(acme_junior, acme_senior) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior)
    comment = comment_add(pill=pill, author=acme_senior, body="  Grazie, utilissimo!  \n")
    assert comment.body == "Grazie, utilissimo!"
    assert comment.organization_id == pill.organization_id


@pytest.mark.parametrize("body", ["", "   \n\t ", "x" * 2001])
def test_an_empty_or_too_long_comment_is_refused(acme_junior, acme_senior, body: str) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior)
    with pytest.raises(DomainError):
        comment_add(pill=pill, author=acme_senior, body=body)
    assert not PillComment.objects.exists()


def test_a_comment_of_2000_characters_fits(acme_junior, acme_senior) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior)
    assert len(comment_add(pill=pill, author=acme_senior, body="x" * 2000).body) == 2000


def test_the_author_of_a_comment_and_managers_may_remove_it(acme_junior, acme_senior, acme_manager) -> None:
    pill = org_pill(acme_junior)
    own = comment_add(pill=pill, author=acme_senior, body="Mine")
    comment_delete(comment=own, by=membership_of(acme_senior))
    moderated = comment_add(pill=pill, author=acme_senior, body="Off topic")
    comment_delete(comment=moderated, by=membership_of(acme_manager))
    assert not PillComment.objects.exists()


def test_someone_else_cannot_remove_a_comment(acme_junior, acme_senior, acme_participant) -> None:
    pill = org_pill(acme_junior)
    comment = comment_add(pill=pill, author=acme_senior, body="Mine")
    with pytest.raises(DomainError):
        comment_delete(comment=comment, by=membership_of(acme_participant))
    assert PillComment.objects.filter(pk=comment.pk).exists()
