"""The closing form: a level per objective (own learning, then what one taught), and the survey."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.skills.models import ProficiencyLevel

from .closure import TEXT_MAX_LENGTH, ClosureObjective
from .forms import scale_choices


def _level_choices(row: ClosureObjective, names: dict[int, str]) -> list[tuple[int, str]]:
    return [(level, f"{level} – {names[level]}" if level in names else str(level)) for level in range(row.top + 1)]


class ClosingForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("Overall, how happy are you with the collaboration?"),
        choices=scale_choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    learning = forms.TypedChoiceField(
        label=_("How much did you learn?"), choices=scale_choices, coerce=int, widget=forms.RadioSelect
    )
    recommend = forms.TypedChoiceField(
        label=_("Would you recommend reverse mentoring to a colleague?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    most_valuable = forms.CharField(
        label=_("What was the most valuable thing you learned or taught?"),
        help_text=_("Optional. Your partner never sees it; HR sees it only among the answers of many people."),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comment = forms.CharField(
        label=_("Anything you would like HR to know?"),
        help_text=_("Optional. Your partner never sees it."),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, objectives: list[ClosureObjective], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.objectives = objectives
        frameworks = {row.objective.skill.area.framework_id for row in objectives}
        names: dict[int, dict[int, str]] = {}
        for level in ProficiencyLevel.objects.filter(framework__in=frameworks):
            names.setdefault(level.framework_id, {})[level.number] = level.name
        for row in objectives:
            self.fields[row.field_name] = forms.TypedChoiceField(
                label=row.objective.skill.name,
                choices=_level_choices(row, names.get(row.objective.skill.area.framework_id, {})),
                coerce=int,
                initial=row.confirmed,
            )

    def rows(self) -> list[tuple[ClosureObjective, forms.BoundField]]:
        return [(row, self[row.field_name]) for row in self.objectives]

    def levels(self) -> dict[uuid.UUID, int]:
        return {row.objective.key: self.cleaned_data[row.field_name] for row in self.objectives}
