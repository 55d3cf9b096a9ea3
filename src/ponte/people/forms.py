from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ponte.core.validators import available_time_zones
from ponte.organizations.models import Department, Organization, Role

from .choices import Channel, Weekday, language_label, spoken_language_codes
from .models import Person
from .services import Window

COMMON_LANGUAGES = ("it", "en", "fr", "de", "es", "pt", "ro", "pl", "nl", "sq", "ar", "zh", "ru", "uk", "hi", "ja")
PHOTO_MAX_BYTES = 3 * 1024 * 1024
# Availability is chosen in two-hour blocks: fine enough to find common time, few enough
# checkboxes to stay easy to use with a keyboard or a screen reader.
BLOCKS = [(time(h), time(h + 2)) for h in range(8, 20, 2)]


def language_choices(current: list[str]) -> list[tuple[str, str]]:
    known = spoken_language_codes()
    codes = list(COMMON_LANGUAGES) + [code for code in current if code not in COMMON_LANGUAGES]
    return [(code, language_label(code)) for code in codes if code in known]


def time_zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone.replace("_", " ")) for zone in sorted(available_time_zones()) if "/" in zone]


class ProfileForm(forms.ModelForm[Person]):
    """What people may change about themselves; HR-owned fields are not here."""

    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"), widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "job_title", "location", "time_zone", "languages", "birth_year", "bio"]
        widgets: dict[str, forms.Widget] = {"bio": forms.Textarea(attrs={"rows": 4, "maxlength": 1000})}
        help_texts = {
            "birth_year": _(
                "Optional. Only the year is kept, to show the mix of generations in reports; nobody sees your age."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages: Any = self.fields["languages"]
        languages.choices = language_choices(list(self.instance.languages or []))
        for code in Channel.values:
            self.fields[f"rank_{code}"] = forms.TypedChoiceField(
                label=Channel(code).label,
                choices=[("", _("Not for me"))] + [(str(n), str(n)) for n in range(1, len(Channel) + 1)],
                coerce=int,
                empty_value=None,
                required=False,
                initial=self._rank_of(code),
            )

    def _rank_of(self, code: str) -> str:
        channels = list(self.instance.channels or [])
        return str(channels.index(code) + 1) if code in channels else ""

    @property
    def channel_fields(self) -> list[forms.BoundField]:
        return [self[f"rank_{code}"] for code in Channel.values]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ranked = [(data.get(f"rank_{code}"), code) for code in Channel.values]
        chosen = [(rank, code) for rank, code in ranked if rank is not None]
        if len({rank for rank, _code in chosen}) != len(chosen):
            raise ValidationError(_("Give each channel a different position, or leave it as “Not for me”."))
        data["channels"] = [code for _rank, code in sorted(chosen)]
        self.instance.channels = data["channels"]
        return data


class PersonAdminForm(ProfileForm):
    """Everything an organisation admin can set, including HR-owned fields."""

    role = forms.ChoiceField(label=_("Role in Ponte"), choices=Role.choices, required=False)

    class Meta(ProfileForm.Meta):
        fields = [
            *ProfileForm.Meta.fields,
            "email",
            "employee_number",
            "department",
            "manager",
            "hired_on",
            "is_active",
        ]
        widgets: dict[str, forms.Widget] = {
            **ProfileForm.Meta.widgets,
            "hired_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department: Any = self.fields["department"]
        department.queryset = Department.objects.for_organization(organization)
        manager: Any = self.fields["manager"]
        managers = Person.objects.for_organization(organization).active()
        if self.instance.pk:
            managers = managers.exclude(pk=self.instance.pk)
        manager.queryset = managers.only("id", "first_name", "last_name")
        if self.instance.pk is None or self.instance.user_id is None:
            del self.fields["role"]


class AvailabilityForm(forms.Form):
    def __init__(self, *args: Any, initial_windows: list[Window] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial_windows = initial_windows or []
        for day in Weekday:
            for start, end in BLOCKS:
                checked = any(w.weekday == day and w.start < end and start < w.end for w in self.initial_windows)
                self.fields[f"d{day.value}_{start.hour}"] = forms.BooleanField(
                    label=_("%(day)s from %(start)s to %(end)s")
                    % {"day": day.label, "start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")},
                    required=False,
                    initial=checked,
                )

    @property
    def rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(day.label), [self[f"d{day.value}_{start.hour}"] for start, _end in BLOCKS]) for day in Weekday]

    @property
    def columns(self) -> list[str]:
        return [f"{start:%H:%M}–{end:%H:%M}" for start, end in BLOCKS]

    def windows(self) -> list[Window]:
        """The new weekly windows. A day whose ticks were left as they were keeps its exact
        windows (e.g. 15:00–17:00 from an HR import), instead of being rounded to the grid."""
        result: list[Window] = []
        for day in Weekday:
            names = [f"d{day.value}_{start.hour}" for start, _end in BLOCKS]
            if all(self.cleaned_data.get(name) == self.fields[name].initial for name in names):
                result.extend(w for w in self.initial_windows if w.weekday == day)
                continue
            result.extend(
                Window(day.value, start, end)
                for (start, end), name in zip(BLOCKS, names, strict=True)
                if self.cleaned_data.get(name)
            )
        return result


class PhotoForm(forms.Form):
    photo = forms.ImageField(label=_("Photo"), help_text=_("JPEG or PNG, up to 3 MB."))

    def clean_photo(self) -> Any:
        photo = self.cleaned_data["photo"]
        if photo.size > PHOTO_MAX_BYTES:
            raise ValidationError(_("The photo is larger than 3 MB."))
        image = getattr(photo, "image", None)
        if image is None or image.format not in {"JPEG", "PNG"}:
            raise ValidationError(_("Upload a JPEG or PNG picture."))
        return photo


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name, email or job title"), required=False, max_length=100)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False, empty_label=_("All departments")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", pgettext_lazy("people filter", "Active")),
            ("all", pgettext_lazy("people filter", "Everyone")),
            ("inactive", pgettext_lazy("people filter", "Inactive")),
            ("no_account", pgettext_lazy("people filter", "Without an account")),
        ],
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department: Any = self.fields["department"]
        department.queryset = Department.objects.for_organization(organization)
