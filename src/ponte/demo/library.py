"""Demo experience pills: what the demo juniors and seniors taught each other, kept in the library.

Twenty-five pills per organisation, mostly in Italian: short videos and audio notes with real
(generated) media and Italian captions, how-tos in Markdown, links. Most are approved for the
whole organisation by the program manager; a few stay with a pair of the running program, one
person or the program; one waits for approval (the manager's review queue) and one was declined.
Views, "this helped me" and comments come with counters that agree with their rows, and two
learning paths are laid out, one assigned to the running program.

Like the rest of the demo, rows are written directly: loading sends no email and no notification.
Media files are generated once per load and stored under server-made names, as uploads are.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from ponte.library import collections as paths
from ponte.library import search
from ponte.library.markdown import render_markdown
from ponte.library.media import storage_name
from ponte.library.models import (
    Audience,
    OrgStatus,
    Pill,
    PillComment,
    PillKind,
    PillReaction,
    PillView,
    Tag,
    library_storage,
)
from ponte.organizations.models import Membership, Organization, Role
from ponte.pairs.models import Pair
from ponte.people.models import Person
from ponte.programs.models import Enrolment, EnrolmentStatus, Program
from ponte.skills.models import Skill

from . import samples

RUNNING_PROGRAM = "digitale-2026"
MEDIA_SECONDS = 3.0
VIDEO_SIZE = (160, 120)  # samples.video's frame size
PERSONAL = frozenset({"org_for", "pair", "person", "pending", "declined"})


@dataclass(frozen=True)
class PillSpec:
    title: str
    summary: str
    kind: str
    by: str  # "junior" or "senior"
    skills: tuple[str, ...]  # "digcomp 2.2", "entrecomp 3.4"
    tags: tuple[str, ...]
    cues: tuple[str, ...] = ()  # captions of a video or audio pill, one second each
    body: str = ""
    url: str = ""
    language: str = "it"
    # Who it reaches: "org" (approved), "org_for" (recorded for the partner, then approved), "pair",
    # "person", "program", "pending" (waiting for approval) or "declined".
    share: str = "org"


CATALOGUE: tuple[PillSpec, ...] = (
    PillSpec(
        "Condividere una fattura con il cliente in due clic",
        "Dal gestionale al cliente senza allegati pesanti: il link condiviso e i permessi giusti.",
        PillKind.VIDEO,
        "junior",
        ("digcomp 2.2",),
        ("fatture", "OneDrive"),
        cues=(
            "Oggi vi mostro come si condividono le fatture con i clienti.",
            "Si crea un link condiviso invece di mandare l'allegato.",
            "E si sceglie chi può aprirlo: solo il cliente, in sola lettura.",
        ),
        share="org_for",
    ),
    PillSpec(
        "Teams: ritrovare i file di una riunione",
        "Dove finiscono documenti, registrazione e chat di una riunione su Teams.",
        PillKind.VIDEO,
        "junior",
        ("digcomp 2.4",),
        ("Teams", "riunioni"),
        cues=(
            "Usare Teams bene vuol dire sapere dove finiscono i file.",
            "I documenti condivisi in riunione sono nella scheda File del canale.",
            "La registrazione invece la trovate nella chat della riunione.",
        ),
    ),
    PillSpec(
        "Excel: le tabelle pivot spiegate a voce",
        "Tre minuti per capire quando una tabella pivot fa risparmiare un pomeriggio.",
        PillKind.AUDIO,
        "junior",
        ("digcomp 1.3",),
        ("Excel", "pivot"),
        cues=(
            "Una tabella pivot in Excel riassume migliaia di righe in pochi secondi.",
            "Trascinate il reparto nelle righe e il fatturato nei valori.",
            "Poi filtrate per trimestre: il riepilogo si aggiorna da solo.",
        ),
    ),
    PillSpec(
        "Scrivere un prompt per l'IA generativa",
        "Contesto, compito, formato: la ricetta per chiedere a un assistente di IA quello che serve.",
        PillKind.AUDIO,
        "junior",
        ("digcomp 3.2", "digcomp 5.3"),
        ("IA generativa", "prompt"),
        cues=(
            "Con l'intelligenza artificiale generativa conta come si chiede.",
            "Date il contesto, dite il compito e chiedete un formato preciso.",
            "E non incollate mai dati riservati dei clienti nel prompt.",
        ),
    ),
    PillSpec(
        "Password sicure e autenticazione a due fattori",
        "Una frase lunga al posto della password e il secondo fattore sul telefono.",
        PillKind.VIDEO,
        "junior",
        ("digcomp 4.1", "digcomp 4.2"),
        ("sicurezza", "password"),
        cues=(
            "La sicurezza delle password comincia dalla lunghezza.",
            "Meglio una frase di quattro parole che otto caratteri strani.",
            "E attivate l'autenticazione a due fattori sull'app del telefono.",
        ),
    ),
    PillSpec(
        "LinkedIn: un profilo che racconta cosa fai",
        "Titolo, riepilogo ed esperienze: un profilo LinkedIn curato in mezz'ora.",
        PillKind.TEXT,
        "junior",
        ("digcomp 2.6",),
        ("LinkedIn", "reputazione online"),
        body=(
            "## Tre cose da sistemare subito\n\n"
            "1. **Il titolo**: non solo il ruolo, ma che cosa fai per chi.\n"
            "2. **Il riepilogo**: tre frasi, in prima persona.\n"
            "3. **Le esperienze**: un risultato concreto per ogni ruolo.\n\n"
            "Poi chiedi a due colleghi una *raccomandazione*: vale più di dieci competenze confermate."
        ),
    ),
    PillSpec(
        "Riconoscere una mail di phishing",
        "Mittente, link e urgenza: i tre segnali che tradiscono una mail truffa.",
        PillKind.TEXT,
        "junior",
        ("digcomp 4.2",),
        ("sicurezza", "phishing"),
        body=(
            "Prima di cliccare, controlla:\n\n"
            "- il **mittente** vero (passa il mouse sul nome);\n"
            "- dove porta il **link**, senza aprirlo;\n"
            "- se la mail mette **fretta** o chiede password.\n\n"
            "Nel dubbio, inoltrala al servizio IT con il pulsante *Segnala phishing*."
        ),
    ),
    PillSpec(
        "Cinque scorciatoie di Outlook che fanno risparmiare tempo",
        "Regole, modelli e la ricerca avanzata della posta.",
        PillKind.TEXT,
        "junior",
        ("digcomp 2.1",),
        ("Outlook", "email"),
        body=(
            "- `Ctrl+Shift+M` nuovo messaggio\n- `Ctrl+R` rispondi\n- `Ctrl+E` cerca\n"
            "- Regole per smistare la posta\n- Modelli per le risposte frequenti"
        ),
        share="declined",
    ),
    PillSpec(
        "Guida ufficiale alle tabelle pivot",
        "La guida di Microsoft, passo per passo, da tenere a portata di mano.",
        PillKind.LINK,
        "junior",
        ("digcomp 1.3",),
        ("Excel", "pivot"),
        url="https://support.microsoft.com/it-it/excel",
        body="La parte più utile è quella sui **campi calcolati**.",
    ),
    PillSpec(
        "Riassumere un report trimestrale con l'IA",
        "Come abbiamo provato insieme a farci aiutare da un assistente di IA su un report vero.",
        PillKind.TEXT,
        "junior",
        ("digcomp 3.2",),
        ("IA generativa", "report"),
        body=(
            "Quello che abbiamo fatto all'ultimo incontro:\n\n"
            "1. tolto dal report i nomi dei clienti;\n"
            "2. chiesto un riassunto in **cinque punti** per il consiglio;\n"
            "3. confrontato il riassunto con i numeri originali.\n\n"
            "> L'IA scrive bene, ma i numeri si controllano sempre."
        ),
        share="pair",
    ),
    PillSpec(
        "Sharing a calendar with your assistant",
        "Give your assistant access to your calendar without handing over your mailbox.",
        PillKind.TEXT,
        "junior",
        ("digcomp 2.4",),
        ("calendar", "Outlook"),
        body=(
            "In Outlook, open **Calendar → Share**, add your assistant and choose *Can edit*.\n\n"
            "Private appointments stay private: mark them with the padlock."
        ),
        language="en",
    ),
    PillSpec(
        "The European digital competence framework (DigComp 2.2)",
        "The reference behind our skill catalogue: five areas, twenty-one competences.",
        PillKind.LINK,
        "junior",
        ("digcomp 5.4",),
        ("DigComp",),
        url="https://joint-research-centre.ec.europa.eu/digcomp_en",
        language="en",
    ),
    PillSpec(
        "Organizzare le cartelle condivise",
        "Una struttura semplice che tutti capiscono: per cliente, poi per anno.",
        PillKind.TEXT,
        "junior",
        ("digcomp 1.3",),
        ("cartelle", "Teams"),
        body="Per cliente, poi per anno, poi per pratica. **Mai** più di tre livelli.",
        share="person",
    ),
    PillSpec(
        "Videochiamate: audio e luce senza spendere",
        "Cuffie, finestra davanti e telecamera all'altezza degli occhi.",
        PillKind.TEXT,
        "junior",
        ("digcomp 2.1",),
        ("videochiamate",),
        body="- Cuffie con microfono\n- La finestra **davanti**, mai alle spalle\n- Telecamera all'altezza degli occhi",
        share="program",
    ),
    PillSpec(
        "Come usare i filtri del foglio di calcolo",
        "Filtrare, ordinare e ritrovare una riga tra mille senza paura di rompere niente.",
        PillKind.TEXT,
        "junior",
        ("digcomp 1.1",),
        ("Excel", "filtri"),
        body="Seleziona l'intestazione, poi **Dati → Filtro**. Per togliere tutto: *Cancella filtro*.",
        share="pending",
    ),
    PillSpec(
        "Dare feedback: situazione, comportamento, impatto",
        "Un metodo in tre passi per dare un feedback difficile senza ferire.",
        PillKind.AUDIO,
        "senior",
        ("entrecomp 3.4", "entrecomp 2.5"),
        ("feedback", "leadership"),
        cues=(
            "Dare feedback è un'abilità che si allena.",
            "Descrivete la situazione e il comportamento, senza giudicare la persona.",
            "Poi dite l'impatto che ha avuto e chiedete come la vede lui.",
        ),
        share="org_for",
    ),
    PillSpec(
        "Negoziare un budget con un altro reparto",
        "Preparare le alternative prima di sedersi al tavolo.",
        PillKind.VIDEO,
        "senior",
        ("entrecomp 2.3", "entrecomp 2.4"),
        ("negoziazione", "budget"),
        cues=(
            "Per negoziare bene bisogna sapere cosa si fa se non c'è accordo.",
            "Preparate due alternative e il minimo che potete accettare.",
            "E ascoltate prima che cosa serve davvero all'altro reparto.",
        ),
    ),
    PillSpec(
        "Guidare una riunione in trenta minuti",
        "Ordine del giorno, un responsabile per punto e le decisioni scritte alla fine.",
        PillKind.AUDIO,
        "senior",
        ("entrecomp 3.2",),
        ("riunioni", "leadership"),
        cues=(
            "Guidare una riunione vuol dire prepararla prima.",
            "Mandate l'ordine del giorno e per ogni punto un responsabile.",
            "Negli ultimi cinque minuti si rileggono le decisioni prese.",
        ),
    ),
    PillSpec(
        "Preparare una presentazione al consiglio",
        "Prima il messaggio, poi i numeri: la struttura che i consiglieri ricordano.",
        PillKind.TEXT,
        "senior",
        ("entrecomp 1.3",),
        ("presentazioni", "consiglio"),
        body=(
            "1. **Il messaggio** in una frase, nella prima slide.\n"
            "2. Tre numeri, non trenta.\n"
            "3. La decisione che chiedi, scritta.\n\n"
            "Prova la presentazione ad alta voce con qualcuno che non conosce il tema."
        ),
        share="pair",
    ),
    PillSpec(
        "Decidere quando i dati non bastano",
        "Come si prende una decisione con informazioni incomplete, e come la si spiega.",
        PillKind.TEXT,
        "senior",
        ("entrecomp 3.3",),
        ("decisioni", "leadership"),
        body=(
            "Chiediti: *che cosa dovrebbe essere vero* perché questa scelta sia giusta?\n\n"
            "Scrivi le ipotesi, decidi una data per rivederle e dillo al team."
        ),
    ),
    PillSpec(
        "Delegare senza perdere il controllo",
        "Risultato atteso, limiti e momenti di verifica: delegare non è scaricare.",
        PillKind.TEXT,
        "senior",
        ("entrecomp 2.5",),
        ("delega", "leadership"),
        body="Quando deleghi, dì **che cosa** ti aspetti e **entro quando**, non *come* farlo.",
    ),
    PillSpec(
        "Reading a profit and loss statement",
        "Revenue, margins and the three lines worth watching every month.",
        PillKind.TEXT,
        "senior",
        ("entrecomp 2.4",),
        ("finance",),
        body="Watch **gross margin**, **operating costs** and **cash**: profit is an opinion, cash is a fact.",
        language="en",
    ),
    PillSpec(
        "Gestire un conflitto nel team",
        "Separare le persone dal problema e cercare gli interessi comuni.",
        PillKind.TEXT,
        "senior",
        ("entrecomp 3.4",),
        ("conflitti", "team"),
        body="Ascolta le due parti **separatamente**, poi insieme: prima i fatti, poi le proposte.",
        share="program",
    ),
    PillSpec(
        "EntreComp: il quadro europeo dello spirito d'iniziativa",
        "Le quindici competenze di EntreComp, da cui vengono le competenze che i senior insegnano.",
        PillKind.LINK,
        "senior",
        ("entrecomp 1.1",),
        ("EntreComp",),
        url="https://joint-research-centre.ec.europa.eu/entrecomp_en",
    ),
    PillSpec(
        "Running a one-to-one people look forward to",
        "Their agenda first, yours second, and one thing to follow up.",
        PillKind.TEXT,
        "senior",
        ("entrecomp 2.5", "entrecomp 3.4"),
        ("one-to-one", "leadership"),
        body="Start with *their* list. End by agreeing **one** thing each of you will do before the next one.",
        language="en",
    ),
)

#: The two learning paths, by pill title. The first is assigned to the running program.
PATHS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Primi passi nel digitale",
        "Le pillole da cui partire nel programma in corso: condividere, collaborare, proteggersi e farsi "
        "aiutare dall'intelligenza artificiale.",
        (
            "Condividere una fattura con il cliente in due clic",
            "Teams: ritrovare i file di una riunione",
            "Password sicure e autenticazione a due fattori",
            "Excel: le tabelle pivot spiegate a voce",
            "Scrivere un prompt per l'IA generativa",
            "Videochiamate: audio e luce senza spendere",
        ),
    ),
    (
        "Guidare le persone",
        "Feedback, riunioni, negoziazione e delega: quello che i senior hanno raccontato ai colleghi più giovani.",
        (
            "Dare feedback: situazione, comportamento, impatto",
            "Guidare una riunione in trenta minuti",
            "Negoziare un budget con un altro reparto",
            "Delegare senza perdere il controllo",
            "Decidere quando i dati non bastano",
        ),
    ),
)

COMMENTS = (
    "Grazie, finalmente ho capito come si fa!",
    "Utilissimo, l'ho girato a tutto il mio team.",
    "Si potrebbe aggiungere un esempio con i dati veri?",
    "Chiaro e breve, come dovrebbe essere.",
    "L'ho provato subito: funziona.",
    "Thanks, this saved me an hour.",
)
DECLINE_NOTE = "Esiste già una pillola molto simile: prova ad aggiungere un esempio concreto dal tuo lavoro."


@cache
def _video() -> bytes:
    return samples.video("webm", seconds=MEDIA_SECONDS)


@cache
def _audio() -> bytes:
    return samples.audio("mp3", seconds=MEDIA_SECONDS)


@cache
def _thumbnail() -> bytes:
    return samples.image("JPEG", size=VIDEO_SIZE)


def _vtt(cues: tuple[str, ...]) -> str:
    blocks = [f"00:00:0{index}.000 --> 00:00:0{index + 1}.000\n{text}" for index, text in enumerate(cues)]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


@dataclass
class _Cast:
    """Who writes, reads and reviews the organisation's pills."""

    juniors: list[Person]
    seniors: list[Person]
    partner: dict[int, Person]  # person id → the person they were paired with
    pairs: dict[int, Pair]  # person id → their pair in the running program
    everyone: list[Person]
    reviewer: Person | None
    program: Program | None
    program_people: list[Person] = field(default_factory=list)


