"""Words → index terms, the same way for documents and queries, on every database.

Stemming runs here in Python (Snowball, the algorithms PostgreSQL's own ``italian`` and
``english`` configurations use) so SQLite FTS5 and PostgreSQL index identical terms and answer
identically. A document is stemmed in its own language; a query word is stemmed in both, so
"fattura" finds "fatture" in an Italian transcript and "spreadsheet" finds "spreadsheets".
Accents are folded after stemming: "perché" and "perche" are one term. Snowball cannot relate an
irregular past participle to its verb ("condiviso" / "condividere"), so a short table of the
common ones widens such query words to both stems.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import snowballstemmer

# Letters and digits; the underscore would split differently in FTS5 and PostgreSQL.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_WORD = 40
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 12
#: A half-typed last word shorter than this would match too many terms to be useful.
MIN_PREFIX = 3
LANGUAGES = {"it": "italian", "en": "english"}

# Markdown's link targets, images, inline HTML and bare addresses carry no words worth finding.
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|<[^>]*>|https?://\S+|&[a-z]+;", re.IGNORECASE)

_STOP_WORDS = """
    a ad al alla alle allo agli ai anche che chi ci con come da dal dalla dalle dei del della delle dello
    degli di e ed gli ha hai hanno ho i il in io la le lei li lo loro lui ma mi ne negli nei nel nella
    nelle nello noi non o per piu poi quale quando questa queste questi questo se si sia sono su sua sue
    sui sul sulla suo suoi te ti tra tu tua tue tuo tuoi un una uno vi voi è
    about an and are as at be been but by can do for from had has have he her his how i if into is it
    its me my no not of on or our she so than that the their them then there these they this to us was
    we were what when which who will with you your
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Irregular Italian past participles of verbs people use at work, with their infinitive. Left
# out on purpose: participles that are everyday nouns ("posto", "stato", "corso", "fatto").
_PARTICIPLES = """
    condividere condiviso dividere diviso decidere deciso scrivere scritto leggere letto prendere preso
    mettere messo vedere visto chiedere chiesto rispondere risposto chiudere chiuso aprire aperto
    offrire offerto rimanere rimasto scegliere scelto spegnere spento accendere acceso perdere perso
    spendere speso muovere mosso rompere rotto succedere successo discutere discusso esprimere espresso
    promuovere promosso risolvere risolto spingere spinto togliere tolto raccogliere raccolto
    produrre prodotto tradurre tradotto ridurre ridotto introdurre introdotto condurre condotto
    proporre proposto comporre composto esporre esposto imporre imposto disporre disposto
    vincere vinto permettere permesso ammettere ammesso trasmettere trasmesso includere incluso
    escludere escluso concludere concluso assumere assunto rivedere rivisto prevedere previsto
"""


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(LANGUAGES.get(language, "italian"))


def fold(word: str) -> str:
    """The word without accents, so the index never depends on how one types them.

    Compatibility forms may decompose into punctuation ("¼" → "1⁄4", "㈠" → "(一)"): only
    letters and digits are kept, which is also what makes a term safe in either query syntax.
    """
    decomposed = unicodedata.normalize("NFKD", word).lower()
    return "".join(char for char in decomposed if char.isalnum() and not unicodedata.combining(char))


def words(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """The words of ``text[start:end]`` with their positions (for snippets); overlong tokens are skipped."""
    for match in WORD.finditer(text, start, len(text) if end is None else end):
        if len(match.group()) <= MAX_WORD:
            yield match


#: Terms already computed, per language: a corpus repeats a few thousand words, and Snowball in
#: pure Python is the slow part of indexing. Emptied when it grows past ``_KNOWN_MAX`` words.
_known: dict[str, dict[str, str]] = {language: {} for language in LANGUAGES}
_KNOWN_MAX = 200_000


def _stem(word: str, language: str) -> str:
    lowered = word.lower()
    if lowered in STOP_WORDS or fold(lowered) in STOP_WORDS:
        return ""
    return fold(_stemmer(language).stemWord(lowered))


def term(word: str, language: str) -> str | None:
    """The index term of one word in a language, or None for a stop word."""
    known = _known[language if language in _known else "it"]
    found = known.get(word)
    if found is None:
        if len(known) > _KNOWN_MAX:
            known.clear()
        found = known[word] = _stem(word, language)
    return found or None


def document_terms(text: str, language: str) -> str:
    """A field's terms, space-separated, ready for FTS5 or ``to_tsvector('simple', …)``."""
    plain = _MARKUP.sub(r" \1 ", text)
    terms = (term(word, language) for word in WORD.findall(plain) if len(word) <= MAX_WORD)
    return " ".join(found for found in terms if found)


def _related_stems() -> dict[str, frozenset[str]]:
    pairs = _PARTICIPLES.split()
    related: dict[str, set[str]] = {}
    for verb, participle in zip(pairs[::2], pairs[1::2], strict=True):
        stems = {term(verb, "it"), term(participle, "it")} - {None}
        for stem in stems:
            related.setdefault(str(stem), set()).update(str(other) for other in stems)
    return {stem: frozenset(others) for stem, others in related.items()}


RELATED = _related_stems()


@dataclass(frozen=True)
class QueryWord:
    """One word of a query: the terms it may appear as, and a prefix for the word being typed."""

    terms: frozenset[str]
    prefix: str | None


def _variants(word: str) -> frozenset[str]:
    stems = {found for language in LANGUAGES if (found := term(word, language))}
    return frozenset(stems.union(*(RELATED.get(stem, ()) for stem in stems)))


def query_words(text: str) -> list[QueryWord]:
    """Parse anything a person (or a robot) types; never raises, returns [] when nothing is left.

    Every character that is not a letter or digit separates words, so operators and quotes of
    either engine's syntax never reach it. The last word, when the text ends with it, also
    matches as a prefix: the person may still be typing it.
    """
    cleaned = str(text)[:MAX_QUERY_CHARS]
    found: list[QueryWord] = []
    seen: set[frozenset[str]] = set()
    typing = ""
    for match in words(cleaned):
        variants = _variants(match.group())
        if not variants or variants in seen:
            continue
        seen.add(variants)
        found.append(QueryWord(terms=variants, prefix=None))
        typing = fold(match.group().lower()) if match.end() == len(cleaned) else ""
        if len(found) == MAX_QUERY_WORDS:
            break
    if found and len(typing) >= MIN_PREFIX:
        found[-1] = QueryWord(terms=found[-1].terms, prefix=typing)
    return found


def matching_terms(query: list[QueryWord]) -> frozenset[str]:
    return frozenset(variant for word in query for variant in word.terms)
