"""A demo program three months into its run, so the pair space and the program team's views have life.

Twelve pairs (Giulia and Marco among them) with confirmed two-way agreements, meetings every two
weeks with shared notes, action items, feedback, kudos and confirmed progress, answered check-ins,
and the cases a program team must see: a pair gone quiet (at risk), one with two no-shows (at
risk), one paused. Unlike the people plan this history is anchored to the day the demo is loaded:
meetings are in the past, the next one is in a few days.

Rows are written directly (as the rest of the demo is), not through the services: loading the demo
sends no email and no notification.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ponte.feedback.models import CheckIn, MeetingFeedback
from ponte.feedback.risk import assess, load_activity
from ponte.meetings.models import ActionItem, Meeting, MeetingChannel, MeetingStatus, PrivateNote
from ponte.meetings.services import jitsi_room_url
from ponte.organizations.models import Organization
from ponte.pairs.models import Agreement, Direction, Objective, ObjectiveProgress, Pair, PairStatus, RiskReason
from ponte.pairs.overlap import shared_slots
from ponte.people.models import AvailabilityWindow, Person, SkillWant
from ponte.programs.models import Enrolment, EnrolmentRole, EnrolmentStatus, Program, ProgramStatus
from ponte.skills.models import Skill

PAIRS = 12
CADENCE_DAYS = 14
RUN_DAYS = 90
GIULIA, MARCO = "giulia.romano@lumina.example", "marco.bianchi@lumina.example"

SHARED_NOTES = (
    "Abbiamo provato insieme a scrivere un prompt per riassumere un report trimestrale.",
    "Visto come organizzare le cartelle condivise in Teams e come ritrovare i file.",
    "Parlato di come preparare una presentazione al consiglio: prima il messaggio, poi i numeri.",
    "Primo esperimento con un foglio di calcolo collaborativo; la prossima volta le tabelle pivot.",
    "Discusso di come si prende una decisione quando i dati non bastano.",
    "Impostato l'autenticazione a due fattori sul telefono e riconosciuto una mail di phishing.",
)
LEARNED = (
    "Come scrivere richieste chiare a un assistente di intelligenza artificiale.",
    "Che una riunione ben preparata dura la metà.",
    "A usare i filtri del foglio di calcolo senza paura.",
    "Come si negozia un budget con un altro reparto.",
    "A riconoscere un messaggio di phishing.",
    "Come dare un feedback difficile in modo rispettoso.",
)
KUDOS = (
    "Grazie per la pazienza e gli esempi concreti!",
    "Mi hai fatto vedere la riunione con occhi diversi, grazie.",
    "Spiegazioni chiarissime, finalmente ho capito.",
)
ACTIONS = (
    "Provare il prompt su un documento vero",
    "Leggere il piano strategico e segnare tre domande",
    "Attivare l'autenticazione a due fattori",
    "Preparare una bozza di presentazione da rivedere insieme",
)
SUCCESS = "Saperlo fare da solo, senza chiedere aiuto."
CHECKIN_COMMENTS = (
    "Ci troviamo bene, gli incontri sono utili.",
    "Vorrei incontri un po' più lunghi.",
    "Sto imparando molto su come funziona l'azienda.",
    "A volte è difficile trovare un orario comune.",
    "Molto utile, soprattutto la parte pratica.",
    "Il mio partner è molto disponibile.",
)


@dataclass
class _Story:
    """How one demo pair's last weeks went."""

    quiet_since_days: int = 0  # days since the last meeting that took place (0: meets regularly)
    no_shows: int = 0  # the last meetings did not take place
    paused: bool = False


