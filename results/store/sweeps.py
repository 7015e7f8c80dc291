"""Sweeps in the store: the sweep and its grid points, replication summaries stored as
they arrive (idempotent), point aggregates, its status, and reading it all back."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import ColumnElement, Connection, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect

from results.db import NotFound
from results.models import utcnow
from results.store.base import StoreBase
from results.store.info import SweepInfo
from results.store.rows import (
    EVENT_BATCH,
    POINTS,
    REPLICATIONS,
    RUNS,
    SWEEPS,
    jsonable,
    new_id,
    pocdrill_version,
    scenario_hash,
)


def _rate(m: Mapping[str, Any], key: str) -> float | None:
    v = m.get(key)
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def _summary_rows(sweep_id: int, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Replication rows as table rows, the first of each (point, replication) only."""
    new: dict[tuple[int, int], dict[str, Any]] = {}
    for r in rows:
        key = (int(r["point"]), int(r["replication"]))
        if key not in new:
            metrics = jsonable(dict(r["metrics"]))
            new[key] = {"sweep_id": sweep_id, "point": key[0], "replication": key[1],
                        "seed": int(r["seed"]), "metrics": metrics,
                        "ack_rate": _rate(metrics, "ack_rate"),
                        "completion_rate": _rate(metrics, "completion_rate")}
    return list(new.values())


def _done(conn: Connection, sweep_id: int) -> set[tuple[int, int]]:
    q = (select(REPLICATIONS.c.point, REPLICATIONS.c.replication)
         .where(REPLICATIONS.c.sweep_id == sweep_id))
    return {(p, r) for p, r in conn.execute(q)}


