"""Forms of the meeting page: the outcome, shared and private notes, and action items."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.pairs.models import Pair
from ponte.people.models import Person

from .records import ACTION_MAX_LENGTH, NOTES_MAX_LENGTH

HELD = "held"
NO_SHOW = "no_show"


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Did this meeting take place?"),
        choices=[(HELD, _("Yes, it took place")), (NO_SHOW, _("No, it did not take place"))],
    )

    @property
    def held(self) -> bool:
        return bool(self.cleaned_data["outcome"] == HELD)


class SharedNotesForm(forms.Form):
    text = forms.CharField(
        label=_("Shared notes"),
        help_text=_("You and your partner both read and change these notes."),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class PrivateNoteForm(forms.Form):
    text = forms.CharField(
        label=_("My private notes"),
        help_text=_("Only you can read these — not your partner, not HR."),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ActionItemForm(forms.Form):
    text = forms.CharField(label=_("What"), max_length=ACTION_MAX_LENGTH)
    owner = forms.TypedChoiceField(label=_("Who"), coerce=int)
    due_on = forms.DateField(
        label=_("By when (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, pair: Pair, viewer: Person, today: date, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "action-%s")
        super().__init__(*args, **kwargs)
        partner = pair.partner_of(viewer)
        self.people = {viewer.pk: viewer, partner.pk: partner}
        owner: Any = self.fields["owner"]
        owner.choices = [(viewer.pk, _("Me")), (partner.pk, partner.full_name)]
        owner.initial = viewer.pk
        self.today = today
        self.fields["due_on"].widget.attrs["min"] = today.isoformat()

    def clean_due_on(self) -> date | None:
        due_on: date | None = self.cleaned_data.get("due_on")
        if due_on is not None and due_on < self.today:
            raise forms.ValidationError(_("Choose today or a later day."), code="past")
        return due_on

    def owner_person(self) -> Person:
        return self.people[self.cleaned_data["owner"]]


class ActionDoneForm(forms.Form):
    done = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")
