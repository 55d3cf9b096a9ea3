from modeltranslation.translator import TranslationOptions, register

from .models import Framework, ProficiencyLevel, Skill, SkillArea


@register(Framework)
class FrameworkTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ProficiencyLevel)
class ProficiencyLevelTranslation(TranslationOptions):
    fields = ("name", "description")


@register(SkillArea)
class SkillAreaTranslation(TranslationOptions):
    fields = ("name",)


@register(Skill)
class SkillTranslation(TranslationOptions):
    fields = ("name", "description")