class Sweeps(StoreBase):
    """Sweeps, their points and replication summaries."""

    def create_sweep(
        self,
        *,
        name: str,
        scenario_text: str,
        axes: Mapping[str, Any],
        replications: int,
        base_seed: int,
        points: Sequence[Mapping[str, Any]],
        scenario: str | None = None,
        design: Mapping[str, Any] | None = None,
        aggregates: Mapping[int, Mapping[str, Any]] | None = None,
    ) -> int:
        """Record a sweep and its points (``points[i]`` is point i's parameters), for a
        sampled sweep its design, and ``aggregates[i]`` as point i's first aggregates, all in
        one transaction: whatever resuming the sweep needs is there from the moment the
        sweep exists."""
        first = dict(aggregates or {})

        def tx(conn: Connection) -> int:
            sid = new_id(conn.execute(insert(SWEEPS).values(
                name=name, scenario=scenario, scenario_text=scenario_text,
                scenario_hash=scenario_hash(scenario_text), axes=jsonable(dict(axes)),
                replications=replications, base_seed=base_seed, status="running",
                created_at=utcnow(), pocdrill_version=pocdrill_version(),
                pid=os.getpid(), host=self.host,
                design=jsonable(dict(design)) if design is not None else None,
            )))
            rows = [{"sweep_id": sid, "point": i, "params": jsonable(dict(p)),
                     "aggregates": jsonable(dict(first[i])) if i in first else None}
                    for i, p in enumerate(points)]
            if rows:
                self._insert_many(conn, POINTS, rows)
            return sid

        return self._write(tx)

    def add_replication_summaries(self, sweep_id: int, rows: Sequence[Mapping[str, Any]]) -> None:
        """Store replication summaries: dicts with point, replication, seed, metrics.

        Idempotent on (sweep, point, replication): a pair already stored is left as it is.
        ``ack_rate`` and ``completion_rate`` are copied out of ``metrics`` for fast queries.
        """
        if not rows:
            return
        values = _summary_rows(sweep_id, rows)

        def tx(conn: Connection) -> None:
            self._require_sweep(conn, sweep_id)
            dialect = conn.dialect.name
            if dialect in ("sqlite", "postgresql"):
                mod = sqlite_dialect if dialect == "sqlite" else pg_dialect
                stmt = mod.insert(REPLICATIONS).on_conflict_do_nothing(
                    index_elements=["sweep_id", "point", "replication"])
                for i in range(0, len(values), EVENT_BATCH):
                    conn.execute(stmt, values[i : i + EVENT_BATCH])
            else:  # other backends: skip what is there
                done = _done(conn, sweep_id)
                todo = [v for v in values if (v["point"], v["replication"]) not in done]
                if todo:
                    self._insert_many(conn, REPLICATIONS, todo)

        self._write(tx)

    def done_replications(self, sweep_id: int) -> set[tuple[int, int]]:
        """The (point, replication) pairs already stored for a sweep."""
        return self._read(lambda conn: _done(conn, sweep_id))

    def set_point_aggregates(
        self, sweep_id: int, point: int, aggregates: Mapping[str, Any]
    ) -> None:
        """Store the aggregates of one sweep point."""

        def tx(conn: Connection) -> None:
            n = conn.execute(
                update(POINTS).where(POINTS.c.sweep_id == sweep_id, POINTS.c.point == point)
                .values(aggregates=jsonable(dict(aggregates)))
            ).rowcount
            if not n:
                raise NotFound(f"no point {point} in sweep {sweep_id} in {self.display_url}")

        self._write(tx)

    def complete_sweep(
        self, sweep_id: int, aggregates: Mapping[int, Mapping[str, Any]]
    ) -> None:
        """Store each point's aggregates and mark the sweep completed, in one transaction
        (an interrupt never leaves some points with their figures and the sweep running)."""

        def tx(conn: Connection) -> None:
            self._require_sweep(conn, sweep_id)
            for point, agg in aggregates.items():
                conn.execute(update(POINTS)
                             .where(POINTS.c.sweep_id == sweep_id, POINTS.c.point == point)
                             .values(aggregates=jsonable(dict(agg))))
            conn.execute(update(SWEEPS).where(SWEEPS.c.id == sweep_id)
                         .values(status="completed", finished_at=utcnow()))

        self._write(tx)

    def claim_sweep(self, sweep_id: int) -> None:
        """Mark a sweep ``running`` again, by this process (a resume)."""

        def tx(conn: Connection) -> None:
            self._require_sweep(conn, sweep_id)
            conn.execute(update(SWEEPS).where(SWEEPS.c.id == sweep_id).values(
                status="running", finished_at=None, pid=os.getpid(), host=self.host))

        self._write(tx)

    def finish_sweep(self, sweep_id: int, status: str = "completed") -> None:
        """Mark a sweep completed (or ``interrupted``)."""

        def tx(conn: Connection) -> None:
            self._require_sweep(conn, sweep_id)
            conn.execute(update(SWEEPS).where(SWEEPS.c.id == sweep_id)
                         .values(status=status, finished_at=utcnow()))

        self._write(tx)

    @staticmethod
    def _sweep_infos(
        conn: Connection, where: ColumnElement[bool] | None = None
    ) -> list[SweepInfo]:
        n_points = (select(func.count()).where(POINTS.c.sweep_id == SWEEPS.c.id)
                    .scalar_subquery().label("points"))
        q = select(SWEEPS.c.id, SWEEPS.c.name, SWEEPS.c.scenario, SWEEPS.c.scenario_hash,
                   SWEEPS.c.status, SWEEPS.c.replications, SWEEPS.c.base_seed,
                   SWEEPS.c.created_at, SWEEPS.c.finished_at, n_points, SWEEPS.c.axes,
                   SWEEPS.c.design)
        if where is not None:
            q = q.where(where)
        q = q.order_by(SWEEPS.c.created_at.desc(), SWEEPS.c.id.desc())
        return [SweepInfo(**r) for r in conn.execute(q).mappings()]

    def list_sweeps(self) -> list[SweepInfo]:
        """Stored sweeps, newest first."""
        return self._read(self._sweep_infos)

    def get_sweep(self, sweep_id: int) -> SweepInfo:
        """One sweep with its points (params, aggregates, replications done)."""

        def read(conn: Connection) -> SweepInfo:
            found = self._sweep_infos(conn, SWEEPS.c.id == sweep_id)
            if not found:
                raise self._no_sweep(sweep_id)
            done = (select(REPLICATIONS.c.point, func.count().label("n"))
                    .where(REPLICATIONS.c.sweep_id == sweep_id)
                    .group_by(REPLICATIONS.c.point))
            counts = {p: n for p, n in conn.execute(done)}
            rows = [
                {"point": r.point, "params": r.params, "replications_done": counts.get(r.point, 0),
                 "aggregates": r.aggregates}
                for r in conn.execute(select(POINTS).where(POINTS.c.sweep_id == sweep_id)
                                      .order_by(POINTS.c.point))
            ]
            text = conn.execute(select(SWEEPS.c.scenario_text)
                                .where(SWEEPS.c.id == sweep_id)).scalar()
            info = found[0]
            return SweepInfo(**{**asdict(info), "point_rows": rows, "scenario_text": text})

        return self._read(read)

    def replication_summaries(self, sweep_id: int) -> list[dict[str, Any]]:
        """A sweep's replication summaries, by point then replication."""

        def read(conn: Connection) -> list[dict[str, Any]]:
            self._require_sweep(conn, sweep_id)
            c = REPLICATIONS.c
            q = (select(c.point, c.replication, c.seed, c.ack_rate, c.completion_rate, c.metrics)
                 .where(c.sweep_id == sweep_id).order_by(c.point, c.replication))
            return [dict(r) for r in conn.execute(q).mappings()]

        return self._read(read)

    def delete_sweep(self, sweep_id: int) -> None:
        """Delete a sweep, its points and replication summaries (its runs are kept)."""

        def tx(conn: Connection) -> None:
            self._require_sweep(conn, sweep_id)
            conn.execute(update(RUNS).where(RUNS.c.sweep_id == sweep_id).values(sweep_id=None))
            for table in (REPLICATIONS, POINTS):
                conn.execute(delete(table).where(table.c.sweep_id == sweep_id))
            conn.execute(delete(SWEEPS).where(SWEEPS.c.id == sweep_id))

        self._write(tx)
