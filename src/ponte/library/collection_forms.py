"""Forms of the learning-path pages: title and description, the pills and their order, the programs.

Ids posted by the browser are looked up in querysets already scoped to what the manager may
touch (visible pills, the organisation's programs), so another organisation's id or a pill the
manager cannot see is an ordinary validation error (400), answered the same way as a made-up id.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ponte.programs.models import Program

from .collections import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH
from .models import Pill, PillQuerySet

ADD, REMOVE, UP, DOWN = "add", "remove", "up", "down"
ASSIGN, UNASSIGN = "assign", "unassign"
SEARCH_MAX_LENGTH = 100


class CollectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Description (optional)"),
        help_text=_("Who the path is for and what they will be able to do after it."),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CollectionItemForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(ADD, _("Add")), (REMOVE, _("Remove")), (UP, _("Move up")), (DOWN, _("Move down"))],
        error_messages={
            "required": _("Choose what to do with the pill."),
            "invalid_choice": _("Choose what to do with the pill."),
        },
    )
    pill = forms.ModelChoiceField(
        queryset=Pill.objects.none(),
        error_messages={
            "required": _("Choose a pill."),
            "invalid_choice": _("This pill does not exist or is not shared with you."),
        },
    )

    def __init__(self, *args: Any, pills: PillQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["pill"]
        field.queryset = pills


class CollectionAssignForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(ASSIGN, _("Assign")), (UNASSIGN, _("Unassign"))],
        error_messages={
            "required": _("Choose whether to assign or unassign the program."),
            "invalid_choice": _("Choose whether to assign or unassign the program."),
        },
    )
    program = forms.ModelChoiceField(
        label=_("Program"),
        queryset=Program.objects.none(),
        error_messages={
            "required": _("Choose a program."),
            "invalid_choice": _("Choose one of your organisation's programs."),
        },
    )

    def __init__(self, *args: Any, programs: QuerySet[Program], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "assign-%s")
        super().__init__(*args, **kwargs)
        field: Any = self.fields["program"]
        field.queryset = programs


def first_error(form: forms.Form) -> str:
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return str(_("Please check what you entered."))
