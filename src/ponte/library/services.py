"""Writing, sharing, reviewing and deleting experience pills.

Uploaded files are checked (``media.process_upload``, ``captions.parse_captions``) before any
transaction opens, so a rejected file never reaches storage or the database. Accepted files are
saved under server-made names, then the row is written; if anything fails after a file was
saved, the file is deleted again: a failed request leaves nothing behind. Files a change replaces
are deleted only once the change has committed.

Sharing only ever widens: each audience is its own column, and a new one is added beside the
earlier ones. The whole organisation needs the author's consent and a program manager's approval.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ponte.core.errors import DomainError
from ponte.organizations.models import Membership, Organization
from ponte.pairs.models import Pair, PairStatus
from ponte.people.models import Person
from ponte.programs.models import Enrolment, EnrolmentStatus, Program
from ponte.skills.models import Skill

from . import events, search
from .captions import Captions, parse_captions
from .markdown import render_markdown
from .media import MediaRejected, ProcessedMedia, process_upload, storage_name
from .models import AUDIENCE_ORDER, Audience, OrgStatus, Pill, PillKind, Tag, library_storage

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

MAX_TAGS = 10
TAG_MAX_LENGTH = 60
REVIEW_NOTE_MAX = 500
LINK_MAX_LENGTH = 500
#: Captions belong to something that plays.
CAPTIONED_KINDS = (PillKind.VIDEO, PillKind.AUDIO)
#: Pairs that came into being: a proposal nobody accepted is not a pair to write for.
PAIR_STATUSES = (PairStatus.ACTIVE, PairStatus.COMPLETED, PairStatus.ENDED_EARLY)
#: The thumbnail ``media.process_upload`` makes is a JPEG still.
THUMBNAIL_EXTENSION = "jpg"


class FileRejectedError(DomainError):
    """An uploaded file was refused; ``field`` names the form field it came from."""

    def __init__(self, error: DomainError, *, field: str) -> None:
        super().__init__(error.message, code=error.code)
        self.field = field


def _process_media(upload: UploadedFile) -> ProcessedMedia:
    try:
        return process_upload(upload)
    except MediaRejected as error:
        raise FileRejectedError(error, field="media") from error


def _parse_captions(upload: UploadedFile) -> Captions:
    try:
        return parse_captions(upload)
    except MediaRejected as error:
        raise FileRejectedError(error, field="captions") from error


@dataclass(frozen=True)
class Target:
    """Who a pill is for: one of the four audiences and the person, pair or program it names."""

    audience: str
    recipient: Person | None = None
    pair: Pair | None = None
    program: Program | None = None
    consent: bool = False


@dataclass(frozen=True)
class PillData:
    """What the author writes. ``target`` is read when the pill is created; changing the audience
    afterwards is ``pill_share``'s job."""

    title: str
    summary: str = ""
    body: str = ""
    language: str = settings.LANGUAGE_CODE
    external_url: str = ""
    skills: Sequence[Skill] = ()
    tags: Sequence[str] = ()
    target: Target | None = None


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------


def tag_names(names: Sequence[str]) -> list[tuple[str, str]]:
    """(slug, name) of each distinct tag, in order; a DomainError for too many or too long."""
    seen: dict[str, str] = {}
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > TAG_MAX_LENGTH:
            raise DomainError(
                _("A tag has at most %(max)d characters: “%(tag)s” is longer.") % {"max": TAG_MAX_LENGTH, "tag": name},
                code="tag_length",
            )
        slug = slugify(name, allow_unicode=True)
        if not slug:
            raise DomainError(_("A tag needs at least one letter or digit: “%(tag)s”.") % {"tag": name}, code="tag")
        seen.setdefault(slug, name)
    if len(seen) > MAX_TAGS:
        raise DomainError(_("A pill has at most %(max)d tags.") % {"max": MAX_TAGS}, code="tags")
    return list(seen.items())


def split_tags(text: str) -> list[str]:
    """The tags typed in one field, separated by commas."""
    return [part for part in (piece.strip() for piece in text.split(",")) if part]


