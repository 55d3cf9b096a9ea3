"""Forms to pause and to end a pair."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EndReason
from .services import NOTE_MAX_LENGTH


class PauseForm(forms.Form):
    until = forms.DateField(
        label=_("Resume on (optional)"),
        help_text=_("Leave it empty to resume by hand."),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class EndForm(forms.Form):
    """Ending is no-fault: the reason and the note are read by the program team only."""

    reason = forms.ChoiceField(
        label=_("Why are you ending the pair?"), choices=EndReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("A note for the program team (optional)"),
        help_text=_("Only the program team reads it. Your partner is never told why."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    new_partner = forms.BooleanField(label=_("Propose me a new partner"), required=False, initial=True)
