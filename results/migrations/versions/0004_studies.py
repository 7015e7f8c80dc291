"""Studies: ``pocdrill run -r N`` keeps its N replications as one study.

Adds ``studies`` and ``study_replications`` and ``runs.study_id``. Runs stored by the
previous version as a replication batch (``pocdrill run -r N`` stored N runs: consecutive
simulated runs outside any sweep sharing scenario text and seed, replication numbers
counting up from 0 without a gap, more than one) become one study each: its replications
are summarised from their stored outcome rows, and the runs themselves are kept, linked by
``study_id`` (nothing is lost: their outcomes, events and notes stay where they were).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Keep in step with results/models.py (tests/unit/results/test_db.py compares them).
    op.create_table(
        "studies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario", sa.String(), nullable=False),
        sa.Column("scenario_text", sa.Text(), nullable=False),
        sa.Column("scenario_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("replications", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pocdrill_version", sa.String(length=64), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.Column("host", sa.String(length=255), nullable=True),
        sa.Column("events_stored", sa.Boolean(), nullable=False),
        sa.Column("scenario_dir", sa.Text(), nullable=True),
        sa.Column("directory_hash", sa.String(length=64), nullable=True),
        sa.Column("frame", JSON, nullable=True),
        sa.Column("aggregates", JSON, nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_studies_started_at", "studies", ["started_at"])
    op.create_table(
        "study_replications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("replication", sa.Integer(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("metrics", JSON, nullable=False),
        sa.Column("ack_rate", sa.Float(), nullable=True),
        sa.Column("completion_rate", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["study_id"], ["studies.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("study_id", "replication", name="uq_study_replications_study_rep"),
    )
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("study_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_runs_study_id_studies", "studies", ["study_id"], ["id"],
                                 ondelete="SET NULL")
        batch.create_index("ix_runs_study", ["study_id"])
    _move_replication_batches(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.drop_index("ix_runs_study")
        batch.drop_constraint("fk_runs_study_id_studies", type_="foreignkey")
        batch.drop_column("study_id")
    op.drop_table("study_replications")
    op.drop_index("ix_studies_started_at", table_name="studies")
    op.drop_table("studies")


# -- the data move (plain Core on table stubs: the models may change after this) ---------
_runs = sa.table(
    "runs", sa.column("id"), sa.column("scenario"), sa.column("scenario_text"),
    sa.column("scenario_hash"), sa.column("seed"), sa.column("replication"), sa.column("mode"),
    sa.column("kind"), sa.column("status"), sa.column("started_at"), sa.column("finished_at"),
    sa.column("pocdrill_version"), sa.column("deadline_hours"), sa.column("horizon_hours"),
    sa.column("events_stored"), sa.column("summary", JSON), sa.column("sweep_id"),
    sa.column("study_id"),
)
_participants = sa.table(
    "participant_results", sa.column("id"), sa.column("run_id"), sa.column("code"),
    sa.column("group"), sa.column("ack_at"), sa.column("completed_at"),
)
_studies = sa.Table(
    "studies", sa.MetaData(), sa.Column("id", sa.Integer(), primary_key=True),
    *(sa.Column(c) for c in ("scenario", "scenario_text", "scenario_hash", "kind", "seed",
                             "replications", "status", "started_at", "finished_at",
                             "pocdrill_version", "events_stored")),
    sa.Column("frame", JSON), sa.Column("aggregates", JSON),
)
_replications = sa.table(
    "study_replications", sa.column("study_id"), sa.column("replication"), sa.column("seed"),
    sa.column("metrics", JSON), sa.column("ack_rate"), sa.column("completion_rate"),
)


def _batches(conn: sa.Connection) -> list[list[Any]]:
    """Replication batches of completed simulated runs outside sweeps (two runs or more)."""
    rows = conn.execute(
        sa.select(_runs).where(_runs.c.mode == "simulated", _runs.c.sweep_id.is_(None),
                               _runs.c.status == "completed")
        .order_by(_runs.c.scenario_hash, _runs.c.seed, _runs.c.id)
    ).all()
    batches: list[list[Any]] = []
    for r in rows:
        last = batches[-1][-1] if batches else None
        if (last is not None and r.replication == last.replication + 1
                and (r.scenario_hash, r.seed) == (last.scenario_hash, last.seed)):
            batches[-1].append(r)
        elif r.replication == 0:
            batches.append([r])
    return [b for b in batches if len(b) > 1]


def _metrics(run: Any, people: list[Any]) -> dict[str, Any]:
    """A replication's compact summary from its stored run (as a study keeps it)."""
    s = dict(run.summary or {})
    d = run.deadline_hours if run.deadline_hours is not None else float("inf")
    n = len(people)
    acked = sum(1 for p in people if p.ack_at is not None and p.ack_at <= d)
    done = sum(1 for p in people if p.completed_at is not None and p.completed_at <= d)
    out = {k: s.get(k) for k in ("late_acks", "never_acknowledged", "bounced_contacts",
                                 "stale_contacts", "reminders_sent")}
    out.update({
        "participants": n,
        "ack_rate": round(acked / n, 4) if n else None,
        "completion_rate": round(done / n, 4) if n else None,
        "deadline_hours": run.deadline_hours,
        "horizon_hours": run.horizon_hours,
        "ack_at": [p.ack_at for p in people],
        "completed_at": [p.completed_at for p in people],
        "run_id": run.id,
    })
    return out


def _move_replication_batches(conn: sa.Connection) -> None:
    for batch in _batches(conn):
        first, last = batch[0], batch[-1]
        people0 = _people(conn, first.id)
        key = conn.execute(sa.insert(_studies).values(
            scenario=first.scenario, scenario_text=first.scenario_text,
            scenario_hash=first.scenario_hash, kind=first.kind, seed=first.seed,
            replications=len(batch), status="completed", started_at=first.started_at,
            finished_at=last.finished_at, pocdrill_version=first.pocdrill_version,
            events_stored=all(r.events_stored for r in batch),
            frame={"codes": [p.code for p in people0], "groups": [p.group for p in people0],
                   "level": (first.summary or {}).get("level"),
                   "start": (first.summary or {}).get("start"),
                   "deadline_hours": first.deadline_hours, "horizon_hours": first.horizon_hours},
            aggregates=None,
        )).inserted_primary_key
        assert key is not None
        sid = key[0]
        for r in batch:
            m = _metrics(r, people0 if r is first else _people(conn, r.id))
            conn.execute(sa.insert(_replications).values(
                study_id=sid, replication=r.replication, seed=r.seed, metrics=m,
                ack_rate=m["ack_rate"], completion_rate=m["completion_rate"]))
        conn.execute(sa.update(_runs).where(_runs.c.id.in_([r.id for r in batch]))
                     .values(study_id=sid))


def _people(conn: sa.Connection, run_id: int) -> list[Any]:
    return list(conn.execute(sa.select(_participants).where(_participants.c.run_id == run_id)
                             .order_by(_participants.c.id)).all())