def check_link(url: str) -> str:
    """The link, trimmed, if it is an http(s) address; a DomainError otherwise."""
    url = url.strip()
    if not url:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise DomainError(_("Enter a link that starts with https:// or http://."), code="link") from None
    if len(url) > LINK_MAX_LENGTH:
        raise DomainError(_("This link is too long."), code="link")
    return url


@dataclass(frozen=True)
class _Content:
    title: str
    summary: str
    body: str
    body_html: str
    language: str
    external_url: str
    skills: list[Skill]
    tags: list[tuple[str, str]]


def _content(data: PillData, organization: Organization) -> _Content:
    title = " ".join(data.title.split())
    if not title:
        raise DomainError(_("Give the pill a title."), code="title")
    if len(title) > 200:
        raise DomainError(_("The title has at most 200 characters."), code="title")
    summary = data.summary.strip()
    if len(summary) > 500:
        raise DomainError(_("The summary has at most 500 characters."), code="summary")
    body = data.body.strip()
    if len(body) > 20000:
        raise DomainError(_("The text has at most 20,000 characters."), code="body")
    if data.language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose a language from the list."), code="language")
    skill_ids = {skill.pk for skill in data.skills}
    skills = list(Skill.objects.visible_to(organization).filter(pk__in=skill_ids))
    if len(skills) != len(skill_ids):
        raise DomainError(_("Choose skills from the list."), code="skills")
    return _Content(
        title=title,
        summary=summary,
        body=body,
        body_html=render_markdown(body),
        language=data.language,
        external_url=check_link(data.external_url),
        skills=skills,
        tags=tag_names(data.tags),
    )


def _membership(person: Person) -> Membership | None:
    if person.user_id is None:
        return None
    return Membership.objects.filter(organization_id=person.organization_id, user_id=person.user_id).first()


def _manages_programs(person: Person) -> bool:
    membership = _membership(person)
    return membership is not None and membership.can_manage_programs


def _check_author(pill: Pill, by: Person) -> None:
    if pill.author_id != by.pk:
        raise DomainError(_("Only the author can change this pill."), code="not_author")


def author_pairs(author: Person) -> list[Pair]:
    """The pairs an author may write for: their own, once they came into being."""
    return list(
        Pair.objects.for_organization(author.organization)
        .involving(author)
        .filter(status__in=PAIR_STATUSES)
        .select_related("junior", "senior", "program")
    )


def author_programs(author: Person) -> list[Program]:
    """The programs an author may share with: those they take part in, or all for managers."""
    programs = Program.objects.for_organization(author.organization)
    if not _manages_programs(author):
        enrolled = Enrolment.objects.filter(person=author, status=EnrolmentStatus.APPROVED).values("program_id")
        programs = programs.filter(pk__in=enrolled)
    return list(programs.order_by("name"))


def _check_recipient(author: Person, recipient: Person | None) -> Person:
    if recipient is None:
        raise DomainError(_("Choose the colleague this pill is for."), code="recipient")
    if recipient.pk == author.pk:
        raise DomainError(_("Choose a colleague: the pill is yours already."), code="recipient")
    active_member = (
        recipient.organization_id == author.organization_id
        and recipient.is_active
        and recipient.user_id is not None
        and Membership.objects.filter(organization_id=author.organization_id, user_id=recipient.user_id).exists()
    )
    if not active_member:
        raise DomainError(_("Choose a colleague from your organisation."), code="recipient")
    return recipient


def _check_pair(author: Person, pair: Pair | None) -> Pair:
    if pair is None or pair.pk not in {own.pk for own in author_pairs(author)}:
        raise DomainError(_("Choose one of your own pairs."), code="pair")
    return pair


def _check_program(author: Person, program: Program | None) -> Program:
    if program is None or program.pk not in {own.pk for own in author_programs(author)}:
        raise DomainError(_("Choose a program you take part in."), code="program")
    return program


def _check_consent(consent: bool) -> None:
    if not consent:
        raise DomainError(
            _("Tick the box to agree that everyone in your organisation may see this pill."), code="consent"
        )


# ---------------------------------------------------------------------------------------------
# Audience
# ---------------------------------------------------------------------------------------------


def _rank(audience: str) -> int:
    return AUDIENCE_ORDER.index(Audience(audience))


