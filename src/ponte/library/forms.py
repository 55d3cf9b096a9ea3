"""Forms for writing, sharing and reviewing pills: they parse the request and offer only what the
author may choose; the services check the rules again (a forged id is a form error, never a 500).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ponte.core.errors import DomainError
from ponte.organizations.models import Membership
from ponte.pairs.models import Pair
from ponte.people.models import Person
from ponte.programs.forms import SkillBox
from ponte.programs.models import Program
from ponte.programs.selectors import catalogue_for, group_skills
from ponte.skills.models import Framework, Skill

from .media import ACCEPT
from .models import AUDIENCE_ORDER, Audience, OrgStatus, Pill
from .services import (
    REVIEW_NOTE_MAX,
    PillData,
    Target,
    author_pairs,
    author_programs,
    check_link,
    granted_audience,
    split_tags,
    tag_names,
)

CAPTIONS_ACCEPT = ".vtt,.srt,text/vtt"
MISSING = {
    "recipient": _("Choose the colleague this pill is for."),
    "pair": _("Choose one of your pairs."),
    "program": _("Choose a program."),
}

type SkillGroups = list[tuple[Framework, bool, list[tuple[Any, list[SkillBox]]]]]


def _pick[T](allowed: dict[int, T], value: object) -> T | None:
    """The allowed object whose id was posted: anything else (another organisation's, junk) is None."""
    try:
        return allowed.get(int(str(value)))
    except (TypeError, ValueError):
        return None


class PillForm(forms.Form):
    """The pill itself: text, skills, tags, and a file or a link."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences: what will someone learn from this pill?"),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Steps, tips, links. You can use Markdown: **bold**, *italic*, lists with -, [a link](https://…)."),
    )
    language = forms.ChoiceField(label=_("Language of the pill"))
    skills: forms.ModelMultipleChoiceField[Skill] = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=Skill.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Choose skills from the list."),
            "invalid_pk_value": _("Choose skills from the list."),
        },
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=800,
        required=False,
        help_text=_("Words people might search for, separated by commas (at most 10)."),
    )
    media_file = forms.FileField(
        label=_("Video, audio, image or PDF"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=_("Upload a file, or record one below. Leave it empty for a text pill or a link."),
    )
    external_url = forms.CharField(
        label=_("Or a link"),
        max_length=500,
        required=False,
        widget=forms.URLInput(),
        help_text=_("A page or video elsewhere, starting with https://."),
    )
    captions = forms.FileField(
        label=_("Captions (WebVTT or SRT)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": CAPTIONS_ACCEPT}),
        help_text=_("For a video or audio file: the words spoken, timed. They also make the pill searchable."),
    )

    def __init__(self, *args: Any, author: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.author = author
        language: Any = self.fields["language"]
        language.choices = settings.LANGUAGES
        language.initial = author.ui_language
        self.catalogue = catalogue_for(author.organization)
        skills: Any = self.fields["skills"]
        skills.queryset = Skill.objects.visible_to(author.organization)

    def clean_tags(self) -> list[str]:
        names = split_tags(self.cleaned_data.get("tags", ""))
        try:
            return [name for _slug, name in tag_names(names)]
        except DomainError as error:
            raise forms.ValidationError(str(error.message), code=error.code) from None

    def clean_external_url(self) -> str:
        try:
            return check_link(self.cleaned_data.get("external_url", ""))
        except DomainError as error:
            raise forms.ValidationError(str(error.message), code=error.code) from None

    @property
    def skill_groups(self) -> SkillGroups:
        value = self["skills"].value() or []
        checked = {str(getattr(item, "pk", item)) for item in value}
        result = []
        for framework, areas in group_skills(self.catalogue):
            boxes = [(area, [SkillBox(skill, str(skill.pk) in checked) for skill in skills]) for area, skills in areas]
            any_checked = any(box.checked for _area, area_boxes in boxes for box in area_boxes)
            result.append((framework, any_checked, boxes))
        return result

    def pill_data(self, target: Target | None = None) -> PillData:
        data = self.cleaned_data
        return PillData(
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            language=data["language"],
            external_url=data["external_url"],
            skills=list(data["skills"]),
            tags=data["tags"],
            target=target,
        )


class PillEditForm(PillForm):
    remove_media = forms.BooleanField(label=_("Remove the file"), required=False)
    remove_captions = forms.BooleanField(label=_("Remove the captions"), required=False)

    def __init__(self, *args: Any, pill: Pill, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pill = pill
        self.fields["media_file"].label = _("Replace the file") if pill.has_media else _("Video, audio, image or PDF")
        self.fields["media_file"].help_text = (
            _("A new file replaces the current one and its captions, unless you upload new captions too.")
            if pill.has_media
            else _("Upload a file, or record one below. Leave it empty for a text pill or a link.")
        )
        self.fields["captions"].label = (
            _("Replace the captions (WebVTT or SRT)") if pill.captions else _("Captions (WebVTT or SRT)")
        )


def initial_for(pill: Pill) -> dict[str, Any]:
    """The edit form's starting values: the pill as it is."""
    return {
        "title": pill.title,
        "summary": pill.summary,
        "body": pill.body,
        "language": pill.language,
        "skills": [skill.pk for skill in pill.skills.all()],
        "tags": ", ".join(tag.name for tag in pill.tags.all()),
        "external_url": pill.external_url,
    }


@dataclass(frozen=True)
class Choices:
    """What an author may address a pill to, found once per request."""

    partners: list[Person]
    members: list[Person]
    pairs: list[Pair]
    programs: list[Program]


def audience_choices(author: Person) -> Choices:
    pairs = author_pairs(author)
    partner_ids = {pair.partner_of(author).pk for pair in pairs}
    member_user_ids = Membership.objects.for_organization(author.organization).values("user_id")
    members = list(
        Person.objects.for_organization(author.organization)
        .active()
        .filter(user_id__in=member_user_ids)
        .exclude(pk=author.pk)
        .order_by("last_name", "first_name", "pk")
    )
    return Choices(
        partners=[person for person in members if person.pk in partner_ids],
        members=members,
        pairs=pairs,
        programs=author_programs(author),
    )


def _person_label(person: Person) -> str:
    return f"{person.full_name} — {person.job_title}" if person.job_title else person.full_name


def _pair_label(pair: Pair, author: Person) -> str:
    return f"{pair.partner_of(author).full_name} — {pair.program.name}"


class AudienceForm(forms.Form):
    """Who the pill is for. The audiences offered are those the author may still widen to."""

    audience = forms.ChoiceField(label=_("Who is this pill for?"), widget=forms.RadioSelect)
    recipient = forms.ChoiceField(label=_("Colleague"), required=False)
    pair = forms.ChoiceField(label=_("Pair"), required=False)
    program = forms.ChoiceField(label=_("Program"), required=False)
    consent = forms.BooleanField(required=False)

    def __init__(self, *args: Any, author: Person, choices: Choices, pill: Pill | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.author = author
        self.choices = choices
        self._people = {person.pk: person for person in choices.members}
        self._pairs = {pair.pk: pair for pair in choices.pairs}
        self._programs = {program.pk: program for program in choices.programs}
        self._set_choices("audience", [(value, Audience(value).label) for value in self.offered(pill)])
        self.fields["consent"].label = _("I agree that everyone in %(organization)s may see this pill") % {
            "organization": author.organization.name
        }
        empty = [("", _("Choose…"))]
        partners = [(str(p.pk), _person_label(p)) for p in choices.partners]
        everyone = [(str(p.pk), _person_label(p)) for p in choices.members]
        grouped: list[Any] = empty
        if partners:
            grouped = [*empty, (_("Your partners"), partners), (_("Everyone"), everyone)]
        else:
            grouped = [*empty, *everyone]
        self._set_choices("recipient", grouped)
        self._set_choices("pair", [*empty, *((str(p.pk), _pair_label(p, author)) for p in choices.pairs)])
        self._set_choices("program", [*empty, *((str(p.pk), p.name) for p in choices.programs)])
        for name in ("recipient", "pair", "program"):
            self.fields[name].error_messages["invalid_choice"] = _("Choose from the list.")

    def _set_choices(self, name: str, choices: list[Any]) -> None:
        field: Any = self.fields[name]
        field.choices = choices

    def offered(self, pill: Pill | None) -> list[str]:
        """The audiences the author can pick: for an existing pill only wider ones (and the
        organisation, if not asked for yet or declined); a pair or program only if they have one."""
        current = granted_audience(pill) if pill is not None else None
        start = AUDIENCE_ORDER.index(Audience(current)) + 1 if current is not None else 0
        available = {
            Audience.PERSON: bool(self.choices.members),
            Audience.PAIR: bool(self.choices.pairs),
            Audience.PROGRAM: bool(self.choices.programs),
        }
        offered = [str(value) for value in AUDIENCE_ORDER[start:] if available.get(value, False)]
        if pill is None or pill.org_status in (OrgStatus.NOT_REQUESTED, OrgStatus.DECLINED):
            offered.append(Audience.ORGANIZATION)
        return offered

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        audience = data.get("audience")
        data["recipient"] = self._required(data, audience == Audience.PERSON, "recipient", self._people)
        data["pair"] = self._required(data, audience == Audience.PAIR, "pair", self._pairs)
        data["program"] = self._required(data, audience == Audience.PROGRAM, "program", self._programs)
        if audience == Audience.ORGANIZATION and not data.get("consent"):
            self.add_error("consent", _("Tick the box to agree that everyone in your organisation may see this pill."))
        return data

    def _required[T](self, data: dict[str, Any], chosen: bool, name: str, allowed: dict[int, T]) -> T | None:
        """The object picked for the chosen audience (an error if none); None for the others."""
        if not chosen:
            return None
        found = _pick(allowed, data.get(name))
        if found is None and name not in self.errors:
            self.add_error(name, MISSING[name])
        return found

    def target(self) -> Target:
        data = self.cleaned_data
        return Target(
            audience=data["audience"],
            recipient=data["recipient"],
            pair=data["pair"],
            program=data["program"],
            consent=bool(data.get("consent")),
        )

    def preselect(self, *, person_id: object, pair_id: object) -> None:
        """``?for=`` and ``?pair=`` on the create page: applied only to the author's own choices."""
        person = _pick(self._people, person_id)
        pair = _pick(self._pairs, pair_id)
        if pair is not None:
            self.initial.update({"audience": Audience.PAIR, "pair": str(pair.pk)})
        elif person is not None:
            self.initial.update({"audience": Audience.PERSON, "recipient": str(person.pk)})


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Do not approve"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether to approve the pill."),
            "invalid_choice": _("Choose whether to approve the pill."),
        },
    )
    note = forms.CharField(
        label=_("Note to the author"),
        max_length=REVIEW_NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you do not approve: say what would make the pill fit for everyone."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "decline" and not data.get("note", "").strip():
            self.add_error("note", _("Tell the author why the pill is not approved."))
        return data

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"