def _cast(organization: Organization, people: dict[str, Person]) -> _Cast:
    everyone = sorted(people.values(), key=lambda person: person.email)
    program = Program.objects.filter(organization=organization, slug=RUNNING_PROGRAM).first()
    pairs = list(Pair.objects.filter(program=program).order_by("pk")) if program else []
    by_id = {person.pk: person for person in everyone}
    if pairs:
        juniors = [by_id[pair.junior_id] for pair in pairs]
        seniors = [by_id[pair.senior_id] for pair in pairs]
    else:
        juniors = [person for person in everyone if (person.birth_year or 0) >= 1988]
        seniors = [person for person in everyone if 0 < (person.birth_year or 0) <= 1975]
    partner = {}
    for junior, senior in zip(juniors, seniors, strict=False):
        partner[junior.pk], partner[senior.pk] = senior, junior
    program_ids = (
        set(
            Enrolment.objects.filter(program=program, status=EnrolmentStatus.APPROVED).values_list(
                "person_id", flat=True
            )
        )
        if program
        else set()
    )
    # A program manager reviews; an organisation without one has its admin do it.
    roles = dict(
        Membership.objects.filter(organization=organization, role__in=[Role.MANAGER, Role.ADMIN]).values_list(
            "user_id", "role"
        )
    )
    reviewers = [person for person in everyone if person.user_id in roles]
    reviewers.sort(key=lambda person: roles.get(person.user_id or 0) != Role.MANAGER)
    return _Cast(
        juniors=juniors[:4],
        seniors=seniors[:4],
        partner=partner,
        pairs={person_id: pair for pair in pairs for person_id in (pair.junior_id, pair.senior_id)},
        everyone=everyone,
        reviewer=reviewers[0] if reviewers else None,
        program=program,
        program_people=[person for person in everyone if person.pk in program_ids],
    )


