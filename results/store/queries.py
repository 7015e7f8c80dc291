"""Read-only queries the reports need beyond :class:`results.store.Store`'s methods.

They read the store's tables directly (through ``store.engine``) and never write.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select


def _runs() -> Any:
    from results.store import RUNS

    return RUNS


def scenario_text(store: Any, run_id: int) -> str | None:
    """The scenario text stored with a run (None if none)."""
    runs = _runs()
    with store.engine.connect() as conn:
        return conn.execute(select(runs.c.scenario_text).where(runs.c.id == run_id)).scalar()


def replication_runs(store: Any, run_id: int) -> list[int]:
    """The ids of the replication batch ``run_id`` belongs to, in replication order.

    ``pocdrill run -r R`` stores replications 0..R-1 as consecutive runs sharing the
    scenario text (hash) and seed; a batch is such a run of completed runs whose
    replication numbers count up from 0 without a gap. A run on its own gives ``[run_id]``.
    """
    runs = _runs()
    with store.engine.connect() as conn:
        me = conn.execute(
            select(runs.c.scenario_hash, runs.c.seed, runs.c.sweep_id).where(runs.c.id == run_id)
        ).first()
        if me is None or me.sweep_id is not None:
            return [run_id]
        rows = conn.execute(
            select(runs.c.id, runs.c.replication)
            .where(
                runs.c.scenario_hash == me.scenario_hash,
                runs.c.seed == me.seed,
                runs.c.sweep_id.is_(None),
                runs.c.status == "completed",
            )
            .order_by(runs.c.id)
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


def sweep_runs(store: Any, sweep_id: int) -> dict[int, list[int]]:
    """Completed runs stored for a sweep, by point index (often none: sweeps keep only
    replication summaries)."""
    runs = _runs()
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(runs.c.point_id, runs.c.id)
            .where(runs.c.sweep_id == sweep_id, runs.c.status == "completed")
            .order_by(runs.c.point_id, runs.c.replication, runs.c.id)
        ).all()
    out: dict[int, list[int]] = {}
    for point, rid in rows:
        if point is not None:
            out.setdefault(int(point), []).append(int(rid))
    return out
