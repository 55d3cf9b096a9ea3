from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from .models import Framework, ProficiencyLevel, Skill, SkillArea


class ProficiencyLevelInline(TranslationTabularInline):
    model = ProficiencyLevel
    extra = 0


class SkillAreaInline(TranslationTabularInline):
    model = SkillArea
    extra = 0
    show_change_link = True


class SkillInline(TranslationStackedInline):
    model = Skill
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(TranslationAdmin):
    list_display = ("code", "name", "organization", "max_level", "position")
    list_filter = ("organization",)
    search_fields = ("code", "name")
    inlines = [ProficiencyLevelInline, SkillAreaInline]


@admin.register(ProficiencyLevel)
class ProficiencyLevelAdmin(TranslationAdmin):
    list_display = ("framework", "number", "name")
    list_filter = ("framework",)


@admin.register(SkillArea)
class SkillAreaAdmin(TranslationAdmin):
    list_display = ("framework", "code", "name", "position")
    list_filter = ("framework",)
    inlines = [SkillInline]


@admin.register(Skill)
class SkillAdmin(TranslationAdmin):
    list_display = ("code", "name", "area", "is_active")
    list_filter = ("area__framework", "is_active")
    search_fields = ("code", "name")
    list_select_related = ("area__framework",)