def _store(organization: Organization, content: bytes, extension: str, folder: str) -> str:
    return library_storage().save(storage_name(organization.pk, extension, folder=folder), ContentFile(content))


def _attach_media(pill: Pill, spec: PillSpec) -> None:
    organization = pill.organization
    video = spec.kind == PillKind.VIDEO
    content = _video() if video else _audio()
    pill.media.name = _store(organization, content, "webm" if video else "mp3", "media")
    pill.media_mime, pill.media_size = ("video/webm" if video else "audio/mpeg"), len(content)
    pill.duration_seconds = MEDIA_SECONDS
    if video:
        pill.width, pill.height = VIDEO_SIZE
        pill.thumbnail.name = _store(organization, _thumbnail(), "jpg", "thumbnails")
    pill.captions.name = _store(organization, _vtt(spec.cues).encode(), "vtt", "captions")
    pill.transcript = "\n".join(spec.cues)


def _share(pill: Pill, spec: PillSpec, cast: _Cast, reviewed_at: datetime) -> None:
    """Set the pill's grants as the authoring and review services would have left them."""
    author_id = pill.author_id
    share = spec.share
    if share in {"pair", "program"} and (cast.program is None or author_id not in cast.pairs):
        share = "person"  # an organisation without the running program keeps it between two people
    if share in {"org_for", "person", "pending", "declined"}:
        pill.recipient = cast.partner.get(author_id)
    if share == "pair":
        pill.pair, pill.audience = cast.pairs[author_id], Audience.PAIR
    elif share == "program":
        pill.program, pill.audience = cast.program, Audience.PROGRAM
    else:
        pill.audience = Audience.PERSON
    if share in {"org", "org_for", "pending", "declined"}:
        pill.org_consent_at = pill.published_at
        pill.org_status = {"pending": OrgStatus.PENDING, "declined": OrgStatus.DECLINED}.get(share, OrgStatus.APPROVED)
        if pill.org_status != OrgStatus.PENDING:
            pill.org_reviewed_at, pill.org_reviewed_by = reviewed_at, cast.reviewer
        if pill.org_status != OrgStatus.DECLINED:
            pill.audience = Audience.ORGANIZATION
        else:
            pill.org_review_note = DECLINE_NOTE


