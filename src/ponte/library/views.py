"""Writing pills: the form (upload, record in the browser, or write), editing, sharing more
widely, deleting, "My pills", and the program managers' review of organisation-wide sharing.

Only the author changes a pill (``get_own_pill_for``: 404 outside its audience, 403 for the rest
of it). Bad input answers 400 with the form and its messages; nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ponte.core.errors import DomainError
from ponte.organizations.access import manager_required, member_required
from ponte.organizations.http import TenantRequest
from ponte.pairs.models import Pair
from ponte.people.access import get_own_person
from ponte.people.models import Person

from .access import get_own_pill_for, get_pill_to_review_for
from .forms import AudienceForm, Choices, PillEditForm, PillForm, ReviewForm, audience_choices, initial_for
from .models import OrgStatus, Pill
from .services import (
    FileRejectedError,
    pill_create,
    pill_delete,
    pill_review,
    pill_share,
    pill_update,
    pill_withdraw_org,
)

FORM_TEMPLATE = "library/pill_form.html"
SHARE_TEMPLATE = "library/pill_share.html"
DELETE_TEMPLATE = "library/pill_delete.html"
REVIEW_TEMPLATE = "library/review_queue.html"
MINE_TEMPLATE = "library/my_pills.html"

#: Which field a service's refusal belongs to, so the message sits next to what to fix.
PILL_FIELDS = {
    "title": "title",
    "summary": "summary",
    "body": "body",
    "language": "language",
    "skills": "skills",
    "tag": "tags",
    "tags": "tags",
    "tag_length": "tags",
    "link": "external_url",
}
FILE_FIELDS = {"media": "media_file", "captions": "captions"}
AUDIENCE_FIELDS = {
    "audience": "audience",
    "recipient": "recipient",
    "pair": "pair",
    "program": "program",
    "consent": "consent",
}


def _refusal(error: DomainError, *forms_and_fields: tuple[Any, dict[str, str]]) -> None:
    """Attach a service's refusal to the field it is about, else to the first form as a whole."""
    if isinstance(error, FileRejectedError):
        forms_and_fields[0][0].add_error(FILE_FIELDS[error.field], str(error.message))
        return
    for form, fields in forms_and_fields:
        if error.code in fields:
            form.add_error(fields[error.code], str(error.message))
            return
    forms_and_fields[0][0].add_error(None, str(error.message))


def _pill_page(pill: Pill) -> HttpResponse:
    return redirect("library:pill-detail", pill_id=pill.pk)


@require_http_methods(["GET", "POST"])
@member_required
def pill_create_view(request: TenantRequest) -> HttpResponse:
    author = get_own_person(request)
    choices = audience_choices(author)
    if request.method == "GET":
        form = PillForm(author=author)
        audience_form = AudienceForm(author=author, choices=choices)
        audience_form.preselect(person_id=request.GET.get("for"), pair_id=request.GET.get("pair"))
        return render(request, FORM_TEMPLATE, {"form": form, "audience_form": audience_form})
    form = PillForm(request.POST, request.FILES, author=author)
    audience_form = AudienceForm(request.POST, author=author, choices=choices)
    if form.is_valid() and audience_form.is_valid():
        try:
            pill = pill_create(
                author=author,
                data=form.pill_data(audience_form.target()),
                media=form.cleaned_data["media_file"],
                captions=form.cleaned_data["captions"],
            )
        except DomainError as error:
            _refusal(error, (form, PILL_FIELDS), (audience_form, AUDIENCE_FIELDS))
        else:
            messages.success(request, _created_message(pill))
            return _pill_page(pill)
    return render(request, FORM_TEMPLATE, {"form": form, "audience_form": audience_form}, status=400)


def _created_message(pill: Pill) -> str:
    if pill.org_status == OrgStatus.PENDING:
        return _("Your pill is saved. A program manager will check it before everyone can see it.")
    if pill.recipient is not None:
        return _("Your pill is ready: %(name)s has been told.") % {"name": pill.recipient.first_name}
    return _("Your pill is ready.")


@require_http_methods(["GET", "POST"])
@member_required
def pill_edit_view(request: TenantRequest, pill_id: int) -> HttpResponse:
    pill = get_own_pill_for(request, pill_id)
    author = get_own_person(request)
    if request.method == "GET":
        form = PillEditForm(initial=initial_for(pill), author=author, pill=pill)
        return render(request, FORM_TEMPLATE, {"form": form, "pill": pill})
    form = PillEditForm(request.POST, request.FILES, author=author, pill=pill)
    if form.is_valid():
        data = form.cleaned_data
        try:
            pill_update(
                pill=pill,
                by=author,
                data=form.pill_data(),
                media=data["media_file"],
                captions=data["captions"],
                remove_media=data["remove_media"],
                remove_captions=data["remove_captions"],
            )
        except DomainError as error:
            _refusal(error, (form, PILL_FIELDS))
        else:
            messages.success(request, _("Your changes are saved."))
            return _pill_page(pill)
    return render(request, FORM_TEMPLATE, {"form": form, "pill": pill}, status=400)


def _share_context(pill: Pill, form: AudienceForm) -> dict[str, Any]:
    return {"pill": pill, "form": form, "can_withdraw": pill.org_status != OrgStatus.NOT_REQUESTED}


