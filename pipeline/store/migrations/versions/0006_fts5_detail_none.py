"""SQLite: the full-text index keeps which decisions hold a term, not where (FTS5 detail=none).

Search asks only whether a decision holds one of each query word's forms, and the terms column holds
each term once in no meaningful order, so the positions that detail=full stored were never used. Without
them storing spends about a third less time in FTS5 and the index is smaller; a variant of several
tokens (a hyphenated compound) is searched as all of its tokens instead of as a phrase (search.py).
The column sizes (for bm25 ranking, not used) go too. PostgreSQL: nothing changes.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _fts(options: str) -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS decisions_fts_insert",
        "DROP TRIGGER IF EXISTS decisions_fts_delete",
        "DROP TRIGGER IF EXISTS decisions_fts_update",
        "DROP TABLE decisions_fts",
        f"""CREATE VIRTUAL TABLE decisions_fts USING fts5(
            terms, content='decisions', content_rowid='id', tokenize='unicode61 remove_diacritics 0'{options})""",
        """CREATE TRIGGER decisions_fts_insert AFTER INSERT ON decisions BEGIN
            INSERT INTO decisions_fts(rowid, terms) VALUES (new.id, new.terms);
        END""",
        """CREATE TRIGGER decisions_fts_delete AFTER DELETE ON decisions BEGIN
            INSERT INTO decisions_fts(decisions_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
        END""",
        """CREATE TRIGGER decisions_fts_update AFTER UPDATE ON decisions BEGIN
            INSERT INTO decisions_fts(decisions_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
            INSERT INTO decisions_fts(rowid, terms) VALUES (new.id, new.terms);
        END""",
        "INSERT INTO decisions_fts(decisions_fts) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _fts(", detail=none, columnsize=0"):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _fts(""):
            op.execute(statement)
