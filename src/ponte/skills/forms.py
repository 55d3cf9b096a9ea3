from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class OrganizationSkillForm(forms.Form):
    name_it = forms.CharField(label=_("Name in Italian"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    description_it = forms.CharField(
        label=_("Description in Italian"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_en = forms.CharField(
        label=_("Description in English"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OrganizationSkillEditForm(OrganizationSkillForm):
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Inactive skills can no longer be chosen; people who already listed them keep them."),
    )