def write_running_program(
    organization: Organization, people: dict[str, Person], manager: Person | None, *, busy: set[int]
) -> Program:
    """The running program and its history; ``busy`` are people of other demo programs (left out)."""
    rng = random.Random(f"{organization.slug}-running")
    today = timezone.localdate()
    program = Program.objects.create(
        organization=organization,
        name="Ponte Digitale — autunno 2026",
        slug="digitale-2026",
        status=ProgramStatus.RUNNING,
        description="Il programma in corso: coppie che si incontrano ogni due settimane da settembre.",
        starts_on=today - timedelta(days=RUN_DAYS),
        ends_on=today + timedelta(days=RUN_DAYS),
        cadence_days=CADENCE_DAYS,
        meeting_minutes=45,
        created_by=manager.user if manager else None,
    )
    digital = list(Skill.objects.filter(area__framework__code="digcomp", area__framework__organization=None))
    leadership = list(Skill.objects.filter(area__framework__code="entrecomp", area__framework__organization=None))
    program.junior_skills.set(digital)
    program.senior_skills.set(leadership)
    couples = _couples(people, busy, rng)
    if not couples or not digital or not leadership:
        return program
    stories = {1: _Story(quiet_since_days=50), 2: _Story(no_shows=2), 3: _Story(paused=True)}
    for index, (junior, senior) in enumerate(couples[:PAIRS]):
        started = today - timedelta(days=RUN_DAYS - rng.randint(0, 8))
        _enrol(program, junior, senior)
        pair = Pair.objects.create(
            organization=organization,
            program=program,
            junior=junior,
            senior=senior,
            status=PairStatus.ACTIVE,
            junior_response="accepted",
            senior_response="accepted",
            started_on=started,
        )
        objectives = _agreement(pair, started, digital, leadership, rng)
        Pair.objects.filter(pk=pair.pk).update(facts=_facts(pair, objectives))
        _history(pair, started, objectives, stories.get(index, _Story()), rng, today)
    return program


def _couples(people: dict[str, Person], busy: set[int], rng: random.Random) -> list[tuple[Person, Person]]:
    """Giulia and Marco first, then young and senior colleagues of other departments (seeded order)."""
    everyone = sorted(people.values(), key=lambda p: p.email)
    free = [p for p in everyone if p.pk not in busy and p.email not in {GIULIA, MARCO}]
    juniors = [p for p in free if (p.birth_year or 0) >= 1988]
    seniors = [p for p in free if 0 < (p.birth_year or 0) <= 1975]
    rng.shuffle(juniors)
    rng.shuffle(seniors)
    couples: list[tuple[Person, Person]] = []
    if GIULIA in people and MARCO in people:
        _free_together(people[GIULIA], people[MARCO])
        couples.append((people[GIULIA], people[MARCO]))
    taken: set[int] = set()
    for junior in juniors:
        senior = next((s for s in seniors if s.pk not in taken and s.department_id != junior.department_id), None)
        if senior is None:
            break
        taken.add(senior.pk)
        couples.append((junior, senior))
    return couples


def _free_together(one: Person, other: Person) -> None:
    """Give the tour's pair a shared afternoon a week, so their page shows when both are free."""
    for person in (one, other):
        AvailabilityWindow.objects.get_or_create(person=person, weekday=2, start=time(14), defaults={"end": time(16)})


def _enrol(program: Program, junior: Person, senior: Person) -> None:
    Enrolment.objects.bulk_create(
        Enrolment(
            organization=program.organization,
            program=program,
            person=person,
            role=role,
            status=EnrolmentStatus.APPROVED,
            availability_confirmed=True,
        )
        for person, role in ((junior, EnrolmentRole.JUNIOR), (senior, EnrolmentRole.SENIOR))
    )


def _wanted(person: Person, skills: list[Skill], rng: random.Random) -> tuple[Skill, int, int]:
    """A skill the person wants from ``skills`` (with their levels), else a plausible one."""
    allowed = {skill.pk: skill for skill in skills}
    for want in SkillWant.objects.filter(person=person, skill__in=allowed).order_by("skill_id"):
        if want.target_level > want.current_level:
            return allowed[want.skill_id], want.current_level, min(want.target_level, want.current_level + 4)
    start = rng.randint(1, 3)
    return rng.choice(skills), start, start + 3


