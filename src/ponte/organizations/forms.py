from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Department, Organization


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.ModelChoiceField(
        label=_("Part of"), queryset=Department.objects.none(), required=False, empty_label=_("— top level —")
    )

    def __init__(
        self, *args: Any, organization: Organization, exclude: Department | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        parents = Department.objects.for_organization(organization)
        if exclude is not None:
            parents = parents.exclude(pk=exclude.pk)
        parent: Any = self.fields["parent"]
        parent.queryset = parents
