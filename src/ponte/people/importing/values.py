"""Cell parsers: dates, years, languages, channels, time zones, emails.

Each parser returns the clean value or raises ``ValueProblem`` with an error code and params
(rendered later in the viewer's language by ``messages``).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import cache

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import translation

from ponte.core.validators import available_time_zones
from ponte.people.choices import Channel, spoken_language_codes

from .parsing import Cell

MIN_BIRTH_YEAR = 1930


class ValueProblem(Exception):  # noqa: N818 - a message for the person, not a programming error
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_SPLIT = re.compile(r"\s*(?:[,;/|+]|\s(?:e|and|&)\s)\s*", re.IGNORECASE)
_validate_email = EmailValidator()


def as_text(cell: Cell) -> str:
    if isinstance(cell, str):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def parse_date(cell: Cell) -> date:
    """dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, ISO yyyy-mm-dd, or a real date from XLSX."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = as_text(cell)
    if match := _DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueProblem("date_format")
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValueProblem("date_invalid") from error


def latest_birth_year(today: date | None = None) -> int:
    return (today or date.today()).year - 14


def check_birth_year(year: int) -> int:
    if not MIN_BIRTH_YEAR <= year <= latest_birth_year():
        raise ValueProblem("birth_year_range", low=MIN_BIRTH_YEAR, high=latest_birth_year())
    return year


def parse_birth_year(cell: Cell) -> int:
    if isinstance(cell, date):
        return check_birth_year(cell.year)
    text = as_text(cell)
    if not re.fullmatch(r"\d{4}", text):
        raise ValueProblem("birth_year_format")
    return check_birth_year(int(text))


def parse_birth_date(cell: Cell) -> int:
    """Only the year of a date of birth is kept."""
    return check_birth_year(parse_date(cell).year)


def normalize_word(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


@cache
def language_index() -> dict[str, str]:
    """Codes, English names, native names and Italian names of every spoken language we know."""
    known = spoken_language_codes()
    index: dict[str, str] = {}
    with translation.override("it"):
        for code in known:
            info = LANG_INFO[code]
            for name in (info.get("name", ""), info.get("name_local", ""), translation.gettext(info.get("name", ""))):
                if name:
                    index.setdefault(normalize_word(name), code)
    for code in known:
        index[code] = code
    return index


def _tokens(text: str) -> list[str]:
    return [token for token in _SPLIT.split(text) if token.strip()]


def parse_languages(cell: Cell) -> list[str]:
    """ "Italiano, inglese", "it;en", "English" → ["it", "en"] (order kept, duplicates dropped)."""
    index = language_index()
    codes: list[str] = []
    for token in _tokens(as_text(cell)):
        code = index.get(normalize_word(token))
        if code is None:
            raise ValueProblem("language_unknown", item=token.strip())
        if code not in codes:
            codes.append(code)
    return codes


_CHANNEL_WORDS: dict[str, tuple[str, ...]] = {
    Channel.IN_PERSON: (
        "in person",
        "in presenza",
        "di persona",
        "presenza",
        "face to face",
        "faccia a faccia",
        "in_person",
        "dal vivo",
        "in ufficio",
    ),
    Channel.VIDEO: ("video", "video call", "videochiamata", "videocall", "videoconferenza", "teams", "zoom", "meet"),
    Channel.PHONE: ("phone", "telefono", "telefonata", "phone call", "chiamata", "tel"),
    Channel.CHAT: ("chat", "messaggi", "messaggistica", "instant messaging", "whatsapp", "im", "messaging", "slack"),
    Channel.EMAIL: ("email", "e mail", "mail", "posta", "posta elettronica"),
}
_CHANNEL_INDEX = {normalize_word(word): str(code) for code, words in _CHANNEL_WORDS.items() for word in words}


def parse_channels(cell: Cell) -> list[str]:
    """Words in Italian or English, most preferred first: "Video, telefono" → ["video", "phone"]."""
    channels: list[str] = []
    for token in _tokens(as_text(cell)):
        code = _CHANNEL_INDEX.get(normalize_word(token))
        if code is None:
            raise ValueProblem("channel_unknown", item=token.strip())
        if code not in channels:
            channels.append(code)
    return channels


@cache
def _time_zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in available_time_zones()}


def parse_time_zone(cell: Cell) -> str:
    name = _time_zones_by_lower_name().get(as_text(cell).replace(" ", "_").lower())
    if name is None:
        raise ValueProblem("time_zone_unknown")
    return name


def parse_email(cell: Cell) -> str:
    text = as_text(cell).strip().lower()
    if len(text) > 254:
        raise ValueProblem("email_invalid")
    try:
        _validate_email(text)
    except ValidationError as error:
        raise ValueProblem("email_invalid") from error
    return text
