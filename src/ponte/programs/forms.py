"""Forms of the program pages: they parse the request; the services check the business rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ponte.organizations.models import Organization
from ponte.people.models import Person
from ponte.skills.models import Framework, ProficiencyLevel, Skill, SkillArea

from .models import EnrolmentRole, EnrolmentStatus, Program
from .selectors import ProfileSkills, group_skills
from .services import MAX_PREFER, PROGRAM_FIELDS, RULE_FIELDS, RULES_LOCKED, EnrolmentData, OfferChoice, WantChoice

#: Frameworks suggested for a new program: juniors teach digital skills, seniors entrepreneurial ones.
DEFAULT_JUNIOR_FRAMEWORK = "digcomp"
DEFAULT_SENIOR_FRAMEWORK = "entrecomp"

ADVANCED_FIELDS = (
    "require_different_department",
    "forbid_reporting_line",
    "reporting_line_depth",
    "max_time_zone_hours",
    "min_score",
    "priority",
    "skill_combine",
    "checkin_first_days",
    "checkin_every_days",
)
WEIGHT_FIELDS = (
    "weight_forward",
    "weight_reverse",
    "weight_availability",
    "weight_channel",
    "weight_language",
    "weight_wish",
)


@dataclass(frozen=True)
class SkillBox:
    skill: Skill
    checked: bool


class ProgramForm(forms.ModelForm[Program]):
    junior_skills: forms.ModelMultipleChoiceField[Skill] = forms.ModelMultipleChoiceField(
        label=_("What juniors teach"), queryset=Skill.objects.none(), required=False
    )
    senior_skills: forms.ModelMultipleChoiceField[Skill] = forms.ModelMultipleChoiceField(
        label=_("What seniors teach back"), queryset=Skill.objects.none(), required=False
    )

    class Meta:
        model = Program
        fields = [*PROGRAM_FIELDS, "junior_skills", "senior_skills"]
        widgets: dict[str, forms.Widget] = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "slug": _("Used in links and on the command line. Leave empty to make one from the name."),
            "junior_capacity": _("How many seniors one junior may mentor at the same time (1 to 3)."),
            "min_score": _("Pairs scoring below this (0 to 1) are never proposed."),
            "response_days": _("How long both people have to accept or decline a proposal."),
            "checkin_first_days": _("Days after a pair starts before each person gets their first check-in."),
            "checkin_every_days": _("Days between the next check-ins."),
        }

    def __init__(self, *args: Any, organization: Organization, catalogue: list[Skill], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        for name in ("junior_skills", "senior_skills"):
            field: Any = self.fields[name]
            field.queryset = Skill.objects.visible_to(organization)
        self.fields["slug"].required = False
        self.rules_locked = self.instance.status in RULES_LOCKED
        if self.rules_locked:
            for name in RULE_FIELDS:
                self.fields[name].disabled = True
        if self.instance.pk is None and not self.is_bound:
            for name, code in (
                ("junior_skills", DEFAULT_JUNIOR_FRAMEWORK),
                ("senior_skills", DEFAULT_SENIOR_FRAMEWORK),
            ):
                if not self.initial.get(name):
                    self.initial[name] = [s.pk for s in catalogue if s.area.framework.code == code]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The program must end after it starts."))
        return data

    def _checked(self, name: str) -> set[str]:
        value = self[name].value() or []
        return {str(getattr(item, "pk", item)) for item in value}

    def _groups(self, name: str) -> list[tuple[Framework, bool, list[tuple[Any, list[SkillBox]]]]]:
        checked = self._checked(name)
        result = []
        for framework, areas in group_skills(self.catalogue):
            boxes = [(area, [SkillBox(skill, str(skill.pk) in checked) for skill in skills]) for area, skills in areas]
            any_checked = any(box.checked for _area, area_boxes in boxes for box in area_boxes)
            result.append((framework, any_checked, boxes))
        return result

    @property
    def junior_groups(self) -> list[tuple[Framework, bool, list[tuple[Any, list[SkillBox]]]]]:
        return self._groups("junior_skills")

    @property
    def senior_groups(self) -> list[tuple[Framework, bool, list[tuple[Any, list[SkillBox]]]]]:
        return self._groups("senior_skills")

    def fields_named(self, names: tuple[str, ...]) -> list[forms.BoundField]:
        return [self[name] for name in names]

    @property
    def basic_fields(self) -> list[forms.BoundField]:
        return self.fields_named(("name", "slug", "description"))

    @property
    def schedule_fields(self) -> list[forms.BoundField]:
        return self.fields_named(
            ("starts_on", "ends_on", "cadence_days", "meeting_minutes", "junior_capacity", "response_days")
        )

    @property
    def advanced_fields(self) -> list[forms.BoundField]:
        return self.fields_named(ADVANCED_FIELDS)

    @property
    def weight_fields(self) -> list[forms.BoundField]:
        return self.fields_named(WEIGHT_FIELDS)


class TransitionForm(forms.Form):
    to = forms.CharField(max_length=20)


class EnrolmentFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("All roles")), *EnrolmentRole.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *EnrolmentStatus.choices], required=False
    )


def _level_names(frameworks: set[int]) -> dict[tuple[int, int], str]:
    return {
        (level.framework_id, level.number): level.name
        for level in ProficiencyLevel.objects.filter(framework_id__in=frameworks)
    }


@dataclass(frozen=True)
class OfferRow:
    skill: Skill
    check: forms.BoundField
    level: forms.BoundField


@dataclass(frozen=True)
class WantRow:
    skill: Skill
    check: forms.BoundField
    level: forms.BoundField
    target: forms.BoundField


@dataclass(frozen=True)
class SkillSection[R: (OfferRow, WantRow)]:
    """One framework's rows on the enrol form: the ticked ones up front, the rest by area, folded away."""

    framework: Framework
    chosen: list[R]
    more: list[tuple[SkillArea, list[R]]]


