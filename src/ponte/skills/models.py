"""Competence frameworks (DigComp, EntreComp, GreenComp, an organisation's own) and their skills.

Reference frameworks have no organisation and are shared by every tenant; an organisation's own
skills live in a framework that belongs to it. Names are translated with django-modeltranslation
(``name_it`` / ``name_en``).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ponte.core.models import TimeStamped


class FrameworkQuerySet(models.QuerySet["Framework"]):
    def visible_to(self, organization: Any) -> FrameworkQuerySet:
        return self.filter(Q(organization__isnull=True) | Q(organization=organization))


class Framework(TimeStamped):
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="frameworks",
        help_text=_("Empty for the shared reference frameworks."),
    )
    max_level = models.PositiveSmallIntegerField(_("highest level"), default=8)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("competence framework")
        verbose_name_plural = _("competence frameworks")
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(organization__isnull=True), name="framework_unique_reference_code"
            ),
            models.UniqueConstraint(fields=["organization", "code"], name="framework_unique_code_per_org"),
        ]

    def __str__(self) -> str:
        return self.name


class ProficiencyLevel(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(_("level"))
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("proficiency level")
        verbose_name_plural = _("proficiency levels")
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="level_unique_number_per_framework"),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.name}"


class SkillArea(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("competence area")
        verbose_name_plural = _("competence areas")
        ordering = ["framework", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="area_unique_code_per_framework"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SkillQuerySet(models.QuerySet["Skill"]):
    def visible_to(self, organization: Any) -> SkillQuerySet:
        return self.filter(
            Q(area__framework__organization__isnull=True) | Q(area__framework__organization=organization),
            is_active=True,
        )


class Skill(models.Model):
    area = models.ForeignKey(SkillArea, on_delete=models.CASCADE, related_name="skills")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = SkillQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["area__framework__position", "area__position", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="skill_unique_code_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
