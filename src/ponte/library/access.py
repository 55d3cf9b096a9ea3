"""Gates for experience pills: tenant and audience first (404), then who may act (403).

A pill someone may not see does not exist for them: other organisations and people outside its
audience get 404 from every pill URL (page, media, thumbnail, captions, comments, reactions).
Seeing a pill is not changing it: only its author edits, shares or deletes it (403 for the rest
of its audience); only program managers review organisation-wide sharing and manage learning
paths.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ponte.organizations.http import TenantRequest
from ponte.people.models import Person

from .models import Collection, Pill, PillComment, PillQuerySet


def viewer(request: TenantRequest) -> Person | None:
    return getattr(request, "person", None)


def visible_pills(request: TenantRequest) -> PillQuerySet:
    """Every pill the requesting member may see: the base of lists, search and recommendations."""
    return Pill.objects.visible_to(request.membership, viewer(request))


def get_pill_for(request: TenantRequest, pill_id: int) -> Pill:
    """A pill the member may see (and watch, download, comment on, find helpful)."""
    pill = visible_pills(request).select_related("author__user", "recipient", "program", "pair").filter(pk=pill_id)
    found = pill.first()
    if found is None:
        raise Http404
    return found


def get_own_pill_for(request: TenantRequest, pill_id: int) -> Pill:
    """A pill the member may change: its author only; the rest of its audience gets 403."""
    pill = get_pill_for(request, pill_id)
    if pill.author_id != getattr(viewer(request), "pk", None):
        raise PermissionDenied(_("Only the author can change this pill."))
    return pill


def get_pill_to_review_for(request: TenantRequest, pill_id: int) -> Pill:
    """A pill a program manager may approve for (or keep from) the whole organisation."""
    pill = get_pill_for(request, pill_id)
    if not request.membership.can_manage_programs:
        raise PermissionDenied(_("Only program managers can approve pills for the whole organisation."))
    return pill


def get_comment_for(request: TenantRequest, comment_id: int) -> PillComment:
    """A comment the member may delete: its author, or a program manager; on a pill they can see."""
    comment = (
        PillComment.objects.for_organization(request.organization)
        .select_related("pill", "author")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None or not visible_pills(request).filter(pk=comment.pill_id).exists():
        raise Http404
    if comment.author_id != getattr(viewer(request), "pk", None) and not request.membership.can_manage_programs:
        raise PermissionDenied(_("Only the author of a comment or a program manager can remove it."))
    return comment


def get_collection_for(request: TenantRequest, collection_id: int) -> Collection:
    """A learning path: every member of the organisation may open one (its pills are filtered)."""
    collection = Collection.objects.for_organization(request.organization).filter(pk=collection_id).first()
    if collection is None:
        raise Http404
    return collection


def get_collection_to_manage_for(request: TenantRequest, collection_id: int) -> Collection:
    collection = get_collection_for(request, collection_id)
    if not request.membership.can_manage_programs:
        raise PermissionDenied(_("Only program managers can change learning paths."))
    return collection
