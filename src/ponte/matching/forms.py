"""Forms of the matching pages: decisions about a pair, publishing, pairing by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.people.models import Person
from ponte.programs.models import EnrolmentRole, EnrolmentStatus, Program


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class ForbidForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should this pair never be proposed?"),
        max_length=500,
        help_text=_("Kept with the decision; visible to program managers only."),
    )


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have reviewed the proposals: send them to both people of each pair."), required=True
    )


class PersonChoiceField(forms.ModelChoiceField[Person]):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


def _enrolled(program: Program, *roles: str) -> Any:
    return (
        Person.objects.filter(
            enrolments__program=program, enrolments__status=EnrolmentStatus.APPROVED, enrolments__role__in=roles
        )
        .only("pk", "first_name", "last_name")
        .order_by("last_name", "first_name", "pk")
    )


class ManualPairForm(forms.Form):
    junior = PersonChoiceField(label=_("Junior"), queryset=Person.objects.none(), empty_label=_("Choose a junior"))
    senior = PersonChoiceField(label=_("Senior"), queryset=Person.objects.none(), empty_label=_("Choose a senior"))
    allow_reporting_line = forms.BooleanField(
        label=_("Allow this pair even though one is in the other's reporting line"), required=False
    )
    reason = forms.CharField(
        label=_("Reason for allowing it"),
        max_length=500,
        required=False,
        help_text=_("Required when you allow a pair inside a reporting line; it is logged."),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["junior"].queryset = _enrolled(program, EnrolmentRole.JUNIOR, EnrolmentRole.EITHER)  # type: ignore[attr-defined]
        self.fields["senior"].queryset = _enrolled(program, EnrolmentRole.SENIOR, EnrolmentRole.EITHER)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("allow_reporting_line") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please give a reason: it is kept with the decision."))
        junior, senior = data.get("junior"), data.get("senior")
        if junior is not None and senior is not None and junior.pk == senior.pk:
            self.add_error("senior", _("Choose two different people."))
        return data
