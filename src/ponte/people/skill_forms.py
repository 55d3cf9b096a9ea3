"""Forms of the skills editor: they parse the request; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.skills.models import Skill


class _SkillForm(forms.Form):
    skill: forms.ModelChoiceField[Skill] = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.select_related("area__framework"),
        error_messages={"invalid_choice": _("Choose a skill from the list.")},
    )
    mode = forms.ChoiceField(choices=[("add", "add"), ("edit", "edit")], required=False)

    @property
    def adding(self) -> bool:
        return self.cleaned_data.get("mode") == "add"


class SkillOfferForm(_SkillForm):
    level = forms.IntegerField(label=_("Level"), min_value=1, max_value=8)


class SkillWantForm(_SkillForm):
    current_level = forms.IntegerField(label=_("Current level"), min_value=0, max_value=7)
    target_level = forms.IntegerField(label=_("Goal"), min_value=1, max_value=8)


class SkillRemoveForm(_SkillForm):
    pass
