"""The two engines behind one interface: SQLite FTS5 (embedded default) and PostgreSQL tsvector.

Both store the terms made by ``stemming`` per field and rank with field weights (title first,
then tags and skills, summary, then body and transcript). Whole-term hits come before hits of
the half-typed last word alone: the ranked search runs once for the terms, then for the prefix
matches that are not already among them. A query matching more than ``RANK_WINDOW`` visible
pills ranks its newest ``RANK_WINDOW`` matches: the engines walk their index from the newest
pill down and stop there, so a common word costs what a rare one does.

``candidates`` — the viewer's visible pills with the page's filters — enters each statement as a
parameterised ``EXISTS`` correlated on the matched pill id, so a match outside it is never
returned whatever its rank, and the database walks the matches newest first, checking each by
primary key until the window is full, instead of listing every visible pill first. User text never reaches SQL except as
parameters; the terms themselves are letters and digits only, and the table and column names
interpolated into the statements are constants of this module (hence the ``noqa: S608``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .stemming import QueryWord

#: How many matches are counted at most: beyond that the page says "more than 1,000".
COUNT_CAP = 1000
#: How many matches are ranked at most: the newest ones. Ranking every pill that holds a common
#: word (and checking each against the candidates) is what would take hundreds of milliseconds.
RANK_WINDOW = COUNT_CAP
BATCH = 500


@dataclass(frozen=True)
class Document:
    pill_id: int
    title: str
    tags: str
    summary: str
    body: str
    transcript: str


@dataclass(frozen=True)
class Ranked:
    pill_ids_scores: list[tuple[int, float]]
    total: int


class Engine(Protocol):
    def write(self, documents: Sequence[Document]) -> None: ...
    def delete(self, pill_ids: Sequence[int]) -> None: ...
    def clear(self) -> None: ...
    def find(self, query: list[QueryWord], candidates: QuerySet[Any], *, limit: int, offset: int) -> Ranked: ...


def _visible(candidates: QuerySet[Any], matched_id: str) -> tuple[str, tuple[Any, ...]]:
    """``EXISTS (…)``: the matched pill is among the candidates, checked by its primary key."""
    # matched_id is one of this module's constant column references, never user text.
    correlated = candidates.order_by().filter(pk=RawSQL(matched_id, ())).values("pk")  # noqa: S611
    sql, params = correlated.query.sql_with_params()
    return f"EXISTS ({sql})", tuple(params)


class _Tiered:
    """Paging over two ranked tiers: whole-term matches, then prefix-only matches.

    Each tier is one statement returning its window — the newest ``RANK_WINDOW`` + 1 visible
    matches — ranked; its length is also the capped count, so no second statement counts.
    """

    def find(self, query: list[QueryWord], candidates: QuerySet[Any], *, limit: int, offset: int) -> Ranked:
        exact = self.expression(query, with_prefix=False)
        rows = self.window(exact, candidates)
        if query[-1].prefix is not None and len(rows) <= COUNT_CAP:
            rows += self.window(self.excluding(self.expression(query, with_prefix=True), exact), candidates)
        return Ranked(rows[offset : offset + limit], min(len(rows), COUNT_CAP + 1))

    def expression(self, query: list[QueryWord], *, with_prefix: bool) -> str:
        raise NotImplementedError

    def excluding(self, broad: str, exact: str) -> str:
        raise NotImplementedError

    def window(self, match: str, candidates: QuerySet[Any]) -> list[tuple[int, float]]:
        raise NotImplementedError


class SQLiteEngine(_Tiered):
    TABLE = "library_pill_fts"
    # bm25 weights in the table's column order: title, tags, summary, body, transcript.
    RANK = "bm25(library_pill_fts, 10.0, 6.0, 4.0, 1.0, 1.0)"

    def write(self, documents: Sequence[Document]) -> None:
        self.delete([document.pill_id for document in documents])
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.TABLE} (rowid, title, tags, summary, body, transcript) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [(d.pill_id, d.title, d.tags, d.summary, d.body, d.transcript) for d in documents],
            )

    def delete(self, pill_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(pill_ids), BATCH):
                chunk = list(pill_ids[start : start + BATCH])
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {self.TABLE} WHERE rowid IN ({marks})", chunk)  # noqa: S608

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.TABLE}")  # noqa: S608

    def expression(self, query: list[QueryWord], *, with_prefix: bool) -> str:
        groups = []
        for word in query:
            options = [f'"{variant}"' for variant in sorted(word.terms)]
            if with_prefix and word.prefix:
                options.append(f'"{word.prefix}"*')
            groups.append("(" + " OR ".join(options) + ")")
        return " AND ".join(groups)

    def excluding(self, broad: str, exact: str) -> str:
        return f"({broad}) NOT ({exact})"

    def window(self, match: str, candidates: QuerySet[Any]) -> list[tuple[int, float]]:
        visible, params = _visible(candidates, f"{self.TABLE}.rowid")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, score FROM (SELECT rowid, {self.RANK} AS score FROM {self.TABLE} "  # noqa: S608
                f"WHERE {self.TABLE} MATCH %s AND {visible} ORDER BY rowid DESC LIMIT %s) "
                "ORDER BY score, rowid DESC",
                (match, *params, RANK_WINDOW + 1),
            )
            # bm25 is better when lower; the interface's score is better when higher.
            return [(int(pill_id), -float(score)) for pill_id, score in cursor.fetchall()]


class PostgresEngine(_Tiered):
    """A narrow ``library_pill_search`` table (migration 0002): the terms to match, the vector to rank."""

    TABLE = "library_pill_search"
    VECTOR = (
        "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') || "
        "setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D')"
    )
    # Weights of D, C, B, A: body and transcript, summary, tags and skills, title (as on SQLite).
    RANK = "ts_rank_cd('{0.1, 0.4, 0.6, 1.0}', vector, query)"
    SOURCE = "library_pill_search s, to_tsquery('simple', %s) AS q(query)"

    def write(self, documents: Sequence[Document]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.TABLE} (pill_id, terms, vector) "  # noqa: S608
                f"SELECT id, strip(vector), vector FROM (SELECT %s::bigint AS id, {self.VECTOR} AS vector) AS made "
                "ON CONFLICT (pill_id) DO UPDATE SET terms = EXCLUDED.terms, vector = EXCLUDED.vector",
                [(d.pill_id, d.title, d.tags, d.summary, f"{d.body} {d.transcript}") for d in documents],
            )

    def delete(self, pill_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.TABLE} WHERE pill_id = ANY(%s)", (list(pill_ids),))  # noqa: S608

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.TABLE}")  # noqa: S608

    def expression(self, query: list[QueryWord], *, with_prefix: bool) -> str:
        groups = []
        for word in query:
            options = sorted(word.terms)
            if with_prefix and word.prefix:
                options.append(f"{word.prefix}:*")
            groups.append("(" + " | ".join(options) + ")")
        return " & ".join(groups)

    def excluding(self, broad: str, exact: str) -> str:
        return f"({broad}) & !({exact})"

    def window(self, match: str, candidates: QuerySet[Any]) -> list[tuple[int, float]]:
        visible, params = _visible(candidates, "s.pill_id")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT pill_id, {self.RANK} AS score FROM (SELECT s.pill_id, s.vector, q.query FROM {self.SOURCE} "  # noqa: S608
                f"WHERE s.terms @@ q.query AND {visible} ORDER BY s.pill_id DESC LIMIT %s) AS newest "
                "ORDER BY score DESC, pill_id DESC",
                (match, *params, RANK_WINDOW + 1),
            )
            return [(int(pill_id), float(score)) for pill_id, score in cursor.fetchall()]


def engine() -> Engine:
    return PostgresEngine() if connection.vendor == "postgresql" else SQLiteEngine()
