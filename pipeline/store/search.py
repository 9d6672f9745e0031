"""Full-text search over decisions: SQLite FTS5 or PostgreSQL's `finnish` text search, both with Voikko
base forms indexed beside the text so any inflected form of a query word finds the others."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, func, literal_column, select, table

from pipeline.store import schema
from pipeline.store.baseforms import query_variants

# a query word as the FTS5 unicode61 tokenizer and PostgreSQL's parser see it: letters and digits
TERM = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


@dataclass(frozen=True, slots=True)
class SearchFilter:
    organ: str | None = None  # part of the organ's name, any case
    date_from: dt.date | None = None  # meeting on or after
    date_to: dt.date | None = None  # meeting on or before


def query_terms(query: str) -> list[list[str]]:
    """Each word of the query with its base forms; a decision must match one variant of every word."""
    return [query_variants(word) for word in TERM.findall(query)]


def _fts5_query(terms: list[list[str]]) -> str:
    quoted = (" OR ".join('"' + variant.replace('"', '""') + '"' for variant in variants) for variants in terms)
    return " AND ".join(f"({group})" for group in quoted)


def _tsquery(terms: list[list[str]]) -> ColumnElement:
    finnish = literal_column("'finnish'::regconfig")
    query = None
    for variants in terms:
        any_variant = None
        for variant in variants:
            one = func.plainto_tsquery(finnish, variant)
            any_variant = one if any_variant is None else any_variant.op("||")(one)
        query = any_variant if query is None else query.op("&&")(any_variant)
    assert query is not None
    return query


def matching_ids(connection: Connection, query: str, wanted: SearchFilter, limit: int) -> list[int]:
    """Ids of the best matching decisions, best first; every value travels as a bound parameter."""
    terms = query_terms(query)
    if not terms:
        return []
    d = schema.decisions
    statement = select(d.c.id)
    if connection.dialect.name == "sqlite":
        fts = table("decisions_fts", literal_column("rowid"), literal_column("rank"))
        statement = (
            statement.join(fts, literal_column("decisions_fts.rowid") == d.c.id)
            .where(literal_column("decisions_fts").op("MATCH")(_fts5_query(terms)))
            .order_by(literal_column("decisions_fts.rank"))
        )
    else:
        tsquery = _tsquery(terms)
        search = literal_column("decisions.search")
        statement = statement.where(search.op("@@")(tsquery)).order_by(func.ts_rank(search, tsquery).desc())
    if wanted.organ:
        statement = statement.where(func.lower(d.c.organ).contains(wanted.organ.lower(), autoescape=True))
    if wanted.date_from:
        statement = statement.where(d.c.meeting_date >= wanted.date_from.isoformat())
    if wanted.date_to:
        statement = statement.where(d.c.meeting_date <= wanted.date_to.isoformat())
    statement = statement.order_by(d.c.meeting_date.desc(), d.c.id).limit(limit)
    return list(connection.execute(statement).scalars())
