"""The pill page (player, transcript, comments, "this helped me", related pills) and the private
files behind it: media, thumbnail and captions are served only here, after the audience gate.

Every URL starts with ``access.get_pill_for``: a pill outside the viewer's audience is a 404 on
the page and on each of its files, so a guessed id tells nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from ponte.core.errors import DomainError
from ponte.core.htmx import is_htmx, template_for
from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest
from ponte.people.access import get_own_person
from ponte.people.models import Person

from .access import get_comment_for, get_pill_for, viewer, visible_pills
from .browse_forms import CommentForm
from .browse_views import duration_label, plain_cards
from .captions import read_cues
from .engagement import comment_add, comment_delete, pill_record_view, pill_toggle_helpful
from .models import Audience, OrgStatus, Pill, PillComment, PillKind, PillReaction
from .related import related_pills
from .serving import serve_private_file

DETAIL_TEMPLATE = "library/pill_detail.html"
VTT_TYPE = "text/vtt; charset=utf-8"
THUMBNAIL_TYPE = "image/jpeg"


@dataclass(frozen=True)
class TranscriptLine:
    start: float
    end: float
    text: str

    @property
    def time(self) -> str:
        return duration_label(self.start) or "0:00"


def audience_label(pill: Pill, person: Person | None) -> str:
    """Who can see the pill, from the viewer's side; the widest grant wins."""
    if pill.org_status == OrgStatus.APPROVED:
        return _("Whole organisation")
    if pill.org_status == OrgStatus.PENDING:
        return _("Waiting for approval")
    if pill.audience == Audience.PROGRAM and pill.program is not None:
        return _("Program %(name)s") % {"name": pill.program.name}
    if pill.audience == Audience.PAIR:
        return _("Your pair")
    if person is not None and pill.recipient_id == person.pk:
        return _("Only for you")
    if pill.recipient is not None:
        return _("Only for %(name)s") % {"name": pill.recipient.full_name}
    return _("Only for you")


def _transcript(pill: Pill) -> list[TranscriptLine]:
    if not pill.captions:
        return []
    try:
        with pill.captions.open("rb") as handle:
            text = handle.read().decode("utf-8")
        cues = read_cues(text)
    except (OSError, ValueError):
        # Captions the storage lost or cannot read: the page still plays, without a transcript.
        return []
    return [TranscriptLine(start=float(cue.start), end=float(cue.end), text=cue.text) for cue in cues]


def _detail_context(request: TenantRequest, pill: Pill, comment_form: CommentForm | None = None) -> dict[str, Any]:
    person = viewer(request)
    comments = list(PillComment.objects.filter(pill=pill).select_related("author"))
    helpful = person is not None and PillReaction.objects.filter(pill=pill, person=person).exists()
    can_moderate = request.membership.can_manage_programs
    return {
        "pill": pill,
        "person": person,
        "is_author": person is not None and pill.author_id == person.pk,
        "audience": audience_label(pill, person),
        "duration": duration_label(pill.duration_seconds),
        "skills": list(pill.skills.select_related("area")),
        "tags": list(pill.tags.all()),
        "transcript": _transcript(pill),
        "playable": bool(pill.media) and pill.kind in {PillKind.VIDEO, PillKind.AUDIO},
        # body_html is written only by the authoring services, from Markdown sanitised by nh3 on
        # save; it is the one field of a pill that is rendered as HTML.
        "body_html": mark_safe(pill.body_html),  # noqa: S308
        "link_domain": urlsplit(pill.external_url).hostname or "",
        "helpful": helpful,
        "comments": [(comment, _can_delete(comment, person, can_moderate)) for comment in comments],
        "comment_form": comment_form if comment_form is not None else (CommentForm() if person else None),
        "related": plain_cards(related_pills(pill, visible_pills(request))),
    }


def _can_delete(comment: PillComment, person: Person | None, can_moderate: bool) -> bool:
    return can_moderate or (person is not None and comment.author_id == person.pk)