def _agreement(
    pair: Pair, started: date, digital: list[Skill], leadership: list[Skill], rng: random.Random
) -> list[Objective]:
    confirmed = _at(started + timedelta(days=3), 18)
    agreement = Agreement.objects.create(
        organization=pair.organization,
        pair=pair,
        version=1,
        cadence_days=CADENCE_DAYS,
        meeting_minutes=45,
        channels=[c for c in pair.junior.channels if c in pair.senior.channels][:2] or ["video"],
        junior_confirmed_at=confirmed,
        senior_confirmed_at=confirmed,
        created_by=pair.junior,
    )
    objectives = []
    for direction, learner, skills in (
        (Direction.JUNIOR_TO_SENIOR, pair.senior, digital),
        (Direction.SENIOR_TO_JUNIOR, pair.junior, leadership),
    ):
        skill, start, target = _wanted(learner, skills, rng)
        objectives.append(
            Objective.objects.create(
                agreement=agreement,
                key=uuid.uuid4(),
                direction=direction,
                skill=skill,
                start_level=start,
                target_level=target,
                success=SUCCESS if direction == Direction.JUNIOR_TO_SENIOR else "",
            )
        )
    return objectives


def _facts(pair: Pair, objectives: list[Objective]) -> dict[str, object]:
    """What matching would have said of the pair: who teaches what, channels, languages, hours."""
    teaches = {Direction.JUNIOR_TO_SENIOR: "junior_teaches", Direction.SENIOR_TO_JUNIOR: "senior_teaches"}
    facts: dict[str, object] = {"v": 1, "junior_teaches": [], "senior_teaches": []}
    for objective in objectives:
        gain = {"skill": objective.skill_id, "from": objective.start_level, "to": objective.target_level}
        facts[teaches[Direction(objective.direction)]] = [{**gain, "target": objective.target_level}]
    channels = [c for c in pair.junior.channels if c in pair.senior.channels]
    facts |= {
        "channels": channels[:2],
        "favourite_channel": bool(channels) and channels[0] == pair.senior.channels[0],
        "languages": [code for code in pair.junior.languages if code in pair.senior.languages],
        "hours": _shared_hours(pair),
        "different_departments": pair.junior.department_id != pair.senior.department_id,
    }
    return facts


def _shared_hours(pair: Pair) -> int:
    slots = shared_slots(pair.junior, pair.senior, today=timezone.localdate())
    return sum(((slot.end.hour or 24) - slot.start.hour) for slot in slots)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _history(
    pair: Pair, started: date, objectives: list[Objective], story: _Story, rng: random.Random, today: date
) -> None:
    org = pair.organization
    days = list(range(7, (today - started).days, CADENCE_DAYS))
    if story.quiet_since_days:
        days = [d for d in days if (today - started).days - d >= story.quiet_since_days]
    reached = {objective.key: objective.start_level for objective in objectives}
    for number, offset in enumerate(days):
        day = started + timedelta(days=offset)
        no_show = story.no_shows and number >= len(days) - story.no_shows
        meeting = Meeting.objects.create(
            organization=org,
            pair=pair,
            starts_at=_at(day, rng.choice((10, 11, 15, 16))),
            duration_minutes=45,
            channel=MeetingChannel.VIDEO if number % 2 == 0 else MeetingChannel.IN_PERSON,
            video_url=jitsi_room_url() if number % 2 == 0 else "",
            location="" if number % 2 == 0 else "Sala riunioni 2, sede di Milano",
            agenda="Ripasso di quanto provato, poi un nuovo argomento.",
            status=MeetingStatus.NO_SHOW if no_show else MeetingStatus.HELD,
            outcome_by=pair.junior,
            outcome_at=_at(day, 18),
            shared_notes="" if no_show else rng.choice(SHARED_NOTES),
            shared_notes_version=0 if no_show else 1,
            shared_notes_by=None if no_show else pair.junior,
            shared_notes_at=None if no_show else _at(day, 18),
        )
        if no_show:
            continue
        _feedback(meeting, pair, rng)
        ActionItem.objects.create(
            organization=org,
            pair=pair,
            meeting=meeting,
            owner=pair.senior if number % 2 == 0 else pair.junior,
            text=rng.choice(ACTIONS),
            due_on=day + timedelta(days=CADENCE_DAYS - 2),
            done_at=_at(day + timedelta(days=5), 12) if day + timedelta(days=CADENCE_DAYS) < today else None,
            created_by=pair.junior,
        )
        for objective in objectives:
            if number % 2 == 1 and reached[objective.key] < objective.target_level:
                reached[objective.key] += 1
                learner = pair.senior if objective.direction == Direction.JUNIOR_TO_SENIOR else pair.junior
                ObjectiveProgress.objects.create(
                    organization=org,
                    pair=pair,
                    objective_key=objective.key,
                    level=reached[objective.key],
                    confirmed_by=learner,
                    note="Dopo l'incontro del " + day.strftime("%d/%m"),
                )
    if pair.junior.email == GIULIA:
        _giulia_and_marco(pair, today, rng)
    _checkins(pair, started, today, rng)
    _state(pair, story, today)


