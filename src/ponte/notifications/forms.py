from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .catalogue import Group, Kind
from .selectors import Channels


@dataclass(frozen=True)
class PreferenceRow:
    kind: Kind
    email: forms.BoundField
    in_app: forms.BoundField


class PreferencesForm(forms.Form):
    """Two checkboxes per kind of message the member may set. Only the groups given become
    fields, so a posted kind outside them (a forged name, or a manager's kind sent by a
    participant) is never read."""

    def __init__(self, *args: Any, groups: Sequence[Group], current: Mapping[str, Channels], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = groups
        for group in groups:
            for kind in group.kinds:
                chosen = current.get(kind.key, Channels())
                self.fields[f"{kind.key}-email"] = forms.BooleanField(
                    label=_("Email: %(message)s") % {"message": kind.label}, required=False, initial=chosen.email
                )
                self.fields[f"{kind.key}-in_app"] = forms.BooleanField(
                    label=_("In the app: %(message)s") % {"message": kind.label},
                    required=False,
                    initial=chosen.in_app,
                )

    @property
    def tables(self) -> list[tuple[Group, list[PreferenceRow]]]:
        return [(group, [self._row(kind) for kind in group.kinds]) for group in self.groups]

    def _row(self, kind: Kind) -> PreferenceRow:
        return PreferenceRow(kind, self[f"{kind.key}-email"], self[f"{kind.key}-in_app"])

    def choices(self) -> dict[str, Channels]:
        return {
            kind.key: Channels(
                email=bool(self.cleaned_data.get(f"{kind.key}-email")),
                in_app=bool(self.cleaned_data.get(f"{kind.key}-in_app")),
            )
            for group in self.groups
            for kind in group.kinds
        }
