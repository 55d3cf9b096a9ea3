"""Writing, sharing, reviewing and deleting pills: each audience, widening that keeps the earlier
grants, consent and approval for the whole organisation, foreign ids refused, Markdown sanitised,
and files that leave storage with their pill.

The builders at the top are shared by the other authoring test files.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.dispatch import Signal
from django.utils import timezone

from ponte.core.errors import DomainError
from ponte.demo import samples
from ponte.library import events
from ponte.library.models import Audience, OrgStatus, Pill, PillKind, Tag
from ponte.library.services import (
    PillData,
    Target,
    pill_create,
    pill_delete,
    pill_review,
    pill_share,
    pill_update,
    pill_withdraw_org,
)
from ponte.organizations.models import Membership, Organization, Role
from ponte.pairs.models import Pair, PairStatus
from ponte.people.models import Person
from ponte.programs.models import Enrolment, EnrolmentStatus, Program, ProgramStatus
from ponte.skills.models import Framework, Skill, SkillArea
from tests.factories import member

pytestmark = pytest.mark.django_db

_serial = itertools.count()


# -- builders -------------------------------------------------------------------------------------


def make_program(org: Organization, name: str = "Digital bridge") -> Program:
    return Program.objects.create(organization=org, name=name, slug=f"p{next(_serial)}", status=ProgramStatus.RUNNING)


def enrol(person: Person, program: Program, status: str = EnrolmentStatus.APPROVED) -> Enrolment:
    return Enrolment.objects.create(
        organization=program.organization, program=program, person=person, role="either", status=status
    )


def make_pair(junior: Person, senior: Person, program: Program | None = None) -> Pair:
    program = program or make_program(junior.organization, name=f"Program {next(_serial)}")
    return Pair.objects.create(
        organization=junior.organization,
        program=program,
        junior=junior,
        senior=senior,
        status=PairStatus.ACTIVE,
        started_on=timezone.localdate(),
    )


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def video_upload() -> SimpleUploadedFile:
    return upload("lesson.webm", samples.video("webm"), "video/webm")


def vtt_upload() -> SimpleUploadedFile:
    return upload("lesson.vtt", samples.VTT.encode(), "text/vtt")


def data(target: Target | None = None, **fields: Any) -> PillData:
    values: dict[str, Any] = {"title": "Sharing invoices", "summary": "How to share them", "body": "Step one."}
    return PillData(**(values | fields), target=target)


def for_person(person: Person) -> Target:
    return Target(audience=Audience.PERSON, recipient=person)


def stored_files() -> set[str]:
    """Every file in the library storage (an InMemoryStorage shared by the whole test run)."""
    storage = storages["library"]
    found: set[str] = set()

    def walk(folder: str) -> None:
        folders, files = storage.listdir(folder)
        found.update(f"{folder}/{name}".lstrip("/") for name in files)
        for sub in folders:
            walk(f"{folder}/{sub}".lstrip("/"))

    walk("")
    return found


def sees(person: Person, pill: Pill) -> bool:
    membership = Membership.objects.get(organization=person.organization, user=person.user)
    return Pill.objects.visible_to(membership, person).filter(pk=pill.pk).exists()


# -- each audience ------------------------------------------------------------------------------


def test_a_pill_for_a_person_is_theirs_and_the_authors_only(acme_junior, acme_senior, acme_participant) -> None:
    pill = pill_create(author=acme_junior, data=data(for_person(acme_senior)), media=None, captions=None)
    assert (pill.audience, pill.recipient, pill.kind, pill.org_status) == (
        Audience.PERSON,
        acme_senior,
        PillKind.TEXT,
        OrgStatus.NOT_REQUESTED,
    )
    assert sees(acme_senior, pill) and sees(acme_junior, pill)
    assert not sees(acme_participant, pill)


def test_a_pill_for_a_pair_reaches_both_people(acme_junior, acme_senior, acme_participant) -> None:
    pair = make_pair(acme_junior, acme_senior)
    pill = pill_create(
        author=acme_senior, data=data(Target(audience=Audience.PAIR, pair=pair)), media=None, captions=None
    )
    assert (pill.audience, pill.pair, pill.recipient) == (Audience.PAIR, pair, None)
    assert sees(acme_junior, pill) and not sees(acme_participant, pill)


def test_a_pill_for_a_program_needs_the_author_to_take_part(acme_junior, acme_participant) -> None:
    program = make_program(acme_junior.organization)
    target = Target(audience=Audience.PROGRAM, program=program)
    with pytest.raises(DomainError) as refused:
        pill_create(author=acme_junior, data=data(target), media=None, captions=None)
    assert refused.value.code == "program"
    enrol(acme_junior, program)
    enrol(acme_participant, program)
    pill = pill_create(author=acme_junior, data=data(target), media=None, captions=None)
    assert (pill.audience, pill.program) == (Audience.PROGRAM, program)
    assert sees(acme_participant, pill)


def test_a_pending_enrolment_is_not_enough_to_write_for_a_program(acme_junior) -> None:
    program = make_program(acme_junior.organization)
    enrol(acme_junior, program, status=EnrolmentStatus.PENDING)
    with pytest.raises(DomainError):
        pill_create(
            author=acme_junior,
            data=data(Target(audience=Audience.PROGRAM, program=program)),
            media=None,
            captions=None,
        )


def test_a_program_manager_writes_for_any_program_of_the_organisation(acme_manager) -> None:
    program = make_program(acme_manager.organization)
    pill = pill_create(
        author=acme_manager,
        data=data(Target(audience=Audience.PROGRAM, program=program)),
        media=None,
        captions=None,
    )
    assert pill.program == program


def test_the_whole_organisation_needs_consent_and_then_waits_for_approval(acme_junior, acme_participant) -> None:
    with pytest.raises(DomainError) as refused:
        pill_create(
            author=acme_junior,
            data=data(Target(audience=Audience.ORGANIZATION, consent=False)),
            media=None,
            captions=None,
        )
    assert refused.value.code == "consent"
    assert not Pill.objects.exists()
    pill = pill_create(
        author=acme_junior,
        data=data(Target(audience=Audience.ORGANIZATION, consent=True)),
        media=None,
        captions=None,
    )
    assert (pill.audience, pill.org_status) == (Audience.ORGANIZATION, OrgStatus.PENDING)
    assert pill.org_consent_at is not None
    assert not sees(acme_participant, pill)


# -- foreign ids ----------------------------------------------------------------------------------


def test_a_recipient_of_another_organisation_is_refused(acme_junior, globex_participant) -> None:
    with pytest.raises(DomainError) as refused:
        pill_create(author=acme_junior, data=data(for_person(globex_participant)), media=None, captions=None)
    assert refused.value.code == "recipient"
    assert not Pill.objects.exists()


def test_an_inactive_colleague_or_oneself_is_refused(acme_junior, acme_senior) -> None:
    acme_senior.is_active = False
    acme_senior.save()
    for person in (acme_senior, acme_junior):
        with pytest.raises(DomainError):
            pill_create(author=acme_junior, data=data(for_person(person)), media=None, captions=None)


def test_a_colleague_without_an_account_is_refused(acme, acme_junior) -> None:
    ghost = Person.objects.create(organization=acme, email="ghost@acme.test", first_name="G", last_name="Host")
    with pytest.raises(DomainError):
        pill_create(author=acme_junior, data=data(for_person(ghost)), media=None, captions=None)


def test_someone_elses_pair_is_refused(acme, acme_junior, acme_senior, acme_participant, globex_participant) -> None:
    others = make_pair(acme_participant, acme_senior)
    globex_other = member(
        globex_participant.organization, Role.PARTICIPANT, email="g2@globex.test", first_name="G", last_name="Two"
    )
    foreign = make_pair(globex_participant, globex_other)
    for pair in (others, foreign):
        with pytest.raises(DomainError) as refused:
            pill_create(
                author=acme_junior, data=data(Target(audience=Audience.PAIR, pair=pair)), media=None, captions=None
            )
        assert refused.value.code == "pair"


def test_a_proposal_never_accepted_is_not_a_pair_to_write_for(acme_junior, acme_senior) -> None:
    pair = make_pair(acme_junior, acme_senior)
    Pair.objects.filter(pk=pair.pk).update(status=PairStatus.DECLINED)
    pair.refresh_from_db()
    with pytest.raises(DomainError):
        pill_create(author=acme_junior, data=data(Target(audience=Audience.PAIR, pair=pair)), media=None, captions=None)


def test_a_program_of_another_organisation_is_refused_even_for_a_manager(acme_manager, globex) -> None:
    program = make_program(globex)
    with pytest.raises(DomainError) as refused:
        pill_create(
            author=acme_manager,
            data=data(Target(audience=Audience.PROGRAM, program=program)),
            media=None,
            captions=None,
        )
    assert refused.value.code == "program"


# -- sharing --------------------------------------------------------------------------------------


def test_widening_keeps_every_earlier_grant(acme_junior, acme_senior, acme_participant) -> None:
    program = make_program(acme_junior.organization)
    enrol(acme_junior, program)
    enrol(acme_participant, program)
    pair = make_pair(acme_junior, acme_senior, program)
    pill = pill_create(author=acme_junior, data=data(for_person(acme_senior)), media=None, captions=None)
    pill_share(pill=pill, by=acme_junior, audience=Audience.PAIR, pair=pair)
    pill_share(pill=pill, by=acme_junior, audience=Audience.PROGRAM, program=program)
    pill.refresh_from_db()
    assert (pill.recipient, pill.pair, pill.program, pill.audience) == (acme_senior, pair, program, Audience.PROGRAM)
    pill_share(pill=pill, by=acme_junior, audience=Audience.ORGANIZATION, consent=True)
    pill.refresh_from_db()
    assert (pill.recipient, pill.pair, pill.program) == (acme_senior, pair, program)
    assert (pill.audience, pill.org_status) == (Audience.ORGANIZATION, OrgStatus.PENDING)
    assert sees(acme_senior, pill) and sees(acme_participant, pill)


def test_sharing_never_narrows(acme_junior, acme_senior) -> None:
    program = make_program(acme_junior.organization)
    enrol(acme_junior, program)
    pill = pill_create(
        author=acme_junior, data=data(Target(audience=Audience.PROGRAM, program=program)), media=None, captions=None
    )
    pair = make_pair(acme_junior, acme_senior)
    for audience, fields in ((Audience.PAIR, {"pair": pair}), (Audience.PERSON, {"recipient": acme_senior})):
        with pytest.raises(DomainError) as refused:
            pill_share(pill=pill, by=acme_junior, audience=audience, **fields)
        assert refused.value.code == "narrower"
    pill.refresh_from_db()
    assert (pill.pair, pill.recipient, pill.program) == (None, None, program)


def test_sharing_with_everyone_needs_consent(acme_junior, acme_senior) -> None:
    pill = pill_create(author=acme_junior, data=data(for_person(acme_senior)), media=None, captions=None)
    with pytest.raises(DomainError):
        pill_share(pill=pill, by=acme_junior, audience=Audience.ORGANIZATION, consent=False)
    pill.refresh_from_db()
    assert pill.org_status == OrgStatus.NOT_REQUESTED


def test_only_the_author_shares(acme_junior, acme_senior, acme_participant) -> None:
    pill = pill_create(author=acme_junior, data=data(for_person(acme_senior)), media=None, captions=None)
    with pytest.raises(DomainError) as refused:
        pill_share(pill=pill, by=acme_senior, audience=Audience.ORGANIZATION, consent=True)
    assert refused.value.code == "not_author"


def test_a_foreign_id_when_sharing_is_refused(acme_junior, acme_senior, globex) -> None:
    pill = pill_create(author=acme_junior, data=data(for_person(acme_senior)), media=None, captions=None)
    with pytest.raises(DomainError):
        pill_share(pill=pill, by=acme_junior, audience=Audience.PROGRAM, program=make_program(globex))
    pill.refresh_from_db()
    assert pill.program is None


def test_withdrawing_goes_back_to_the_people_it_was_made_for(acme_junior, acme_senior, acme_manager) -> None:
    pill = pill_create(author=acme_junior, data=data(for_person(acme_senior)), media=None, captions=None)
    pill_share(pill=pill, by=acme_junior, audience=Audience.ORGANIZATION, consent=True)
    pill_review(pill=pill, by=acme_manager, approve=True, note="")
    pill_withdraw_org(pill=pill, by=acme_junior)
    pill.refresh_from_db()
    assert (pill.org_status, pill.org_consent_at, pill.audience, pill.recipient) == (
        OrgStatus.NOT_REQUESTED,
        None,
        Audience.PERSON,
        acme_senior,
    )
    with pytest.raises(DomainError):
        pill_withdraw_org(pill=pill, by=acme_junior)


# -- review ---------------------------------------------------------------------------------------


@pytest.fixture
def pending(acme_junior, acme_senior) -> Pill:
    pill = pill_create(author=acme_junior, data=data(for_person(acme_senior)), media=None, captions=None)
    return pill_share(pill=pill, by=acme_junior, audience=Audience.ORGANIZATION, consent=True)


def test_a_program_manager_approves_a_pending_pill(pending: Pill, acme_manager, acme_participant) -> None:
    pill_review(pill=pending, by=acme_manager, approve=True, note="")
    pending.refresh_from_db()
    assert (pending.org_status, pending.org_reviewed_by) == (OrgStatus.APPROVED, acme_manager)
    assert pending.org_reviewed_at is not None
    assert sees(acme_participant, pending)


def test_participants_cannot_review(pending: Pill, acme_participant, acme_junior) -> None:
    for person in (acme_participant, acme_junior):
        with pytest.raises(DomainError) as refused:
            pill_review(pill=pending, by=person, approve=True, note="")
        assert refused.value.code == "not_manager"
    pending.refresh_from_db()
    assert pending.org_status == OrgStatus.PENDING


def test_declining_needs_a_note_of_at_most_500_characters(pending: Pill, acme_manager) -> None:
    for note in ("", "   ", "x" * 501):
        with pytest.raises(DomainError) as refused:
            pill_review(pill=pending, by=acme_manager, approve=False, note=note)
        assert refused.value.code == "note"
    pill_review(pill=pending, by=acme_manager, approve=False, note="It names a customer.")
    pending.refresh_from_db()
    assert (pending.org_status, pending.org_review_note, pending.audience) == (
        OrgStatus.DECLINED,
        "It names a customer.",
        Audience.PERSON,
    )


def test_only_pending_pills_are_reviewed(pending: Pill, acme_manager, acme_junior) -> None:
    pill_review(pill=pending, by=acme_manager, approve=False, note="Not yet")
    with pytest.raises(DomainError) as refused:
        pill_review(pill=pending, by=acme_manager, approve=True, note="")
    assert refused.value.code == "not_pending"


def test_the_author_asks_again_after_a_decline(pending: Pill, acme_manager, acme_junior) -> None:
    pill_review(pill=pending, by=acme_manager, approve=False, note="Remove the customer's name")
    pill_share(pill=pending, by=acme_junior, audience=Audience.ORGANIZATION, consent=True)
    pending.refresh_from_db()
    assert (pending.org_status, pending.org_review_note) == (OrgStatus.PENDING, "")
    with pytest.raises(DomainError):
        pill_share(pill=pending, by=acme_junior, audience=Audience.ORGANIZATION, consent=True)


# -- content --------------------------------------------------------------------------------------


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML (text stays text)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


def test_markdown_is_rendered_and_sanitised(acme_junior, acme_senior) -> None:
    body = (
        "# Steps\n\n**Open** the [file](https://example.com/f).\n\n"
        "<script>alert('x')</script>\n\n[bad](javascript:alert(1)) [worse](<javascript:alert(2)>)\n\n"
        '<img src="https://evil.test/x.png" onerror="alert(1)">\n\n![pic](https://evil.test/y.png)\n\n'
        '<a href="https://evil.test" onclick="steal()">raw</a> [rel](/admin/)'
    )
    pill = pill_create(author=acme_junior, data=data(for_person(acme_senior), body=body), media=None, captions=None)
    html = pill.body_html
    assert "<h1>Steps</h1>" in html and "<strong>Open</strong>" in html
    assert '<a href="https://example.com/f" rel="noopener noreferrer nofollow">file</a>' in html
    elements = _elements(html)
    assert {tag for tag, _attrs in elements} <= {"h1", "p", "strong", "a"}
    for tag, attrs in elements:
        assert not any(name.startswith("on") for name in attrs)
        if tag == "a":
            assert attrs["rel"] == "noopener noreferrer nofollow"
            assert attrs.get("href") in (None, "https://example.com/f")
    # Raw HTML is shown as the text it is, never run.
    assert "&lt;script&gt;" in html and "<script" not in html
    assert pill.body == body.strip()


def test_tags_are_normalised_by_slug_and_reused(acme_junior, acme_senior) -> None:
    Tag.objects.create(organization=acme_junior.organization, name="Excel", slug="excel")
    pill = pill_create(
        author=acme_junior,
        data=data(for_person(acme_senior), tags=["excel", " EXCEL ", "Pivot  tables", "Città"]),
        media=None,
        captions=None,
    )
    assert sorted(pill.tags.values_list("name", flat=True)) == ["Città", "Excel", "Pivot tables"]
    assert Tag.objects.count() == 3


@pytest.mark.parametrize(
    ("tags", "code"),
    [([f"tag{n}" for n in range(11)], "tags"), (["x" * 61], "tag_length"), (["!!!"], "tag")],
)
def test_bad_tags_are_refused(acme_junior, acme_senior, tags: list[str], code: str) -> None:
    with pytest.raises(DomainError) as refused:
        pill_create(author=acme_junior, data=data(for_person(acme_senior), tags=tags), media=None, captions=None)
    assert refused.value.code == code
    assert not Tag.objects.exists() and not Pill.objects.exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.com/f", "example", "data:text/html,x"])
def test_only_http_links_are_taken(acme_junior, acme_senior, url: str) -> None:
    with pytest.raises(DomainError) as refused:
        pill_create(author=acme_junior, data=data(for_person(acme_senior), external_url=url), media=None, captions=None)
    assert refused.value.code == "link"


def test_a_link_makes_a_link_pill(acme_junior, acme_senior) -> None:
    pill = pill_create(
        author=acme_junior,
        data=data(for_person(acme_senior), external_url="https://example.com/video"),
        media=None,
        captions=None,
    )
    assert (pill.kind, pill.external_url) == (PillKind.LINK, "https://example.com/video")


def test_skills_outside_the_organisations_frameworks_are_refused(acme_junior, acme_senior, globex) -> None:
    framework = Framework.objects.create(organization=globex, code="theirs", name="Theirs")
    area = SkillArea.objects.create(framework=framework, code="1", name="Secret")
    skill = Skill.objects.create(area=area, code="1.1", name="Their skill")
    with pytest.raises(DomainError) as refused:
        pill_create(author=acme_junior, data=data(for_person(acme_senior), skills=[skill]), media=None, captions=None)
    assert refused.value.code == "skills"


# -- media, captions and files -------------------------------------------------------------------


def test_a_video_with_captions_is_stored_under_server_names(acme_junior, acme_senior) -> None:
    pill = pill_create(
        author=acme_junior, data=data(for_person(acme_senior)), media=video_upload(), captions=vtt_upload()
    )
    assert pill.kind == PillKind.VIDEO and pill.media_mime.startswith("video/")
    assert pill.duration_seconds and pill.width == 160
    storage = storages["library"]
    for field in (pill.media, pill.captions):
        assert storage.exists(field.name)
        assert "lesson" not in field.name
    assert "fatture" in pill.transcript
    with storage.open(pill.captions.name) as handle:
        assert handle.read().decode().startswith("WEBVTT")


def test_an_srt_file_becomes_webvtt(acme_junior, acme_senior) -> None:
    pill = pill_create(
        author=acme_junior,
        data=data(for_person(acme_senior)),
        media=upload("talk.mp3", samples.audio("mp3"), "audio/mpeg"),
        captions=upload("talk.srt", samples.SRT.encode(), "application/x-subrip"),
    )
    assert pill.kind == PillKind.AUDIO
    with storages["library"].open(pill.captions.name) as handle:
        assert handle.read().decode().startswith("WEBVTT")
    assert "invoices" in pill.transcript


def test_captions_need_a_video_or_audio(acme_junior, acme_senior) -> None:
    before = stored_files()
    for media in (None, upload("photo.jpg", samples.image("JPEG"), "image/jpeg")):
        with pytest.raises(DomainError) as refused:
            pill_create(author=acme_junior, data=data(for_person(acme_senior)), media=media, captions=vtt_upload())
        assert refused.value.code == "captions_without_media"
    assert not Pill.objects.exists() and stored_files() == before


def test_a_file_and_a_link_together_are_refused(acme_junior, acme_senior) -> None:
    with pytest.raises(DomainError) as refused:
        pill_create(
            author=acme_junior,
            data=data(for_person(acme_senior), external_url="https://example.com"),
            media=video_upload(),
            captions=None,
        )
    assert refused.value.code == "media_and_link"


def test_a_failure_after_saving_files_deletes_them(acme_junior, acme_senior, monkeypatch) -> None:
    before = stored_files()

    def broken(pill_ids: object) -> None:
        raise RuntimeError("index down")

    monkeypatch.setattr("ponte.library.services.search.index_pills", broken)
    with pytest.raises(RuntimeError):
        pill_create(author=acme_junior, data=data(for_person(acme_senior)), media=video_upload(), captions=vtt_upload())
    assert not Pill.objects.exists()
    assert stored_files() == before


def test_replacing_the_file_deletes_the_old_one_and_its_captions(
    acme_junior, acme_senior, django_capture_on_commit_callbacks
) -> None:
    pill = pill_create(
        author=acme_junior, data=data(for_person(acme_senior)), media=video_upload(), captions=vtt_upload()
    )
    old = [pill.media.name, pill.captions.name, pill.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        pill_update(
            pill=pill,
            by=acme_junior,
            data=data(title="Sharing invoices, again"),
            media=upload("talk.mp3", samples.audio("mp3"), "audio/mpeg"),
            captions=None,
        )
    pill.refresh_from_db()
    storage = storages["library"]
    assert pill.kind == PillKind.AUDIO and pill.title == "Sharing invoices, again"
    assert not pill.captions and pill.transcript == ""
    assert all(not storage.exists(name) for name in old if name)
    assert storage.exists(pill.media.name)


def test_removing_the_file_makes_a_text_pill(acme_junior, acme_senior, django_capture_on_commit_callbacks) -> None:
    pill = pill_create(
        author=acme_junior, data=data(for_person(acme_senior)), media=video_upload(), captions=vtt_upload()
    )
    with django_capture_on_commit_callbacks(execute=True):
        pill_update(pill=pill, by=acme_junior, data=data(), media=None, captions=None, remove_media=True)
    pill.refresh_from_db()
    assert (pill.kind, bool(pill.media), bool(pill.captions), pill.media_mime) == (PillKind.TEXT, False, False, "")


def test_captions_can_be_added_to_a_kept_video_and_removed(
    acme_junior, acme_senior, django_capture_on_commit_callbacks
) -> None:
    pill = pill_create(author=acme_junior, data=data(for_person(acme_senior)), media=video_upload(), captions=None)
    pill_update(pill=pill, by=acme_junior, data=data(), media=None, captions=vtt_upload())
    assert pill.captions and pill.transcript
    name = pill.captions.name
    with django_capture_on_commit_callbacks(execute=True):
        pill_update(pill=pill, by=acme_junior, data=data(), media=None, captions=None, remove_captions=True)
    pill.refresh_from_db()
    assert not pill.captions and pill.media
    assert not storages["library"].exists(name)


def test_only_the_author_edits_or_deletes(acme_junior, acme_senior) -> None:
    pill = pill_create(author=acme_junior, data=data(for_person(acme_senior)), media=None, captions=None)
    with pytest.raises(DomainError):
        pill_update(pill=pill, by=acme_senior, data=data(title="Mine now"), media=None, captions=None)
    with pytest.raises(DomainError):
        pill_delete(pill=pill, by=acme_senior)
    pill.refresh_from_db()
    assert pill.title == "Sharing invoices"


def test_deleting_removes_the_row_the_files_and_the_index_entry(
    acme_junior, acme_senior, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    removed: list[list[int]] = []
    monkeypatch.setattr("ponte.library.services.search.remove_pills", lambda ids: removed.append(list(ids)))
    pill = pill_create(
        author=acme_junior, data=data(for_person(acme_senior)), media=video_upload(), captions=vtt_upload()
    )
    names = [name for name in (pill.media.name, pill.thumbnail.name, pill.captions.name) if name]
    pill_id = pill.pk
    with django_capture_on_commit_callbacks(execute=True):
        pill_delete(pill=pill, by=acme_junior)
    assert not Pill.objects.filter(pk=pill_id).exists()
    assert names and not any(storages["library"].exists(name) for name in names)
    assert removed == [[pill_id]]


def test_writes_reindex_the_pill(acme_junior, acme_senior, acme_manager, monkeypatch) -> None:
    indexed: list[list[int]] = []
    monkeypatch.setattr("ponte.library.services.search.index_pills", lambda ids: indexed.append(list(ids)))
    pill = pill_create(author=acme_junior, data=data(for_person(acme_senior)), media=None, captions=None)
    pill_update(pill=pill, by=acme_junior, data=data(title="New"), media=None, captions=None)
    pill_share(pill=pill, by=acme_junior, audience=Audience.ORGANIZATION, consent=True)
    pill_review(pill=pill, by=acme_manager, approve=True, note="")
    assert indexed == [[pill.pk]] * 4


# -- events ---------------------------------------------------------------------------------------


@pytest.fixture
def listen() -> Iterator[Callable[[Signal], list[dict[str, Any]]]]:
    """``listen(signal)`` returns the list of what that signal carries during the test."""
    connected: list[tuple[Signal, Callable[..., None]]] = []

    def start(signal: Signal) -> list[dict[str, Any]]:
        heard: list[dict[str, Any]] = []

        def receiver(sender: Any, **kwargs: Any) -> None:
            heard.append({key: value for key, value in kwargs.items() if key != "signal"})

        signal.connect(receiver, weak=False)
        connected.append((signal, receiver))
        return heard

    yield start
    for signal, receiver in connected:
        signal.disconnect(receiver)


def test_events_are_sent_once_after_commit(
    acme_junior, acme_senior, acme_manager, django_capture_on_commit_callbacks, listen
) -> None:
    published, shared, reviewed = (
        listen(events.pill_published),
        listen(events.pill_shared_widely),
        listen(events.pill_reviewed),
    )
    with django_capture_on_commit_callbacks(execute=True):
        pill = pill_create(author=acme_junior, data=data(for_person(acme_senior)), media=None, captions=None)
        assert published == []
    assert published == [{"pill_id": pill.pk}]
    with django_capture_on_commit_callbacks(execute=True):
        pill_share(pill=pill, by=acme_junior, audience=Audience.ORGANIZATION, consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        pill_review(pill=pill, by=acme_manager, approve=False, note="Not for everyone")
    assert shared == [{"pill_id": pill.pk}]
    assert reviewed == [{"pill_id": pill.pk, "approved": False}]
    assert len(published) == 1


def test_a_pill_only_for_everyone_is_not_published_to_anyone(
    acme_junior, django_capture_on_commit_callbacks, listen
) -> None:
    published, shared = listen(events.pill_published), listen(events.pill_shared_widely)
    with django_capture_on_commit_callbacks(execute=True):
        pill = pill_create(
            author=acme_junior,
            data=data(Target(audience=Audience.ORGANIZATION, consent=True)),
            media=None,
            captions=None,
        )
    assert published == [] and shared == [{"pill_id": pill.pk}]


def test_an_unreadable_upload_is_refused_before_anything_is_written(acme_junior, acme_senior) -> None:
    before = stored_files()
    with pytest.raises(DomainError):
        pill_create(
            author=acme_junior,
            data=data(for_person(acme_senior), tags=["excel"]),
            media=upload("lesson.webm", b"\x1aE\xdf\xa3 not really a video", "video/webm"),
            captions=None,
        )
    assert not Pill.objects.exists() and not Tag.objects.exists()
    assert stored_files() == before
