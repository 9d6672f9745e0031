"""Every field of the decision record in its own column, and the meeting with all its details.

- meetings: one row per stored document's meeting (time, place, number, participants, errors), owned
  by the document; two files of one meeting may disagree, and each export must give back what its own
  file says. The shared (municipality, organ, date) rows of revision 0002 go.
- decisions: municipality, organ and meeting_date of the record itself (a single agenda item names the
  organ that treated it, not the meeting's), preparer, presenter, proposal, processing, resolution,
  attachments, references (lists as JSON), confidence; meeting_id may be NULL (records without a
  meeting). `extra` keeps only fields the model may gain later. Rebuilt, as SQLite cannot drop the
  old foreign key column; ids are kept.
- search: baseforms becomes terms, the distinct words of title, text and decision with their Voikko
  base forms, each once; the full-text index (FTS5, PostgreSQL `finnish`) covers that column only.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from pipeline.store.baseforms import index_terms

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TIMESTAMP = sa.DateTime(timezone=True)
# one column of search terms (distinct words and base forms) is indexed, not the whole text
SQLITE_SEARCH = [
    "DROP TABLE decisions_fts",
    """CREATE VIRTUAL TABLE decisions_fts USING fts5(
        terms, content='decisions', content_rowid='id', tokenize='unicode61 remove_diacritics 0')""",
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
POSTGRESQL_SEARCH = [
    """ALTER TABLE decisions ADD COLUMN search tsvector
        GENERATED ALWAYS AS (strip(to_tsvector('finnish'::regconfig, terms))) STORED""",
    "CREATE INDEX ix_decisions_search ON decisions USING gin (search)",
]
MEETING_FIELDS = ("municipality", "organ", "date", "start_time", "end_time", "place", "number")
MEETING_LISTS = ("present", "others", "absent", "errors")
DECISION_TEXTS = ("preparer", "presenter", "proposal", "processing", "resolution")
DECISION_LISTS = ("attachments", "references")
COPIED = ("id", "document_id", "section", "title", "diary_number", "text", "decision", "pages", "errors")
COPIED += ("created_at", "updated_at")


def upgrade() -> None:
    bind = op.get_bind()
    meetings = op.create_table(
        "meetings_new",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        *(sa.Column(name, sa.Text) for name in MEETING_FIELDS),
        *(sa.Column(name, sa.JSON, nullable=False) for name in MEETING_LISTS),
    )
    decisions = op.create_table(
        "decisions_new",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings_new.id")),
        sa.Column("municipality", sa.Text),
        sa.Column("organ", sa.Text),
        sa.Column("meeting_date", sa.Text),
        sa.Column("section", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("diary_number", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("decision", sa.Text),
        sa.Column("pages", sa.JSON, nullable=False),
        sa.Column("errors", sa.JSON, nullable=False),
        *(sa.Column(name, sa.Text) for name in DECISION_TEXTS),
        *(sa.Column(name, sa.JSON, nullable=False) for name in DECISION_LISTS),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("extra", sa.JSON, nullable=False),
        sa.Column("terms", sa.Text, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
    )
    _copy(bind, meetings, decisions)
    op.drop_table("decisions")
    op.drop_table("meetings")
    op.rename_table("meetings_new", "meetings")
    op.rename_table("decisions_new", "decisions")
    op.create_index("ix_meetings_document_id", "meetings", ["document_id"])
    for column in ("document_id", "meeting_id", "updated_at", "organ"):
        op.create_index(f"ix_decisions_{column}", "decisions", [column])
    # search results come newest first: in this order PostgreSQL reads matches off the index and stops early
    # (SQLite sorts its full-text matches instead, and its index cannot say NULLS LAST)
    nulls = "" if bind.dialect.name == "sqlite" else " NULLS LAST"
    op.execute(f"CREATE INDEX ix_decisions_newest ON decisions (meeting_date DESC{nulls}, id)")
    for statement in SQLITE_SEARCH if bind.dialect.name == "sqlite" else POSTGRESQL_SEARCH:
        op.execute(statement)


def _copy(bind: sa.Connection, meetings: sa.Table, decisions: sa.Table) -> None:
    """Revision 0002's decisions with their shared meeting's key and the newer fields kept in `extra`."""
    old = sa.table(
        "decisions",
        *(sa.column(name) for name in ("id", "document_id", "meeting_id", "section", "title", "diary_number")),
        *(sa.column(name) for name in ("text", "decision")),
        sa.column("created_at", _TIMESTAMP),
        sa.column("updated_at", _TIMESTAMP),
        sa.column("pages", sa.JSON),
        sa.column("errors", sa.JSON),
        sa.column("extra", sa.JSON),
    )
    old_meetings = sa.table(
        "meetings", sa.column("id"), sa.column("municipality"), sa.column("organ"), sa.column("date")
    )
    query = (
        sa.select(old, old_meetings.c.municipality, old_meetings.c.organ, old_meetings.c.date)
        .join(old_meetings, old.c.meeting_id == old_meetings.c.id)
        .order_by(old.c.id)
    )
    meeting_ids: dict[tuple[int, str], int] = {}
    batch: list[dict[str, Any]] = []
    for row in bind.execute(query).mappings().all():
        extra = dict(row["extra"] or {})
        meeting = extra.pop("meeting", None)
        meeting_id = None
        if isinstance(meeting, dict):
            key = (row["document_id"], json.dumps(meeting, sort_keys=True))
            if key not in meeting_ids:
                values = {name: meeting.get(name) for name in MEETING_FIELDS}
                values.update({name: list(meeting.get(name) or []) for name in MEETING_LISTS})
                meeting_ids[key] = bind.execute(
                    sa.insert(meetings).values(document_id=row["document_id"], **values).returning(meetings.c.id)
                ).scalar_one()
            meeting_id = meeting_ids[key]
        batch.append(
            {
                **{name: row[name] for name in COPIED},
                "meeting_id": meeting_id,
                "terms": index_terms(row["title"], row["text"], row["decision"]),
                "municipality": row["municipality"],
                "organ": row["organ"],
                "meeting_date": row["date"],
                **{name: extra.pop(name, None) for name in DECISION_TEXTS},
                **{name: extra.pop(name, None) or [] for name in DECISION_LISTS},
                "confidence": extra.pop("confidence", 1.0),
                "extra": extra,
            }
        )
        if len(batch) >= 1000:
            bind.execute(sa.insert(decisions), batch)
            batch = []
    if batch:
        bind.execute(sa.insert(decisions), batch)
    if bind.dialect.name == "postgresql":  # ids were copied, so the sequence must continue after them
        bind.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence('decisions_new', 'id'), coalesce(max(id), 0) + 1, false)"
                " FROM decisions_new"
            )
        )


def downgrade() -> None:
    raise NotImplementedError("revision 0003 cannot be downgraded; restore a backup instead")
