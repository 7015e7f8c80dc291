"""History import: a live run may be marked imported.

Adds ``runs.imported``: True for a live run brought in by ``pocdrill history import`` (a
secretariat's past check from a spreadsheet), False for every other run, so lists and
calibration can tell recorded checks from imported ones.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Keep in step with results/models.py (tests/unit/results/test_db.py compares them).
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("imported", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("imported")