def _audience_of(pill: Pill, cast: _Cast) -> list[Person]:
    """Who may open the pill besides its author: the people its grants name."""
    if pill.org_status == OrgStatus.APPROVED:
        return cast.everyone
    if pill.program_id is not None:
        return cast.program_people
    if pill.pair_id is not None:
        pair = cast.pairs[pill.author_id]
        return [person for person in cast.everyone if person.pk in {pair.junior_id, pair.senior_id}]
    return [pill.recipient] if pill.recipient else []


def write_demo_library(organization: Organization, people: dict[str, Person]) -> list[Pill]:
    """The organisation's demo pills, their readers' traces, two learning paths and the search index."""
    rng = random.Random(f"{organization.slug}-library")
    cast = _cast(organization, people)
    if not cast.juniors or not cast.seniors:
        return []
    now = timezone.now()
    skills = {
        f"{skill.area.framework.code} {skill.code}": skill
        for skill in Skill.objects.filter(area__framework__organization=None).select_related("area__framework")
    }
    tags = _tags(organization)
    pills: list[Pill] = []
    for index, spec in enumerate(CATALOGUE):
        authors = cast.juniors if spec.by == "junior" else cast.seniors
        # What stays between two people is the demo logins' (the first pair's) own story.
        author = authors[0] if spec.share in PERSONAL else authors[index % len(authors)]
        published = now - timedelta(days=80 - 3 * index, hours=rng.randint(0, 8))
        pill = Pill(
            organization=organization,
            author=author,
            title=spec.title,
            summary=spec.summary,
            body=spec.body,
            body_html=render_markdown(spec.body),
            kind=spec.kind,
            language=spec.language,
            external_url=spec.url,
            published_at=published,
        )
        _share(pill, spec, cast, reviewed_at=min(now, published + timedelta(days=1)))
        if spec.cues:
            _attach_media(pill, spec)
        pills.append(pill)
    plans = _plan_traces(pills, cast, rng)
    Pill.objects.bulk_create(pills)
    _classify(pills, skills, tags)
    _write_traces(pills, plans, rng, now)
    _paths(organization, pills, cast)
    search.rebuild_index(organization.pk)
    return pills


