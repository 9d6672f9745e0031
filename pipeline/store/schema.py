"""The database schema, one definition for SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, DateTime, Float, ForeignKey, Integer, MetaData, Table, Text, func

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False, index=True),
    Column("sha256", Text, nullable=False, index=True),
    Column("pages", Integer, nullable=False, default=0),
    Column("status", Text, nullable=False),  # "ok" or "failed"
    Column("error", Text),
    Column("notes", JSON, nullable=False, default=list),
    Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
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
    Column("header", JSON, nullable=False, default=list),
    Column("mean_confidence", Float),
    Column("engine", Text),
    Column("language", Text),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("municipality", Text),
    Column("organ", Text),
    Column("meeting_date", Text),
    Column("section", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("diary_number", Text),
    Column("text", Text, nullable=False),
    Column("decision", Text),
    Column("pages", JSON, nullable=False, default=list),
    Column("errors", JSON, nullable=False, default=list),
)

changes = Table(
    "changes",
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
