"""Closed vocabularies of the people app: channels, generations, spoken languages."""

from __future__ import annotations

from functools import cache

from django.conf.locale import LANG_INFO
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat / instant messaging")
    EMAIL = "email", _("Email")


class Generation(models.TextChoices):
    BABY_BOOMERS = "boomers", _("Baby Boomers")
    GEN_X = "gen_x", _("Generation X")
    MILLENNIALS = "millennials", _("Millennials")
    GEN_Z = "gen_z", _("Generation Z")


def generation_for(birth_year: int | None) -> Generation | None:
    if birth_year is None:
        return None
    if birth_year <= 1964:
        return Generation.BABY_BOOMERS
    if birth_year <= 1980:
        return Generation.GEN_X
    if birth_year <= 1996:
        return Generation.MILLENNIALS
    return Generation.GEN_Z


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


@cache
def spoken_language_codes() -> dict[str, str]:
    """Two-letter language codes Django knows, with their native names (e.g. ``it`` → Italiano)."""
    return {
        code: info["name_local"] for code, info in sorted(LANG_INFO.items()) if len(code) == 2 and "name_local" in info
    }
