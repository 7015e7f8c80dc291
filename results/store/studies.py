"""Studies in the store: a study (``pocdrill run -r N``), its replication summaries stored
as they arrive (idempotent), its aggregates, its status, and reading it all back."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from typing import Any

from sqlalchemy import Connection, Select, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect

from results.db import NotFound
from results.models import utcnow
from results.store.base import StoreBase
from results.store.info import STUDY_INFO_FIELDS, StudyInfo
from results.store.rows import (
    EVENT_BATCH,
    RUNS,
    STUDIES,
    STUDY_REPLICATIONS,
    jsonable,
    new_id,
    pocdrill_version,
    scenario_hash,
)

STUDY_READ_BATCH = 500
"""Replication rows read per query when a study's rows are streamed."""


def _rate(m: Mapping[str, Any], key: str) -> float | None:
    v = m.get(key)
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def _rows(query: Select[Any], conn: Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(query).mappings()]


def _done(conn: Connection, study_id: int) -> set[int]:
    c = STUDY_REPLICATIONS.c
    return {r for (r,) in conn.execute(select(c.replication).where(c.study_id == study_id))}


class Studies(StoreBase):
    """Studies and their replication summaries."""

    def create_study(
        self,
        *,
        scenario: str,
        scenario_text: str,
        kind: str,
        seed: int,
        replications: int,
        events_stored: bool,
        frame: Mapping[str, Any],
        scenario_dir: str | None = None,
        directory_hash: str | None = None,
    ) -> int:
        """Record a new ``running`` study by this process; return its id."""

        def tx(conn: Connection) -> int:
            return new_id(conn.execute(insert(STUDIES).values(
                scenario=scenario, scenario_text=scenario_text,
                scenario_hash=scenario_hash(scenario_text), kind=kind, seed=seed,
                replications=replications, status="running", started_at=utcnow(),
                pocdrill_version=pocdrill_version(), pid=os.getpid(), host=self.host,
                events_stored=events_stored, scenario_dir=scenario_dir,
                directory_hash=directory_hash, frame=jsonable(dict(frame)),
            )))

        return self._write(tx)

    def add_study_replications(self, study_id: int, rows: Sequence[Mapping[str, Any]]) -> None:
        """Store replication rows (``replication, seed, metrics``); a replication already
        stored is left as it is."""
        if not rows:
            return
        values = []
        for r in rows:
            metrics = jsonable(dict(r["metrics"]))
            values.append({"study_id": study_id, "replication": int(r["replication"]),
                           "seed": int(r["seed"]), "metrics": metrics,
                           "ack_rate": _rate(metrics, "ack_rate"),
                           "completion_rate": _rate(metrics, "completion_rate")})

        def tx(conn: Connection) -> None:
            self._require_study(conn, study_id)
            dialect = conn.dialect.name
            if dialect in ("sqlite", "postgresql"):
                mod = sqlite_dialect if dialect == "sqlite" else pg_dialect
                stmt = mod.insert(STUDY_REPLICATIONS).on_conflict_do_nothing(
                    index_elements=["study_id", "replication"])
                for i in range(0, len(values), EVENT_BATCH):
                    conn.execute(stmt, values[i : i + EVENT_BATCH])
            else:
                done = _done(conn, study_id)
                todo = [v for v in values if v["replication"] not in done]
                if todo:
                    self._insert_many(conn, STUDY_REPLICATIONS, todo)

        self._write(tx)

    def done_study_replications(self, study_id: int) -> set[int]:
        """The replications of a study already stored."""
        return self._read(lambda conn: _done(conn, study_id))

    def claim_study(self, study_id: int) -> None:
        """Mark a study ``running`` again, by this process (a resume)."""

        def tx(conn: Connection) -> None:
            self._require_study(conn, study_id)
            conn.execute(update(STUDIES).where(STUDIES.c.id == study_id).values(
                status="running", finished_at=None, pid=os.getpid(), host=self.host))

        self._write(tx)

    def finish_study(
        self, study_id: int, status: str = "completed",
        aggregates: Mapping[str, Any] | None = None,
    ) -> None:
        """Mark a study completed (with its ``aggregates``) or ``interrupted``."""
        values: dict[str, Any] = {"status": status, "finished_at": utcnow()}
        if aggregates is not None:
            values["aggregates"] = jsonable(dict(aggregates))

        def tx(conn: Connection) -> None:
            self._require_study(conn, study_id)
            conn.execute(update(STUDIES).where(STUDIES.c.id == study_id).values(**values))

        self._write(tx)

    def _study_select(self) -> Select[Any]:
        n = (select(func.count()).where(STUDY_REPLICATIONS.c.study_id == STUDIES.c.id)
             .scalar_subquery().label("done"))
        return select(*(STUDIES.c[f] for f in STUDY_INFO_FIELDS), n)

    def list_studies(
        self, *, limit: int | None = None, scenario: str | None = None,
        status: str | None = None,
    ) -> list[StudyInfo]:
        """Stored studies, newest first."""
        q = self._study_select().order_by(STUDIES.c.started_at.desc(), STUDIES.c.id.desc())
        if scenario is not None:
            q = q.where(STUDIES.c.scenario == scenario)
        if status is not None:
            q = q.where(STUDIES.c.status == status)
        if limit is not None:
            q = q.limit(limit)
        return self._read(lambda conn: [StudyInfo(**r) for r in conn.execute(q).mappings()])

    def get_study(self, study_id: int) -> StudyInfo:
        """One study with its scenario text and frame; :class:`NotFound` if none."""

        def read(conn: Connection) -> StudyInfo:
            q = self._study_select().add_columns(STUDIES.c.scenario_text,
                                                 STUDIES.c.frame)
            row = conn.execute(q.where(STUDIES.c.id == study_id)).mappings().first()
            if row is None:
                raise self._no_study(study_id)
            return StudyInfo(**row)

        return self._read(read)

    def iter_study_replications(self, study_id: int) -> Iterator[dict[str, Any]]:
        """A study's replication rows (``replication, seed, metrics``) in replication order,
        read :data:`STUDY_READ_BATCH` at a time (memory does not grow with the study)."""
        self._read(lambda conn: self._require_study(conn, study_id))
        c = STUDY_REPLICATIONS.c
        last = -1
        while True:
            q = (select(c.replication, c.seed, c.metrics)
                 .where(c.study_id == study_id, c.replication > last)
                 .order_by(c.replication).limit(STUDY_READ_BATCH))
            rows = self._read(partial(_rows, q))
            if not rows:
                return
            yield from rows
            last = rows[-1]["replication"]

    def study_run_ids(self, study_id: int) -> list[int]:
        """The runs kept whole for a study, in replication order."""
        q = select(RUNS.c.id).where(RUNS.c.study_id == study_id).order_by(
            RUNS.c.replication, RUNS.c.id)
        return self._read(lambda conn: [i for (i,) in conn.execute(q)])

    def delete_study(self, study_id: int) -> None:
        """Delete a study, its replication rows and the runs kept whole for it."""

        def tx(conn: Connection) -> None:
            self._require_study(conn, study_id)
            conn.execute(delete(RUNS).where(RUNS.c.study_id == study_id))
            conn.execute(delete(STUDY_REPLICATIONS)
                         .where(STUDY_REPLICATIONS.c.study_id == study_id))
            conn.execute(delete(STUDIES).where(STUDIES.c.id == study_id))

        self._write(tx)

    def _no_study(self, study_id: int) -> NotFound:
        return NotFound(f"no study {study_id} in {self.display_url}")

    def _require_study(self, conn: Connection, study_id: int) -> None:
        if conn.execute(select(STUDIES.c.id).where(STUDIES.c.id == study_id)).first() is None:
            raise self._no_study(study_id)
