"""The meeting form: a date and a time on the viewer's clock, a length, a channel and details."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MeetingChannel
from .services import MAX_MINUTES, MIN_MINUTES


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration = forms.IntegerField(
        label=_("Length in minutes"),
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        widget=forms.NumberInput(attrs={"step": 5}),
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=MeetingChannel.choices)
    location = forms.CharField(
        label=_("Place (for a meeting in person)"),
        max_length=200,
        required=False,
    )
    video_url = forms.URLField(
        label=_("Video link (optional)"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Leave empty for a new Jitsi room, or paste a Teams or Zoom link (https://…)."),
    )
    phone_note = forms.CharField(label=_("Phone details (optional)"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(zone)
        self.fields["time"].help_text = _("On your clock (%(zone)s).") % {"zone": zone}

    def clean_video_url(self) -> str:
        value: str = self.cleaned_data.get("video_url", "")
        if value and not value.lower().startswith("https://"):
            raise forms.ValidationError(_("Enter a video link that starts with https://."), code="https")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("channel") == MeetingChannel.IN_PERSON and not data.get("location", "").strip():
            self.add_error("location", _("Say where you will meet in person."))
        return data

    @property
    def starts_at(self) -> datetime:
        """The start as an aware moment: the date and time read on the viewer's clock."""
        return datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"], tzinfo=self.zone)
