"""What people do with a pill they can see: open it, find it helpful, comment on it.

Counters on ``Pill`` are updated with ``F()`` expressions in the same transaction as the row that
justifies them, and the unique constraints on ``PillView`` and ``PillReaction`` (not a prior
read) decide who was first, so two requests at once never count a person twice.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.core.errors import DomainError
from ponte.organizations.models import Membership
from ponte.people.models import Person

from .models import Pill, PillComment, PillReaction, PillView

COMMENT_MAX_LENGTH = 2000


def pill_record_view(*, pill: Pill, person: Person) -> None:
    """Count the person's first visit once; later visits only move ``last_viewed_at``.

    The author opening their own pill is not a view: the count tells them how many others did.
    """
    if pill.author_id == person.pk:
        return
    now = timezone.now()
    with transaction.atomic():
        if PillView.objects.filter(pill=pill, person=person).update(last_viewed_at=now):
            return
        try:
            with transaction.atomic():
                PillView.objects.create(
                    organization_id=pill.organization_id, pill=pill, person=person, last_viewed_at=now
                )
        except IntegrityError:
            # Another request of the same person inserted the row first: theirs was the count.
            PillView.objects.filter(pill=pill, person=person).update(last_viewed_at=now)
            return
        Pill.objects.filter(pk=pill.pk).update(views_count=F("views_count") + 1)


def pill_toggle_helpful(*, pill: Pill, person: Person) -> bool:
    """Mark the pill as helpful for the person, or take the mark back. Returns the new state."""
    if pill.author_id == person.pk:
        raise DomainError(_("You cannot mark your own pill as helpful."), code="own_pill")
    with transaction.atomic():
        removed, _rows = PillReaction.objects.filter(pill=pill, person=person).delete()
        if removed:
            Pill.objects.filter(pk=pill.pk, helpful_count__gt=0).update(helpful_count=F("helpful_count") - 1)
            helpful = False
        else:
            try:
                with transaction.atomic():
                    PillReaction.objects.create(organization_id=pill.organization_id, pill=pill, person=person)
            except IntegrityError:
                # A double click raced us to the same mark: it is set, and counted once.
                return True
            Pill.objects.filter(pk=pill.pk).update(helpful_count=F("helpful_count") + 1)
            helpful = True
    pill.refresh_from_db(fields=["helpful_count"])
    return helpful


def comment_add(*, pill: Pill, author: Person, body: str) -> PillComment:
    text = body.strip()
    if not text:
        raise DomainError(_("Write a comment first."), code="empty")
    if len(text) > COMMENT_MAX_LENGTH:
        raise DomainError(
            _("A comment can be at most %(max)d characters long.") % {"max": COMMENT_MAX_LENGTH}, code="too_long"
        )
    return PillComment.objects.create(organization_id=pill.organization_id, pill=pill, author=author, body=text)


def comment_delete(*, comment: PillComment, by: Membership) -> None:
    """The comment's author, or a program manager moderating, removes a comment."""
    if comment.author.user_id != by.user_id and not by.can_manage_programs:
        raise DomainError(_("Only the author of a comment or a program manager can remove it."), code="not_allowed")
    comment.delete()
