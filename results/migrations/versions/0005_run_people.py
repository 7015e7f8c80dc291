"""Run people: keyed fingerprints of a live run's people, for ``--redact``.

Adds ``run_people``: per run, a random HMAC key and the fingerprints of each word of each
person's name and each pair of adjacent words (see :mod:`results.name_marks`), never the
names. Runs stored before have no row: ``--redact`` finds their directory again as before.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Keep in step with results/models.py (tests/unit/results/test_db.py compares them).
    op.create_table(
        "run_people",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("marks", JSON, nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("run_id"),
    )


def downgrade() -> None:
    op.drop_table("run_people")