def _tags(organization: Organization) -> dict[str, Tag]:
    names = {name for spec in CATALOGUE for name in spec.tags}
    rows = [Tag(organization=organization, name=name, slug=slugify(name, allow_unicode=True)) for name in names]
    return {tag.name: tag for tag in Tag.objects.bulk_create(sorted(rows, key=lambda tag: tag.slug))}


def _classify(pills: list[Pill], skills: dict[str, Skill], tags: dict[str, Tag]) -> None:
    by_title = {spec.title: spec for spec in CATALOGUE}
    pill_skill: Any = Pill.skills.through
    pill_tag: Any = Pill.tags.through
    skill_rows, tag_rows = [], []
    for pill in pills:
        spec = by_title[pill.title]
        skill_rows += [pill_skill(pill=pill, skill=skills[key]) for key in spec.skills if key in skills]
        tag_rows += [pill_tag(pill=pill, tag=tags[name]) for name in spec.tags]
    pill_skill.objects.bulk_create(skill_rows)
    pill_tag.objects.bulk_create(tag_rows)


#: Who opened a pill and who found it helpful, chosen before the pill is written.
Traces = tuple[list[Person], list[Person]]


def _plan_traces(pills: list[Pill], cast: _Cast, rng: random.Random) -> list[Traces]:
    """Choose each pill's readers and set its counters to match the rows written later."""
    path_start = set(PATHS[0][2][:2])
    plans = []
    for pill in pills:
        readers = [person for person in _audience_of(pill, cast) if person.pk != pill.author_id]
        if pill.org_status == OrgStatus.APPROVED:
            viewers = rng.sample(readers, min(len(readers), rng.randint(4, 24)))
            if pill.title in path_start:
                # The running program's senior demo login has started the path assigned to it.
                viewers += [person for person in cast.seniors[:1] if person not in viewers and person in readers]
        else:
            viewers = readers[:3]
        helped = [person for person in viewers if rng.random() < 0.35 or person.pk == pill.recipient_id]
        pill.views_count, pill.helpful_count = len(viewers), len(helped)
        plans.append((viewers, helped))
    return plans


