"""Closed vocabularies of the people app: channels, generations, spoken languages."""

from __future__ import annotations

from functools import cache

from django.conf.locale import LANG_INFO
from django.db import models
from django.utils.translation import get_language, gettext
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


def language_label(code: str) -> str:
    """The language's name in the viewer's language, with its own name beside it when different."""
    info = LANG_INFO.get(code)
    if info is None:
        return code
    translated = gettext(info["name"])
    native = info.get("name_local", translated)
    return translated if translated.lower() == native.lower() else f"{translated} ({native})"


def language_name(code: str) -> str:
    """The language's name to use inside a sentence, in the viewer's language ("inglese e italiano")."""
    info = LANG_INFO.get(code)
    if info is None:
        return code
    name = gettext(info["name"])
    # Italian writes language names in lower case inside a sentence; English capitalises them.
    return name[:1].lower() + name[1:] if get_language() == "it" else name
