"""Past checks stored as live runs marked ``imported``, all in one transaction: a file
of several checks is stored whole or not at all (``pocdrill history import``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, insert

from results.models import utcnow
from results.store import rows
from results.store.reads import RunReads
from results.store.rows import (
    CONTACTS,
    NOTES,
    PARTICIPANTS,
    RUNS,
    contact_row,
    new_id,
    participant_row,
    pocdrill_version,
    scenario_hash,
    summarize_result,
)
from simulator.model.outcome import RunResult


@dataclass(frozen=True)
class PastRun:
    """One past check to store: its result, the scenario text it ran, a note."""

    result: RunResult
    scenario_text: str
    note: str = ""


class Imports(RunReads):
    """Past checks brought in from a file."""

    def record_imported(self, runs: Sequence[PastRun]) -> list[int]:
        """Store each of ``runs`` as a completed live run marked imported, in ONE
        transaction; return their ids."""

        def tx(conn: Connection) -> list[int]:
            return [self._one(conn, run) for run in runs]

        return self._write(tx)

    def _one(self, conn: Connection, run: PastRun) -> int:
        r = run.result
        now = utcnow()
        run_id = new_id(conn.execute(insert(RUNS).values(
            scenario=r.scenario, scenario_text=run.scenario_text,
            scenario_hash=scenario_hash(run.scenario_text), seed=0, replication=0,
            mode="live", kind=r.kind, status="completed", started_at=now, finished_at=now,
            pocdrill_version=pocdrill_version(), start=r.start, deadline_hours=r.deadline_hours,
            horizon_hours=r.horizon_hours, level=r.level, events_stored=True,
            summary=summarize_result(r), imported=True,
        )))
        people = [participant_row(run_id, p) for p in r.participants]
        if people:
            self._insert_many(conn, PARTICIPANTS, people)
        contacts = [contact_row(run_id, c, None) for c in r.contacts]
        if contacts:
            self._insert_many(conn, CONTACTS, contacts)
        rows.insert_events(conn, run_id, r.events, 0)
        if run.note:
            conn.execute(insert(NOTES).values(run_id=run_id, t=None, created_at=now,
                                              text=run.note, participant=None))
        return run_id
