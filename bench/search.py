"""Benchmark: full-text search over 100,000 experience pills, as a participant searches them.

Usage: uv run python bench/search.py [--pills 100000] [--runs 5]
       [--database-url postgres://postgres@127.0.0.1:5432/ponte_bench_search]

Builds one organisation with ``--pills`` pills written by 500 people in Italian (70 %) and
English: titles of 5–10 words, a summary, a body of 50–200 words, a transcript of 100–400 words
on 40 % of them, 0–4 tags, drawn from a Zipfian vocabulary of a few thousand words per language
(real words with their inflections for the head, made-up ones for the long tail). Nine pills in
ten are approved organisation-wide, the others addressed to one person. Then it indexes them all
(``rebuild_index``, printing the throughput) and, as a participant — ``Pill.objects.visible_to``
and ``search_pills``, which renders the snippets — runs each kind of query (a common word, a rare
word, two words, an Italian word in another inflection, a half-typed prefix, a common word
filtered by language or by type, a word that is nowhere) ``--runs`` times over several words,
printing median and 95th percentile per kind and overall beside the 50 ms limit of quality.md.

Runs on a throw-away SQLite database in a temp dir (dev settings, DEBUG off); with
``--database-url`` on that PostgreSQL database, dropped and created afresh. Prints figures;
never asserts timings.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from lifecycle import setup_django, timed

LIMIT_MS = 50.0
AUTHORS = 500
TAGS = 300
PRIVATE_SHARE = 0.1
BATCH = 5000

#: Italian lemmas of office work, each with the inflections a text uses.
ITALIAN = """
fattura fatture fatturare fatturato cliente clienti fornitore fornitori ordine ordini ordinare
contratto contratti riunione riunioni progetto progetti progettare budget bilancio bilanci
foglio fogli calcolo calcoli calcolare tabella tabelle formula formule grafico grafici
presentazione presentazioni presentare documento documenti archivio archiviare archiviato
cartella cartelle condividere condiviso condivisa schermo schermi videochiamata videochiamate
messaggio messaggi scrivere scritto risposta risposte rispondere email posta allegato allegati
password sicurezza sicuro sicura accesso accessi accedere account rete reti server stampante
stampanti stampare scadenza scadenze scadenzario calendario calendari appuntamento appuntamenti
squadra squadre collega colleghi responsabile responsabili ufficio uffici magazzino magazzini
spedizione spedizioni spedire prodotto prodotti prezzo prezzi sconto sconti vendita vendite
vendere acquisto acquisti acquistare pagamento pagamenti pagare banca bonifico bonifici
report reportistica analisi analizzare dato dati database filtro filtri filtrare ricerca
ricercare cercare trovato trovare modulo moduli compilare compilato firma firme firmare
digitale digitali strumento strumenti applicazione applicazioni telefono telefoni tablet
formazione formare corso imparare imparato insegnare insegnato esperienza esperienze consiglio
consigli suggerimento suggerimenti errore errori correggere corretto problema problemi
soluzione soluzioni risolvere risolto procedura procedure processo processi automatizzare
automatico automatica macro scorciatoia scorciatoie tastiera mouse finestra finestre
"""
ENGLISH = """
invoice invoices invoicing customer customers supplier suppliers order orders ordering contract
contracts meeting meetings project projects planning budget budgets spreadsheet spreadsheets
formula formulas chart charts presentation presentations presenting document documents archive
archived folder folders share shared sharing screen screens call calls message messages write
writing reply replies email emails attachment attachments password passwords security secure
access login account accounts network server printer printers printing deadline deadlines
calendar calendars appointment appointments team teams colleague colleagues manager managers
office offices warehouse shipping shipment shipments product products price prices discount
discounts sale sales selling purchase purchases payment payments paying bank transfer transfers
report reports reporting analysis analysing data database filter filters filtering search
searching found finding form forms signature signatures signing digital tool tools app apps
phone phones tablet training learning learned teaching taught experience experiences advice tip
tips mistake mistakes fixing fixed problem problems solution solutions solving procedure
procedures process processes automate automated automation macro macros shortcut shortcuts
keyboard window windows
"""
SYLLABLES = {
    "it": [
        "ba",
        "be",
        "bi",
        "bo",
        "ca",
        "ce",
        "ci",
        "co",
        "da",
        "de",
        "di",
        "do",
        "fa",
        "fe",
        "fi",
        "la",
        "le",
        "li",
        "lo",
        "ma",
        "me",
        "mi",
        "mo",
        "na",
        "ne",
        "ni",
        "no",
        "pa",
        "pe",
        "pi",
        "po",
        "ra",
        "re",
        "ri",
        "ro",
        "sa",
        "se",
        "si",
        "so",
        "ta",
        "te",
        "ti",
        "to",
        "va",
        "ve",
        "vi",
    ],
    "en": [
        "ab",
        "ac",
        "ad",
        "al",
        "an",
        "ar",
        "as",
        "at",
        "bl",
        "br",
        "ch",
        "cl",
        "cr",
        "dr",
        "en",
        "er",
        "ex",
        "fl",
        "fr",
        "gr",
        "in",
        "ol",
        "on",
        "or",
        "pl",
        "pr",
        "qu",
        "sh",
        "sl",
        "sp",
        "st",
        "th",
        "tr",
        "un",
        "ur",
    ],
}
TAIL_WORDS = 3000
#: Half-typed prefixes, Italian words in another inflection than the corpus has, words nowhere.
PREFIXES = ["fattu", "spreadsh", "riunio", "presentaz", "scadenz"]
INFLECTED = ["fatturati", "condividono", "archiviata", "stampata", "compilata"]
NOWHERE = ["zzyzxqq", "quuxblorp", "ornitorincoz", "xylophonq", "brrrzt"]


def vocabulary(language: str, rng: random.Random) -> list[str]:
    """Real words first (the frequent head of the Zipfian draw), made-up ones for the long tail."""
    words = (ITALIAN if language == "it" else ENGLISH).split()
    rng.shuffle(words)
    tail: set[str] = set()
    while len(tail) < TAIL_WORDS:
        tail.add("".join(rng.choice(SYLLABLES[language]) for _ in range(rng.randint(2, 4))))
    return words + sorted(tail - set(words))


@dataclass
class Corpus:
    words: dict[str, np.ndarray]
    weights: dict[str, np.ndarray]
    draw: np.random.Generator

    def text(self, language: str, low: int, high: int) -> str:
        size = int(self.draw.integers(low, high + 1))
        picks = self.draw.choice(len(self.words[language]), size=size, p=self.weights[language])
        return " ".join(self.words[language][picks])

    def common(self, language: str, rank: int) -> str:
        return str(self.words[language][rank])


def corpus(seed: int) -> Corpus:
    rng = random.Random(seed)
    words = {language: np.array(vocabulary(language, rng)) for language in ("it", "en")}
    weights = {}
    for language, listed in words.items():
        zipf = 1.0 / np.arange(1, len(listed) + 1)
        weights[language] = zipf / zipf.sum()
    return Corpus(words=words, weights=weights, draw=np.random.default_rng(seed))


def _fresh_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def build(pills: int, words: Corpus, rng: random.Random) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.utils import timezone

    from ponte.accounts.models import User
    from ponte.library.models import Audience, OrgStatus, Pill, PillKind, Tag
    from ponte.organizations.models import Membership, Organization, Role
    from ponte.people.models import Person

    org = Organization.objects.create(name="Bench S.p.A.", slug=f"bench-{uuid.uuid4().hex[:6]}")
    users = User.objects.bulk_create(
        User(email=f"p{n}@{org.slug}.example", full_name=f"Person {n}") for n in range(AUTHORS + 1)
    )
    memberships = Membership.objects.bulk_create(
        Membership(organization=org, user=user, role=Role.PARTICIPANT) for user in users
    )
    people = Person.objects.bulk_create(
        Person(organization=org, user=user, email=user.email, first_name="Person", last_name=str(n))
        for n, user in enumerate(users)
    )
    tags = Tag.objects.bulk_create(
        Tag(organization=org, name=name, slug=f"{name}-{n}")
        for n, name in enumerate(words.text("it" if n % 3 else "en", 1, 1) for n in range(TAGS))
    )
    now = timezone.now()
    kinds = [PillKind.TEXT, PillKind.VIDEO, PillKind.AUDIO, PillKind.PDF, PillKind.LINK]
    through = Pill.tags.through
    with transaction.atomic():
        for start in range(0, pills, BATCH):
            rows = []
            for n in range(start, min(pills, start + BATCH)):
                language = "it" if rng.random() < 0.7 else "en"
                private = rng.random() < PRIVATE_SHARE
                author = people[1 + n % AUTHORS]
                kind = rng.choice(kinds)
                rows.append(
                    Pill(
                        organization=org,
                        author=author,
                        title=words.text(language, 5, 10).capitalize(),
                        summary=words.text(language, 10, 30),
                        body=words.text(language, 50, 200),
                        transcript=words.text(language, 100, 400) if rng.random() < 0.4 else "",
                        kind=kind,
                        language=language,
                        audience=Audience.PERSON if private else Audience.ORGANIZATION,
                        recipient=people[1 + (n + 7) % AUTHORS] if private else None,
                        org_status=OrgStatus.NOT_REQUESTED if private else OrgStatus.APPROVED,
                        org_consent_at=None if private else now,
                        published_at=now - timedelta(minutes=n),
                    )
                )
            created = Pill.objects.bulk_create(rows)
            through.objects.bulk_create(
                through(pill_id=row.pk, tag_id=tag.pk) for row in created for tag in rng.sample(tags, rng.randint(0, 4))
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"org": org, "viewer": people[0], "membership": memberships[0]}


def index(scene: dict[str, Any]) -> None:
    from django.db import connection, transaction

    from ponte.library.search import rebuild_index

    started = time.perf_counter()
    with transaction.atomic():
        indexed = rebuild_index(scene["org"].pk)
    seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after such a write
    print(f"indexed {indexed:,} pills in {seconds:.1f} s: {indexed / seconds:,.0f} pills/s")


def queries(words: Corpus) -> list[tuple[str, list[str], dict[str, Any]]]:
    common = [words.common("it", rank) for rank in (1, 3, 6, 10, 20)]
    rare = [words.common("it", rank) for rank in (1500, 2000, 2500, 2800, 3000)]
    pairs = [f"{words.common('it', a)} {words.common('it', b)}" for a, b in ((2, 30), (5, 80), (12, 200), (8, 40))]
    english = [words.common("en", rank) for rank in (1, 4, 9)]
    return [
        ("common word", [f"{word} " for word in common], {}),
        ("rare word", [f"{word} " for word in rare], {}),
        ("two words", [f"{pair} " for pair in pairs], {}),
        ("Italian inflection", [f"{word} " for word in INFLECTED], {}),
        ("prefix (typing)", PREFIXES, {}),
        ("common word · English only", [f"{word} " for word in english], {"language": "en"}),
        ("common word · videos only", [f"{word} " for word in common], {"kind": "video"}),
        ("no hit", [f"{word} " for word in NOWHERE], {}),
    ]


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def search(scene: dict[str, Any], words: Corpus, runs: int) -> None:
    from ponte.library.models import Pill
    from ponte.library.search import search_pills

    membership, viewer = scene["membership"], scene["viewer"]

    def run(text: str, filters: dict[str, Any]) -> Callable[[], int]:
        def once() -> int:
            candidates = Pill.objects.visible_to(membership, viewer).filter(**filters)
            page = search_pills(text, candidates=candidates)
            return page.total

        return once

    print(f"queries as a participant, {runs} runs of each text after one warm-up (limit p95 < {LIMIT_MS:.0f} ms):")
    everything: list[float] = []
    for label, texts, filters in queries(words):
        samples, totals, statements = [], [], 0
        for text in texts:
            totals.append(run(text, filters)())
            for _ in range(runs):
                seconds, statements = timed(run(text, filters))
                samples.append(seconds * 1000)
        everything += samples
        p95 = _p95(samples)
        print(
            f"  {label:28} median {statistics.median(samples):6.1f} ms, p95 {p95:6.1f} ms "
            f"(limit {LIMIT_MS:.0f} ms → {'within' if p95 < LIMIT_MS else 'OVER'}); "
            f"{statements} queries; matches {min(totals):,}–{max(totals):,}"
        )
    p95 = _p95(everything)
    print(
        f"  {'overall':28} median {statistics.median(everything):6.1f} ms, p95 {p95:6.1f} ms "
        f"(limit {LIMIT_MS:.0f} ms → {'within' if p95 < LIMIT_MS else 'OVER'}) over {len(everything)} searches"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pills", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20260601)
    parser.add_argument("--database-url", default="", help="a PostgreSQL database to (re)create and use")
    args = parser.parse_args()
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if args.database_url:
        _fresh_postgres(args.database_url)
        os.environ["DATABASE_URL"] = args.database_url
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder))
        from django.db import connection

        rng = random.Random(args.seed)
        words = corpus(args.seed)
        started = time.perf_counter()
        scene = build(args.pills, words, rng)
        print(f"{args.pills:,} pills on {connection.vendor}: built in {time.perf_counter() - started:.1f} s")
        index(scene)
        search(scene, words, args.runs)


if __name__ == "__main__":
    main()
