"""The two engines behind one interface: SQLite FTS5 (embedded default) and PostgreSQL tsvector.

Both store the terms made by ``stemming`` per field and rank with field weights (title first,
then tags and skills, summary, then body and transcript). Whole-term hits come before hits of
the half-typed last word alone: the ranked search runs once for the terms, then for the prefix
matches that are not already among them.

``candidates`` — the viewer's visible pills with the page's filters — enters each statement as a
parameterised ``EXISTS`` correlated on the matched pill id, so a match outside it is never
returned whatever its rank, and the database walks the few matches and checks each by primary
key instead of listing every visible pill first. User text never reaches SQL except as
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
    """Paging over two ranked tiers: whole-term matches, then prefix-only matches."""

    def find(self, query: list[QueryWord], candidates: QuerySet[Any], *, limit: int, offset: int) -> Ranked:
        exact = self.expression(query, with_prefix=False)
        if query[-1].prefix is None:
            return Ranked(self.ranked(exact, candidates, limit, offset), self.count(exact, candidates))
        exact_total = self.count(exact, candidates)
        rows = self.ranked(exact, candidates, limit, offset) if offset < exact_total else []
        prefix_only = self.excluding(self.expression(query, with_prefix=True), exact)
        total = min(COUNT_CAP + 1, exact_total + self.count(prefix_only, candidates))
        if len(rows) < limit and exact_total <= COUNT_CAP:
            rows += self.ranked(prefix_only, candidates, limit - len(rows), max(0, offset - exact_total))
        return Ranked(rows, total)

    def expression(self, query: list[QueryWord], *, with_prefix: bool) -> str:
        raise NotImplementedError

    def excluding(self, broad: str, exact: str) -> str:
        raise NotImplementedError

    def ranked(self, match: str, candidates: QuerySet[Any], limit: int, offset: int) -> list[tuple[int, float]]:
        raise NotImplementedError

    def count(self, match: str, candidates: QuerySet[Any]) -> int:
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

    def ranked(self, match: str, candidates: QuerySet[Any], limit: int, offset: int) -> list[tuple[int, float]]:
        visible, params = _visible(candidates, f"{self.TABLE}.rowid")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, {self.RANK} AS score FROM {self.TABLE} "  # noqa: S608
                f"WHERE {self.TABLE} MATCH %s AND {visible} ORDER BY score, rowid DESC LIMIT %s OFFSET %s",
                (match, *params, limit, offset),
            )
            # bm25 is better when lower; the interface's score is better when higher.
            return [(int(pill_id), -float(score)) for pill_id, score in cursor.fetchall()]

    def count(self, match: str, candidates: QuerySet[Any]) -> int:
        visible, params = _visible(candidates, f"{self.TABLE}.rowid")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {self.TABLE} "  # noqa: S608
                f"WHERE {self.TABLE} MATCH %s AND {visible} LIMIT %s)",
                (match, *params, COUNT_CAP + 1),
            )
            return int(cursor.fetchone()[0])


class PostgresEngine(_Tiered):
    """A ``search_vector`` column on the pill row itself, with a GIN index (migration 0002)."""

    VECTOR = (
        "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') || "
        "setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D')"
    )
    # Weights of D, C, B, A: body and transcript, summary, tags and skills, title (as on SQLite).
    RANK = "ts_rank_cd('{0.1, 0.4, 0.6, 1.0}', s.search_vector, q.query)"
    SOURCE = "library_pill s, to_tsquery('simple', %s) AS q(query)"

    def write(self, documents: Sequence[Document]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE library_pill SET search_vector = {self.VECTOR} WHERE id = %s",  # noqa: S608
                [(d.title, d.tags, d.summary, f"{d.body} {d.transcript}", d.pill_id) for d in documents],
            )

    def delete(self, pill_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE library_pill SET search_vector = NULL WHERE id = ANY(%s)", (list(pill_ids),))

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE library_pill SET search_vector = NULL WHERE search_vector IS NOT NULL")

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

    def ranked(self, match: str, candidates: QuerySet[Any], limit: int, offset: int) -> list[tuple[int, float]]:
        visible, params = _visible(candidates, "s.id")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.id, {self.RANK} AS score FROM {self.SOURCE} "  # noqa: S608
                f"WHERE s.search_vector @@ q.query AND {visible} ORDER BY score DESC, s.id DESC LIMIT %s OFFSET %s",
                (match, *params, limit, offset),
            )
            return [(int(pill_id), float(score)) for pill_id, score in cursor.fetchall()]

    def count(self, match: str, candidates: QuerySet[Any]) -> int:
        visible, params = _visible(candidates, "s.id")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {self.SOURCE} "  # noqa: S608
                f"WHERE s.search_vector @@ q.query AND {visible} LIMIT %s) AS capped",
                (match, *params, COUNT_CAP + 1),
            )
            return int(cursor.fetchone()[0])


def engine() -> Engine:
    return PostgresEngine() if connection.vendor == "postgresql" else SQLiteEngine()