@require_http_methods(["GET", "POST"])
@member_required
def pill_share_view(request: TenantRequest, pill_id: int) -> HttpResponse:
    pill = get_own_pill_for(request, pill_id)
    author = get_own_person(request)
    choices = audience_choices(author)
    if request.method == "GET":
        form = AudienceForm(author=author, choices=choices, pill=pill)
        return render(request, SHARE_TEMPLATE, _share_context(pill, form))
    if request.POST.get("action") == "withdraw":
        return _withdraw(request, pill, author, choices)
    form = AudienceForm(request.POST, author=author, choices=choices, pill=pill)
    if form.is_valid():
        target = form.target()
        try:
            pill_share(
                pill=pill,
                by=author,
                audience=target.audience,
                recipient=target.recipient,
                pair=target.pair,
                program=target.program,
                consent=target.consent,
            )
        except DomainError as error:
            _refusal(error, (form, AUDIENCE_FIELDS))
        else:
            messages.success(request, _shared_message(pill))
            return _pill_page(pill)
    return render(request, SHARE_TEMPLATE, _share_context(pill, form), status=400)


def _withdraw(request: TenantRequest, pill: Pill, author: Person, choices: Choices) -> HttpResponse:
    try:
        pill_withdraw_org(pill=pill, by=author)
    except DomainError as error:
        messages.error(request, str(error.message))
        form = AudienceForm(author=author, choices=choices, pill=pill)
        return render(request, SHARE_TEMPLATE, _share_context(pill, form), status=400)
    messages.success(request, _("The pill is no longer shared with the whole organisation."))
    return _pill_page(pill)


def _shared_message(pill: Pill) -> str:
    if pill.org_status == OrgStatus.PENDING:
        return _("Thank you. A program manager will check the pill before everyone can see it.")
    return _("The pill is shared more widely. Everyone who could see it still can.")


@require_http_methods(["GET", "POST"])
@member_required
def pill_delete_view(request: TenantRequest, pill_id: int) -> HttpResponse:
    pill = get_own_pill_for(request, pill_id)
    if request.method == "GET":
        return render(request, DELETE_TEMPLATE, {"pill": pill})
    try:
        pill_delete(pill=pill, by=get_own_person(request))
    except DomainError as error:
        messages.error(request, str(error.message))
        return render(request, DELETE_TEMPLATE, {"pill": pill}, status=400)
    messages.success(request, _("The pill is deleted, with its file, comments and reactions."))
    return redirect("library:my-pills")


@dataclass
class ReviewRow:
    pill: Pill
    form: ReviewForm


def _queue(request: TenantRequest, failed: ReviewRow | None = None) -> list[ReviewRow]:
    pending = (
        Pill.objects.for_organization(request.organization)
        .awaiting_review()
        .select_related("author", "recipient", "pair__junior", "pair__senior", "program")
        .order_by("org_consent_at", "pk")
    )
    rows = [ReviewRow(pill=pill, form=ReviewForm(auto_id=f"review-{pill.pk}-%s")) for pill in pending]
    if failed is not None:
        # The refused answer keeps its place and its messages; one no longer pending goes first.
        if all(row.pill.pk != failed.pill.pk for row in rows):
            rows.insert(0, failed)
        rows = [failed if row.pill.pk == failed.pill.pk else row for row in rows]
    return rows


@require_GET
@manager_required
def review_queue_view(request: TenantRequest) -> HttpResponse:
    return render(request, REVIEW_TEMPLATE, {"rows": _queue(request)})


@require_POST
@member_required
def pill_review_view(request: TenantRequest, pill_id: int) -> HttpResponse:
    pill = get_pill_to_review_for(request, pill_id)
    reviewer = get_own_person(request)
    form = ReviewForm(request.POST, auto_id=f"review-{pill.pk}-%s")
    if form.is_valid():
        try:
            pill_review(pill=pill, by=reviewer, approve=form.approve, note=form.cleaned_data["note"])
        except DomainError as error:
            messages.error(request, str(error.message))
            return render(request, REVIEW_TEMPLATE, {"rows": _queue(request)}, status=400)
        if form.approve:
            messages.success(request, _("“%(title)s” is now shared with everyone.") % {"title": pill.title})
        else:
            messages.success(
                request, _("“%(title)s” is not approved. The author has your note.") % {"title": pill.title}
            )
        return redirect("library:review-queue")
    failed = ReviewRow(pill=pill, form=form)
    return render(request, REVIEW_TEMPLATE, {"rows": _queue(request, failed), "failed": failed}, status=400)


@require_GET
@member_required
def my_pills_view(request: TenantRequest) -> HttpResponse:
    person = get_own_person(request)
    pills = Pill.objects.for_organization(request.organization).select_related(
        "author", "recipient", "pair__junior", "pair__senior", "program"
    )
    my_pairs = Pair.objects.for_organization(request.organization).involving(person).values("pk")
    written = list(pills.filter(author=person))
    received = list(pills.filter(Q(recipient=person) | Q(pair__in=my_pairs)).exclude(author=person))
    return render(request, MINE_TEMPLATE, {"written": written, "received": received, "person": person})
