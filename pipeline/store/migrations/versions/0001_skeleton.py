"""The first schema, as the pipeline skeleton created it with create_all (documents, pages, decisions, changes).

Databases made before migrations existed have exactly these tables; they are stamped at this
revision and upgraded from here.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _document_id() -> sa.Column:
    return sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("notes", sa.JSON, nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_documents_path", "documents", ["path"])
    op.create_index("ix_documents_sha256", "documents", ["sha256"])
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer, primary_key=True),
        _document_id(),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("raw_text", sa.Text, nullable=False),
        sa.Column("cleaned_text", sa.Text),
        sa.Column("header", sa.JSON, nullable=False),
        sa.Column("mean_confidence", sa.Float),
        sa.Column("engine", sa.Text),
        sa.Column("language", sa.Text),
    )
    op.create_index("ix_pages_document_id", "pages", ["document_id"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        _document_id(),
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
    )
    op.create_index("ix_decisions_document_id", "decisions", ["document_id"])
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer, primary_key=True),
        _document_id(),
        sa.Column("page", sa.Integer, nullable=False),
        sa.Column("offset", sa.Integer, nullable=False),
        sa.Column("before", sa.Text, nullable=False),
        sa.Column("after", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("applied", sa.Boolean, nullable=False),
    )
    op.create_index("ix_changes_document_id", "changes", ["document_id"])


def downgrade() -> None:
    for table in ("changes", "decisions", "pages", "documents"):
        op.drop_table(table)
