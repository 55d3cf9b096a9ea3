"""Learning-path pages: the list, a path with the viewer's progress, and the manager's editing.

Every member reads paths (with only the pills they may see); program managers create, edit,
order, assign and delete them. The editing forms post to their own URL: htmx requests get the
changed fragment of ``library/collection_detail.html`` back, everything else a redirect to the
page (or the page again with status 400 and the message), so all of it works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ponte.core.errors import DomainError
from ponte.core.htmx import is_htmx
from ponte.organizations.access import manager_required, member_required
from ponte.organizations.http import TenantRequest
from ponte.programs.models import Program

from . import collections as services
from .access import get_collection_for, get_collection_to_manage_for, viewer, visible_pills
from .collection_forms import (
    ADD,
    ASSIGN,
    DOWN,
    REMOVE,
    SEARCH_MAX_LENGTH,
    UP,
    CollectionAssignForm,
    CollectionForm,
    CollectionItemForm,
    first_error,
)
from .models import Collection

LIST_TEMPLATE = "library/collection_list.html"
DETAIL_TEMPLATE = "library/collection_detail.html"
FORM_TEMPLATE = "library/collection_form.html"
#: The page's sections (their element ids) by the name of the partial that renders them.
SECTIONS = {"items": "path-items", "programs": "path-programs"}


def _detail_url(collection: Collection, section: str = "") -> str:
    url = reverse("library:collection-detail", args=[collection.pk])
    return f"{url}#{section}" if section else url


def _query(source: Any) -> str:
    return str(source.get("q", "")).strip()[:SEARCH_MAX_LENGTH]


def _programs(request: TenantRequest) -> Any:
    return Program.objects.for_organization(request.organization).order_by("name", "id")


def _detail_context(request: TenantRequest, collection: Collection, *, query: str = "", **extra: Any) -> dict[str, Any]:
    person = viewer(request)
    contents = services.collection_contents_for(collection=collection, membership=request.membership, person=person)
    can_manage = request.membership.can_manage_programs
    context: dict[str, Any] = {
        "collection": collection,
        "contents": contents,
        "can_manage": can_manage,
        "q": query,
        "results": [],
        "searched": False,
        "status": "",
        "error": "",
        "focus_pill": None,
        "focus_action": "",
    }
    if can_manage:
        assigned = {program.pk for program in contents.programs}
        context["assignable"] = [program for program in _programs(request) if program.pk not in assigned]
        if query:
            context["searched"] = True
            context["results"] = services.addable_pills(
                collection=collection, membership=request.membership, person=person, query=query
            )
    context.update(extra)
    return context


@require_GET
@member_required
def collection_list(request: TenantRequest) -> HttpResponse:
    summaries = services.collections_for(membership=request.membership, person=viewer(request))
    return render(
        request,
        LIST_TEMPLATE,
        {
            "mine": [summary for summary in summaries if summary.for_me],
            "others": [summary for summary in summaries if not summary.for_me],
            "can_manage": request.membership.can_manage_programs,
        },
    )


@require_http_methods(["GET", "POST"])
@manager_required
def collection_create(request: TenantRequest) -> HttpResponse:
    form = CollectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            collection = services.collection_create(
                organization=request.organization,
                by=viewer(request),
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Learning path created. Now add its pills."))
            return redirect(_detail_url(collection))
    status = 400 if request.method == "POST" else 200
    return render(request, FORM_TEMPLATE, {"form": form, "collection": None}, status=status)


@require_GET
@member_required
def collection_detail(request: TenantRequest, collection_id: int) -> HttpResponse:
    collection = get_collection_for(request, collection_id)
    context = _detail_context(request, collection, query=_query(request.GET))
    if is_htmx(request) and "q" in request.GET and context["can_manage"]:
        return render(request, f"{DETAIL_TEMPLATE}#search_results", context)
    return render(request, DETAIL_TEMPLATE, context)


@require_http_methods(["GET", "POST"])
@member_required
def collection_edit(request: TenantRequest, collection_id: int) -> HttpResponse:
    collection = get_collection_to_manage_for(request, collection_id)
    initial = {"title": collection.title, "description": collection.description}
    form = CollectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.collection_update(
                collection=collection, title=form.cleaned_data["title"], description=form.cleaned_data["description"]
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Learning path saved."))
            return redirect(_detail_url(collection))
    status = 400 if request.method == "POST" else 200
    return render(request, FORM_TEMPLATE, {"form": form, "collection": collection}, status=status)


def _answer(
    request: TenantRequest,
    collection: Collection,
    *,
    partial: str,
    error: str = "",
    status: str = "",
    query: str = "",
    **extra: Any,
) -> HttpResponse:
    """The changed fragment (htmx), or the whole page: a redirect when it worked, 400 when not."""
    if not is_htmx(request):
        if error:
            context = _detail_context(request, collection, query=query, error=error, error_in=partial)
            return render(request, DETAIL_TEMPLATE, context, status=400)
        messages.success(request, status)
        return redirect(_detail_url(collection, SECTIONS[partial]))
    context = _detail_context(request, collection, query=query, error=error, error_in=partial, status=status, **extra)
    names = [partial, "status_oob"]
    if query:
        names.append("search_oob")
    html = "".join(render_to_string(f"{DETAIL_TEMPLATE}#{name}", context, request=request) for name in names)
    return HttpResponse(html, status=400 if error else 200)


@require_POST
@member_required
def collection_items(request: TenantRequest, collection_id: int) -> HttpResponse:
    collection = get_collection_to_manage_for(request, collection_id)
    form = CollectionItemForm(request.POST, pills=visible_pills(request))
    query = _query(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(first_error(form))
        action, pill = form.cleaned_data["action"], form.cleaned_data["pill"]
        names = {"title": pill.title}
        if action == ADD:
            services.collection_add_pill(collection=collection, pill=pill)
            status = _("Added “%(title)s” at the end of the path.") % names
        elif action == REMOVE:
            services.collection_remove_pill(collection=collection, pill=pill)
            status = _("Removed “%(title)s” from the path.") % names
        elif action == UP:
            moved = services.collection_move_pill(collection=collection, pill=pill, direction="up")
            status = (_("Moved “%(title)s” up.") if moved else _("“%(title)s” is already first.")) % names
        else:
            moved = services.collection_move_pill(collection=collection, pill=pill, direction="down")
            status = (_("Moved “%(title)s” down.") if moved else _("“%(title)s” is already last.")) % names
    except DomainError as error:
        return _answer(request, collection, partial="items", error=str(error.message), query=query)
    focus = pill.pk if action in {UP, DOWN} else None
    return _answer(
        request, collection, partial="items", status=status, query=query, focus_pill=focus, focus_action=action
    )


@require_POST
@member_required
def collection_assign(request: TenantRequest, collection_id: int) -> HttpResponse:
    collection = get_collection_to_manage_for(request, collection_id)
    form = CollectionAssignForm(request.POST, programs=_programs(request))
    try:
        if not form.is_valid():
            raise DomainError(first_error(form))
        program = form.cleaned_data["program"]
        names = {"program": program.name}
        if form.cleaned_data["action"] == ASSIGN:
            services.collection_assign_program(collection=collection, program=program, by=viewer(request))
            status = _("The path is now assigned to %(program)s.") % names
        else:
            services.collection_unassign_program(collection=collection, program=program)
            status = _("The path is no longer assigned to %(program)s.") % names
    except DomainError as error:
        return _answer(request, collection, partial="programs", error=str(error.message))
    return _answer(request, collection, partial="programs", status=status)


@require_http_methods(["GET", "POST"])
@member_required
def collection_delete(request: TenantRequest, collection_id: int) -> HttpResponse:
    collection = get_collection_to_manage_for(request, collection_id)
    if request.method == "POST":
        services.collection_delete(collection=collection)
        messages.success(request, _("The learning path “%(title)s” is deleted.") % {"title": collection.title})
        return redirect("library:collection-list")
    return render(request, FORM_TEMPLATE, {"collection": collection, "deleting": True})