def _feedback(meeting: Meeting, pair: Pair, rng: random.Random) -> None:
    given = []
    for author, recipient in ((pair.junior, pair.senior), (pair.senior, pair.junior)):
        feedback = MeetingFeedback.objects.create(
            organization=pair.organization,
            meeting=meeting,
            pair=pair,
            author=author,
            recipient=recipient,
            rating=rng.choice((3, 4, 4, 5, 5)),
            learned=rng.choice(LEARNED),
            kudos=rng.choice(KUDOS) if rng.random() < 0.4 else "",
        )
        given.append(feedback.pk)
    # Given the evening of the meeting, not the day the demo was loaded.
    MeetingFeedback.objects.filter(pk__in=given).update(created_at=meeting.starts_at + timedelta(hours=3))


def _giulia_and_marco(pair: Pair, today: date, rng: random.Random) -> None:
    """Their next meeting is in three days; Giulia keeps a private note on their last one."""
    Meeting.objects.create(
        organization=pair.organization,
        pair=pair,
        starts_at=_at(today + timedelta(days=3), 15),
        duration_minutes=45,
        channel=MeetingChannel.VIDEO,
        video_url=jitsi_room_url(),
        agenda="Creare insieme un riassunto automatico delle mail del lunedì.",
        created_by=pair.junior,
    )
    last = Meeting.objects.filter(pair=pair, status=MeetingStatus.HELD).order_by("-starts_at").first()
    if last is not None:
        PrivateNote.objects.create(
            organization=pair.organization,
            meeting=last,
            author=pair.junior,
            text="Preparare esempi con i dati veri del suo ufficio: con quelli capisce subito.",
        )


def _checkins(pair: Pair, started: date, today: date, rng: random.Random) -> None:
    due = started + timedelta(days=pair.program.checkin_first_days)
    if due > today:
        return
    for person in (pair.junior, pair.senior):
        # Giulia's is left open, so her home page shows what a check-in looks like.
        answered = person.email != GIULIA
        CheckIn.objects.create(
            organization=pair.organization,
            pair=pair,
            person=person,
            due_on=due,
            sent_at=_at(due, 9),
            answered_at=_at(due + timedelta(days=1), 9) if answered else None,
            satisfaction=rng.choice((3, 4, 4, 5)) if answered else None,
            learning=rng.choice((3, 4, 5)) if answered else None,
            comment=rng.choice(CHECKIN_COMMENTS) if answered else "",
        )


def _state(pair: Pair, story: _Story, today: date) -> None:
    now = timezone.now()
    if story.quiet_since_days or story.no_shows:
        # The real rule reads the history just written, so the reason and its figures are the ones
        # the hourly sweep would find; only the dates of the nudge and the flag are set back in time.
        (activity,) = load_activity([pair], now=now)
        verdict = assess(activity, now)
        quiet = timedelta(days=CADENCE_DAYS)
        flagged = activity.quiet_since + 3 * quiet if verdict.risk_reason == RiskReason.NO_MEETING else now
        Pair.objects.filter(pk=pair.pk).update(
            nudged_at=min(activity.quiet_since + 2 * quiet, now - timedelta(days=1)),
            at_risk_since=min(flagged, now),
            risk_reason=verdict.risk_reason,
            risk_details=verdict.risk_details,
        )
    elif story.paused:
        Pair.objects.filter(pk=pair.pk).update(
            paused_at=now - timedelta(days=5), paused_until=today + timedelta(days=16), paused_by=pair.senior.user
        )
