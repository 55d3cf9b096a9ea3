"""Forms of the library's reading side: the search filters and a comment on a pill.

Every choice is limited to the viewer's organisation (and the authors to people whose pills the
viewer can see), so another organisation's id is just an invalid choice: a 400, never a leak.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.organizations.models import Organization
from ponte.people.models import Person
from ponte.programs.models import Program
from ponte.skills.models import Skill, SkillArea

from .engagement import COMMENT_MAX_LENGTH
from .models import PillKind, PillQuerySet
from .related import links

SEARCH_MAX_LENGTH = 200
#: Pages beyond this answer 400: nobody reads them, and deep offsets cost the database.
MAX_PAGE = 500


class PersonChoiceField(forms.ModelChoiceField[Person]):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class AreaChoiceField(forms.ModelChoiceField[SkillArea]):
    def label_from_instance(self, obj: SkillArea) -> str:
        # Area codes repeat across frameworks ("1" in DigComp and in EntreComp): name the framework.
        return f"{obj.framework.name}: {obj.name}"


class SkillChoiceField(forms.ModelChoiceField[Skill]):
    def label_from_instance(self, obj: Skill) -> str:
        return obj.name


class PillFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search the library"), required=False, max_length=SEARCH_MAX_LENGTH, widget=forms.SearchInput
    )
    area = AreaChoiceField(
        label=_("Skill area"), queryset=SkillArea.objects.none(), required=False, empty_label=_("Any area")
    )
    skill = SkillChoiceField(
        label=_("Skill"), queryset=Skill.objects.none(), required=False, empty_label=_("Any skill")
    )
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Any type")), *PillKind.choices])
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *settings.LANGUAGES]
    )
    author = PersonChoiceField(
        label=_("Author"), queryset=Person.objects.none(), required=False, empty_label=_("Anyone")
    )
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.none(), required=False, empty_label=_("Any program")
    )
    date_from = forms.DateField(
        label=_("Published from"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Published until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput)

    #: The filters besides the search words and the page: set ones show the filters open.
    FILTERS = ("area", "skill", "kind", "language", "author", "program", "date_from", "date_to")

    def __init__(self, *args: Any, organization: Organization, visible: PillQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        skills = Skill.objects.visible_to(organization).order_by("name")
        self.fields["skill"].queryset = skills  # type: ignore[attr-defined]
        self.fields["area"].queryset = SkillArea.objects.filter(  # type: ignore[attr-defined]
            Q(framework__organization__isnull=True) | Q(framework__organization=organization)
        ).select_related("framework")
        self.fields["author"].queryset = Person.objects.for_organization(organization).filter(  # type: ignore[attr-defined]
            pk__in=visible.values("author_id")
        )
        self.fields["program"].queryset = Program.objects.for_organization(organization)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data

    @property
    def has_filters(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.FILTERS)

    def filter(self, pills: PillQuerySet) -> PillQuerySet:
        """The pills that match the filters (not the search words: the search engine ranks those)."""
        data = self.cleaned_data
        if data.get("area"):
            pills = pills.filter(pk__in=_with_skills(Skill.objects.filter(area=data["area"])))
        if data.get("skill"):
            pills = pills.filter(pk__in=_with_skills(Skill.objects.filter(pk=data["skill"].pk)))
        if data.get("kind"):
            pills = pills.filter(kind=data["kind"])
        if data.get("language"):
            pills = pills.filter(language=data["language"])
        if data.get("author"):
            pills = pills.filter(author=data["author"])
        if data.get("program"):
            pills = pills.filter(program=data["program"])
        if data.get("date_from"):
            pills = pills.filter(published_at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            pills = pills.filter(published_at__lt=_start_of(data["date_to"] + timedelta(days=1)))
        return pills


def _with_skills(skills: QuerySet[Skill]) -> QuerySet[Any]:
    return links("skills").filter(skill__in=skills).values("pill_id")


def _start_of(day: date) -> datetime:
    """Midnight of ``day`` on the viewer's clock: dates in the filter are the viewer's dates."""
    return timezone.make_aware(datetime.combine(day, time.min))


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Everyone who can see this pill can read your comment."),
    )
