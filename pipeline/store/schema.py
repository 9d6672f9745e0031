"""The database schema at the head migration, one definition for SQLite and PostgreSQL.

The migrations in `pipeline/store/migrations/versions/` create and change the tables; this module
describes the result for queries, and a test checks the two agree. The full-text index (SQLite FTS5
table `decisions_fts`, PostgreSQL column `decisions.search`) is engine specific and lives only in
the migrations and in `search.py`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False, index=True),
    Column("sha256", Text, nullable=False, index=True),
    Column("pages", Integer, nullable=False),
    Column("status", Text, nullable=False),  # "ok" or "failed"
    Column("error", Text),
    Column("notes", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
    Column("fingerprint", Text),  # hash of everything stored for the document: same hash, nothing to write
    # first stored, kept when a new version replaces the rows; NULL for rows from before revision 0002
    Column("created_at", DateTime(timezone=True)),
)

pages = Table(
    "pages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("raw_text", Text, nullable=False),
    Column("cleaned_text", Text),
    Column("header", JSON, nullable=False),
    Column("mean_confidence", Float),
    Column("engine", Text),
    Column("language", Text),
)

meetings = Table(
    "meetings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("municipality", Text),
    Column("organ", Text),
    Column("date", Text),  # ISO yyyy-mm-dd
    Column("start_time", Text),  # HH:MM
    Column("end_time", Text),
    Column("place", Text),
    Column("number", Text),  # "10/2024"
    Column("present", JSON, nullable=False),
    Column("others", JSON, nullable=False),
    Column("absent", JSON, nullable=False),
    Column("errors", JSON, nullable=False),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("meeting_id", Integer, ForeignKey("meetings.id"), index=True),  # NULL: a record without a meeting
    # the record's own organ and date: a single agenda item names the organ that treated it
    Column("municipality", Text),
    Column("organ", Text, index=True),
    Column("meeting_date", Text),  # searched newest first through ix_decisions_newest (made by migration 0003)
    Column("section", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("diary_number", Text),
    Column("text", Text, nullable=False),
    Column("decision", Text),
    Column("pages", JSON, nullable=False),
    Column("errors", JSON, nullable=False),
    Column("preparer", Text),
    Column("presenter", Text),
    Column("proposal", Text),
    Column("processing", Text),
    Column("resolution", Text),
    Column("attachments", JSON, nullable=False),
    Column("references", JSON, nullable=False),  # [{"organ", "date", "section"}]
    Column("confidence", Float, nullable=False),
    Column("extra", JSON, nullable=False),  # fields a later model adds before they get a column
    # what search matches: distinct words of title, text and decision, and their Voikko base forms
    Column("terms", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
)

corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("page", Integer, nullable=False),
    Column("offset", Integer, nullable=False),
    Column("before", Text, nullable=False),
    Column("after", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("applied", Boolean, nullable=False),
)

# pages a batch run extracted from files not yet stored, so that a killed run resumes without OCR'ing them again
# (pipeline/batch/checkpoint.py); rows of a file go once it is stored. Keyed by content hash and a fingerprint
# of the extraction settings and Tesseract version.
page_checkpoints = Table(
    "page_checkpoints",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("fingerprint", String(16), primary_key=True),
    Column("task", Integer, primary_key=True),  # page index; 0 for a text file (all its pages)
    Column("pages", Text, nullable=False),  # JSON list of extracted pages
)
