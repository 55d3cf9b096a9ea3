"""Pills related to the one being watched: the same skills or tags, the same language first."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from .models import Pill, PillQuerySet


def related_pills(pill: Pill, candidates: PillQuerySet, limit: int = 5) -> list[Pill]:
    """Up to ``limit`` of ``candidates`` sharing skills or tags with ``pill``, in three queries.

    ``candidates`` is what the viewer may see (``access.visible_pills``): relatedness never
    widens an audience.
    """
    skill_ids = list(links("skills").filter(pill_id=pill.pk).values_list("skill_id", flat=True))
    tag_ids = list(links("tags").filter(pill_id=pill.pk).values_list("tag_id", flat=True))
    if not skill_ids and not tag_ids:
        return []
    shared_skills = _shared(links("skills").filter(skill_id__in=skill_ids))
    shared_tags = _shared(links("tags").filter(tag_id__in=tag_ids))
    related = (
        candidates.exclude(pk=pill.pk)
        .filter(
            Q(pk__in=links("skills").filter(skill_id__in=skill_ids).values("pill_id"))
            | Q(pk__in=links("tags").filter(tag_id__in=tag_ids).values("pill_id"))
        )
        .annotate(
            same_language=Case(When(language=pill.language, then=Value(1)), default=Value(0)),
            shared=shared_skills + shared_tags,
        )
        .select_related("author")
        .order_by("-same_language", "-shared", "-helpful_count", "-published_at", "-pk")
    )
    return list(related[:limit])


def links(field: str) -> QuerySet[Any]:
    """The rows of a pill's many-to-many table, ``skills`` or ``tags``, to filter by id."""
    through: Any = getattr(Pill, field).through
    return through.objects.all()


def _shared(rows: QuerySet[Any]) -> Coalesce:
    """How many of the given skill or tag rows a candidate pill has."""
    count = rows.filter(pill_id=OuterRef("pk")).values("pill_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)
