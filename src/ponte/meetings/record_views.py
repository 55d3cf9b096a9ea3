"""The meeting page: details, whether it took place, shared notes, the viewer's private notes,
action items and the feedback box. Only the pair's two people open it (managers 403, others 404).

Each form posts to its own URL and comes back to its section of the page; bad input re-renders
the page with status 400 and the person's text kept.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ponte.core.errors import DomainError
from ponte.organizations.access import member_required
from ponte.organizations.http import TenantRequest
from ponte.people.access import get_own_person
from ponte.people.models import Person

from .access import get_action_item_for, get_meeting_for
from .invites import local_time
from .models import ActionItem, Meeting, MeetingStatus, PrivateNote
from .record_forms import ActionDoneForm, ActionItemForm, OutcomeForm, PrivateNoteForm, SharedNotesForm
from .records import (
    action_item_add,
    action_item_delete,
    action_item_set_done,
    local_today,
    meeting_outcome_record,
    meeting_shared_notes_save,
    private_note_save,
)

DETAIL_TEMPLATE = "meetings/meeting_detail.html"


def _notes_form(meeting: Meeting, data: Any = None) -> SharedNotesForm:
    initial = {"text": meeting.shared_notes, "version": meeting.shared_notes_version}
    return SharedNotesForm(data, initial=initial, auto_id="notes-%s")


def _private_form(note: PrivateNote | None, data: Any = None) -> PrivateNoteForm:
    return PrivateNoteForm(data, initial={"text": note.text if note else ""}, auto_id="private-%s")


def _action_form(meeting: Meeting, person: Person, data: Any = None) -> ActionItemForm:
    return ActionItemForm(data, pair=meeting.pair, viewer=person, today=local_today(person))


def _context(request: TenantRequest, meeting: Meeting, person: Person, **forms_: forms.Form | bool) -> dict[str, Any]:
    """Everything the page shows; ``forms_`` replaces a blank form by the one the person posted."""
    cancelled = meeting.status == MeetingStatus.CANCELLED
    started = meeting.has_started(timezone.now())
    note = PrivateNote.objects.for_organization(request.organization).filter(meeting=meeting, author=person).first()
    actions = list(
        ActionItem.objects.for_organization(request.organization).filter(meeting=meeting).select_related("owner")
    )
    context: dict[str, Any] = {
        "meeting": meeting,
        "pair": meeting.pair,
        "partner": meeting.pair.partner_of(person),
        "viewer": person,
        "when": local_time(meeting.starts_at, person),
        "started": started,
        "cancelled": cancelled,
        "outcome_when": local_time(meeting.outcome_at, person) if meeting.outcome_at else "",
        "notes_when": local_time(meeting.shared_notes_at, person) if meeting.shared_notes_at else "",
        "actions": actions,
        "outcome_form": None if cancelled or not started else OutcomeForm(auto_id="outcome-%s"),
        "notes_form": None if cancelled else _notes_form(meeting),
        "action_form": None if cancelled else _action_form(meeting, person),
        "private_form": _private_form(note),
        "stale": False,
    }
    context.update(forms_)
    return context


def _invalid(request: TenantRequest, meeting: Meeting, person: Person, **forms_: forms.Form | bool) -> HttpResponse:
    return render(request, DETAIL_TEMPLATE, _context(request, meeting, person, **forms_), status=400)


def _back(meeting: Meeting, section: str) -> HttpResponse:
    return redirect(f"{reverse('meetings:meeting-detail', args=[meeting.pk])}#{section}")


@never_cache
@require_GET
@member_required
def meeting_detail(request: TenantRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for(request, meeting_id)
    person = get_own_person(request)
    return render(request, DETAIL_TEMPLATE, _context(request, meeting, person))


@require_POST
@member_required
def meeting_outcome(request: TenantRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for(request, meeting_id)
    person = get_own_person(request)
    form = OutcomeForm(request.POST, auto_id="outcome-%s")
    if form.is_valid():
        try:
            meeting_outcome_record(meeting=meeting, by=person, held=form.held)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            if form.held:
                messages.success(request, _("Thank you: the meeting is recorded as held."))
            else:
                messages.success(request, _("Thank you: the meeting is recorded as not taken place."))
            return _back(meeting, "outcome")
    return _invalid(request, meeting, person, outcome_form=form)


@require_POST
@member_required
def meeting_notes(request: TenantRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for(request, meeting_id)
    person = get_own_person(request)
    form = _notes_form(meeting, request.POST)
    if form.is_valid():
        try:
            meeting_shared_notes_save(
                meeting=meeting, by=person, text=form.cleaned_data["text"], version=form.cleaned_data["version"]
            )
        except DomainError as error:
            if error.code != "stale":
                form.add_error(None, str(error.message))
                return _invalid(request, meeting, person, notes_form=form)
            # Saving again from here deliberately replaces the version the person has now read.
            data = request.POST.copy()
            data["version"] = str(meeting.shared_notes_version)
            form = _notes_form(meeting, data)
            form.is_valid()
            form.add_error(None, str(error.message))
            return _invalid(request, meeting, person, notes_form=form, stale=True)
        messages.success(request, _("Shared notes saved."))
        return _back(meeting, "shared-notes")
    return _invalid(request, meeting, person, notes_form=form)


@require_POST
@member_required
def meeting_private_note(request: TenantRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for(request, meeting_id)
    person = get_own_person(request)
    form = _private_form(None, request.POST)
    if form.is_valid():
        try:
            private_note_save(meeting=meeting, by=person, text=form.cleaned_data["text"])
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Your private notes are saved. Only you can read them."))
            return _back(meeting, "private-notes")
    return _invalid(request, meeting, person, private_form=form)


@require_POST
@member_required
def action_create(request: TenantRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for(request, meeting_id)
    person = get_own_person(request)
    form = _action_form(meeting, person, request.POST)
    if form.is_valid():
        try:
            action_item_add(
                meeting=meeting,
                by=person,
                owner=form.owner_person(),
                text=form.cleaned_data["text"],
                due_on=form.cleaned_data["due_on"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Action added."))
            return _back(meeting, "actions")
    return _invalid(request, meeting, person, action_form=form)


@require_POST
@member_required
def action_done(request: TenantRequest, action_id: int) -> HttpResponse:
    item = get_action_item_for(request, action_id)
    meeting = get_meeting_for(request, item.meeting_id)
    person = get_own_person(request)
    form = ActionDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the action is done."))
        return _invalid(request, meeting, person)
    try:
        action_item_set_done(item=item, by=person, done=form.cleaned_data["done"])
    except DomainError as error:
        messages.error(request, str(error.message))
        return _invalid(request, meeting, person)
    if form.cleaned_data["done"]:
        messages.success(request, _("Action marked as done."))
    else:
        messages.success(request, _("Action marked as not done yet."))
    return _back(meeting, "actions")


@require_POST
@member_required
def action_delete(request: TenantRequest, action_id: int) -> HttpResponse:
    item = get_action_item_for(request, action_id)
    meeting = get_meeting_for(request, item.meeting_id)
    person = get_own_person(request)
    try:
        action_item_delete(item=item, by=person)
    except DomainError as error:
        messages.error(request, str(error.message))
        return _invalid(request, meeting, person)
    messages.success(request, _("Action removed."))
    return _back(meeting, "actions")
