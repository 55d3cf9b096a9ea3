"""Filters of the audit log page and of the dashboards."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.organizations.models import Department, Organization
from ponte.people.choices import Generation
from ponte.people.models import Person

from .audit import action_labels
from .scope import GroupFilter, GroupKind


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("What"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action: Any = self.fields["action"]
        action.choices = [("", _("Everything")), *action_labels().items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date must be on or before the end date."))
        return data


#: Indentation of a sub-department in the group list, one step per level (plain spaces collapse).
DEPARTMENT_INDENT = "\u00a0\u00a0\u00a0"


class DashboardFilterForm(forms.Form):
    """One group of people to look at: a department (with its sub-departments), a generation or a location.

    ``cleaned_data["group"]`` is a ``GroupFilter`` or ``None`` (everybody). Choices come from the
    viewer's organisation only, so another organisation's department id is simply not a choice.
    """

    group = forms.ChoiceField(
        label=_("Show the figures for"),
        required=False,
        error_messages={"invalid_choice": _("Choose a group from the list.")},
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = list(
            Department.objects.for_organization(organization).order_by("name").values_list("pk", "name", "parent_id")
        )
        self._children = _children(departments)
        self._departments = _department_tree(self._children)
        self._generations = dict(Generation.choices)
        locations = (
            Person.objects.for_organization(organization)
            .exclude(location="")
            .order_by("location")
            .values_list("location", flat=True)
            .distinct()
        )
        self._locations = list(locations)
        groups = [
            (
                _("Departments"),
                [
                    (f"{GroupKind.DEPARTMENT}:{pk}", f"{DEPARTMENT_INDENT * depth}{name}")
                    for pk, name, depth in self._departments
                ],
            ),
            (
                _("Generations"),
                [(f"{GroupKind.GENERATION}:{code}", label) for code, label in self._generations.items()],
            ),
            (_("Locations"), [(f"{GroupKind.LOCATION}:{place}", place) for place in self._locations]),
        ]
        group: Any = self.fields["group"]
        group.choices = [("", _("Everyone")), *((label, options) for label, options in groups if options)]

    def clean_group(self) -> GroupFilter | None:
        value: str = self.cleaned_data.get("group") or ""
        if not value:
            return None
        kind, _separator, rest = value.partition(":")
        if kind == GroupKind.DEPARTMENT:
            names = {str(pk): name for pk, name, _depth in self._departments}
            return GroupFilter(GroupKind.DEPARTMENT, rest, names[rest], _subtree(self._children, int(rest)))
        if kind == GroupKind.GENERATION:
            return GroupFilter(GroupKind.GENERATION, rest, str(self._generations[rest]))
        return GroupFilter(GroupKind.LOCATION, rest, rest)


def _children(departments: Sequence[tuple[int, str, int | None]]) -> dict[int | None, list[tuple[int, str]]]:
    """(id, name) of each department's sub-departments, by parent id (``None``: the top level)."""
    children: dict[int | None, list[tuple[int, str]]] = defaultdict(list)
    for pk, name, parent_id in departments:
        children[parent_id].append((pk, name))
    return children


def _department_tree(children: dict[int | None, list[tuple[int, str]]]) -> list[tuple[int, str, int]]:
    """(id, name, depth) in tree order: each department followed by its sub-departments, by name."""
    rows: list[tuple[int, str, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for pk, name in children.get(parent_id, []):
            rows.append((pk, name, depth))
            walk(pk, depth + 1)

    walk(None, 0)
    return rows


def _subtree(children: dict[int | None, list[tuple[int, str]]], root: int) -> frozenset[int]:
    """The department's id with every sub-department's, at any depth."""
    found, todo = {root}, [root]
    while todo:
        for child, _name in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return frozenset(found)