@require_GET
@member_required
def pill_detail(request: TenantRequest, pill_id: int) -> HttpResponse:
    pill = get_pill_for(request, pill_id)
    person = viewer(request)
    if person is not None:
        # The one write a GET makes: opening the page is what a view is, and it is idempotent
        # per person (counted once, later visits only move the time).
        pill_record_view(pill=pill, person=person)
        pill.refresh_from_db(fields=["views_count"])
    return render(request, DETAIL_TEMPLATE, _detail_context(request, pill))


def _serve(request: TenantRequest, file: FieldFile, *, content_type: str, **options: Any) -> HttpResponseBase:
    if not file:
        raise Http404
    try:
        return serve_private_file(request, file, content_type=content_type, **options)
    except FileNotFoundError as error:
        raise Http404 from error


def _download_name(pill: Pill) -> str:
    suffix = PurePosixPath(pill.media.name or "").suffix.lower()
    return f"{slugify(pill.title)[:80] or 'pill'}{suffix}"


@require_safe
@member_required
def pill_media(request: TenantRequest, pill_id: int) -> HttpResponseBase:
    """The media file; ``?download=1`` asks the browser to save it rather than show it."""
    pill = get_pill_for(request, pill_id)
    content_type = pill.media_mime or "application/octet-stream"
    inline = request.GET.get("download") != "1"
    return _serve(request, pill.media, content_type=content_type, filename=_download_name(pill), inline=inline)


@require_safe
@member_required
def pill_thumbnail(request: TenantRequest, pill_id: int) -> HttpResponseBase:
    pill = get_pill_for(request, pill_id)
    return _serve(request, pill.thumbnail, content_type=THUMBNAIL_TYPE)


@require_safe
@member_required
def pill_captions(request: TenantRequest, pill_id: int) -> HttpResponseBase:
    pill = get_pill_for(request, pill_id)
    return _serve(request, pill.captions, content_type=VTT_TYPE)


@require_POST
@member_required
def pill_helpful(request: TenantRequest, pill_id: int) -> HttpResponse:
    """Toggle "this helped me": the button's fragment for htmx, the pill page otherwise."""
    pill = get_pill_for(request, pill_id)
    person = get_own_person(request)
    try:
        helpful = pill_toggle_helpful(pill=pill, person=person)
    except DomainError as error:
        raise PermissionDenied(str(error.message)) from error
    if is_htmx(request):
        context = {"pill": pill, "helpful": helpful, "is_author": False, "person": person}
        return render(request, template_for(request, DETAIL_TEMPLATE, "helpful"), context)
    if helpful:
        messages.success(request, _("Thank you: the author will know this pill helped."))
    else:
        messages.info(request, _("You took back your “this helped me”."))
    return redirect(f"{reverse('library:pill-detail', args=[pill.pk])}#helpful")


@require_POST
@member_required
def pill_comment_add(request: TenantRequest, pill_id: int) -> HttpResponse:
    pill = get_pill_for(request, pill_id)
    person = get_own_person(request)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = comment_add(pill=pill, author=person, body=form.cleaned_data["body"])
        except DomainError as error:
            form.add_error("body", str(error.message))
        else:
            messages.success(request, _("Your comment was added."))
            return redirect(f"{reverse('library:pill-detail', args=[pill.pk])}#comment-{comment.pk}")
    return render(request, DETAIL_TEMPLATE, _detail_context(request, pill, form), status=400)


@require_POST
@member_required
def pill_comment_delete(request: TenantRequest, comment_id: int) -> HttpResponse:
    comment = get_comment_for(request, comment_id)
    try:
        comment_delete(comment=comment, by=request.membership)
    except DomainError as error:
        raise PermissionDenied(str(error.message)) from error
    messages.success(request, _("The comment was removed."))
    return redirect(f"{reverse('library:pill-detail', args=[comment.pill_id])}#comments")
