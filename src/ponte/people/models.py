"""Person profiles: the employee side of an account, with what matching needs to know."""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ponte.core.models import TenantQuerySet
from ponte.core.validators import validate_time_zone
from ponte.organizations.models import Department, Organization, OrganizationOwned

from .choices import Channel, Generation, Weekday, generation_for, language_label, spoken_language_codes

MIN_BIRTH_YEAR = 1930


def validate_birth_year(value: int) -> None:
    latest = date.today().year - 14
    if not MIN_BIRTH_YEAR <= value <= latest:
        raise ValidationError(
            _("Birth year must be between %(low)s and %(high)s."),
            params={"low": MIN_BIRTH_YEAR, "high": latest},
            code="birth_year",
        )


def validate_languages(value: object) -> None:
    known = spoken_language_codes()
    if not isinstance(value, list) or not all(isinstance(code, str) and code in known for code in value):
        raise ValidationError(_("Choose languages from the list."), code="languages")


def validate_channels(value: object) -> None:
    if not isinstance(value, list) or not all(code in Channel.values for code in value):
        raise ValidationError(_("Choose channels from the list."), code="channels")
    if len(set(value)) != len(value):
        raise ValidationError(_("Each channel can be ranked only once."), code="channels")


class PersonQuerySet(TenantQuerySet):
    def active(self) -> PersonQuerySet:
        return self.filter(is_active=True)

    def with_profile(self) -> PersonQuerySet:
        return self.select_related("department", "manager", "user")


class Person(OrganizationOwned):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    employee_number = models.CharField(_("employee number"), max_length=50, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("department"),
    )
    manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports", verbose_name=_("manager")
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Rome", validators=[validate_time_zone])
    languages = models.JSONField(_("languages spoken"), default=list, blank=True, validators=[validate_languages])
    channels = models.JSONField(
        _("preferred channels"),
        default=list,
        blank=True,
        validators=[validate_channels],
        help_text=_("Most preferred first."),
    )
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), null=True, blank=True, validators=[validate_birth_year]
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    photo = models.ImageField(_("photo"), upload_to="people/photos/", blank=True)
    hired_on = models.DateField(_("hire date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "email"], name="person_unique_email_per_org"),
            models.UniqueConstraint(
                fields=["organization", "user"], condition=Q(user__isnull=False), name="person_unique_user_per_org"
            ),
            models.CheckConstraint(condition=~Q(manager=F("pk")), name="person_not_own_manager"),
        ]
        indexes = [models.Index(fields=["organization", "last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}{self.last_name[:1]}".upper()

    @property
    def generation(self) -> Generation | None:
        return generation_for(self.birth_year)

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels[code]) for code in self.channels if code in labels]

    @property
    def language_names(self) -> list[str]:
        return [language_label(code) for code in self.languages]

    @property
    def ui_language(self) -> str:
        """The language the person reads Ponte in: their account's, else the site default."""
        language = getattr(self.user, "language", "")
        return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    @property
    def zone_name(self) -> str:
        """The person's IANA time zone: their profile's, else their account's, else the site default."""
        for name in (self.time_zone, getattr(self.user, "time_zone", ""), settings.TIME_ZONE):
            try:
                zoneinfo.ZoneInfo(name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
                continue
            return str(name)
        return "UTC"


class AvailabilityWindow(models.Model):
    """A weekly recurring slot, in the person's own time zone."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))

    class Meta:
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="availability_end_after_start"),
            models.UniqueConstraint(fields=["person", "weekday", "start"], name="availability_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class SkillOffer(models.Model):
    """A skill the person can teach, at the level they master it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="offers")
    skill = models.ForeignKey("skills.Skill", on_delete=models.CASCADE, related_name="offers")
    level = models.PositiveSmallIntegerField(_("level"), validators=[MinValueValidator(1), MaxValueValidator(8)])

    class Meta:
        verbose_name = _("skill offered")
        verbose_name_plural = _("skills offered")
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="offer_unique_skill_per_person"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=8), name="offer_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.person} offers {self.skill} ({self.level})"


class SkillWant(models.Model):
    """A skill the person wants to learn: from where they are to where they want to be."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="wants")
    skill = models.ForeignKey("skills.Skill", on_delete=models.CASCADE, related_name="wants")
    current_level = models.PositiveSmallIntegerField(
        _("current level"), validators=[MinValueValidator(0), MaxValueValidator(7)]
    )
    target_level = models.PositiveSmallIntegerField(
        _("target level"), validators=[MinValueValidator(1), MaxValueValidator(8)]
    )

    class Meta:
        verbose_name = _("skill wanted")
        verbose_name_plural = _("skills wanted")
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="want_unique_skill_per_person"),
            models.CheckConstraint(condition=Q(target_level__gt=F("current_level")), name="want_target_above_current"),
            models.CheckConstraint(condition=Q(target_level__lte=8), name="want_target_range"),
        ]

    def __str__(self) -> str:
        return f"{self.person} wants {self.skill} ({self.current_level}→{self.target_level})"


def _import_upload_to(instance: ImportJob, filename: str) -> str:
    # Never trust the uploaded name: it is kept only for display in original_name.
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    return f"imports/{instance.organization_id}/{uuid.uuid4().hex}{suffix}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    VALIDATING = "validating", _("Checking")
    INVALID = "invalid", _("Has errors")
    READY = "ready", _("Ready to import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportJob(OrganizationOwned):
    """One upload of an HR export, from upload through mapping and checking to the import."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    file = models.FileField(_("file"), upload_to=_import_upload_to)
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=1, blank=True)
    headers = models.JSONField(_("columns"), default=list)
    mapping = models.JSONField(_("column mapping"), default=dict)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    errors = models.JSONField(_("errors"), default=list)
    summary = models.JSONField(_("summary"), default=dict)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("people import")
        verbose_name_plural = _("people imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
