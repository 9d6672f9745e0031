"""PostgreSQL's `finnish` lexemes of search terms, asked of the server once per distinct term.

Letting the server run to_tsvector('finnish', terms) for each decision spent about 2 µs a token in its
parser, over half of its time when storing. Terms repeat from decision to decision (10,000 decisions of
the storage benchmark hold about 4,000 distinct ones), so the server parses each new term once and the
store writes every decision's vector ready made. The parser never joins tokens across the spaces between
terms, so the union of the terms' lexemes is the vector strip(to_tsvector('finnish', terms)) gives
(tested against the server). The lexemes still come from the server's own configuration.
"""

from __future__ import annotations

from itertools import chain

from sqlalchemy import Connection, text

_LEXEMES = text(
    "SELECT t, tsvector_to_array(to_tsvector('finnish'::regconfig, t)) FROM unnest(CAST(:terms AS text[])) AS t"
)
LIMIT = 200_000  # distinct terms kept (about 40 MB); past it the cache starts again: OCR noise is endless


def _quoted(lexeme: str) -> str:
    """A lexeme as tsvector input writes it: in single quotes, quote doubled and backslash escaped."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


class Lexemes:
    """One database's term -> lexemes cache; fills itself from the server in one query per call."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[str, ...]] = {}

    def vectors(self, connection: Connection, terms: list[str]) -> list[str]:
        """The tsvector input of each space-separated terms string, in the order given."""
        split = [one.split() for one in terms]
        known = self._known
        every = set(chain.from_iterable(split))
        missing = every.difference(known)
        if len(known) + len(missing) > LIMIT:
            known.clear()
            missing = every
        if missing:
            for term, lexemes in connection.execute(_LEXEMES, {"terms": sorted(missing)}):
                known[term] = tuple(map(_quoted, lexemes))
        return [" ".join(dict.fromkeys(chain.from_iterable(map(known.__getitem__, words)))) for words in split]