def granted_audience(pill: Pill) -> str | None:
    """The widest of the person, pair and program grants, ignoring the organisation; None if none."""
    for audience, granted in (
        (Audience.PROGRAM, pill.program_id),
        (Audience.PAIR, pill.pair_id),
        (Audience.PERSON, pill.recipient_id),
    ):
        if granted is not None:
            return audience
    return None


def _settle_audience(pill: Pill) -> None:
    """``audience`` names the widest grant in force (the organisation once it is asked for)."""
    if pill.org_status in (OrgStatus.PENDING, OrgStatus.APPROVED):
        pill.audience = Audience.ORGANIZATION
    else:
        pill.audience = granted_audience(pill) or Audience.PERSON


def _grant(pill: Pill, author: Person, target: Target, now: datetime) -> None:
    """Add ``target`` to the pill's grants (checked against the author), keeping the others."""
    if target.audience == Audience.PERSON:
        pill.recipient = _check_recipient(author, target.recipient)
    elif target.audience == Audience.PAIR:
        pill.pair = _check_pair(author, target.pair)
    elif target.audience == Audience.PROGRAM:
        pill.program = _check_program(author, target.program)
    elif target.audience == Audience.ORGANIZATION:
        _check_consent(target.consent)
        pill.org_status = OrgStatus.PENDING
        pill.org_consent_at = now
        pill.org_reviewed_at = None
        pill.org_reviewed_by = None
        pill.org_review_note = ""
    else:
        raise DomainError(_("Choose who the pill is for."), code="audience")
    _settle_audience(pill)


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------


@dataclass
class _Files:
    """Names saved during one request (deleted again if it fails) and names it replaces."""

    saved: list[str | None]
    replaced: list[str | None]

    def discard_saved(self) -> None:
        _delete_files(self.saved)

    def delete_replaced_on_commit(self) -> None:
        if self.replaced:
            names = list(self.replaced)
            transaction.on_commit(lambda: _delete_files(names), robust=True)


def _delete_files(names: Sequence[str | None]) -> None:
    storage = library_storage()
    for name in names:
        if name:
            storage.delete(name)


def _store_media(pill: Pill, processed: ProcessedMedia, files: _Files) -> None:
    organization_id = pill.organization_id
    pill.media.save(storage_name(organization_id, processed.extension, folder="media"), processed.content, save=False)
    files.saved.append(pill.media.name)
    pill.kind = processed.kind
    pill.media_mime = processed.mime
    pill.media_size = processed.size
    pill.duration_seconds = processed.duration_seconds
    pill.width = processed.width
    pill.height = processed.height
    if processed.thumbnail:
        name = storage_name(organization_id, THUMBNAIL_EXTENSION, folder="thumbnails")
        pill.thumbnail.save(name, ContentFile(processed.thumbnail), save=False)
        files.saved.append(pill.thumbnail.name)


def _store_captions(pill: Pill, captions: Captions, files: _Files) -> None:
    name = storage_name(pill.organization_id, "vtt", folder="captions")
    pill.captions.save(name, ContentFile(captions.vtt.encode("utf-8")), save=False)
    files.saved.append(pill.captions.name)
    pill.transcript = captions.transcript


def _forget_media(pill: Pill, files: _Files) -> None:
    files.replaced += [pill.media.name, pill.thumbnail.name]
    pill.media = pill.thumbnail = ""
    pill.media_mime = ""
    pill.media_size = pill.duration_seconds = pill.width = pill.height = None


def _forget_captions(pill: Pill, files: _Files) -> None:
    files.replaced.append(pill.captions.name)
    pill.captions = ""
    pill.transcript = ""


def _check_not_both(*, has_media: bool, link: str) -> None:
    if has_media and link:
        message = _("Attach a file or give a link, not both.")
        raise FileRejectedError(DomainError(message, code="media_and_link"), field="media")


def _check_captions_fit(*, captions: bool, kind: str | None) -> None:
    """Captions need a video or audio file: the one uploaded now, or the one the pill keeps."""
    if captions and kind not in CAPTIONED_KINDS:
        message = _("Captions go with a video or an audio file.")
        raise FileRejectedError(DomainError(message, code="captions_without_media"), field="captions")


