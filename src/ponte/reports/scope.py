"""What a dashboard looks at: an organisation, optionally one program, optionally one group of people.

A scope narrows its ancestors (the same group across every program, the whole program, the whole
organisation). Every figure is reviewed against the same figure in each ancestor, so that comparing
two views never isolates fewer than K people (``ponte.core.privacy.publish_figures``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from django.db.models import Q

from ponte.organizations.models import Organization
from ponte.people.choices import Generation
from ponte.programs.models import Program

#: Birth years of each generation, inclusive; ``None`` is open-ended (product.md's glossary).
GENERATION_YEARS: dict[str, tuple[int | None, int | None]] = {
    Generation.BABY_BOOMERS: (None, 1964),
    Generation.GEN_X: (1965, 1980),
    Generation.MILLENNIALS: (1981, 1996),
    Generation.GEN_Z: (1997, None),
}


class GroupKind(StrEnum):
    DEPARTMENT = "department"
    GENERATION = "generation"
    LOCATION = "location"


@dataclass(frozen=True)
class GroupFilter:
    """One group of people: a department with its sub-departments, a generation or a location."""

    kind: GroupKind
    value: str
    label: str
    #: For a department: its id and every descendant's, resolved once when the filter is built.
    department_ids: frozenset[int] = frozenset()

    def person_q(self, prefix: str = "") -> Q:
        """People in the group; ``prefix`` reaches a person from another model (``"junior__"``)."""
        if self.kind is GroupKind.DEPARTMENT:
            return Q(**{f"{prefix}department_id__in": sorted(self.department_ids)})
        if self.kind is GroupKind.LOCATION:
            return Q(**{f"{prefix}location": self.value})
        low, high = GENERATION_YEARS[self.value]
        q = Q(**{f"{prefix}birth_year__isnull": False})
        if low is not None:
            q &= Q(**{f"{prefix}birth_year__gte": low})
        if high is not None:
            q &= Q(**{f"{prefix}birth_year__lte": high})
        return q


@dataclass(frozen=True)
class Scope:
    organization: Organization
    program: Program | None = None
    group: GroupFilter | None = None

    def ancestors(self) -> list[Scope]:
        """Every wider view a manager can also open: drop the group, the program, or both."""
        wider: list[Scope] = []
        if self.group is not None:
            wider.append(replace(self, group=None))
        if self.program is not None:
            wider.append(replace(self, program=None))
        if self.group is not None and self.program is not None:
            wider.append(replace(self, program=None, group=None))
        return wider

    def program_q(self, prefix: str = "") -> Q:
        """Rows of the scope's programs, for a model with ``program`` and ``organization`` keys.

        ``prefix`` reaches such a model from another (``"pair__"`` from a meeting).
        """
        if self.program is not None:
            return Q(**{f"{prefix}program_id": self.program.pk})
        return Q(**{f"{prefix}organization_id": self.organization.pk})

    def person_q(self, prefix: str = "") -> Q:
        """People of the scope's group (everybody when there is no group)."""
        return self.group.person_q(prefix) if self.group is not None else Q()

    def pair_q(self, prefix: str = "") -> Q:
        """Pairs in the scope: in its programs, with at least one partner in its group.

        ``prefix`` reaches the pair from another model (``"pair__"`` from a meeting).
        """
        q = Q(**{f"{prefix}organization_id": self.organization.pk}) & self.program_q(prefix)
        if self.group is not None:
            q &= self.group.person_q(f"{prefix}junior__") | self.group.person_q(f"{prefix}senior__")
        return q
