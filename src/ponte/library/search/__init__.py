"""Full-text search over experience pills: one interface, SQLite FTS5 or PostgreSQL underneath.

Writers call ``index_pills`` inside their transaction after a change and ``remove_pills`` before
a delete; readers call ``search_pills`` with the viewer's visible pills as ``candidates``.
Results carry the title and a snippet from the original text with the matching words marked,
built here from the same stems on both databases (ADR 0006).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from math import ceil

from django.db.models import QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ponte.library.models import Pill

from .backends import BATCH, COUNT_CAP, Document, engine
from .stemming import MAX_WORD, WORD, QueryWord, document_terms, matching_terms, query_words, term, words

__all__ = [
    "COUNT_CAP",
    "SearchPage",
    "SearchResult",
    "has_terms",
    "index_pills",
    "rebuild_index",
    "remove_pills",
    "search_pills",
]

SNIPPET_WORDS = 30


@dataclass(frozen=True)
class SearchResult:
    pill: Pill
    score: float
    title_html: SafeString
    snippet: SafeString


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchResult]
    #: Matches counted up to ``COUNT_CAP`` + 1: more than the cap reads as "more than 1,000".
    total: int
    page: int
    per_page: int

    @property
    def num_pages(self) -> int:
        return max(1, ceil(min(self.total, COUNT_CAP) / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def capped(self) -> bool:
        return self.total > COUNT_CAP


def has_terms(text: str) -> bool:
    """False for an empty or stop-words-only query: the page then lists pills by date."""
    return bool(query_words(text))


def index_pills(pill_ids: Iterable[int]) -> None:
    """(Re)index these pills from their rows; ids whose pill is gone leave the index.

    Call it inside the writer's transaction. Three queries per batch of 500 pills, whatever
    their tags and skills.
    """
    ids = sorted(set(pill_ids))
    backend = engine()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        pills = Pill.objects.filter(pk__in=chunk).prefetch_related("tags", "skills")
        documents = [_document(pill) for pill in pills]
        gone = sorted(set(chunk) - {document.pill_id for document in documents})
        if gone:
            backend.delete(gone)
        if documents:
            backend.write(documents)


def remove_pills(pill_ids: Iterable[int]) -> None:
    engine().delete(sorted(set(pill_ids)))


def rebuild_index(organization_id: int | None = None) -> int:
    """Index every pill (of one organisation) afresh and return how many: demo, restores, a new stemmer."""
    pills = Pill.objects.all() if organization_id is None else Pill.objects.filter(organization_id=organization_id)
    if organization_id is None:
        engine().clear()  # also forgets rows whose organisation was deleted with its pills
    ids = list(pills.values_list("pk", flat=True))
    index_pills(ids)
    return len(ids)


def _document(pill: Pill) -> Document:
    language = pill.language
    skill_names = [getattr(skill, f"name_{language}", None) or skill.name for skill in pill.skills.all()]
    labels = " ".join([*(tag.name for tag in pill.tags.all()), *skill_names])
    return Document(
        pill_id=pill.pk,
        title=document_terms(pill.title, language),
        tags=document_terms(labels, language),
        summary=document_terms(pill.summary, language),
        body=document_terms(pill.body, language),
        transcript=document_terms(pill.transcript, language),
    )


def search_pills(text: str, *, candidates: QuerySet[Pill], page: int = 1, per_page: int = 20) -> SearchPage:
    """The page-th page of the pills among ``candidates`` that contain every word of ``text``, best first.

    ``candidates`` is the viewer's visible pills with the page's filters: nothing outside it is
    ever returned. ``total`` counts matches up to ``COUNT_CAP`` + 1 only, and pages stop at the
    cap: when more pills match, the newest ``COUNT_CAP`` of them are the ones ranked (counting
    and ranking every pill that holds a common word is what would make a search slow). Pills
    come with their author loaded — not their tags and skills, which no result list shows, nor
    their rendered body — in a constant number of queries.
    """
    query = query_words(text)
    page = max(1, page)
    if not query:
        return SearchPage(results=[], total=0, page=page, per_page=per_page)
    ranked = engine().find(query, candidates, limit=per_page, offset=(page - 1) * per_page)
    ids = [pill_id for pill_id, _ in ranked.pill_ids_scores]
    # By primary key only: the engine matched these ids among the candidates already, and the
    # candidates' conditions here would let the planner scan the organisation's pills instead.
    loaded = Pill.objects.filter(pk__in=ids).select_related("author").defer("body_html")
    pills = {pill.pk: pill for pill in loaded}
    marker = _Marker(query)
    results = [_result(pills[pill_id], score, marker) for pill_id, score in ranked.pill_ids_scores if pill_id in pills]
    return SearchPage(results=results, total=ranked.total, page=page, per_page=per_page)


class _Marker:
    """Which words of a text match the query, remembered across the texts of one page."""

    def __init__(self, query: list[QueryWord]) -> None:
        self.terms = matching_terms(query)
        self.prefixes = tuple(word.prefix for word in query if word.prefix)
        self.seen: dict[str, dict[str, bool]] = {}

    def _is_hit(self, word: str, language: str) -> bool:
        found = term(word, language) if len(word) <= MAX_WORD else None
        return found is not None and (found in self.terms or found.startswith(self.prefixes))

    def spans(self, text: str, language: str) -> list[tuple[int, int]]:
        # The distinct words are found by the regex engine and judged once each; the hits are then
        # located by one pattern. A Python loop over every word of 20 transcripts cost milliseconds.
        seen = self.seen.setdefault(language, {})
        hits = []
        for word in set(WORD.findall(text)):
            hit = seen.get(word)
            if hit is None:
                hit = seen[word] = self._is_hit(word, language)
            if hit:
                hits.append(word)
        if not hits:
            return []
        return [match.span() for match in _whole_words(hits).finditer(text)]


def _whole_words(found: list[str]) -> re.Pattern[str]:
    """These words where each is a whole word, as ``WORD`` splits a text (re caches the pattern)."""
    alternatives = "|".join(re.escape(word) for word in sorted(found, key=lambda word: (-len(word), word)))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


def _result(pill: Pill, score: float, marker: _Marker) -> SearchResult:
    fields = [pill.transcript, pill.body, pill.summary]
    spans = [marker.spans(text, pill.language) for text in fields]
    best = max(range(len(fields)), key=lambda index: len(spans[index]))  # ties: the first, the transcript
    if not spans[best]:
        best = next((index for index in (2, 1, 0) if fields[index]), 2)  # no words hit: the summary
    return SearchResult(
        pill=pill,
        score=score,
        title_html=_marked(pill.title, 0, len(pill.title), marker.spans(pill.title, pill.language)),
        snippet=_snippet(fields[best], spans[best]),
    )


def _snippet(text: str, spans: list[tuple[int, int]]) -> SafeString:
    """About 30 words of the text around its first matching word, escaped, matches in <mark>.

    Only the words near the first match are read, however long the transcript.
    """
    first = spans[0][0] if spans else 0
    lead_words = SNIPPET_WORDS // 3
    before = _words_before(text, first, lead_words + 1)
    lead = "… " if len(before) > lead_words else ""
    before = before[-lead_words:]
    room = SNIPPET_WORDS - len(before)
    after = [match.span() for match in islice(words(text, first), room + 1)]  # one more: is there a tail?
    kept = [*before, *after[:room]]
    if not kept:
        return SafeString("")
    start, end = kept[0][0], kept[-1][1]
    inner = _marked(text, start, end, [span for span in spans if start <= span[0] < end])
    tail = " …" if len(after) > room else ""
    return format_html("{}{}{}", lead, inner, tail)


def _words_before(text: str, end: int, count: int) -> list[tuple[int, int]]:
    """The spans of the last ``count`` words ending before ``end`` (fewer at the start of the text)."""
    reach = 64 * count
    while True:
        start = max(0, end - reach)
        found = [match.span() for match in words(text, start, end)]
        if start > 0:
            found = found[1:]  # the slice may begin in the middle of a word
        if len(found) >= count or start == 0:
            return found[-count:]
        reach *= 4


def _marked(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> SafeString:
    """``text[start:end]`` escaped, with the words at ``spans`` in <mark>."""
    pieces = []
    cursor = start
    for span_start, span_end in spans:
        pieces.append((text[cursor:span_start], text[span_start:span_end]))
        cursor = span_end
    return format_html("{}{}", format_html_join("", "{}<mark>{}</mark>", pieces), text[cursor:end])