def _write_traces(pills: list[Pill], plans: list[Traces], rng: random.Random, now: datetime) -> None:
    views, reactions, comments = [], [], []
    for pill, (viewers, helped) in zip(pills, plans, strict=True):
        span = max(1, int((now - pill.published_at).total_seconds()))
        for person in viewers:
            seen = pill.published_at + timedelta(seconds=rng.randint(0, span))
            views.append(PillView(organization=pill.organization, pill=pill, person=person, last_viewed_at=seen))
        reactions += [PillReaction(organization=pill.organization, pill=pill, person=person) for person in helped]
        comments += [
            PillComment(organization=pill.organization, pill=pill, author=person, body=rng.choice(COMMENTS))
            for person in helped[: rng.randint(0, 2)]
        ]
    PillView.objects.bulk_create(views)
    PillReaction.objects.bulk_create(reactions)
    PillComment.objects.bulk_create(comments)


def _paths(organization: Organization, pills: list[Pill], cast: _Cast) -> None:
    by_title = {pill.title: pill for pill in pills}
    for number, (title, description, titles) in enumerate(PATHS):
        collection = paths.collection_create(
            organization=organization, by=cast.reviewer, title=title, description=description
        )
        if number == 0 and cast.program is not None:
            paths.collection_assign_program(collection=collection, program=cast.program, by=cast.reviewer)
        assigned = {cast.program.pk} if number == 0 and cast.program is not None else set()
        for pill_title in titles:
            pill = by_title[pill_title]
            if paths.pill_fits_collection(pill, assigned):
                paths.collection_add_pill(collection=collection, pill=pill)


def delete_demo_library(organization_id: int) -> None:
    """Before a reset: the organisation's pills leave the search index and their files the storage.

    Deleting the rows does neither (files are not rows, and SQLite's FTS5 table has no foreign key).
    """
    search.remove_pills(Pill.objects.filter(organization_id=organization_id).values_list("pk", flat=True))
    _delete_tree(library_storage(), f"library/{organization_id}")


def _delete_tree(storage: Any, folder: str) -> None:
    if not storage.exists(folder):
        return
    folders, files = storage.listdir(folder)
    for name in files:
        storage.delete(f"{folder}/{name}")
    for name in folders:
        _delete_tree(storage, f"{folder}/{name}")