def _ticked(row: OfferRow | WantRow) -> bool:
    # The bound value when the form was posted (a row ticked before an error stays up front), else the pre-fill.
    return bool(row.check.value())


def _sections[R: (OfferRow, WantRow)](rows: list[R]) -> list[SkillSection[R]]:
    sections: list[SkillSection[R]] = []
    for framework, framework_rows in _by_framework(rows):
        more: list[tuple[SkillArea, list[R]]] = []
        for row in framework_rows:
            if _ticked(row):
                continue
            if more and more[-1][0].pk == row.skill.area_id:
                more[-1][1].append(row)
            else:
                more.append((row.skill.area, [row]))
        sections.append(SkillSection(framework, [row for row in framework_rows if _ticked(row)], more))
    return sections


def _skill_order(skill: Skill) -> tuple[int, ...]:
    area = skill.area
    return (area.framework.position, area.framework_id, area.position, area.pk, skill.position, skill.pk)


class EnrolmentForm(forms.Form):
    """Opt-in to a program. Skill rows depend on the role: what this person may teach and learn."""

    role = forms.ChoiceField(label=_("I take part as"), choices=EnrolmentRole.choices, widget=forms.RadioSelect)
    motivation = forms.CharField(
        label=_("Why do you want to take part?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    goals = forms.CharField(
        label=_("What do you hope to get out of it?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    availability_confirmed = forms.BooleanField(
        label=_("My weekly availability in my profile is up to date"),
        error_messages={"required": _("Please check your availability and confirm it is up to date.")},
    )
    prefer = forms.ModelMultipleChoiceField(
        label=_("I would like to be paired with"), queryset=Person.objects.none(), required=False
    )
    avoid = forms.ModelMultipleChoiceField(
        label=_("I must not be paired with"), queryset=Person.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        person: Person,
        role: str,
        junior_skills: list[Skill],
        senior_skills: list[Skill],
        prefill: ProfileSkills,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        colleagues = Person.objects.for_organization(person.organization).active().exclude(pk=person.pk)
        for name in ("prefer", "avoid"):
            field: Any = self.fields[name]
            field.queryset = colleagues
        if self.is_bound and self.data.get("role") in EnrolmentRole.values:
            role = str(self.data["role"])
        self.current_role = role
        junior_ids = {s.pk for s in junior_skills}
        senior_ids = {s.pk for s in senior_skills}
        everything = {s.pk: s for s in [*junior_skills, *senior_skills]}
        if role == EnrolmentRole.JUNIOR:
            offer_ids, want_ids = junior_ids, senior_ids
        elif role == EnrolmentRole.SENIOR:
            offer_ids, want_ids = senior_ids, junior_ids
        else:
            offer_ids = want_ids = junior_ids | senior_ids
        ordered = sorted(
            everything.values(),
            key=lambda s: (
                s.area.framework.position,
                s.area.framework_id,
                s.area.position,
                s.area_id,
                s.position,
                s.pk,
            ),
        )
        self.offer_skills = [s for s in ordered if s.pk in offer_ids]
        self.want_skills = [s for s in ordered if s.pk in want_ids]
        names = _level_names({s.area.framework_id for s in ordered})

        def label(skill: Skill, number: int) -> str:
            if number == 0:
                return str(_("0 · Not yet"))
            name = names.get((skill.area.framework_id, number))
            return f"{number} · {name}" if name else str(number)

        for skill in self.offer_skills:
            top = skill.area.framework.max_level
            level = prefill.offers.get(skill.pk)
            self.fields[f"offer_{skill.pk}"] = forms.BooleanField(
                label=_("I can teach “%(skill)s”") % {"skill": skill.name}, required=False, initial=level is not None
            )
            self.fields[f"offer_level_{skill.pk}"] = forms.TypedChoiceField(
                label=_("My level in “%(skill)s”") % {"skill": skill.name},
                choices=[(n, label(skill, n)) for n in range(1, top + 1)],
                coerce=int,
                required=False,
                empty_value=None,
                initial=min(level or 4, top),
            )
        for skill in self.want_skills:
            top = skill.area.framework.max_level
            current, target = prefill.wants.get(skill.pk, (None, None))
            self.fields[f"want_{skill.pk}"] = forms.BooleanField(
                label=_("I want to learn “%(skill)s”") % {"skill": skill.name},
                required=False,
                initial=current is not None,
            )
            self.fields[f"want_level_{skill.pk}"] = forms.TypedChoiceField(
                label=_("Where I am now in “%(skill)s”") % {"skill": skill.name},
                choices=[(n, label(skill, n)) for n in range(top)],
                coerce=int,
                required=False,
                empty_value=None,
                initial=min(current or 0, top - 1),
            )
            self.fields[f"want_target_{skill.pk}"] = forms.TypedChoiceField(
                label=_("My goal in “%(skill)s”") % {"skill": skill.name},
                choices=[(n, label(skill, n)) for n in range(1, top + 1)],
                coerce=int,
                required=False,
                empty_value=None,
                initial=min(target or 3, top),
            )

    @property
    def offer_rows(self) -> list[OfferRow]:
        return [OfferRow(s, self[f"offer_{s.pk}"], self[f"offer_level_{s.pk}"]) for s in self.offer_skills]

    @property
    def want_rows(self) -> list[WantRow]:
        return [
            WantRow(s, self[f"want_{s.pk}"], self[f"want_level_{s.pk}"], self[f"want_target_{s.pk}"])
            for s in self.want_skills
        ]

    @property
    def offer_sections(self) -> list[SkillSection[OfferRow]]:
        return _sections(self.offer_rows)

    @property
    def want_sections(self) -> list[SkillSection[WantRow]]:
        return _sections(self.want_rows)

    def _forget_unticked_levels(self) -> None:
        """Levels of unticked rows are hidden and never stored, so a bad value there is no error either."""
        rows: list[tuple[str, tuple[str, ...]]] = [
            (f"offer_{s.pk}", (f"offer_level_{s.pk}",)) for s in self.offer_skills
        ] + [(f"want_{s.pk}", (f"want_level_{s.pk}", f"want_target_{s.pk}")) for s in self.want_skills]
        for check, levels in rows:
            if not self.cleaned_data.get(check):
                for name in levels:
                    self.errors.pop(name, None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._forget_unticked_levels()
        prefer, avoid = list(data.get("prefer") or []), list(data.get("avoid") or [])
        if len(prefer) > MAX_PREFER:
            self.add_error("prefer", _("Choose at most 3 colleagues you would like to be paired with."))
        if {p.pk for p in prefer} & {p.pk for p in avoid}:
            raise ValidationError(
                _("The same colleague cannot be both someone you would like and someone you must not be paired with.")
            )
        # Level selects of unticked rows are ignored; a ticked row needs its levels.
        for skill in self.offer_skills:
            if data.get(f"offer_{skill.pk}") and data.get(f"offer_level_{skill.pk}") is None:
                self.add_error(f"offer_level_{skill.pk}", _("Choose your level."))
        for skill in self.want_skills:
            if data.get(f"want_{skill.pk}"):
                level, target = data.get(f"want_level_{skill.pk}"), data.get(f"want_target_{skill.pk}")
                if level is None or target is None:
                    self.add_error(f"want_target_{skill.pk}", _("Choose where you are now and your goal."))
                elif target <= level:
                    self.add_error(f"want_target_{skill.pk}", _("Your goal must be higher than your current level."))
        return data

    def to_data(self) -> EnrolmentData:
        data = self.cleaned_data
        return EnrolmentData(
            role=data["role"],
            motivation=data.get("motivation", ""),
            goals=data.get("goals", ""),
            availability_confirmed=bool(data.get("availability_confirmed")),
            offers=[
                OfferChoice(skill, data[f"offer_level_{skill.pk}"])
                for skill in self.offer_skills
                if data.get(f"offer_{skill.pk}")
            ],
            wants=[
                WantChoice(skill, data[f"want_level_{skill.pk}"], data[f"want_target_{skill.pk}"])
                for skill in self.want_skills
                if data.get(f"want_{skill.pk}")
            ],
            prefer=list(data.get("prefer") or []),
            avoid=list(data.get("avoid") or []),
        )


def _by_framework[R: (OfferRow, WantRow)](rows: list[R]) -> list[tuple[Framework, list[R]]]:
    groups: list[tuple[Framework, list[R]]] = []
    for row in rows:
        framework = row.skill.area.framework
        if groups and groups[-1][0].pk == framework.pk:
            groups[-1][1].append(row)
        else:
            groups.append((framework, [row]))
    return groups
