"""Sweeps remember the process running them (pid, host), so a sweep whose process died
can be marked interrupted like a run.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Keep in step with results/models.py (tests/unit/test_store_schema.py compares them).
    with op.batch_alter_table("sweeps") as batch:
        batch.add_column(sa.Column("pid", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("host", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sweeps") as batch:
        batch.drop_column("host")
        batch.drop_column("pid")
