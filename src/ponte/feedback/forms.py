"""The check-in form: two 1–5 scales, a comment and the wish to hear from HR."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


def scale_choices() -> list[tuple[int, Any]]:
    return [
        (1, _("1 – not at all")),
        (2, _("2 – a little")),
        (3, _("3 – somewhat")),
        (4, _("4 – a lot")),
        (5, _("5 – very much")),
    ]


class CheckInForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How happy are you with the collaboration with your partner?"),
        choices=scale_choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    learning = forms.TypedChoiceField(
        label=_("How much are you learning what you need?"),
        choices=scale_choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything you would like to add?"),
        help_text=_("Optional. Your partner never sees it."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact_hr = forms.BooleanField(label=_("I'd like HR to contact me"), required=False)
