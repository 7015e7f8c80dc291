"""Writing runs: start one, store a finished result whole, mark one interrupted, reopen,
delete.

A simulated run is stored in one go (:meth:`RunWrites.record_run`, or
:meth:`RunWrites.start_run` then :meth:`RunWrites.finish_run`): its rows and the status
that says it completed go in one transaction, so a run is never half stored. Contacts are
stored by key and role only; names, e-mails and phones only if the caller passes
``contact_details`` to :meth:`RunWrites.finish_run`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, update

from results.models import utcnow
from results.store import rows
from results.store.info import RunInfo
from results.store.people import PEOPLE, mark_people
from results.store.reads import RunReads
from results.store.rows import (
    CONTACTS,
    EVENTS,
    EXPECTATIONS,
    NOTES,
    PARTICIPANTS,
    RUNS,
    contact_row,
    expectation_rows,
    jsonable,
    new_id,
    participant_row,
    pocdrill_version,
    scenario_hash,
    summarize_result,
)
from simulator.model.outcome import RunResult


def failure_reason(e: BaseException) -> str:
    """What an interrupted run's ``interrupted_reason`` says about ``e`` (one line)."""
    if isinstance(e, KeyboardInterrupt):
        return "interrupted by Ctrl-C"
    return f"{type(e).__name__}: {e}".splitlines()[0]


class RunWrites(RunReads):
    """Starting, storing, interrupting, reopening and deleting runs."""

    def start_run(
        self,
        *,
        scenario: str,
        scenario_text: str,
        seed: int,
        replication: int = 0,
        mode: str = "simulated",
        kind: str = "check",
        start: datetime | None = None,
        deadline_hours: float | None = None,
        horizon_hours: float | None = None,
        level: str | None = None,
        sweep_id: int | None = None,
        point_id: int | None = None,
        study_id: int | None = None,
        people: Iterable[str] | None = None,
    ) -> int:
        """Record a run as ``running`` (this pid and host) and commit; return its id.

        ``people``: the names of the run's people, kept as fingerprints for ``--redact``
        (:mod:`results.store.people`) in the same transaction."""
        if mode not in ("simulated", "live"):
            raise ValueError(f"mode {mode!r} is not one of simulated, live")
        if kind not in ("check", "tabletop"):
            raise ValueError(f"kind {kind!r} is not one of check, tabletop")
        values = dict(
            scenario=scenario, scenario_text=scenario_text,
            scenario_hash=scenario_hash(scenario_text), seed=seed, replication=replication,
            mode=mode, kind=kind, status="running", started_at=utcnow(),
            pocdrill_version=pocdrill_version(), start=start, deadline_hours=deadline_hours,
            horizon_hours=horizon_hours, level=level, pid=os.getpid(), host=self.host,
            events_stored=True, sweep_id=sweep_id, point_id=point_id, study_id=study_id,
        )

        names = None if people is None else list(people)

        def tx(conn: Connection) -> int:
            run_id = new_id(conn.execute(insert(RUNS).values(**values)))
            if names is not None:
                mark_people(conn, run_id, names)
            return run_id

        return self._write(tx)

    def finish_run(
        self,
        run_id: int,
        result: RunResult,
        *,
        events: bool = True,
        contact_details: Mapping[str, Any] | None = None,
        summary: Mapping[str, Any] | None = None,
    ) -> None:
        """Store ``result``'s rows and summary and mark the run completed, in ONE transaction.

        Replaces whatever rows the run had. ``events=False`` skips the event log.
        ``contact_details`` (contact key -> object or mapping with name/email/phone) is
        the only way personal data enters the store. ``summary`` defaults to
        ``simulator.analysis.metrics.summarize([result])``.
        """
        summ = jsonable(dict(summary)) if summary is not None else summarize_result(result)
        participants = [participant_row(run_id, p) for p in result.participants]
        contacts = [contact_row(run_id, c, contact_details) for c in result.contacts]
        expectations = expectation_rows(run_id, result.expectations)

        def tx(conn: Connection) -> None:
            self._require_run(conn, run_id)
            for table in (PARTICIPANTS, CONTACTS, EXPECTATIONS, EVENTS):
                conn.execute(delete(table).where(table.c.run_id == run_id))
            for table, new in ((PARTICIPANTS, participants), (CONTACTS, contacts),
                               (EXPECTATIONS, expectations)):
                if new:
                    self._insert_many(conn, table, new)
            if events:
                rows.insert_events(conn, run_id, result.events, 0)
            conn.execute(
                update(RUNS).where(RUNS.c.id == run_id).values(
                    status="completed", finished_at=utcnow(), summary=summ,
                    start=result.start, deadline_hours=result.deadline_hours,
                    horizon_hours=result.horizon_hours, level=result.level, kind=result.kind,
                    events_stored=events, interrupted_reason=None,
                )
            )

        self._write(tx)

    def record_run(
        self,
        result: RunResult,
        *,
        scenario_text: str,
        mode: str = "simulated",
        events: bool = True,
        seed: int | None = None,
        sweep_id: int | None = None,
        point_id: int | None = None,
        contact_details: Mapping[str, Any] | None = None,
        study_id: int | None = None,
    ) -> int:
        """Start and finish a run for ``result``; return its id.

        On any exception (or Ctrl-C) after the run was started, it is marked
        ``interrupted`` with the reason and the exception re-raised.
        """
        run_id = self.start_run(
            scenario=result.scenario, scenario_text=scenario_text,
            seed=result.seed if seed is None else seed, replication=result.replication,
            mode=mode, kind=result.kind, start=result.start,
            deadline_hours=result.deadline_hours, horizon_hours=result.horizon_hours,
            level=result.level, sweep_id=sweep_id, point_id=point_id, study_id=study_id,
        )
        try:
            self.finish_run(run_id, result, events=events, contact_details=contact_details)
        except BaseException as e:
            try:
                self.mark_interrupted(run_id, failure_reason(e))
            except Exception:  # noqa: BLE001 - the original error is the one to report
                pass
            raise
        return run_id

    def mark_interrupted(self, run_id: int, reason: str) -> bool:
        """Mark a run that did not complete as ``interrupted`` (a completed run stays so);
        False when it had completed."""

        def tx(conn: Connection) -> bool:
            self._require_run(conn, run_id)
            done = conn.execute(
                update(RUNS).where(RUNS.c.id == run_id, RUNS.c.status != "completed")
                .values(status="interrupted", interrupted_reason=reason, finished_at=utcnow())
            )
            return bool(done.rowcount)

        return self._write(tx)

    def reopen_run(self, run_id: int) -> RunInfo:
        """Set an interrupted (live) run back to ``running`` for this process."""

        def tx(conn: Connection) -> None:
            self._require_run(conn, run_id)
            conn.execute(
                update(RUNS).where(RUNS.c.id == run_id).values(
                    status="running", pid=os.getpid(), host=self.host,
                    interrupted_reason=None, finished_at=None,
                )
            )

        self._write(tx)
        return self.get_run(run_id)

    def delete_run(self, run_id: int) -> None:
        """Delete a run and everything recorded for it."""

        def tx(conn: Connection) -> None:
            self._require_run(conn, run_id)
            for table in (EVENTS, PARTICIPANTS, CONTACTS, EXPECTATIONS, NOTES, PEOPLE):
                conn.execute(delete(table).where(table.c.run_id == run_id))
            conn.execute(delete(RUNS).where(RUNS.c.id == run_id))

        self._write(tx)
