"""Forms of the agreement: its terms and objectives (a new version), and a learner's progress step."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ponte.people.choices import Channel

from .agreements import TEXT_MAX_LENGTH, ObjectiveChange, max_level
from .models import Agreement, Objective


class AgreementForm(forms.Form):
    """The terms of a new version; one target and one "what success looks like" per objective."""

    cadence_days = forms.IntegerField(label=gettext_lazy("Meet every (days)"), min_value=7, max_value=60)
    meeting_minutes = forms.IntegerField(label=gettext_lazy("Meeting length (minutes)"), min_value=15, max_value=180)
    confidentiality_note = forms.CharField(
        label=gettext_lazy("Confidentiality"),
        help_text=gettext_lazy("What stays between the two of you."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        channels = list(agreement.channels or [])
        self.fields["cadence_days"].initial = agreement.cadence_days
        self.fields["meeting_minutes"].initial = agreement.meeting_minutes
        self.fields["confidentiality_note"].initial = agreement.confidentiality_note
        ranks = [("", _("Not for us"))] + [(str(n), str(n)) for n in range(1, len(Channel) + 1)]
        for code in Channel.values:
            self.fields[f"rank_{code}"] = forms.TypedChoiceField(
                label=Channel(code).label,
                choices=ranks,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(channels.index(code) + 1) if code in channels else "",
            )
        self.objectives = list(agreement.objectives.select_related("skill__area__framework"))
        for objective in self.objectives:
            top = max_level(objective.skill)
            self.fields[f"target_{objective.key.hex}"] = forms.IntegerField(
                label=_("Target level for %(skill)s (from level %(start)s, at most %(top)s)")
                % {"skill": objective.skill.name, "start": objective.start_level, "top": top},
                min_value=objective.start_level + 1,
                max_value=top,
                initial=objective.target_level,
            )
            self.fields[f"success_{objective.key.hex}"] = forms.CharField(
                label=_("What success looks like for %(skill)s") % {"skill": objective.skill.name},
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=TEXT_MAX_LENGTH,
                required=False,
                initial=objective.success,
            )

    def rank_fields(self) -> list[forms.BoundField]:
        return [self[f"rank_{code}"] for code in Channel.values]

    def objective_fields(self) -> list[tuple[Objective, forms.BoundField, forms.BoundField]]:
        return [(o, self[f"target_{o.key.hex}"], self[f"success_{o.key.hex}"]) for o in self.objectives]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ranked = [(data[f"rank_{code}"], code) for code in Channel.values if data.get(f"rank_{code}")]
        if len({rank for rank, _code in ranked}) != len(ranked):
            raise forms.ValidationError(_("Give each channel a different rank."), code="ranks")
        data["channels"] = [code for _rank, code in sorted(ranked)]
        return data

    def changes(self) -> list[ObjectiveChange]:
        data = self.cleaned_data
        return [
            ObjectiveChange(
                key=o.key, target_level=data[f"target_{o.key.hex}"], success=data[f"success_{o.key.hex}"].strip()
            )
            for o in self.objectives
        ]


class ProgressForm(forms.Form):
    """The learner confirms the level they reached on one objective."""

    objective = forms.UUIDField(widget=forms.HiddenInput)
    level = forms.IntegerField(label=gettext_lazy("Level I reached"), min_value=0, max_value=20)
    note = forms.CharField(
        label=gettext_lazy("What I can do now (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args: Any, objective: Objective | None = None, reached: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if objective is not None:
            self.fields["objective"].initial = objective.key
            level: Any = self.fields["level"]
            level.widget.attrs.update({"min": reached + 1, "max": objective.target_level})
            level.initial = min(reached + 1, objective.target_level)

    def objective_key(self) -> uuid.UUID:
        key: uuid.UUID = self.cleaned_data["objective"]
        return key
