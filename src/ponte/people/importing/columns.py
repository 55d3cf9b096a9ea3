"""Target fields of an import and the header synonyms (Italian and English) that map to them."""

from __future__ import annotations

import re
import unicodedata

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EMAIL = "email"
FIRST_NAME = "first_name"
LAST_NAME = "last_name"
EMPLOYEE_NUMBER = "employee_number"
JOB_TITLE = "job_title"
DEPARTMENT = "department"
MANAGER_EMAIL = "manager_email"
LOCATION = "location"
TIME_ZONE = "time_zone"
LANGUAGES = "languages"
CHANNELS = "channels"
BIRTH_YEAR = "birth_year"
BIRTH_DATE = "birth_date"
HIRED_ON = "hired_on"

REQUIRED = (EMAIL, FIRST_NAME, LAST_NAME)

FIELD_LABELS: dict[str, Promise] = {
    EMAIL: _("Email"),
    FIRST_NAME: _("First name"),
    LAST_NAME: _("Last name"),
    EMPLOYEE_NUMBER: _("Employee number"),
    JOB_TITLE: _("Job title"),
    DEPARTMENT: _("Department"),
    MANAGER_EMAIL: _("Manager's email"),
    LOCATION: _("Location"),
    TIME_ZONE: _("Time zone"),
    LANGUAGES: _("Languages"),
    CHANNELS: _("Preferred channels"),
    BIRTH_YEAR: _("Birth year"),
    BIRTH_DATE: _("Date of birth (only the year is kept)"),
    HIRED_ON: _("Hire date"),
}

# Written as people type them; compared after ``normalize_header``.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    EMAIL: (
        "email",
        "e-mail",
        "mail",
        "email aziendale",
        "e-mail aziendale",
        "indirizzo email",
        "work email",
        "business email",
        "email address",
        "posta elettronica",
    ),
    FIRST_NAME: ("nome", "first name", "firstname", "given name", "name", "nome di battesimo"),
    LAST_NAME: ("cognome", "surname", "last name", "lastname", "family name"),
    EMPLOYEE_NUMBER: (
        "matricola",
        "numero matricola",
        "n matricola",
        "employee id",
        "employee number",
        "employee no",
        "badge",
        "codice dipendente",
        "id dipendente",
    ),
    JOB_TITLE: ("ruolo", "qualifica", "job title", "title", "position", "mansione", "posizione", "role"),
    DEPARTMENT: ("reparto", "dipartimento", "department", "ufficio", "funzione", "area", "unita organizzativa"),
    MANAGER_EMAIL: (
        "email responsabile",
        "e-mail responsabile",
        "mail responsabile",
        "manager email",
        "manager e-mail",
        "email manager",
        "responsabile",
        "manager",
        "line manager email",
        "email del responsabile",
    ),
    LOCATION: ("sede", "location", "office", "site", "citta", "city", "luogo di lavoro"),
    TIME_ZONE: ("fuso orario", "time zone", "timezone", "tz"),
    LANGUAGES: ("lingue", "lingue parlate", "languages", "languages spoken", "lingua", "language"),
    CHANNELS: (
        "canali preferiti",
        "canali",
        "preferred channels",
        "channels",
        "canale preferito",
        "preferred channel",
    ),
    BIRTH_YEAR: ("anno di nascita", "anno nascita", "birth year", "year of birth"),
    BIRTH_DATE: ("data di nascita", "data nascita", "date of birth", "birth date", "birthdate", "dob"),
    HIRED_ON: (
        "data di assunzione",
        "data assunzione",
        "assunto il",
        "hire date",
        "hired on",
        "date hired",
        "start date",
        "hiring date",
    ),
}


def normalize_header(text: str) -> str:
    """Case, accents and punctuation do not matter: "E-Mail Aziendale:" → "email aziendale"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("-", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


_LOOKUP: dict[str, str] = {normalize_header(name): target for target, names in _SYNONYMS.items() for name in names}


def guess_target(header: str) -> str | None:
    return _LOOKUP.get(normalize_header(header))


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Column index (as a string, JSON-friendly) → target field; each target used once, first wins."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for index, header in enumerate(headers):
        target = guess_target(header)
        if target and target not in used:
            mapping[str(index)] = target
            used.add(target)
    return mapping


def missing_required(mapping: dict[str, str]) -> list[str]:
    targets = set(mapping.values())
    return [target for target in REQUIRED if target not in targets]
