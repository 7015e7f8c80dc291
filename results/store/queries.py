"""Read-only queries the reports need beyond :class:`results.store.Store`'s methods.

They read the store's tables directly (through ``store.engine``) and never write.
"""

from __future__ import annotations

from sqlalchemy import select

from results.store import Store
from results.store.rows import RUNS


def scenario_text(store: Store, run_id: int) -> str | None:
    """The scenario text stored with a run (None if none)."""
    with store.engine.connect() as conn:
        return conn.execute(select(RUNS.c.scenario_text).where(RUNS.c.id == run_id)).scalar()


def replication_runs(store: Store, run_id: int) -> list[int]:
    """The ids of the replication batch ``run_id`` belongs to, in replication order.

    ``pocdrill run -r R`` stores replications 0..R-1 as consecutive runs sharing the
    scenario text (hash) and seed; a batch is such a run of completed runs whose
    replication numbers count up from 0 without a gap. A run on its own gives ``[run_id]``.
    """
    with store.engine.connect() as conn:
        me = conn.execute(
            select(RUNS.c.scenario_hash, RUNS.c.seed, RUNS.c.sweep_id).where(RUNS.c.id == run_id)
        ).first()
        if me is None or me.sweep_id is not None:
            return [run_id]
        rows = conn.execute(
            select(RUNS.c.id, RUNS.c.replication)
            .where(
                RUNS.c.scenario_hash == me.scenario_hash,
                RUNS.c.seed == me.seed,
                RUNS.c.sweep_id.is_(None),
                RUNS.c.status == "completed",
            )
            .order_by(RUNS.c.id)
        ).all()
    batches: list[list[int]] = []
    prev = -1
    for rid, rep in rows:
        if rep == 0 or not batches or rep != prev + 1:
            batches.append([])
        batches[-1].append(rid)
        prev = rep
    for b in batches:
        if run_id in b:
            return b
    return [run_id]


def sweep_runs(store: Store, sweep_id: int) -> dict[int, list[int]]:
    """Completed runs stored for a sweep, by point index (often none: sweeps keep only
    replication summaries)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(RUNS.c.point_id, RUNS.c.id)
            .where(RUNS.c.sweep_id == sweep_id, RUNS.c.status == "completed")
            .order_by(RUNS.c.point_id, RUNS.c.replication, RUNS.c.id)
        ).all()
    out: dict[int, list[int]] = {}
    for point, rid in rows:
        if point is not None:
            out.setdefault(int(point), []).append(int(rid))
    return out
