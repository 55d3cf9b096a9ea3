"""The feedback form after a meeting: a 1–5 scale, what I learned, kudos, and my new levels."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ponte.people.models import Person

from .feedback_selectors import LearningObjective
from .meeting_feedback import KUDOS_MAX_LENGTH, LEARNED_MAX_LENGTH


def _scale() -> list[tuple[int, Any]]:
    return [
        (1, gettext_lazy("1 – not useful")),
        (2, gettext_lazy("2 – a little useful")),
        (3, gettext_lazy("3 – useful")),
        (4, gettext_lazy("4 – very useful")),
        (5, gettext_lazy("5 – extremely useful")),
    ]


def _progress_so_far(objective: LearningObjective) -> str:
    return _("%(done)d of %(steps)d steps so far (from level %(start)d to level %(target)d).") % {
        "done": objective.done,
        "steps": objective.steps,
        "start": objective.start,
        "target": objective.target,
    }


class MeetingFeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("How useful was this meeting for you?"),
        choices=_scale,
        coerce=int,
        widget=forms.RadioSelect,
    )
    learned = forms.CharField(
        label=gettext_lazy("What did you learn?"),
        help_text=gettext_lazy("Only you see this; HR sees only totals of many people."),
        required=False,
        max_length=LEARNED_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    kudos = forms.CharField(required=False, max_length=KUDOS_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, partner: Person, objectives: list[LearningObjective], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "feedback-%s")
        super().__init__(*args, **kwargs)
        name = partner.first_name or partner.full_name
        self.fields["kudos"].label = _("Kudos to %(name)s") % {"name": name}
        # The help text is rendered as HTML: the partner's name must be escaped.
        self.fields["kudos"].help_text = format_html(_("Optional. {name} will read this."), name=name)
        self.objectives: dict[str, LearningObjective] = {}
        for objective in objectives:
            if not objective.next_levels:
                continue
            field_name = f"progress_{objective.key.hex}"
            self.objectives[field_name] = objective
            self.fields[field_name] = forms.TypedChoiceField(
                label=_("Where are you now in “%(skill)s”?") % {"skill": objective.skill},
                help_text=_progress_so_far(objective),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("No change: still level %(level)d") % {"level": objective.reached})]
                + [(level, _("Level %(level)d") % {"level": level}) for level in objective.next_levels],
            )

    @property
    def progress_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.objectives]

    def progress(self) -> dict[uuid.UUID, int]:
        """The level chosen per objective key, leaving out the objectives left unchanged."""
        chosen = {}
        for name, objective in self.objectives.items():
            level = self.cleaned_data.get(name)
            if level is not None:
                chosen[objective.key] = int(level)
        return chosen
