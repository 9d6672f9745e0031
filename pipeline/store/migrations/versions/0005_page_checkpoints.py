"""The batch runner's page checkpoints become part of the schema that Alembic owns.

Until now pipeline/batch/checkpoint.py made the table itself with create_all on its first run, so a
database that has seen a batch run holds it already (with the same columns) and keeps its rows;
any other database gets it here.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("page_checkpoints"):
        return  # made by a batch run before this revision: the same definition, rows kept
    op.create_table(
        "page_checkpoints",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("fingerprint", sa.String(16), primary_key=True),
        sa.Column("task", sa.Integer, primary_key=True),
        sa.Column("pages", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("page_checkpoints")
