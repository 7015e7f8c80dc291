"""Sampled sweeps: a sweep keeps the SALib design its points came from.

Adds ``sweeps.design`` (JSON, nullable): for a sampled sweep (``pocdrill sweep --sample``)
the method, N, the parameter ranges, the design's seed and the discovery threshold, so
``sweep resume`` and the report rebuild the same design. Grid sweeps leave it empty.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Keep in step with results/models.py (tests/unit/results/test_db.py compares them).
    with op.batch_alter_table("sweeps") as batch:
        batch.add_column(sa.Column("design", JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sweeps") as batch:
        batch.drop_column("design")
