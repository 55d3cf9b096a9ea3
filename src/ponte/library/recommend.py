"""'For me': the pills worth a person's time, each with the reason it was chosen.

Interests come from two places: the skills the person wants to learn (``SkillWant``) and the
skills of the open objectives they are taught in their active pairs (the current agreement's
objectives whose direction makes them the learner, not yet confirmed at their target level).
The database narrows the candidates (visible, not their own, not already found helpful; sharing
an interest, addressed to them, or organisation-wide in their languages) and orders them
roughly; a small score in Python then adds a boost for what colleagues found helpful and what
is recent, and a penalty for what the person has already opened. A pill recorded for the person
that they have not opened yet comes first, then the pills that match an interest; without
interests, or to fill the list, the most helpful recent organisation-wide pills in the person's
languages. Each step is one query, whatever the number of pills.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, Count, Exists, F, IntegerField, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ponte.organizations.models import Membership
from ponte.pairs.agreements import taught_person_id
from ponte.pairs.models import Agreement, Objective, ObjectiveProgress, Pair, PairStatus
from ponte.people.models import Person, SkillWant

from .models import OrgStatus, Pill, PillReaction, PillView
from .related import links

#: How many rough candidates the database hands to the finer score, per pill asked for.
POOL_FACTOR = 5
MIN_POOL = 50

OBJECTIVE_WEIGHT = 3.0
WANT_WEIGHT = 2.0
HELPFUL_WEIGHT = 0.5
RECENCY_WEIGHT = 1.0
RECENCY_DAYS = 90.0
VIEWED_PENALTY = 2.0
ADDRESSED_BOOST = 1000.0


@dataclass(frozen=True)
class Recommendation:
    pill: Pill
    reasons: list[str]


@dataclass
class _Interest:
    weight: float = 0.0
    reasons: list[str] = field(default_factory=list)

    def add(self, weight: float, reason: str) -> None:
        self.weight = max(self.weight, weight)
        if reason not in self.reasons:
            self.reasons.append(reason)


def pills_for(*, membership: Membership, person: Person, limit: int = 20) -> list[Recommendation]:
    interests = _interests(person)
    wanted = set(interests)
    # One pool for every kind of suggestion: what the person wants to learn, what was recorded
    # for them, and the popular organisation-wide pills in their languages that fill the rest.
    matches = Q(recipient=person) | Q(org_status=OrgStatus.APPROVED, language__in=_languages(membership, person))
    if wanted:
        matches |= Q(pk__in=links("skills").filter(skill_id__in=wanted).values("pill_id"))
    helpful = PillReaction.objects.filter(pill=OuterRef("pk"), person=person)
    pool = (
        Pill.objects.visible_to(membership, person)
        .exclude(author=person)
        .exclude(Exists(helpful))
        .filter(matches)
        .annotate(
            viewed=Exists(PillView.objects.filter(pill=OuterRef("pk"), person=person)),
            overlap=_overlap(wanted) if wanted else Value(0),
        )
        .annotate(addressed=Case(When(recipient=person, viewed=False, then=Value(1)), default=Value(0)))
        .select_related("author")
        .order_by("-addressed", "-overlap", "-helpful_count", "-published_at", "-pk")
    )
    return _ranked(list(pool[: max(MIN_POOL, limit * POOL_FACTOR)]), person, interests, limit)


def _overlap(skill_ids: set[int]) -> Coalesce:
    shared = (
        links("skills")
        .filter(pill_id=OuterRef("pk"), skill_id__in=skill_ids)
        .values("pill_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(shared, output_field=IntegerField()), 0)


def _ranked(pills: list[Pill], person: Person, interests: dict[int, _Interest], limit: int) -> list[Recommendation]:
    if not pills:
        return []
    skills: dict[int, set[int]] = defaultdict(set)
    if interests:
        for pill_id, skill_id in (
            links("skills")
            .filter(pill_id__in=[pill.pk for pill in pills], skill_id__in=interests)
            .values_list("pill_id", "skill_id")
        ):
            skills[pill_id].add(skill_id)
    now = timezone.now()
    scored = [(_score(pill, skills[pill.pk], interests, now), pill) for pill in pills]
    # Recorded for them first, then what matches an interest, each group by its score.
    scored.sort(
        key=lambda item: (getattr(item[1], "addressed", 0), bool(skills[item[1].pk]), item[0], item[1].published_at),
        reverse=True,
    )
    return [
        Recommendation(pill=pill, reasons=_reasons(pill, person.pk, skills[pill.pk], interests))
        for _s, pill in scored[:limit]
    ]


def _score(pill: Pill, skill_ids: set[int], interests: dict[int, _Interest], now: datetime) -> float:
    score = sum(interests[skill_id].weight for skill_id in skill_ids)
    score += HELPFUL_WEIGHT * math.log1p(pill.helpful_count)
    age_days = max((now - pill.published_at).total_seconds() / 86400, 0.0)
    score += RECENCY_WEIGHT * math.exp(-age_days / RECENCY_DAYS)
    if getattr(pill, "viewed", False):
        score -= VIEWED_PENALTY
    if getattr(pill, "addressed", 0):
        score += ADDRESSED_BOOST
    return score


def _reasons(pill: Pill, person_id: int, skill_ids: set[int], interests: dict[int, _Interest]) -> list[str]:
    reasons: list[str] = []
    if pill.recipient_id == person_id:
        reasons.append(_("%(author)s recorded it for you") % {"author": pill.author.full_name})
    for skill_id in sorted(skill_ids, key=lambda sid: -interests[sid].weight):
        reasons += [reason for reason in interests[skill_id].reasons if reason not in reasons]
    if not reasons:
        if pill.helpful_count:
            reasons.append(
                ngettext(
                    "%(count)d colleague found it helpful",
                    "%(count)d colleagues found it helpful",
                    pill.helpful_count,
                )
                % {"count": pill.helpful_count}
            )
        else:
            reasons.append(_("New in your organisation's library"))
    return reasons


def _languages(membership: Membership, person: Person) -> list[str]:
    spoken = [code for code in person.languages if isinstance(code, str)]
    return sorted({membership.user.language, *spoken})


def _interests(person: Person) -> dict[int, _Interest]:
    """What the person wants to learn, by skill id, with the reasons to show."""
    interests: dict[int, _Interest] = defaultdict(_Interest)
    for skill_id, reason in _objective_skills(person):
        interests[skill_id].add(OBJECTIVE_WEIGHT, reason)
    for want in SkillWant.objects.filter(person=person, target_level__gt=F("current_level")).select_related("skill"):
        interests[want.skill_id].add(WANT_WEIGHT, _("Because you want to learn %(skill)s") % {"skill": want.skill.name})
    return dict(interests)


def _objective_skills(person: Person) -> list[tuple[int, str]]:
    """(skill id, reason) for each open objective the person is taught in an active pair."""
    pairs = {
        pair.pk: pair
        for pair in Pair.objects.filter(organization_id=person.organization_id, status=PairStatus.ACTIVE)
        .involving(person)
        .select_related("junior", "senior")
    }
    if not pairs:
        return []
    latest: dict[int, tuple[int, int]] = {}
    for agreement_id, pair_id, version in Agreement.objects.filter(pair_id__in=pairs).values_list(
        "pk", "pair_id", "version"
    ):
        if pair_id not in latest or version > latest[pair_id][1]:
            latest[pair_id] = (agreement_id, version)
    if not latest:
        return []
    reached = {
        (pair_id, key): level
        for pair_id, key, level in ObjectiveProgress.objects.filter(pair_id__in=pairs)
        .values("pair_id", "objective_key")
        .annotate(level=Max("level"))
        .values_list("pair_id", "objective_key", "level")
        .order_by()
    }
    pair_of_agreement = {agreement_id: pair_id for pair_id, (agreement_id, _version) in latest.items()}
    found = []
    for objective in Objective.objects.filter(agreement_id__in=pair_of_agreement).select_related("skill"):
        pair = pairs[pair_of_agreement[objective.agreement_id]]
        if taught_person_id(pair, objective.direction) != person.pk:
            continue
        if reached.get((pair.pk, objective.key), objective.start_level) >= objective.target_level:
            continue
        reason = _("For your objective %(skill)s with %(partner)s") % {
            "skill": objective.skill.name,
            "partner": pair.partner_of(person).full_name,
        }
        found.append((objective.skill_id, reason))
    return found
