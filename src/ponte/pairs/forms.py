from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import NOTE_MAX_LENGTH


class AnswerForm(forms.Form):
    """Accept or decline a proposal. Declining asks for nothing; the note is optional and for HR only."""

    answer = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    note = forms.CharField(
        label=_("A note for the program team (optional)"),
        help_text=_("Only the program team reads it. Your partner never sees it, nor who declined."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @property
    def accepts(self) -> bool:
        return self.cleaned_data["answer"] == "accept"
