"""Plan the demo organisations as plain data: who works where, who reports to whom, who knows what.

Everything here is pure Python driven by one ``random.Random`` per company with a fixed seed, and
never reads today's date, so the same plan comes out on every machine and every year. The loader
(``ponte.demo.loader``) turns a plan into rows.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Final, Literal

from ponte.organizations.models import Role
from ponte.people.choices import Channel, Generation, generation_for

from . import data

# Public on purpose: printed by load_demo and written in the README for people trying Ponte.
DEMO_PASSWORD: Final = "ponte-demo-2026"  # noqa: S105
# The plan is anchored to a fixed year, not today, so ages and hire dates never drift between runs.
REFERENCE_YEAR: Final = 2026

Level = Literal["ceo", "director", "manager", "senior", "staff", "junior"]
SkillProfile = Literal["digital", "experience", "mixed"]

DIGCOMP, ENTRECOMP, GREENCOMP = "digcomp", "entrecomp", "greencomp"

# Generation weights (Boomers, Gen X, Millennials, Gen Z) per level: seniors sit in senior roles.
_GENERATION_WEIGHTS: Final[dict[Level, tuple[int, int, int, int]]] = {
    "ceo": (70, 30, 0, 0),
    "director": (50, 45, 5, 0),
    "manager": (20, 50, 30, 0),
    "senior": (25, 45, 30, 0),
    "staff": (8, 27, 45, 20),
    "junior": (0, 0, 30, 70),
}
_GENERATIONS: Final = (Generation.BABY_BOOMERS, Generation.GEN_X, Generation.MILLENNIALS, Generation.GEN_Z)
_BIRTH_YEARS: Final[dict[Generation, tuple[int, int]]] = {
    Generation.BABY_BOOMERS: (1959, 1964),  # nobody past Italian retirement age
    Generation.GEN_X: (1965, 1980),
    Generation.MILLENNIALS: (1981, 1996),
    Generation.GEN_Z: (1997, 2004),
}
# Staff below managers, in a repeating pattern: about 20% senior, 50% staff, 30% junior.
_STAFF_PATTERN: Final[tuple[Level, ...]] = (
    "staff",
    "junior",
    "senior",
    "staff",
    "junior",
    "staff",
    "senior",
    "staff",
    "junior",
    "staff",
)
_CHANNEL_ORDER: Final[dict[SkillProfile, tuple[str, ...]]] = {
    "digital": (Channel.CHAT, Channel.VIDEO, Channel.EMAIL, Channel.IN_PERSON, Channel.PHONE),
    "mixed": (Channel.VIDEO, Channel.IN_PERSON, Channel.EMAIL, Channel.CHAT, Channel.PHONE),
    "experience": (Channel.IN_PERSON, Channel.PHONE, Channel.EMAIL, Channel.VIDEO, Channel.CHAT),
}
_START_HOURS: Final = (9, 10, 11, 14, 15, 16, 17)


@dataclass(frozen=True)
class DepartmentSpec:
    name: str
    headcount: int
    parent: str | None = None


@dataclass(frozen=True)
class NamedAccount:
    """A demo login with a fixed identity, pinned to a slot of the organisation chart."""

    email: str
    first_name: str
    last_name: str
    gender: Literal["m", "f"]
    role: Role
    language: str
    department: str
    level: Level
    birth_year: int
    job_title: str = ""


@dataclass(frozen=True)
class CompanySpec:
    name: str
    short_name: str
    slug: str
    domain: str
    employee_prefix: str
    seed: int
    departments: tuple[DepartmentSpec, ...]
    named: tuple[NamedAccount, ...] = ()
    extra_participants: int = 0
    new_york_people: int = 0
    with_programs: bool = False  # a pilot program ready for matching and one open for enrolment

    @property
    def headcount(self) -> int:
        return sum(department.headcount for department in self.departments)

    def scaled(self, factor: float) -> CompanySpec:
        """The same company with fewer people (browser tests want small, fast data).

        Departments keep at least four people, and seven where a demo login sits, so every pinned
        account still finds its slot (a manager slot needs six people under the director).
        """
        pinned = {account.department for account in self.named}
        departments = tuple(
            replace(d, headcount=max(7 if d.name in pinned else 4, round(d.headcount * factor)))
            for d in self.departments
        )
        return replace(self, departments=departments, extra_participants=round(self.extra_participants * factor))


@dataclass
class PersonPlan:
    email: str
    first_name: str
    last_name: str
    employee_number: str
    job_title: str
    department: str
    level: Level
    manager_email: str | None
    location: str
    time_zone: str
    languages: list[str]
    channels: list[str]
    birth_year: int
    hired_on: date
    bio: str = ""
    availability: list[tuple[int, time, time]] = field(default_factory=list)
    offers: list[tuple[str, str, int]] = field(default_factory=list)
    wants: list[tuple[str, str, int, int]] = field(default_factory=list)
    role: Role | None = None
    ui_language: str = "it"

    @property
    def generation(self) -> Generation | None:
        return generation_for(self.birth_year)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class OrgPlan:
    company: CompanySpec
    people: tuple[PersonPlan, ...]

    @property
    def accounts(self) -> list[PersonPlan]:
        return [person for person in self.people if person.role is not None]

    def needed_skills(self) -> set[tuple[str, str]]:
        offered = {(framework, code) for p in self.people for framework, code, _ in p.offers}
        wanted = {(framework, code) for p in self.people for framework, code, _, _ in p.wants}
        return offered | wanted


@dataclass(frozen=True)
class _Slot:
    department: str
    level: Level
    manager: int | None  # index of the manager's slot; always an earlier slot


def build_plan(company: CompanySpec) -> OrgPlan:
    rng = random.Random(company.seed)
    slots = _org_chart(company)
    named = _pin_named(company, slots)
    taken = {account.email for account in company.named}
    people: list[PersonPlan] = []
    for index, slot in enumerate(slots):
        manager_email = people[slot.manager].email if slot.manager is not None else None
        number = f"{company.employee_prefix}-{index + 1:05d}"
        account = named.get(index)
        person = _person(rng, company, slot, number, manager_email, taken, account)
        people.append(person)
    _send_to_new_york(rng, company, people)
    _give_accounts(rng, company, people)
    return OrgPlan(company=company, people=tuple(people))


def _org_chart(company: CompanySpec) -> list[_Slot]:
    """Slots ordered so every manager comes before their reports: CEO → directors → managers → staff."""
    slots: list[_Slot] = []
    head_of: dict[str, int] = {}
    for department in company.departments:
        parent_head = head_of[department.parent] if department.parent else None
        if parent_head is None:
            head_level: Level = "ceo"
        elif slots[parent_head].level == "ceo":
            head_level = "director"
        else:
            head_level = "manager"
        head_of[department.name] = len(slots)
        slots.append(_Slot(department.name, head_level, parent_head))
        slots.extend(_department_staff(department, head_of[department.name], head_level))
    return slots


def _department_staff(department: DepartmentSpec, head: int, head_level: Level) -> list[_Slot]:
    rest = department.headcount - 1
    manager_count = max(1, round(rest / 10)) if rest >= 6 and head_level == "director" else 0
    slots = [_Slot(department.name, "manager", head) for _ in range(manager_count)]
    for i in range(rest - manager_count):
        manager = head + 1 + i % manager_count if manager_count else head
        slots.append(_Slot(department.name, _STAFF_PATTERN[i % len(_STAFF_PATTERN)], manager))
    return slots


def _pin_named(company: CompanySpec, slots: Sequence[_Slot]) -> dict[int, NamedAccount]:
    pinned: dict[int, NamedAccount] = {}
    for account in company.named:
        index = next(
            (
                i
                for i, s in enumerate(slots)
                if i not in pinned and (s.department, s.level) == (account.department, account.level)
            ),
            None,
        )
        if index is None:
            raise ValueError(f"No {account.level} slot in {account.department} for {account.email}.")
        pinned[index] = account
    return pinned


def _person(
    rng: random.Random,
    company: CompanySpec,
    slot: _Slot,
    number: str,
    manager_email: str | None,
    taken: set[str],
    account: NamedAccount | None,
) -> PersonPlan:
    # Every draw happens whether or not the slot is pinned, so pinning an account never shifts
    # the random stream of everyone after it.
    generation = _weighted(rng, _GENERATIONS, _GENERATION_WEIGHTS[slot.level])
    low, high = _BIRTH_YEARS[generation]
    if slot.level == "junior" and generation == Generation.MILLENNIALS:
        low = 1991
    birth_year = rng.randint(low, high)
    gender = rng.choice(("m", "f"))
    first_name = rng.choice(data.FIRST_NAMES[generation][gender])
    last_name = rng.choice(data.LAST_NAMES)
    job_title = _job_title(rng, slot, gender)
    if account is not None:
        first_name, last_name, birth_year = account.first_name, account.last_name, account.birth_year
        job_title = account.job_title or job_title
        email = account.email
    else:
        email = _unique_email(first_name, last_name, company.domain, taken)
    location, zone = _location(rng, slot.department)
    profile = _skill_profile(birth_year, slot)
    person = PersonPlan(
        email=email,
        first_name=first_name,
        last_name=last_name,
        employee_number=number,
        job_title=job_title,
        department=slot.department,
        level=slot.level,
        manager_email=manager_email,
        location=location,
        time_zone=zone,
        languages=_languages(rng, profile, location),
        channels=_channels(rng, profile),
        birth_year=birth_year,
        hired_on=_hired_on(rng, birth_year, slot.level),
        availability=_availability(rng),
    )
    person.offers, person.wants = _skills(rng, profile)
    person.bio = _bio(rng, company, person, profile)
    if account is not None:
        person.role, person.ui_language = account.role, account.language
        # Demo logins show a complete profile, so matching has something to work with from the start.
        person.offers = person.offers or [(DIGCOMP, "2.4", 5)]
        person.availability = person.availability or [(1, time(14), time(16))]
    return person


def _weighted[T](rng: random.Random, options: Sequence[T], weights: Sequence[int]) -> T:
    return rng.choices(options, weights=weights)[0]


def _pick(rng: random.Random, pool: Sequence[str], count: int) -> list[str]:
    """Distinct picks that favour the front of the pool (the most typical skills)."""
    remaining = list(pool)
    picked: list[str] = []
    while remaining and len(picked) < count:
        item = _weighted(rng, remaining, range(len(remaining) + 1, 1, -1))
        remaining.remove(item)
        picked.append(item)
    return picked


def _job_title(rng: random.Random, slot: _Slot, gender: str) -> str:
    if slot.level == "ceo":
        return "Amministratore Delegato" if gender == "m" else "Amministratrice Delegata"
    if slot.level == "director":
        return f"{'Direttore' if gender == 'm' else 'Direttrice'} {slot.department}"
    titles = data.TITLES.get(slot.department, data.GENERIC_TITLES)
    return rng.choice(titles[slot.level])


def _unique_email(first_name: str, last_name: str, domain: str, taken: set[str]) -> str:
    base = f"{_ascii_slug(first_name)}.{_ascii_slug(last_name)}"
    email, n = f"{base}@{domain}", 1
    while email in taken:
        n += 1
        email = f"{base}{n}@{domain}"
    taken.add(email)
    return email


def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _location(rng: random.Random, department: str) -> tuple[str, str]:
    places, zones, weights = zip(*data.LOCATIONS, strict=True)
    place = _weighted(rng, places, weights)
    # Regional sales teams live in their region; the draw above still happens to keep the stream stable.
    if department == "Commerciale Nord":
        place = rng.choice(data.NORTH)
    elif department == "Commerciale Sud":
        place = rng.choice(data.SOUTH)
    return place, dict(zip(places, zones, strict=True))[place]


def _skill_profile(birth_year: int, slot: _Slot) -> SkillProfile:
    if slot.level in {"ceo", "director"} or birth_year <= 1975:
        return "experience"
    if birth_year >= 1990:
        return "digital"
    return "mixed"


def _languages(rng: random.Random, profile: SkillProfile, location: str) -> list[str]:
    english_odds = {"digital": 0.9, "mixed": 0.7, "experience": 0.45}[profile]
    languages = ["it"]
    if rng.random() < english_odds or location == "London":
        languages.append("en")
    for code, odds in (("fr", 0.12), ("es", 0.08), ("de", 0.06)):
        if rng.random() < odds:
            languages.append(code)
    return languages


def _channels(rng: random.Random, profile: SkillProfile) -> list[str]:
    ranked = [str(channel) for channel in _CHANNEL_ORDER[profile]]
    # A swap or two so not every person of an age ranks channels the same way.
    for _ in range(2):
        if rng.random() < 0.5:
            i = rng.randrange(len(ranked) - 1)
            ranked[i], ranked[i + 1] = ranked[i + 1], ranked[i]
    return ranked[: rng.randint(2, 4)]


def _hired_on(rng: random.Random, birth_year: int, level: Level) -> date:
    earliest = max(birth_year + 23, 1985)
    latest = REFERENCE_YEAR - 1 if level != "junior" else REFERENCE_YEAR
    if level == "junior":
        earliest = max(earliest, REFERENCE_YEAR - 4)
    year = rng.randint(min(earliest, latest), latest)
    return date(year, rng.randint(1, 10), rng.randint(1, 28))


def _availability(rng: random.Random) -> list[tuple[int, time, time]]:
    days = sorted(rng.sample(range(5), rng.choice((0, 1, 2, 2, 3))))
    drawn = []
    for day in days:
        start = rng.choice(_START_HOURS)
        drawn.append((day, start, min(start + 1 + rng.choice((1, 2)), 20)))
    # Widened without further random draws (they would reshuffle every later person): each slot
    # also recurs two days later, and nobody is left with an empty week.
    slots = drawn or [(1, 10, 12), (3, 15, 17)]
    repeated = {(day, start, end) for day, start, end in slots} | {
        ((day + 2) % 5, start, end) for day, start, end in slots
    }
    merged: dict[int, tuple[int, int]] = {}
    for day, start, end in sorted(repeated):
        low, high = merged.get(day, (start, end))
        merged[day] = (min(low, start), max(high, end)) if low <= end and start <= high else (low, high)
    return [(day, time(start), time(end)) for day, (start, end) in sorted(merged.items())]


def _skills(
    rng: random.Random, profile: SkillProfile
) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int, int]]]:
    if rng.random() < 0.08:  # some people have not filled in their skills yet
        return [], []
    if profile == "digital":
        offers = [(DIGCOMP, code, rng.randint(4, 7)) for code in _pick(rng, data.DIGCOMP_TEACHABLE, rng.randint(2, 4))]
        wants = [(ENTRECOMP, code, *_gap(rng)) for code in _pick(rng, data.ENTRECOMP_TEACHABLE[:6], rng.randint(1, 3))]
        green_odds, green_offer = 0.3, True
    elif profile == "experience":
        offers = [
            (ENTRECOMP, code, rng.randint(5, 8)) for code in _pick(rng, data.ENTRECOMP_TEACHABLE, rng.randint(2, 4))
        ]
        wants = [(DIGCOMP, code, *_gap(rng)) for code in _pick(rng, data.DIGCOMP_TEACHABLE, rng.randint(1, 3))]
        green_odds, green_offer = 0.25, False
    else:
        digital = _pick(rng, data.DIGCOMP_TEACHABLE, 2)
        offers = [
            (DIGCOMP, digital[0], rng.randint(4, 6)),
            (ENTRECOMP, rng.choice(data.ENTRECOMP_TEACHABLE), rng.randint(4, 6)),
        ]
        wants = [(DIGCOMP, digital[1], *_gap(rng))]
        green_odds, green_offer = 0.15, rng.random() < 0.5
    if rng.random() < green_odds:
        code = rng.choice(data.GREENCOMP_ALL)
        if green_offer:
            offers.append((GREENCOMP, code, rng.randint(4, 6)))
        else:
            wants.append((GREENCOMP, code, *_gap(rng)))
    return offers, wants


def _gap(rng: random.Random) -> tuple[int, int]:
    current = rng.randint(1, 3)
    return current, rng.randint(4, 6)


def _bio(rng: random.Random, company: CompanySpec, person: PersonPlan, profile: SkillProfile) -> str:
    if rng.random() >= 0.35:
        return ""
    opening = rng.choice(data.BIO_OPENINGS).format(
        org=company.short_name,
        year=person.hired_on.year,
        topic=data.BIO_TOPICS.get(person.department, "progetti trasversali"),
        department=person.department,
    )
    middle = rng.choice(data.BIO_YOUNG if profile == "digital" else data.BIO_OLD)
    return f"{opening} {middle} {rng.choice(data.BIO_HOBBIES)}"


def _send_to_new_york(rng: random.Random, company: CompanySpec, people: list[PersonPlan]) -> None:
    """A couple of people on the US desk, so time-zone-aware features have something to show."""
    candidates = [p for p in people if p.level in {"senior", "staff"} and p.role is None and p.department != "Legale"]
    for person in rng.sample(candidates, min(company.new_york_people, len(candidates))):
        person.location, person.time_zone = "New York", "America/New_York"
        if "en" not in person.languages:
            person.languages.append("en")


def _give_accounts(rng: random.Random, company: CompanySpec, people: list[PersonPlan]) -> None:
    """Half the extra demo participants young, half senior: both sides of a mentoring pair can sign in."""
    named = {account.email for account in company.named}
    young = [p for p in people if p.email not in named and p.birth_year >= 1990 and p.offers]
    senior = [p for p in people if p.email not in named and p.birth_year <= 1975 and p.offers]
    half = company.extra_participants // 2
    rest = company.extra_participants - half
    chosen = rng.sample(young, min(half, len(young))) + rng.sample(senior, min(rest, len(senior)))
    for person in chosen:
        person.role = Role.PARTICIPANT
        person.ui_language = "it" if rng.random() < 0.6 else "en"


LUMINA: Final = CompanySpec(
    name="Lumina Energia S.p.A.",
    short_name="Lumina",
    slug="lumina",
    domain="lumina.example",
    employee_prefix="LUM",
    seed=20260101,
    departments=(
        DepartmentSpec("Direzione Generale", 4),
        DepartmentSpec("Amministrazione e Finanza", 28, "Direzione Generale"),
        DepartmentSpec("Risorse Umane", 18, "Direzione Generale"),
        DepartmentSpec("IT e Digitale", 42, "Direzione Generale"),
        DepartmentSpec("Marketing e Comunicazione", 22, "Direzione Generale"),
        DepartmentSpec("Commerciale", 5, "Direzione Generale"),
        DepartmentSpec("Commerciale Nord", 32, "Commerciale"),
        DepartmentSpec("Commerciale Sud", 26, "Commerciale"),
        DepartmentSpec("Operations", 50, "Direzione Generale"),
        DepartmentSpec("Ricerca e Sviluppo", 30, "Direzione Generale"),
        DepartmentSpec("Legale", 10, "Direzione Generale"),
        DepartmentSpec("Customer Care", 33, "Direzione Generale"),
    ),
    named=(
        NamedAccount(
            "admin@lumina.example",
            "Paolo",
            "Greco",
            "m",
            Role.ADMIN,
            "it",
            "Risorse Umane",
            "senior",
            1978,
            "Responsabile Sistemi HR",
        ),
        NamedAccount(
            "hr@lumina.example",
            "Lucia",
            "D'Amico",
            "f",
            Role.MANAGER,
            "it",
            "Risorse Umane",
            "manager",
            1983,
            "Responsabile Formazione e Sviluppo",
        ),
        NamedAccount(
            "giulia.romano@lumina.example",
            "Giulia",
            "Romano",
            "f",
            Role.PARTICIPANT,
            "en",
            "IT e Digitale",
            "junior",
            2000,
            "Junior Data Analyst",
        ),
        NamedAccount(
            "marco.bianchi@lumina.example",
            "Marco",
            "Bianchi",
            "m",
            Role.PARTICIPANT,
            "it",
            "Operations",
            "director",
            1961,
            "Direttore Operations",
        ),
    ),
    extra_participants=20,
    new_york_people=2,
    with_programs=True,
)

GLOBEX: Final = CompanySpec(
    name="Globex Italia S.r.l.",
    short_name="Globex",
    slug="globex",
    domain="globex.example",
    employee_prefix="GLX",
    seed=20260202,
    departments=(
        DepartmentSpec("Direzione", 3),
        DepartmentSpec("Amministrazione", 7, "Direzione"),
        DepartmentSpec("Personale", 5, "Direzione"),
        DepartmentSpec("Vendite", 13, "Direzione"),
        DepartmentSpec("Logistica", 12, "Direzione"),
    ),
    named=(
        NamedAccount(
            "admin@globex.example",
            "Niccolò",
            "Ferri",
            "m",
            Role.ADMIN,
            "it",
            "Personale",
            "senior",
            1988,
            "Responsabile Amministrazione del Personale",
        ),
    ),
)

DEMO_COMPANIES: Final = (LUMINA, GLOBEX)