def _after_commit(send: Callable[[], object]) -> None:
    transaction.on_commit(send, robust=True)


def _apply_content(pill: Pill, content: _Content) -> None:
    pill.title = content.title
    pill.summary = content.summary
    pill.body = content.body
    pill.body_html = content.body_html
    pill.language = content.language
    pill.external_url = content.external_url


def _kind_without_media(pill: Pill) -> str:
    return PillKind.LINK if pill.external_url else PillKind.TEXT


def _save_tags(pill: Pill, tags: list[tuple[str, str]]) -> None:
    rows = []
    for slug, name in tags:
        tag, _created = Tag.objects.get_or_create(organization=pill.organization, slug=slug, defaults={"name": name})
        rows.append(tag)
    pill.tags.set(rows)


# ---------------------------------------------------------------------------------------------
# Writes
# ---------------------------------------------------------------------------------------------


def pill_create(*, author: Person, data: PillData, media: UploadedFile | None, captions: UploadedFile | None) -> Pill:
    """Write a pill for ``data.target``, with an optional media file (and its captions) or link."""
    if data.target is None:
        raise DomainError(_("Choose who the pill is for."), code="audience")
    content = _content(data, author.organization)
    _check_not_both(has_media=media is not None, link=content.external_url)
    if media is None:
        _check_captions_fit(captions=captions is not None, kind=None)
    now = timezone.now()
    pill = Pill(organization=author.organization, author=author, published_at=now)
    _apply_content(pill, content)
    pill.kind = _kind_without_media(pill)
    _grant(pill, author, data.target, now)
    processed = _process_media(media) if media is not None else None
    _check_captions_fit(captions=captions is not None, kind=processed.kind if processed else None)
    parsed = _parse_captions(captions) if captions is not None else None
    files = _Files(saved=[], replaced=[])
    try:
        if processed is not None:
            _store_media(pill, processed, files)
        if parsed is not None:
            _store_captions(pill, parsed, files)
        with transaction.atomic():
            pill.save()
            pill.skills.set(content.skills)
            _save_tags(pill, content.tags)
            search.index_pills([pill.pk])
            pill_id = pill.pk
            if granted_audience(pill) is not None:
                _after_commit(lambda: events.pill_published.send(sender=Pill, pill_id=pill_id))
            if pill.org_status == OrgStatus.PENDING:
                _after_commit(lambda: events.pill_shared_widely.send(sender=Pill, pill_id=pill_id))
    except BaseException:
        files.discard_saved()
        raise
    return pill


def pill_update(
    *,
    pill: Pill,
    by: Person,
    data: PillData,
    media: UploadedFile | None,
    captions: UploadedFile | None,
    remove_media: bool = False,
    remove_captions: bool = False,
) -> Pill:
    """Change a pill's text, skills, tags, file, link or captions; its audience stays as it is.

    A new file replaces the old one and its captions (timed to the old file) unless new captions
    come with it; removing the file removes its captions too.
    """
    _check_author(pill, by)
    content = _content(data, pill.organization)
    keeps_media = pill.has_media and not remove_media and media is None
    _check_not_both(has_media=keeps_media or media is not None, link=content.external_url)
    if media is None:
        _check_captions_fit(captions=captions is not None, kind=pill.kind if keeps_media else None)
    processed = _process_media(media) if media is not None else None
    if processed is not None:
        _check_captions_fit(captions=captions is not None, kind=processed.kind)
    parsed = _parse_captions(captions) if captions is not None else None
    files = _Files(saved=[], replaced=[])
    try:
        _apply_content(pill, content)
        if (remove_media or processed is not None) and pill.has_media:
            _forget_media(pill, files)
        if pill.captions and (remove_captions or parsed is not None or not keeps_media):
            _forget_captions(pill, files)
        if processed is not None:
            _store_media(pill, processed, files)
        elif not keeps_media:
            pill.kind = _kind_without_media(pill)
        if parsed is not None:
            _store_captions(pill, parsed, files)
        with transaction.atomic():
            pill.save()
            pill.skills.set(content.skills)
            _save_tags(pill, content.tags)
            search.index_pills([pill.pk])
            files.delete_replaced_on_commit()
    except BaseException:
        files.discard_saved()
        pill.refresh_from_db()
        raise
    return pill


