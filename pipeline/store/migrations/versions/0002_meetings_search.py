"""Meetings as their own table, timestamps for incremental export, extra fields, Finnish full-text search.

- meetings (municipality, organ, date), one row per meeting; decisions reference it
- decisions: extra (JSON of Decision fields without a column), baseforms (Voikko, for search),
  created_at/updated_at; the table is rebuilt because SQLite cannot add NOT NULL columns to it
- documents: processed_at becomes updated_at; fingerprint and created_at are added
- changes is renamed corrections (the cleaning stage's audit rows)
- search: SQLite FTS5 table decisions_fts kept in step by triggers; PostgreSQL a generated
  tsvector column decisions.search with the `finnish` configuration and a GIN index

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

from pipeline.store.baseforms import index_terms

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE decisions_fts USING fts5(
        title, text, decision, baseforms,
        content='decisions', content_rowid='id', tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER decisions_fts_insert AFTER INSERT ON decisions BEGIN
        INSERT INTO decisions_fts(rowid, title, text, decision, baseforms)
        VALUES (new.id, new.title, new.text, new.decision, new.baseforms);
    END""",
    """CREATE TRIGGER decisions_fts_delete AFTER DELETE ON decisions BEGIN
        INSERT INTO decisions_fts(decisions_fts, rowid, title, text, decision, baseforms)
        VALUES ('delete', old.id, old.title, old.text, old.decision, old.baseforms);
    END""",
    """CREATE TRIGGER decisions_fts_update AFTER UPDATE ON decisions BEGIN
        INSERT INTO decisions_fts(decisions_fts, rowid, title, text, decision, baseforms)
        VALUES ('delete', old.id, old.title, old.text, old.decision, old.baseforms);
        INSERT INTO decisions_fts(rowid, title, text, decision, baseforms)
        VALUES (new.id, new.title, new.text, new.decision, new.baseforms);
    END""",
    "INSERT INTO decisions_fts(decisions_fts) VALUES ('rebuild')",
]

POSTGRESQL_FTS = [
    """ALTER TABLE decisions ADD COLUMN search tsvector GENERATED ALWAYS AS (strip(to_tsvector('finnish'::regconfig,
        title || ' ' || text || ' ' || coalesce(decision, '') || ' ' || baseforms))) STORED""",
    "CREATE INDEX ix_decisions_search ON decisions USING gin (search)",
]

_TIMESTAMP = sa.DateTime(timezone=True)


def _document_id() -> sa.Column:
    return sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    bind = op.get_bind()
    now = dt.datetime.now(dt.UTC)

    op.execute("ALTER TABLE documents RENAME COLUMN processed_at TO updated_at")
    op.add_column("documents", sa.Column("fingerprint", sa.Text))
    op.add_column("documents", sa.Column("created_at", _TIMESTAMP))
    op.execute("UPDATE documents SET created_at = updated_at")
    op.create_index("ix_documents_updated_at", "documents", ["updated_at"])

    op.rename_table("changes", "corrections")
    op.drop_index("ix_changes_document_id", table_name="corrections")
    op.create_index("ix_corrections_document_id", "corrections", ["document_id"])

    meetings = op.create_table(
        "meetings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("municipality", sa.Text),
        sa.Column("organ", sa.Text),
        sa.Column("date", sa.Text),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
    )
    op.create_index(
        "ix_meetings_key",
        "meetings",
        [sa.text("coalesce(municipality, '')"), sa.text("coalesce(organ, '')"), sa.text("coalesce(date, '')")],
        unique=True,
    )

    new = op.create_table(
        "decisions_new",
        sa.Column("id", sa.Integer, primary_key=True),
        _document_id(),
        sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id"), nullable=False),
        sa.Column("section", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("diary_number", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("decision", sa.Text),
        sa.Column("pages", sa.JSON, nullable=False),
        sa.Column("errors", sa.JSON, nullable=False),
        sa.Column("extra", sa.JSON, nullable=False),
        sa.Column("baseforms", sa.Text, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
    )
    _copy_decisions(bind, meetings, new, now)
    op.drop_table("decisions")
    op.rename_table("decisions_new", "decisions")
    for column in ("document_id", "meeting_id", "updated_at"):
        op.create_index(f"ix_decisions_{column}", "decisions", [column])

    for statement in SQLITE_FTS if bind.dialect.name == "sqlite" else POSTGRESQL_FTS:
        op.execute(statement)


def _copy_decisions(bind: sa.Connection, meetings: sa.Table, new: sa.Table, now: dt.datetime) -> None:
    """Move each decision's meeting into meetings and add base forms, timestamps and an empty extra."""
    old = sa.table(
        "decisions",
        *(sa.column(name) for name in ("id", "document_id", "municipality", "organ", "meeting_date", "section")),
        *(sa.column(name) for name in ("title", "diary_number", "text", "decision")),
        sa.column("pages", sa.JSON),
        sa.column("errors", sa.JSON),
    )
    documents = sa.table("documents", sa.column("id"), sa.column("updated_at", _TIMESTAMP))
    meeting_ids: dict[tuple[str | None, str | None, str | None], int] = {}
    rows = (
        bind.execute(
            sa.select(old, documents.c.updated_at)
            .join(documents, old.c.document_id == documents.c.id)
            .order_by(old.c.id)
        )
        .mappings()
        .all()
    )
    batch: list[dict] = []
    for row in rows:
        key = (row["municipality"], row["organ"], row["meeting_date"])
        if key not in meeting_ids:
            meeting_ids[key] = bind.execute(
                sa.insert(meetings)
                .values(municipality=key[0], organ=key[1], date=key[2], created_at=now)
                .returning(meetings.c.id)
            ).scalar_one()
        stamp = row["updated_at"] or now
        batch.append(
            {
                "id": row["id"],
                "document_id": row["document_id"],
                "meeting_id": meeting_ids[key],
                **{name: row[name] for name in ("section", "title", "diary_number", "text", "decision")},
                "pages": row["pages"],
                "errors": row["errors"],
                "extra": {},
                "baseforms": index_terms(row["title"], row["text"], row["decision"]),
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        if len(batch) >= 1000:
            bind.execute(sa.insert(new), batch)
            batch = []
    if batch:
        bind.execute(sa.insert(new), batch)
    if bind.dialect.name == "postgresql":  # ids were copied, so the sequence must continue after them
        bind.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence('decisions_new', 'id'), coalesce(max(id), 0) + 1, false)"
                " FROM decisions_new"
            )
        )


def downgrade() -> None:
    raise NotImplementedError("revision 0002 cannot be downgraded; restore a backup instead")