def pill_share(
    *,
    pill: Pill,
    by: Person,
    audience: str,
    recipient: Person | None = None,
    pair: Pair | None = None,
    program: Program | None = None,
    consent: bool = False,
) -> Pill:
    """Share a pill more widely: a person, then a pair, a program, the whole organisation.

    The earlier grants stay. The organisation can be asked for again after a decline (or after
    the author withdrew it); it waits for a program manager's approval each time.
    """
    _check_author(pill, by)
    if audience not in Audience.values:
        raise DomainError(_("Choose who the pill is for."), code="audience")
    if audience == Audience.ORGANIZATION:
        if pill.org_status in (OrgStatus.PENDING, OrgStatus.APPROVED):
            raise DomainError(_("This pill is already shared with the whole organisation."), code="already_org")
    else:
        current = granted_audience(pill)
        if current is not None and _rank(audience) <= _rank(current):
            raise DomainError(
                _("A pill can only be shared more widely: choose a wider audience than “%(current)s”.")
                % {"current": Audience(current).label},
                code="narrower",
            )
    target = Target(audience=audience, recipient=recipient, pair=pair, program=program, consent=consent)
    with transaction.atomic():
        _grant(pill, by, target, timezone.now())
        pill.save()
        search.index_pills([pill.pk])
        pill_id = pill.pk
        if audience == Audience.ORGANIZATION:
            _after_commit(lambda: events.pill_shared_widely.send(sender=Pill, pill_id=pill_id))
    return pill


def pill_withdraw_org(*, pill: Pill, by: Person) -> Pill:
    """The author takes back their consent: the pill leaves (or never reaches) the organisation."""
    _check_author(pill, by)
    if pill.org_status == OrgStatus.NOT_REQUESTED:
        raise DomainError(_("This pill is not shared with the whole organisation."), code="not_org")
    with transaction.atomic():
        pill.org_status = OrgStatus.NOT_REQUESTED
        pill.org_consent_at = None
        pill.org_reviewed_at = None
        pill.org_reviewed_by = None
        pill.org_review_note = ""
        _settle_audience(pill)
        pill.save()
        search.index_pills([pill.pk])
    return pill


def pill_review(*, pill: Pill, by: Person, approve: bool, note: str = "") -> Pill:
    """A program manager approves a pending pill for the whole organisation, or declines it with a
    note to the author. The update is conditional: two managers answering at once, one wins."""
    if not _manages_programs(by) or by.organization_id != pill.organization_id:
        raise DomainError(_("Only program managers can approve pills for the whole organisation."), code="not_manager")
    note = note.strip()
    if not approve and not note:
        raise DomainError(_("Tell the author why the pill is not approved."), code="note")
    if len(note) > REVIEW_NOTE_MAX:
        raise DomainError(_("The note has at most %(max)d characters.") % {"max": REVIEW_NOTE_MAX}, code="note")
    now = timezone.now()
    audience = Audience.ORGANIZATION if approve else (granted_audience(pill) or Audience.PERSON)
    with transaction.atomic():
        changed = Pill.objects.filter(pk=pill.pk, org_status=OrgStatus.PENDING).update(
            org_status=OrgStatus.APPROVED if approve else OrgStatus.DECLINED,
            org_reviewed_at=now,
            org_reviewed_by=by,
            org_review_note="" if approve else note,
            audience=audience,
            updated_at=now,
        )
        if not changed:
            raise DomainError(_("This pill is no longer waiting for approval."), code="not_pending")
        pill.refresh_from_db()
        search.index_pills([pill.pk])
        pill_id = pill.pk
        _after_commit(lambda: events.pill_reviewed.send(sender=Pill, pill_id=pill_id, approved=approve))
    return pill


def pill_delete(*, pill: Pill, by: Person) -> None:
    """Delete a pill, its comments, reactions and views; its files go once the deletion commits."""
    _check_author(pill, by)
    names = [pill.media.name, pill.thumbnail.name, pill.captions.name]
    with transaction.atomic():
        search.remove_pills([pill.pk])
        pill.delete()
        transaction.on_commit(lambda: _delete_files(names), robust=True)
